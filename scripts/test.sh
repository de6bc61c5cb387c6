#!/usr/bin/env bash
# The whole test suite: installs test requirements, then runs pytest on SQLite and on PostgreSQL.
# PostgreSQL: LSK_TEST_POSTGRES_URL (default postgresql+psycopg://root@127.0.0.1:5432/test); the
# suite creates its own database on that server and drops it afterwards.
# Set LSK_SKIP_POSTGRES=1 to run on SQLite only (the run then says so).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh requirements-dev.txt
export PYTHONDONTWRITEBYTECODE=1

echo "== Question bank check"
FLASK_APP=app LSK_DATABASE_URL="sqlite://" .venv/bin/flask bank check

echo "== Test suite on SQLite"
.venv/bin/python -m pytest "$@"

if [ "${LSK_SKIP_POSTGRES:-0}" = "1" ]; then
  echo "== PostgreSQL run skipped (LSK_SKIP_POSTGRES=1)"
  exit 0
fi
echo "== Test suite on PostgreSQL"
LSK_TEST_DATABASE_URL="${LSK_TEST_POSTGRES_URL:-postgresql+psycopg://root@127.0.0.1:5432/test}" \
  .venv/bin/python -m pytest -m "not browser" "$@"
