"""static/sw.js, built by scripts/build_sw.sh (Workbox), is current and caches no page but the
offline shell. Its behaviour in a browser is tests/browser/test_offline.py's."""
import json
import re
from pathlib import Path

from lsk_learn.core.static_files import content_version

STATIC = Path(__file__).parents[2] / "static"
WORKER = (STATIC / "sw.js").read_text()
PRECACHED = re.findall(r'\{url:"([^"]+)",revision:null\}', WORKER)
PATTERNS = ["css/*.css", "js/*.js", "icons/*.svg", "icons/*.png", "manifest.webmanifest"]
LEFT_OUT = {"sw.js", "js/lesson_preview.js"}  # scripts/workbox-config.cjs globIgnores


def test_the_worker_precaches_every_static_file_at_its_current_version():
    files = sorted({str(p.relative_to(STATIC)) for pattern in PATTERNS for p in STATIC.glob(pattern)} - LEFT_OUT)
    expected = sorted(f"/static/{name}?v={content_version(str(STATIC), name)}" for name in files)
    assert sorted(PRECACHED) == expected, "static/ changed: run scripts/build_sw.sh and commit static/sw.js"


def test_the_worker_precaches_static_files_only():
    assert PRECACHED and all(url.startswith("/static/") for url in PRECACHED)


def test_the_only_page_the_worker_keeps_is_the_offline_shell():
    caches = set(re.findall(r'cacheName:"([^"]+)"', WORKER))
    assert caches == {"lsk-offline-shell", "lsk-offline-audio"}
    for private in ("/cohorts", "/reports", "/auth", "/admin", "/learn/practice", "/learn/offline/pack"):
        assert private not in WORKER


def test_the_manifest_makes_the_site_installable():
    manifest = json.loads((STATIC / "manifest.webmanifest").read_text())
    assert manifest["display"] == "standalone" and manifest["start_url"] == "/" and manifest["lang"] == "lv"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        assert (STATIC / icon["src"].removeprefix("/static/")).is_file()
