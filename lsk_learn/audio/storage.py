"""Audio files on disk under LSK_AUDIO_DIR (in production a shared volume, so every app server
serves the same files). Paths in the database are relative to that directory."""
import hashlib
import os
from pathlib import Path

from flask import current_app
from werkzeug.security import safe_join


def audio_dir() -> Path:
    return Path(current_app.config["AUDIO_DIR"])


def full_path(relative: str) -> Path | None:
    """The file's absolute path, or None if `relative` would leave the audio directory."""
    joined = safe_join(str(audio_dir()), relative)
    return Path(joined) if joined else None


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_file(relative: str, data: bytes) -> None:
    """Write atomically (a temporary name, then rename), so a reader never sees half a file."""
    target = full_path(relative)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(target.name + ".part")
    temporary.write_bytes(data)
    os.replace(temporary, target)


def remove_file(relative: str) -> None:
    target = full_path(relative)
    if target is not None:
        target.unlink(missing_ok=True)
