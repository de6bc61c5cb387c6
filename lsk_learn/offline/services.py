"""Storing answers given offline: graded here (never trusting the phone's verdict), stored once per
client id, and put on the review schedule in the order they were given."""
from dataclasses import dataclass, field
from itertools import groupby

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..bank.keys import question_key
from ..bank.models import CHECKED, Question
from ..bank.versions import APPROVED, QuestionVersion, as_shown, published_versions
from ..domain.offline_batch import OfflineAnswer, rating_time, schedule_order
from ..domain.scoring import ResponseError, grade, parse_response
from ..extensions import db
from ..learn.models import PracticeAnswer
from ..review.models import QUESTION, PracticeSession, ReviewCard
from ..review.services import count_towards_goal, record_review

OFFLINE = "offline"  # PracticeSession.mode of the answers one sync brought for one topic


class AnswersRefused(ValueError):
    """Some answers of the batch cannot be stored (unknown question, not an answer to it): nothing was."""

    def __init__(self, code: str, client_ids: list[str]):
        super().__init__(code)
        self.code, self.client_ids = code, client_ids


@dataclass
class SyncResult:
    stored: list[str] = field(default_factory=list)   # client ids stored by this request
    already: list[str] = field(default_factory=list)  # client ids stored before (a resend)


def store_offline_answers(user_id: int, answers: list[OfflineAnswer]) -> SyncResult:
    """Store the answers not stored before, one session per topic; commit once. A resend of the
    same batch at the same moment (two tabs) loses the race on the unique client id and is retried,
    finding them stored."""
    try:
        return _store(user_id, answers)
    except IntegrityError:
        db.session.rollback()
        return _store(user_id, answers)


def _store(user_id: int, answers: list[OfflineAnswer]) -> SyncResult:
    known = set(db.session.scalars(select(PracticeAnswer.client_id).where(
        PracticeAnswer.user_id == user_id, PracticeAnswer.client_id.in_([a.client_id for a in answers]))))
    result = SyncResult(already=[a.client_id for a in answers if a.client_id in known])
    new = schedule_order([a for a in answers if a.client_id not in known])
    if not new:
        return result
    questions = {q.id: q for q in db.session.scalars(
        select(Question).where(Question.id.in_(sorted({a.question_id for a in new}))))}
    # drafts never reach a pack; a retired question may have been in one, and its answer still counts
    unknown = [a.client_id for a in new if a.question_id not in questions
               or questions[a.question_id].status != CHECKED]
    if unknown:
        raise AnswersRefused("unknown_question", unknown)
    versions = published_versions(sorted(questions))
    # graded on the version the learner saw: a pack downloaded before an edit keeps its own key
    shown = _versions_shown(new, versions)
    graded, refused = {}, []
    for answer in new:
        key = question_key(as_shown(questions[answer.question_id], shown.get(answer.client_id)))
        try:
            response = parse_response(key, answer.form)
        except ResponseError:
            refused.append(answer.client_id)
            continue
        graded[answer.client_id] = (response, grade(key, response))
    if refused:
        raise AnswersRefused("not_an_answer", refused)
    by_topic = sorted(new, key=lambda a: (questions[a.question_id].topic_id, a.answered_at, a.client_id))
    for topic_id, group in groupby(by_topic, key=lambda a: questions[a.question_id].topic_id):
        group = list(group)
        session = PracticeSession(user_id=user_id, topic_id=topic_id, mode=OFFLINE,
                                  question_ids=[a.question_id for a in group],
                                  started_at=group[0].answered_at, finished_at=group[-1].answered_at)
        db.session.add(session)
        db.session.flush()
        for position, answer in enumerate(group):
            response, result_grade = graded[answer.client_id]
            db.session.add(PracticeAnswer(
                session_id=session.id, user_id=user_id, question_id=answer.question_id, position=position,
                question_version_id=(shown[answer.client_id].id if answer.client_id in shown
                                     else versions.get(answer.question_id)), response=response,
                is_correct=result_grade.correct, score=result_grade.score, answered_at=answer.answered_at,
                client_id=answer.client_id))
    db.session.flush()  # a client id stored meanwhile by a parallel request fails here, before any rating
    _schedule(user_id, new, {client_id: g.correct for client_id, (_r, g) in graded.items()})
    db.session.commit()
    result.stored = [a.client_id for a in new]
    return result


def _versions_shown(answers: list[OfflineAnswer], published: dict[str, int]) -> dict[str, QuestionVersion]:
    """client id -> the approved version of its question that the pack held, where the answer names
    one other than the published version (an unknown or unapproved one is ignored: the published
    version then counts, as for a pack from before versions were sent)."""
    wanted = {a.version_id for a in answers if a.version_id and a.version_id != published.get(a.question_id)}
    if not wanted:
        return {}
    found = {v.id: v for v in db.session.scalars(select(QuestionVersion).where(
        QuestionVersion.id.in_(sorted(wanted)), QuestionVersion.state == APPROVED))}
    return {a.client_id: found[a.version_id] for a in answers
            if a.version_id in found and found[a.version_id].question_id == a.question_id}


def _schedule(user_id: int, ordered: list[OfflineAnswer], correct: dict[str, bool]) -> None:
    """Rate each question's card and count the day's goal, in the order the answers were given."""
    for answer in ordered:
        last = db.session.scalar(select(ReviewCard.reviewed_at).where(
            ReviewCard.user_id == user_id, ReviewCard.item_type == QUESTION, ReviewCard.item_id == answer.question_id))
        record_review(user_id, QUESTION, answer.question_id, correct[answer.client_id],
                      rating_time(answer.answered_at, last))
        count_towards_goal(user_id, answer.answered_at)
