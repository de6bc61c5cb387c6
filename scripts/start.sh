#!/usr/bin/env bash
# Quick start: install, prepare the SQLite database with demo data (first run only) and serve.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh requirements.txt
export FLASK_APP=app
host="${LSK_HOST:-127.0.0.1}"
port="${LSK_PORT:-5000}"
.venv/bin/flask db upgrade
.venv/bin/flask demo
# listening passages and vocabulary in espeak-ng's Latvian voice until teachers record them
# (about 40 s the first time, then only what changed); without espeak-ng the scripts show as text
if command -v espeak-ng >/dev/null 2>&1; then
  .venv/bin/flask bank audio
else
  echo "espeak-ng is not installed: listening practice shows its scripts as text (apt-get install espeak-ng; flask bank audio)"
fi
echo
echo "LSK Learn is running at http://${host}:${port}/  (stop with Ctrl+C)"
exec .venv/bin/waitress-serve --host "$host" --port "$port" --threads 8 --call lsk_learn:create_app
