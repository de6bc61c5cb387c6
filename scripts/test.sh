#!/usr/bin/env bash
# The whole test suite: installs the test requirements (Python and the npm browser-check tools)
# unless they are installed already, then runs pytest on SQLite (the whole suite, browser journeys
# included; the real question bank is checked there by tests/unit/test_question_bank.py) and on
# PostgreSQL (only the tests that use the test database: `--database-tests-only`, tests/conftest.py).
# PostgreSQL: LSK_TEST_POSTGRES_URL (default postgresql+psycopg://root@127.0.0.1:5432/test); the
# suite creates its own database on that server and drops it afterwards.
# LSK_SKIP_POSTGRES=1 runs on SQLite only; the browser tests need Debian's chromium and Java.
# Arguments go to both pytest runs (e.g. -k NAME); a run that collects no test fails.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh requirements-dev.txt
if command -v npm >/dev/null 2>&1; then
  # npm ci empties node_modules first, so the stamp goes with it and is rewritten only on success
  npm_stamp=node_modules/.installed-package-lock.sha256
  npm_wanted="$( { node --version; cat package.json package-lock.json; } | sha256sum | cut -d' ' -f1)"
  if [ "${LSK_FORCE_SETUP:-0}" != "1" ] && [ -f "$npm_stamp" ] && [ "$(cat "$npm_stamp")" = "$npm_wanted" ]; then
    echo "npm packages already installed in node_modules (unchanged)"
  else
    echo "Installing the npm packages (npm ci) ..."
    npm ci --no-audit --no-fund --loglevel=error >/dev/null
    echo "$npm_wanted" > "$npm_stamp"
  fi
fi
export PYTHONDONTWRITEBYTECODE=1
# Two workers on this 2-core machine: about half the time (the browser journeys and the servers the
# tests start wait on I/O much of the time). A file's tests stay together on one worker (loadfile),
# since many share a module-scoped server or demo site. LSK_TEST_WORKERS=0 runs in one process.
workers="${LSK_TEST_WORKERS:-2}"
parallel=()
if [ "$workers" != "0" ]; then
  parallel=(-n "$workers" --dist loadfile)
fi

# pytest's exit code 5 means that no test was collected (a filter or path that matches nothing):
# that is a failure here, never a pass.
run_pytest() {
  local pass="$1" status=0
  shift
  .venv/bin/python -m pytest "$@" || status=$?
  if [ "$status" = "5" ]; then
    echo "!! The $pass run collected no tests (pytest exit code 5): failing." >&2
  fi
  return "$status"
}

echo "== Test suite on SQLite (with the browser journeys)"
run_pytest SQLite "${parallel[@]}" "$@"

if [ "${LSK_SKIP_POSTGRES:-0}" = "1" ]; then
  echo "== PostgreSQL run skipped (LSK_SKIP_POSTGRES=1)"
  exit 0
fi
echo "== Test suite on PostgreSQL (only the tests that use the database)"
LSK_TEST_DATABASE_URL="${LSK_TEST_POSTGRES_URL:-postgresql+psycopg://root@127.0.0.1:5432/test}" \
  run_pytest PostgreSQL --database-tests-only "${parallel[@]}" "$@"
