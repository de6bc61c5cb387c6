#!/usr/bin/env bash
# The whole test suite: installs the test requirements (Python and the npm browser-check tools),
# then runs pytest on SQLite (including the browser journeys) and on PostgreSQL.
# PostgreSQL: LSK_TEST_POSTGRES_URL (default postgresql+psycopg://root@127.0.0.1:5432/test); the
# suite creates its own database on that server and drops it afterwards.
# LSK_SKIP_POSTGRES=1 runs on SQLite only; the browser tests need Debian's chromium and Java.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh requirements-dev.txt
if command -v npm >/dev/null 2>&1; then
  npm ci --no-audit --no-fund --loglevel=error >/dev/null
fi
export PYTHONDONTWRITEBYTECODE=1

echo "== Question bank check"
FLASK_APP=app LSK_DATABASE_URL="sqlite://" .venv/bin/flask bank check

echo "== Test suite on SQLite (with the browser journeys)"
.venv/bin/python -m pytest "$@"

if [ "${LSK_SKIP_POSTGRES:-0}" = "1" ]; then
  echo "== PostgreSQL run skipped (LSK_SKIP_POSTGRES=1)"
  exit 0
fi
echo "== Test suite on PostgreSQL"
LSK_TEST_DATABASE_URL="${LSK_TEST_POSTGRES_URL:-postgresql+psycopg://root@127.0.0.1:5432/test}" \
  .venv/bin/python -m pytest -m "not browser" "$@"
