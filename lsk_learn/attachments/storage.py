"""Attachment bytes on disk, content-addressed: <LSK_ATTACHMENT_DIR>/<first two hex digits>/<sha256>.

Every app server must see the same folder (a shared mount) when there are several."""
import hashlib
import os
import tempfile
from pathlib import Path

from flask import current_app


def attachment_dir() -> Path:
    configured = current_app.config.get("ATTACHMENT_DIR")
    return Path(configured) if configured else Path(current_app.instance_path) / "attachments"


def path_of(sha256: str) -> Path:
    return attachment_dir() / sha256[:2] / sha256


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def save(data: bytes) -> str:
    """Write the bytes (once: the same content is the same file) and return their SHA-256."""
    sha256 = digest(data)
    target = path_of(sha256)
    if target.exists() and target.stat().st_size == len(data):
        return sha256
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".part-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, target)  # a reader never sees half a file
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return sha256


def load(sha256: str) -> bytes | None:
    target = path_of(sha256)
    return target.read_bytes() if target.exists() else None
