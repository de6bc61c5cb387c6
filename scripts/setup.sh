#!/usr/bin/env bash
# Creates .venv (if missing), installs the pinned requirements and compiles the translations.
# Usage: scripts/setup.sh [requirements-file]   (default: requirements.txt)
set -euo pipefail
cd "$(dirname "$0")/.."
requirements="${1:-requirements.txt}"
[ -x .venv/bin/python ] || python3 -m venv .venv
echo "Installing $requirements into .venv ..."
# this machine's pip configuration names local mirrors that may not exist: keep their warnings out
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$requirements" 2> >(grep -v "is ignored: it is neither" >&2)
.venv/bin/pybabel compile -d lsk_learn/translations >/dev/null 2>&1
