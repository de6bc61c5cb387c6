"""The parts (subtopics) a learner can choose on the practice start page, grouped by topic.

Subtopic ids are unique only within a topic ("letters" is a part of reading and of writing), so a
part is always chosen within its topic and never from one list of every topic's parts. Parts
without questions to practise are left out, and a part listed twice in a topic is shown once.
"""
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Part:
    id: str
    names: dict        # {"lv": ..., "ru": ..., "en": ...}
    questions: int


def parts_by_topic(topics: Iterable[tuple[str, list[dict]]], counts: dict[tuple[str, str], int]) -> dict[str, list[Part]]:
    """{topic id: its parts with questions, in the bank's order} from (topic id, subtopics) pairs
    and the number of questions of each (topic id, subtopic id)."""
    result = {}
    for topic_id, subtopics in topics:
        parts, seen = [], set()
        for subtopic in subtopics or []:
            key = (topic_id, subtopic.get("id"))
            if counts.get(key) and key[1] not in seen:
                seen.add(key[1])
                parts.append(Part(key[1], subtopic, counts[key]))
        result[topic_id] = parts
    return result


def valid_part(parts: list[Part], chosen: str | None) -> bool:
    """An empty choice means the whole topic; anything else must be one of the topic's parts."""
    return not chosen or any(part.id == chosen for part in parts)
