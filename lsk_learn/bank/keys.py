"""A bank question as the domain grades it: its answer key, without the rest of the row."""
from ..domain.scoring import QuestionKey
from .models import Question


def question_key(question: Question) -> QuestionKey:
    """The answer key of a stored question, for parse_response and grade."""
    return QuestionKey(
        type=question.type, answer=question.answer,
        option_ids=tuple(o["id"] for o in question.options),
        prompt_ids=tuple(p["id"] for p in question.prompts),
    )
