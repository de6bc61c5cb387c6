#!/usr/bin/env bash
# Builds static/sw.js (the service worker, with the Workbox runtime inlined) from
# scripts/workbox-config.cjs. Run it after changing anything in static/: the worker lists every
# static file with its content hash (tests/unit/test_service_worker.py checks it is current).
# The built file is committed, so the app runs without Node.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules/workbox-build ] || npm ci --no-audit --no-fund
node -e '
require("workbox-build").generateSW(require("./scripts/workbox-config.cjs")).then(({ count, size, warnings }) => {
  warnings.forEach((w) => console.warn(w));
  console.log(`static/sw.js: ${count} files precached, ${size} bytes`);
}).catch((error) => { console.error(error); process.exit(1); });
'

