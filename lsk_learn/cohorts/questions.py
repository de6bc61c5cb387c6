"""Which questions a group gets wrong: item statistics over the learners' latest answers."""
import json
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select

from ..auth.models import User
from ..auth.roles import Role
from ..bank.models import Question
from ..domain.item_stats import ItemStats, item_statistics
from ..extensions import db
from .dashboard import answer_matrix, wrong_choice_counts
from .models import Enrolment, ProgrammeItemStats

MIN_ANSWERS_SHOWN = 3
# the hourly timer keeps the whole programme's figures under an hour old; without it (a laptop, a
# test server) the page recomputes them when they are older than this
PROGRAMME_STATS_MAX_AGE = timedelta(hours=2)


_NO_ANSWER = object()


@dataclass
class DifficultQuestion:
    question: Question
    stats: ItemStats
    # the most chosen wrong answer as the learner gave it (an option id, True/False, a list...):
    # the page shows it as an answer (option text, "Nepareizi"), never as a code such as "false"
    common_wrong_response: object = _NO_ANSWER

    @property
    def has_common_wrong(self) -> bool:
        return self.common_wrong_response is not _NO_ANSWER


def learner_ids(cohort_id: int | None) -> list[int]:
    """Current learners of a cohort, or every learner when `cohort_id` is None."""
    if cohort_id is None:
        return list(db.session.scalars(select(User.id).where(User.role == Role.LEARNER)))
    return list(db.session.scalars(select(Enrolment.user_id).where(
        Enrolment.cohort_id == cohort_id, Enrolment.left_at.is_(None))))


def difficult_questions(cohort_id: int | None, limit: int | None = 50) -> list[DifficultQuestion]:
    """Computed now from the latest answers to each question's published version (a cohort: ~25 learners' answers; the programme: see
    programme_difficult_questions)."""
    ids = learner_ids(cohort_id) or [-1]
    counts = wrong_choice_counts(ids, published_versions_only=True)
    choices = {q: Counter({_choice(r): n for r, n in responses.items()}) for q, responses in counts.items()}
    responses = {(q, _choice(r)): json.loads(r) for q, rs in counts.items() for r in rs}
    stats = [s for s in item_statistics(answer_matrix(ids, published_versions_only=True), choices) if s.answered >= MIN_ANSWERS_SHOWN][:limit]
    questions = {q.id: q for q in db.session.scalars(select(Question).where(Question.id.in_([s.question_id for s in stats])))}
    result = []
    for item in stats:
        wrong = responses.get((item.question_id, item.common_wrong_choice), _NO_ANSWER)
        result.append(DifficultQuestion(questions[item.question_id], item, wrong))
    return result


def _choice(response_json: str) -> str:
    value = json.loads(response_json)
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def refresh_programme_statistics(now: datetime) -> int:
    """Recompute the whole programme's item statistics and replace the stored ones (one
    transaction: the page shows the old figures until the new are committed). Returns how many
    questions have figures."""
    items = difficult_questions(None, limit=None)
    db.session.execute(delete(ProgrammeItemStats))
    db.session.add_all(ProgrammeItemStats(
        question_id=d.question.id, rank=rank, answered=d.stats.answered, wrong=d.stats.wrong,
        facility=d.stats.facility, discrimination=d.stats.discrimination,
        common_wrong_choice=d.stats.common_wrong_choice, common_wrong_count=d.stats.common_wrong_count,
        has_common_wrong=d.has_common_wrong,
        common_wrong_response=d.common_wrong_response if d.has_common_wrong else None, computed_at=now)
        for rank, d in enumerate(items))
    db.session.commit()
    return len(items)


def programme_difficult_questions(now: datetime, limit: int = 50) -> tuple[list[DifficultQuestion], datetime | None]:
    """The whole programme's difficult questions as last computed, and when; recomputed first if
    they are missing or older than PROGRAMME_STATS_MAX_AGE (no timer running)."""
    computed_at = db.session.scalar(select(ProgrammeItemStats.computed_at).limit(1))
    if computed_at is None or now - computed_at > PROGRAMME_STATS_MAX_AGE:
        if not refresh_programme_statistics(now):
            return [], None
    rows = db.session.execute(select(ProgrammeItemStats, Question).join(Question, Question.id == ProgrammeItemStats.question_id)
                              .order_by(ProgrammeItemStats.rank).limit(limit)).all()
    return [DifficultQuestion(question, ItemStats(
        row.question_id, row.answered, row.wrong, row.facility, row.discrimination, row.common_wrong_choice,
        row.common_wrong_count), row.common_wrong_response if row.has_common_wrong else _NO_ANSWER)
        for row, question in rows], (rows[0][0].computed_at if rows else None)
