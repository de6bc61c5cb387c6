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
