"""Choosing questions for a practice session."""
import random
from typing import Sequence


def draw_questions(candidates: Sequence[str], seen: set[str], count: int, rng: random.Random) -> list[str]:
    """Pick `count` distinct question ids, unseen ones first, in random order."""
    unseen = [q for q in candidates if q not in seen]
    already = [q for q in candidates if q in seen]
    rng.shuffle(unseen)
    rng.shuffle(already)
    chosen = (unseen + already)[:count]
    rng.shuffle(chosen)
    return chosen


def draw_balanced(by_subtopic: dict[str, Sequence[str]], seen: set[str], count: int,
                  rng: random.Random) -> list[str]:
    """Pick `count` distinct ids spread evenly over subtopics: a round robin in random subtopic
    order over the unseen questions first, then, if more are needed, over the seen ones."""
    order = sorted(by_subtopic)
    rng.shuffle(order)
    chosen: list[str] = []
    for wanted_unseen in (True, False):
        queues = {}
        for subtopic in order:
            ids = [q for q in by_subtopic[subtopic] if (q not in seen) == wanted_unseen and q not in chosen]
            rng.shuffle(ids)
            queues[subtopic] = ids
        while len(chosen) < count and any(queues.values()):
            for subtopic in order:
                if queues[subtopic] and len(chosen) < count:
                    chosen.append(queues[subtopic].pop())
    return chosen
