#!/usr/bin/env bash
# Creates .venv (if missing), installs the pinned requirements and compiles the translations.
# Usage: scripts/setup.sh [requirements-file]   (default: requirements.txt)
# Each step is skipped when nothing changed since it last succeeded: pip when a stamp in .venv
# (the hash of the requirements file, the files it includes with -r, and the Python version)
# matches; pybabel when every .mo file is newer than its .po file. LSK_FORCE_SETUP=1 redoes both.
set -euo pipefail
cd "$(dirname "$0")/.."
requirements="${1:-requirements.txt}"
[ -x .venv/bin/python ] || python3 -m venv .venv

# The requirements file and, recursively, the files it includes (`-r other.txt`, relative to it).
requirement_files() {
  local file="$1" dir
  dir="$(dirname "$file")"
  echo "$file"
  sed -n 's/^[[:space:]]*\(-r\|--requirement\)[[:space:]=]*\([^[:space:]#]*\).*/\2/p' "$file" |
    while read -r included; do
      case "$included" in /*) requirement_files "$included" ;; *) requirement_files "$dir/$included" ;; esac
    done
}

stamp=".venv/.installed-$(basename "$requirements").sha256"
wanted="$( { .venv/bin/python -c 'import sys; print(sys.version)'
             requirement_files "$requirements" | while read -r file; do echo "$file"; cat "$file"; done
           } | sha256sum | cut -d' ' -f1)"
if [ "${LSK_FORCE_SETUP:-0}" != "1" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ]; then
  echo "$requirements already installed in .venv (unchanged)"
else
  echo "Installing $requirements into .venv ..."
  rm -f "$stamp"
  # this machine's pip configuration names local mirrors that may not exist: keep their warnings out
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$requirements" 2> >(grep -v "is ignored: it is neither" >&2)
  echo "$wanted" > "$stamp"   # written only once pip has succeeded
fi

stale_translations=0
for po in lsk_learn/translations/*/LC_MESSAGES/messages.po; do
  [ "${po%.po}.mo" -nt "$po" ] || stale_translations=1
done
if [ "${LSK_FORCE_SETUP:-0}" = "1" ] || [ "$stale_translations" = "1" ]; then
  .venv/bin/pybabel compile -d lsk_learn/translations >/dev/null 2>&1
fi
