"""Reading a batch of answers given offline (static/js/offline.js sends them when the connection
returns) into plain values, and the order in which they reach the review schedule. No app here:
the service (offline/services.py) loads questions, grades and stores."""
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone

MAX_BATCH = 200          # the page sends 50 at a time; more in one request is not ours
MAX_FIELDS = 20          # form fields of one answer (a matching question has one per prompt)
MAX_VALUES = 20          # values of one field (ticked options)
MAX_VALUE_LENGTH = 1000  # a typed answer is refused past 500 by the grader; this only bounds memory


@dataclass(frozen=True)
class OfflineAnswer:
    client_id: str               # the UUID the phone gave the answer, so a resend is recognised
    question_id: str
    form: dict[str, list[str]]   # the answer as a form would send it: {"answer": ["b"]}, {"match-p1": ["x"]}
    answered_at: datetime        # when the learner answered, in UTC
    version_id: int | None = None  # the question version the pack held (the pack's "version"), if sent


class BatchError(ValueError):
    """The batch is not a list of offline answers; `code` says why, `client_ids` which ones."""

    def __init__(self, code: str, client_ids: tuple[str, ...] = ()):
        super().__init__(code)
        self.code, self.client_ids = code, client_ids


def parse_batch(payload: object, now: datetime) -> list[OfflineAnswer]:
    """The answers of a JSON batch {"answers": [...]}, first of each client id kept; BatchError if
    the batch or any answer in it is malformed. A time in the future (a phone's clock ahead) is
    taken as `now`."""
    if not isinstance(payload, dict) or not isinstance(payload.get("answers"), list):
        raise BatchError("not_a_batch")
    items = payload["answers"]
    if not items:
        raise BatchError("empty")
    if len(items) > MAX_BATCH:
        raise BatchError("too_many")
    answers, seen, bad = [], set(), []
    for item in items:
        try:
            answer = _parse_answer(item, now)
        except ValueError:
            bad.append(item.get("client_id") if isinstance(item, dict) and isinstance(item.get("client_id"), str) else "")
            continue
        if answer.client_id not in seen:
            seen.add(answer.client_id)
            answers.append(answer)
    if bad:
        raise BatchError("malformed_answer", tuple(c[:64] for c in bad))
    return answers


def _parse_answer(item: object, now: datetime) -> OfflineAnswer:
    if not isinstance(item, dict):
        raise ValueError("not an object")
    client_id = str(uuid.UUID(str(item.get("client_id", ""))))  # raises ValueError unless a UUID
    question_id = item.get("question_id")
    if not isinstance(question_id, str) or not 0 < len(question_id) <= 64:
        raise ValueError("question_id")
    version = item.get("version")
    if version is not None and (isinstance(version, bool) or not isinstance(version, int) or version < 1):
        raise ValueError("version")
    return OfflineAnswer(client_id, question_id, _parse_form(item.get("form")),
                         min(_parse_time(item.get("answered_at")), now), version)


def _parse_form(form: object) -> dict[str, list[str]]:
    if not isinstance(form, dict) or len(form) > MAX_FIELDS:
        raise ValueError("form")
    parsed = {}
    for name, values in form.items():
        if not isinstance(name, str) or len(name) > 80 or not isinstance(values, list) or len(values) > MAX_VALUES:
            raise ValueError("form field")
        if not all(isinstance(v, str) and len(v) <= MAX_VALUE_LENGTH for v in values):
            raise ValueError("form value")
        parsed[name] = values
    return parsed


def _parse_time(value: object) -> datetime:
    if not isinstance(value, str) or len(value) > 40:
        raise ValueError("answered_at")
    when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if when.tzinfo is None:
        raise ValueError("answered_at needs a time zone")
    return when.astimezone(timezone.utc)


def schedule_order(answers: list[OfflineAnswer]) -> list[OfflineAnswer]:
    """Answers in the order they were given (the client id breaks ties), as the schedule must see them."""
    return sorted(answers, key=lambda a: (a.answered_at, a.client_id))


def rating_time(answered_at: datetime, last_reviewed_at: datetime | None) -> datetime:
    """When to rate a card for an answer given offline: its answer time, but never before the card's
    last rating (an answer given online meanwhile), since the scheduler cannot go back in time."""
    if last_reviewed_at is not None and last_reviewed_at > answered_at:
        return last_reviewed_at
    return answered_at
