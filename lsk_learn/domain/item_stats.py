"""Classical item statistics for a group's answers: facility, discrimination, common wrong choice.

The data are each learner's latest answer to each question (right or wrong), not a fixed test
form, so every learner has answered a different set. A learner's ability is their share of right
answers over all the questions they answered; for one item, discrimination is the point-biserial
correlation between being right on the item and the learner's rest score (their share right on the
*other* questions), over the learners who answered the item. Values near 0 or below flag a question
that does not separate stronger from weaker learners (or a wrong key). With fewer than
MIN_LEARNERS answers an item's discrimination is not computed.
"""
import math
from collections import Counter
from dataclasses import dataclass
from typing import Mapping

MIN_LEARNERS = 5


@dataclass(frozen=True)
class ItemStats:
    question_id: str
    answered: int
    wrong: int
    facility: float                 # share right (the "facility index" p)
    discrimination: float | None    # point-biserial with the rest score; None when too few learners
    common_wrong_choice: str | None
    common_wrong_count: int

    @property
    def wrong_share(self) -> float:
        return self.wrong / self.answered if self.answered else 0.0


def point_biserial(item: list[bool], rest: list[float]) -> float | None:
    """Pearson correlation between a 0/1 item score and a continuous score; None if undefined."""
    n = len(item)
    if n < 2:
        return None
    xs = [1.0 if right else 0.0 for right in item]
    mean_x, mean_y = sum(xs) / n, sum(rest) / n
    cov = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, rest))
    var_x = sum((x - mean_x) ** 2 for x in xs)
    var_y = sum((y - mean_y) ** 2 for y in rest)
    if var_x == 0 or var_y == 0:
        return None
    return cov / math.sqrt(var_x * var_y)


def item_statistics(matrix: Mapping[int, Mapping[str, bool]],
                    wrong_choices: Mapping[str, Counter] | None = None) -> list[ItemStats]:
    """`matrix[learner][question]` is True when the learner's latest answer was right.
    `wrong_choices[question]` counts the wrong options chosen. Sorted by most wrong first."""
    totals = {learner: (sum(answers.values()), len(answers)) for learner, answers in matrix.items()}
    by_question: dict[str, list[tuple[int, bool]]] = {}
    for learner, answers in matrix.items():
        for question, right in answers.items():
            by_question.setdefault(question, []).append((learner, right))
    result = []
    for question, rows in by_question.items():
        rights = [right for _learner, right in rows]
        answered, wrong = len(rows), rights.count(False)
        discrimination = None
        rest_pairs = [(right, (totals[learner][0] - right) / (totals[learner][1] - 1))
                      for learner, right in rows if totals[learner][1] > 1]
        if len(rest_pairs) >= MIN_LEARNERS:
            discrimination = point_biserial([r for r, _ in rest_pairs], [s for _, s in rest_pairs])
        common = (wrong_choices or {}).get(question, Counter()).most_common(1)
        result.append(ItemStats(question, answered, wrong, (answered - wrong) / answered, discrimination,
                                common[0][0] if common else None, common[0][1] if common else 0))
    return sorted(result, key=lambda s: (-s.wrong_share, -s.answered, s.question_id))
