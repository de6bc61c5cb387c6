"""Which questions a group gets wrong: item statistics over the learners' latest answers."""
import json
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select

from ..auth.models import User
from ..auth.roles import Role
from ..bank.models import Question
from ..domain.item_stats import ItemStats, item_statistics
from ..extensions import db
from .dashboard import answer_matrix, wrong_choice_counts
from .models import Enrolment

MIN_ANSWERS_SHOWN = 3


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


def difficult_questions(cohort_id: int | None, limit: int = 50) -> list[DifficultQuestion]:
    ids = learner_ids(cohort_id) or [-1]
    counts = wrong_choice_counts(ids)
    choices = {q: Counter({_choice(r): n for r, n in responses.items()}) for q, responses in counts.items()}
    responses = {(q, _choice(r)): json.loads(r) for q, rs in counts.items() for r in rs}
    stats = [s for s in item_statistics(answer_matrix(ids), choices) if s.answered >= MIN_ANSWERS_SHOWN][:limit]
    questions = {q.id: q for q in db.session.scalars(select(Question).where(Question.id.in_([s.question_id for s in stats])))}
    result = []
    for item in stats:
        wrong = responses.get((item.question_id, item.common_wrong_choice), _NO_ANSWER)
        result.append(DifficultQuestion(questions[item.question_id], item, wrong))
    return result


def _choice(response_json: str) -> str:
    value = json.loads(response_json)
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
