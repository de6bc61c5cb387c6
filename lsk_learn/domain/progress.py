"""A learner's progress per topic, from their answers."""
from dataclasses import dataclass
from datetime import datetime
from typing import Iterable, Mapping


@dataclass(frozen=True)
class AnswerFact:
    question_id: str
    topic_id: str
    is_correct: bool
    answered_at: datetime


@dataclass(frozen=True)
class TopicProgress:
    topic_id: str
    questions_total: int
    questions_seen: int
    questions_now_correct: int  # seen questions whose latest answer was right
    last_practised_at: datetime | None

    @property
    def share_correct(self) -> float | None:
        """Share of seen questions answered correctly the last time; None before any answer."""
        return self.questions_now_correct / self.questions_seen if self.questions_seen else None

    @property
    def share_seen(self) -> float:
        return self.questions_seen / self.questions_total if self.questions_total else 0.0


def topic_progress(facts: Iterable[AnswerFact], totals: Mapping[str, int]) -> dict[str, TopicProgress]:
    """Progress for every topic in `totals` (live questions per topic), from all of a learner's answers."""
    latest: dict[str, AnswerFact] = {}
    last_at: dict[str, datetime] = {}
    for fact in facts:
        kept = latest.get(fact.question_id)
        if kept is None or fact.answered_at >= kept.answered_at:
            latest[fact.question_id] = fact
        if fact.topic_id not in last_at or fact.answered_at > last_at[fact.topic_id]:
            last_at[fact.topic_id] = fact.answered_at
    seen: dict[str, int] = {}
    right: dict[str, int] = {}
    for fact in latest.values():
        seen[fact.topic_id] = seen.get(fact.topic_id, 0) + 1
        right[fact.topic_id] = right.get(fact.topic_id, 0) + (1 if fact.is_correct else 0)
    return {
        topic: TopicProgress(topic, total, seen.get(topic, 0), right.get(topic, 0), last_at.get(topic))
        for topic, total in totals.items()
    }
