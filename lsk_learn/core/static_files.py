"""A short hash of a static file's content, for cache-busting URLs. Computed from the file (the same
on every app server of one release, unlike a modification time) and remembered per process until
the file changes."""
import hashlib
import os
from functools import lru_cache

from werkzeug.security import safe_join


def content_version(folder: str | None, filename: str) -> str | None:
    path = safe_join(folder, filename) if folder else None
    if path is None:
        return None
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return _hash(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=512)
def _hash(path: str, _mtime_ns: int, _size: int) -> str:
    with open(path, "rb") as file:
        return hashlib.sha256(file.read()).hexdigest()[:12]
