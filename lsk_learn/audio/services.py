"""Which audio a learner hears, teachers' recordings and their review, and mock-exam plays."""
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from ..bank.models import Passage, Question
from ..exams.models import IN_PROGRESS, ExamAttempt, ExamItem
from ..exams.services import grace_started_before, is_expired
from ..extensions import db
from . import storage
from .formats import AudioInfo
from .models import APPROVED, RECORDED, RETURNED, SUBMITTED, SYNTHETIC, AudioFile, ExamAudioPlay
from .synthetic import LISTENING_TOPIC


class AudioError(Exception):
    """A refused action; `code` picks the message (audio/messages.py)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def is_listening(passage: Passage | None) -> bool:
    return passage is not None and passage.topic_id == LISTENING_TOPIC


def current_audio(passage_id: str) -> AudioFile | None:
    """What learners hear: the newest approved recording, else the synthetic voice, else nothing."""
    return heard_of(db.session.scalars(select(AudioFile).where(AudioFile.passage_id == passage_id,
                                                               AudioFile.state == APPROVED)).all())


def heard_of(files: list[AudioFile]) -> AudioFile | None:
    """Of one passage's files, the one learners hear (see current_audio)."""
    approved = [f for f in files if f.state == APPROVED]
    recorded = sorted((f for f in approved if f.kind == RECORDED), key=lambda f: (f.reviewed_at, f.id))
    if recorded:
        return recorded[-1]
    return next((f for f in approved if f.kind == SYNTHETIC), None)


def word_audio(word_id: str) -> AudioFile | None:
    """A vocabulary word read by the synthetic voice, if `flask bank audio` has rendered it."""
    return db.session.scalar(select(AudioFile).where(AudioFile.word_id == word_id, AudioFile.kind == SYNTHETIC,
                                                     AudioFile.state == APPROVED).limit(1))


def anthem_audio(anthem_id: str) -> AudioFile | None:
    """The anthem's text read by the synthetic voice, if `flask bank audio` has rendered it."""
    return db.session.scalar(select(AudioFile).where(AudioFile.anthem_id == anthem_id, AudioFile.kind == SYNTHETIC,
                                                     AudioFile.state == APPROVED).limit(1))


def listening_passage(passage_id: str) -> Passage | None:
    passage = db.session.get(Passage, passage_id)
    return passage if is_listening(passage) and passage.retired_at is None else None


def passages_overview() -> list[dict]:
    """Every listening passage with what learners hear now and how many recordings wait for review."""
    files = db.session.scalars(select(AudioFile).where(AudioFile.passage_id.is_not(None)).order_by(AudioFile.id)).all()
    by_passage: dict[str, list[AudioFile]] = {}
    for f in files:
        by_passage.setdefault(f.passage_id, []).append(f)
    rows = []
    for passage in db.session.scalars(select(Passage).where(Passage.topic_id == LISTENING_TOPIC,
                                                            Passage.retired_at.is_(None)).order_by(Passage.id)):
        own = by_passage.get(passage.id, [])
        rows.append({"passage": passage, "current": heard_of(own),
                     "waiting": sum(1 for f in own if f.state == SUBMITTED)})
    return rows


def recordings_of(passage_id: str) -> list[AudioFile]:
    return list(db.session.scalars(select(AudioFile).where(AudioFile.passage_id == passage_id,
                                                           AudioFile.kind == RECORDED)
                                   .order_by(AudioFile.id.desc())))


def submit_recording(passage: Passage, data: bytes, info: AudioInfo, author_id: int, now: datetime) -> AudioFile:
    """Store a teacher's checked recording and send it for review (learners do not hear it yet)."""
    digest = storage.sha256(data)
    recording = AudioFile(passage_id=passage.id, kind=RECORDED, state=SUBMITTED, path="", mime_type=info.mime_type,
                          duration_seconds=info.duration_seconds, size=len(data), sha256=digest,
                          author_id=author_id, created_at=now, submitted_at=now)
    db.session.add(recording)
    db.session.flush()
    recording.path = f"recorded/{passage.id}-{recording.id}-{digest[:12]}.{info.extension}"
    storage.write_file(recording.path, data)
    db.session.commit()
    return recording


def review_recording(recording: AudioFile, reviewer_id: int, approve: bool, comment: str, now: datetime) -> None:
    """Approve (learners hear it from now on) or send back with a comment; never one's own recording."""
    if recording.kind != RECORDED or recording.state != SUBMITTED:
        raise AudioError("not_waiting")
    if recording.author_id == reviewer_id:
        raise AudioError("own_recording")
    if not approve and not comment:
        raise AudioError("comment_needed")
    recording.state = APPROVED if approve else RETURNED
    recording.reviewer_id, recording.reviewed_at, recording.review_comment = reviewer_id, now, comment or None
    db.session.commit()


# --- mock exams -----------------------------------------------------------------------------

def exam_passage(attempt: ExamAttempt, passage_id: str) -> Passage | None:
    """The listening passage if one of the attempt's questions uses it."""
    question_ids = [i.question_id for i in attempt.items if i.question_id]
    used = db.session.scalar(select(Question.id).where(Question.id.in_(question_ids),
                                                       Question.passage_id == passage_id).limit(1)) if question_ids else None
    return listening_passage(passage_id) if used else None


def plays_used(attempt_id: int, passage_id: str) -> int:
    return db.session.scalar(select(ExamAudioPlay.plays).where(ExamAudioPlay.attempt_id == attempt_id,
                                                               ExamAudioPlay.passage_id == passage_id)) or 0


def count_play(attempt: ExamAttempt, passage_id: str, limit: int, now: datetime) -> int:
    """Count one more play and return how many are used; AudioError("limit") once all are used.

    The increment is conditional in SQL, so two tabs pressing play at once cannot both get the last play."""
    if not exam_running(attempt, now):
        raise AudioError("exam_over")
    row = db.session.scalar(select(ExamAudioPlay).where(ExamAudioPlay.attempt_id == attempt.id,
                                                        ExamAudioPlay.passage_id == passage_id))
    if row is None:
        try:  # two tabs may both create the row: the second one's insert is a no-op
            with db.session.begin_nested():
                db.session.add(ExamAudioPlay(attempt_id=attempt.id, passage_id=passage_id, plays=0))
        except IntegrityError:
            pass
    done = db.session.execute(update(ExamAudioPlay).where(
        ExamAudioPlay.attempt_id == attempt.id, ExamAudioPlay.passage_id == passage_id, ExamAudioPlay.plays < limit)
        .values(plays=ExamAudioPlay.plays + 1, last_played_at=now)).rowcount
    db.session.commit()
    if not done:
        raise AudioError("limit")
    return plays_used(attempt.id, passage_id)


def exam_running(attempt: ExamAttempt, now: datetime) -> bool:
    """Until the server ends the sitting: the deadline plus the grace period answers get."""
    return attempt.status == IN_PROGRESS and not is_expired(attempt, now)


def in_running_exam(user_id: int, passage_id: str, now: datetime) -> bool:
    """Whether the learner is sitting a mock exam that uses this passage: then its audio comes only
    through the exam's counted plays, not the practice URL. In the grace period after the deadline
    the learner can still save answers, so the passage stays behind its counted plays."""
    return db.session.scalar(
        select(ExamAttempt.id).join(ExamItem, ExamItem.attempt_id == ExamAttempt.id)
        .join(Question, Question.id == ExamItem.question_id)
        .where(ExamAttempt.user_id == user_id, ExamAttempt.status == IN_PROGRESS,
               ExamAttempt.deadline_at >= grace_started_before(now),
               Question.passage_id == passage_id).limit(1)) is not None
