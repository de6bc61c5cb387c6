"""Reading a learner's response from a form and grading it against a question's key."""
import unicodedata
from dataclasses import dataclass
from typing import Mapping, Sequence

SINGLE, MULTIPLE, TRUE_FALSE, MATCHING, SHORT_TEXT = (
    "single", "multiple", "true_false", "matching", "short_text")
MAX_TEXT_ANSWER = 500


@dataclass(frozen=True)
class QuestionKey:
    """What grading needs to know about a question."""

    type: str
    answer: object
    option_ids: tuple = ()
    prompt_ids: tuple = ()


@dataclass(frozen=True)
class Grade:
    correct: bool
    score: float  # 0..1; partial credit for matching and multiple choice


class ResponseError(ValueError):
    """The submitted form is not an answer to this question; `code` says why."""

    def __init__(self, code: str, length: int = 0, limit: int = 0):
        super().__init__(code)
        # "empty" (nothing chosen), "invalid" (not an option of this question), or "too_long" (a
        # typed text over `limit` characters: refused whole, never cut, and shown back to the learner)
        self.code, self.length, self.limit = code, length, limit


def normalise_text(text: str) -> str:
    """Compare typed answers ignoring case and spacing, but not diacritics (they matter in Latvian)."""
    return " ".join(unicodedata.normalize("NFC", text).split()).casefold()


def parse_response(key: QuestionKey, form: Mapping[str, Sequence[str]]):
    """Turn form values {field: [values]} into a stored response, or raise ResponseError."""
    values = form.get("answer", [])
    if key.type in (SINGLE, TRUE_FALSE):
        if not values or not values[0]:
            raise ResponseError("empty")
        choice = values[0]
        if key.type == TRUE_FALSE:
            if choice not in ("true", "false"):
                raise ResponseError("invalid")
            return choice == "true"
        if choice not in key.option_ids:
            raise ResponseError("invalid")
        return choice
    if key.type == MULTIPLE:
        chosen = sorted(set(v for v in values if v))
        if not chosen:
            raise ResponseError("empty")
        if any(c not in key.option_ids for c in chosen):
            raise ResponseError("invalid")
        return chosen
    if key.type == MATCHING:
        pairs = {}
        for prompt_id in key.prompt_ids:
            chosen = form.get(f"match-{prompt_id}", [""])[0]
            if not chosen:
                raise ResponseError("empty")
            if chosen not in key.option_ids:
                raise ResponseError("invalid")
            pairs[prompt_id] = chosen
        return pairs
    if key.type == SHORT_TEXT:
        text = " ".join((values[0] if values else "").split())
        if not text:
            raise ResponseError("empty")
        if len(text) > MAX_TEXT_ANSWER:
            raise ResponseError("too_long", len(text), MAX_TEXT_ANSWER)
        return text
    raise ValueError(f"unknown question type {key.type!r}")


def grade(key: QuestionKey, response) -> Grade:
    """Grade a parsed response: full marks only for a fully correct answer."""
    if key.type in (SINGLE, TRUE_FALSE):
        correct = response == key.answer
        return Grade(correct, 1.0 if correct else 0.0)
    if key.type == MULTIPLE:
        expected, given = set(key.answer), set(response)
        correct = expected == given
        # right choices minus wrong ones, never below zero: guessing everything earns nothing
        hits = len(expected & given) - len(given - expected)
        return Grade(correct, 1.0 if correct else max(0.0, hits / len(expected)))
    if key.type == MATCHING:
        right = sum(1 for p, o in key.answer.items() if response.get(p) == o)
        return Grade(right == len(key.answer), right / len(key.answer))
    if key.type == SHORT_TEXT:
        accepted = {normalise_text(a) for a in key.answer}
        correct = normalise_text(response) in accepted
        return Grade(correct, 1.0 if correct else 0.0)
    raise ValueError(f"unknown question type {key.type!r}")


@dataclass(frozen=True)
class SessionScore:
    answered: int
    correct: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.correct / self.total) if self.total else 0


def score_session(correct_flags: Sequence[bool], total: int) -> SessionScore:
    """Summarise a practice session: unanswered questions count as not correct."""
    return SessionScore(len(correct_flags), sum(1 for c in correct_flags if c), total)
