"""What an embedded file really is, from its first bytes (issue 14: attachments of imported questions).

A file's name says what it claims to be; only its bytes say what a browser would make of it. Only
raster images and common audio formats are accepted: SVG can carry scripts, and anything else has
no place in a question. Standard library only."""
import mimetypes

IMAGE_TYPES = ("image/png", "image/jpeg", "image/gif", "image/webp")
AUDIO_TYPES = ("audio/mpeg", "audio/ogg", "audio/wav", "audio/mp4", "audio/flac")
ACCEPTED_TYPES = IMAGE_TYPES + AUDIO_TYPES

# the same type under other names (mimetypes and mutagen spell some differently)
_ALIASES = {"image/jpg": "image/jpeg", "image/pjpeg": "image/jpeg", "audio/mp3": "audio/mpeg",
            "audio/x-wav": "audio/wav", "audio/wave": "audio/wav", "audio/vnd.wave": "audio/wav",
            "audio/x-flac": "audio/flac", "audio/x-m4a": "audio/mp4", "audio/m4a": "audio/mp4",
            "audio/vorbis": "audio/ogg", "application/ogg": "audio/ogg", "audio/opus": "audio/ogg",
            "audio/x-mp3": "audio/mpeg", "audio/mpeg3": "audio/mpeg"}
_EXTRA_SUFFIXES = {".m4a": "audio/mp4", ".oga": "audio/ogg", ".opus": "audio/ogg", ".flac": "audio/flac",
                   ".webp": "image/webp", ".mp3": "audio/mpeg", ".wav": "audio/wav"}


def canonical(media_type: str | None) -> str | None:
    if not media_type:
        return None
    media_type = media_type.split(";")[0].strip().lower()
    return _ALIASES.get(media_type, media_type)


def type_from_name(name: str) -> str | None:
    """The type a file name claims, e.g. "karogs.png" -> "image/png"."""
    lowered = name.lower()
    for suffix, media_type in _EXTRA_SUFFIXES.items():
        if lowered.endswith(suffix):
            return media_type
    return canonical(mimetypes.guess_type(lowered)[0])


def sniff_image(data: bytes) -> str | None:
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def sniff_audio(data: bytes) -> str | None:
    """Audio by its container's signature (used when mutagen is not installed)."""
    if data.startswith(b"ID3") or (len(data) > 1 and data[0] == 0xFF and data[1] & 0xE0 == 0xE0 and data[1] & 0x06):
        return "audio/mpeg"
    if data.startswith(b"OggS"):
        return "audio/ogg"
    if data[:4] == b"RIFF" and data[8:12] == b"WAVE":
        return "audio/wav"
    if data.startswith(b"fLaC"):
        return "audio/flac"
    if data[4:8] == b"ftyp" and data[8:11] in (b"M4A", b"M4B", b"mp4", b"iso"):
        return "audio/mp4"
    return None


def looks_like_svg(name: str, data: bytes) -> bool:
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return name.lower().endswith((".svg", ".svgz")) or head.startswith(b"<svg") or (
        head.startswith(b"<?xml") and b"<svg" in data[:2048].lower())


def type_problem(name: str, sniffed: str | None, data: bytes) -> tuple[str, dict] | None:
    """Why a file is refused, as (code, details) for the page to word in the reader's language
    ("svg", "not_media", "mismatch" with the claimed and found types), or None when it may be kept."""
    if looks_like_svg(name, data):
        return "svg", {}  # SVG can carry scripts
    if sniffed not in ACCEPTED_TYPES:
        return "not_media", {}
    claimed = type_from_name(name)
    if claimed and claimed.split("/")[0] in ("image", "audio") and claimed != sniffed:
        return "mismatch", {"claimed": claimed, "found": sniffed}
    return None
