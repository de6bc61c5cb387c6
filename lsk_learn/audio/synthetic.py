"""The synthetic voice: Debian's espeak-ng Latvian voice reads each listening script and each
vocabulary word to a WAV file (`flask bank audio`). One is rendered again only when its text
changed, so the command is idempotent; each rendering has a time limit and a run renders at most
`limit` files."""
import hashlib
import shutil
import subprocess
import tempfile
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from ..bank.models import CHECKED, AnthemText, Passage, VocabularyWord
from ..extensions import db
from . import storage
from .formats import AudioFormatError, inspect_audio
from .models import APPROVED, SYNTHETIC, AudioFile

LISTENING_TOPIC = "listening"
ESPEAK = "espeak-ng"
RENDER_SECONDS = 60


class SynthesisError(RuntimeError):
    pass


def script_hash(text: str) -> str:
    return hashlib.sha256(("espeak-ng lv\n" + text).encode()).hexdigest()


def listening_passages() -> list[Passage]:
    return list(db.session.scalars(select(Passage).where(Passage.topic_id == LISTENING_TOPIC,
                                                         Passage.retired_at.is_(None)).order_by(Passage.id)))


def render_wav(text: str) -> bytes:
    """The script read by espeak-ng's Latvian voice, as WAV bytes."""
    program = shutil.which(ESPEAK)
    if program is None:
        raise SynthesisError("espeak-ng is not installed (apt-get install espeak-ng)")
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "out.wav"
        try:  # the text on stdin, never on the command line: a script may start with "-"
            subprocess.run([program, "-v", "lv", "-s", "150", "-w", str(out), "--stdin"], input=text.encode(),
                           capture_output=True, timeout=RENDER_SECONDS, check=True)
        except (subprocess.SubprocessError, OSError) as error:
            raise SynthesisError(f"espeak-ng failed: {error}") from error
        return out.read_bytes()


def _sources() -> list[tuple[str, str, dict]]:
    """(file stem, text, the AudioFile's owner columns) for everything the synthetic voice reads."""
    sources = [(p.id, p.text, {"passage_id": p.id}) for p in listening_passages()]
    words = db.session.scalars(select(VocabularyWord).where(VocabularyWord.status == CHECKED, VocabularyWord.retired_at.is_(None))
                               .order_by(VocabularyWord.deck, VocabularyWord.position))
    sources += [(f"words/{w.id}", w.lv, {"word_id": w.id}) for w in words]
    # the anthem's text, read slowly enough to follow on the anthem lesson (sung, it is hard to catch)
    sources += [(f"anthem/{a.id}", a.text, {"anthem_id": a.id}) for a in db.session.scalars(select(AnthemText))]
    return sources


def render_all(now: datetime, limit: int | None = None, force: bool = False) -> dict[str, int]:
    """Render every listening passage, vocabulary word and the anthem's text whose text changed since its synthetic
    file was made; at most `limit` renderings in one run."""
    counts = {"rendered": 0, "unchanged": 0, "failed": 0}
    existing = {(f.passage_id, f.word_id, f.anthem_id): f
                for f in db.session.scalars(select(AudioFile).where(AudioFile.kind == SYNTHETIC))}
    for stem, text, owner in _sources():
        wanted = script_hash(text)
        current = existing.get((owner.get("passage_id"), owner.get("word_id"), owner.get("anthem_id")))
        path = storage.full_path(current.path) if current is not None else None
        if current is not None and current.script_hash == wanted and path is not None and path.exists() and not force:
            counts["unchanged"] += 1
            continue
        if limit is not None and counts["rendered"] >= limit:
            break
        try:
            data = render_wav(text)
            info = inspect_audio(data)
        except (SynthesisError, AudioFormatError):
            counts["failed"] += 1
            continue
        relative = f"synthetic/{stem}-{wanted[:12]}.{info.extension}"
        storage.write_file(relative, data)
        if current is None:
            current = AudioFile(kind=SYNTHETIC, state=APPROVED, created_at=now, **owner)
            db.session.add(current)
        elif current.path != relative:
            storage.remove_file(current.path)
        current.path, current.mime_type, current.duration_seconds = relative, info.mime_type, info.duration_seconds
        current.size, current.sha256, current.script_hash = len(data), storage.sha256(data), wanted
        current.reviewed_at = now
        db.session.commit()  # one file at a time: an interrupted run keeps what it rendered
        counts["rendered"] += 1
    return counts
