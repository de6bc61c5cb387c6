"""What an uploaded file really is: checked from its bytes (mutagen), never from its name or the
browser's Content-Type, so a text file renamed .ogg is refused."""
import io
from dataclasses import dataclass

import mutagen
from mutagen.mp3 import MP3
from mutagen.mp4 import MP4
from mutagen.oggopus import OggOpus
from mutagen.oggvorbis import OggVorbis
from mutagen.wave import WAVE

MAX_AUDIO_BYTES = 10 * 1024 * 1024
MAX_SECONDS = 15 * 60  # a listening passage is a few minutes; longer is a wrong file
# mutagen's types -> (MIME type, file extension); browsers play all of these
MUTAGEN_TYPES = ((OggOpus, "audio/ogg", "ogg"), (OggVorbis, "audio/ogg", "ogg"), (MP3, "audio/mpeg", "mp3"),
                 (WAVE, "audio/wav", "wav"), (MP4, "audio/mp4", "m4a"))
EBML_MAGIC = b"\x1a\x45\xdf\xa3"


class AudioFormatError(ValueError):
    """The file is not audio we accept; `code` picks the message shown (audio/messages.py)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class AudioInfo:
    mime_type: str
    extension: str
    duration_seconds: float | None


def inspect_audio(data: bytes) -> AudioInfo:
    """The file's type and length, or AudioFormatError ("empty", "too_large", "not_audio", "too_long")."""
    if not data:
        raise AudioFormatError("empty")
    if len(data) > MAX_AUDIO_BYTES:
        raise AudioFormatError("too_large")
    if _is_webm(data):  # what Chromium's MediaRecorder makes; mutagen does not read Matroska
        return AudioInfo("audio/webm", "webm", None)
    try:
        found = mutagen.File(io.BytesIO(data))
    except Exception:  # mutagen raises many error types on broken files: all mean "not audio"
        found = None
    for kind, mime_type, extension in MUTAGEN_TYPES:
        if isinstance(found, kind):
            length = getattr(found.info, "length", None)
            if not length or length <= 0:
                raise AudioFormatError("not_audio")
            if length > MAX_SECONDS:
                raise AudioFormatError("too_long")
            return AudioInfo(mime_type, extension, round(float(length), 2))
    raise AudioFormatError("not_audio")


def _is_webm(data: bytes) -> bool:
    """An EBML header whose DocType is "webm" (within the header's first bytes)."""
    return data[:4] == EBML_MAGIC and b"webm" in data[:64]
