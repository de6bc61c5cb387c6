#!/usr/bin/env bash
# Re-extract every message from code and templates and merge it into the lv/ru/en catalogs.
# Then translate what is new (tests/unit/test_translations.py fails until nothing is missing).
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k N_ -k NP_:1,2 --no-location --sort-output \
  --project "LSK Learn" -o lsk_learn/translations/messages.pot . >/dev/null 2>&1
.venv/bin/pybabel update -i lsk_learn/translations/messages.pot -d lsk_learn/translations \
  --no-fuzzy-matching --ignore-obsolete >/dev/null 2>&1
.venv/bin/pybabel compile -d lsk_learn/translations >/dev/null 2>&1
