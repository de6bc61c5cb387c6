"""Grading a submitted mock exam from plain values: each part's score, maximum and verdict.

The service loads the attempt's items, its answers, the tasks' points and the official anthem in a
few queries and passes them in; nothing here touches the database."""
from dataclasses import dataclass, field

from . import exam_rules as rules
from .anthem import compare_anthem, words


@dataclass(frozen=True)
class GradedItem:
    """One item of an attempt, with the learner's answer if any (`answered` False: none saved)."""

    id: int
    part: str
    task_id: str | None = None
    answered: bool = False
    is_correct: bool | None = None
    response: object = None


@dataclass(frozen=True)
class PartGrade:
    part: str
    score: float | None         # None while a teacher has still to grade the part
    max_score: float
    passed: bool | None
    details: dict = field(default_factory=dict)


def anthem_max_points(official: str) -> int:
    """One point per word of the official anthem (what a faultless text scores)."""
    return sum(len(words(line)) for line in official.splitlines())


def grade_attempt(parts: list[str], items: list[GradedItem], settings: dict, anthem_text: str | None,
                  task_points: dict[str, float]) -> list[PartGrade]:
    """A grade per part, in the attempt's order. `settings` are the rules stored with the attempt,
    `task_points` each task's maximum; writing and speaking are left for a teacher."""
    return [grade_part(part, [i for i in items if i.part == part], settings, anthem_text, task_points)
            for part in parts]


def grade_part(part: str, items: list[GradedItem], settings: dict, anthem_text: str | None,
               task_points: dict[str, float]) -> PartGrade:
    correct = sum(1 for i in items if i.answered and i.is_correct)
    if part in (rules.HISTORY, rules.SATVERSME):
        knowledge = rules.KnowledgeSettings(**settings)
        return PartGrade(part, correct, len(items), rules.knowledge_part_passed(part, correct, knowledge))
    if part == rules.ANTHEM:
        written = items[0].response["text"] if items and items[0].answered else ""
        errors = compare_anthem(anthem_text, written).errors
        total = anthem_max_points(anthem_text)
        knowledge = rules.KnowledgeSettings(**settings)
        return PartGrade(part, max(0, total - errors), total, rules.anthem_passed(errors, knowledge),
                         {"errors": errors, "written": written})
    if part in (rules.LISTENING, rules.READING):
        return PartGrade(part, correct, len(items), rules.passes_two_thirds(correct, len(items)))
    # writing and speaking: a teacher grades against the tasks' checklists
    return PartGrade(part, None, sum(task_points[i.task_id] for i in items), None)
