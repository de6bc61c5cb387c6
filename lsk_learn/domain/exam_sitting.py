"""Sitting a mock exam: what the intro page promises (parts, time, pass marks) and how far along
the learner is (answered, unanswered). Plain functions over plain values, so the pages and the
attempt itself cannot disagree."""
from dataclasses import dataclass
from typing import Iterable

from .exam_rules import (
    ANTHEM, HISTORY, KNOWLEDGE, LISTENING, READING, SATVERSME, SPEAKING, WRITING,
    KnowledgeSettings, LanguageSettings,
)


def answerable(part: str) -> bool:
    """Speaking is assessed in person, so its items never get an answer on the page."""
    return part != SPEAKING


@dataclass(frozen=True)
class Progress:
    answered: int
    total: int                  # items that can be answered on the page
    unanswered: tuple[int, ...]  # their 0-based positions, in exam order


def progress(items: Iterable[tuple[int, str]], answered_positions: set[int]) -> Progress:
    """`items` are (position, part) pairs of an attempt."""
    open_items = sorted(position for position, part in items if answerable(part))
    missing = tuple(p for p in open_items if p not in answered_positions)
    return Progress(len(open_items) - len(missing), len(open_items), missing)


def exam_minutes(kind: str, parts: Iterable[str], knowledge: KnowledgeSettings, language: LanguageSettings) -> int:
    """The knowledge test has one time for the whole test; the language test adds up its parts."""
    if kind == KNOWLEDGE:
        return knowledge.minutes
    return sum(language.minutes[part] for part in parts)


@dataclass(frozen=True)
class PartPlan:
    part: str
    questions: int | None = None   # multiple-choice parts: how many questions
    pass_mark: int | None = None   # ... and how many of them must be right
    max_errors: int | None = None  # the anthem: word mistakes allowed
    minutes: int | None = None     # language parts: the time of this part within the total
    two_thirds: bool = False       # language parts: passed with two thirds of the points
    by_teacher: bool = False       # writing and speaking: graded by a teacher afterwards


def part_plans(parts: Iterable[str], knowledge: KnowledgeSettings, language: LanguageSettings) -> list[PartPlan]:
    """What each part of a new attempt will hold and what it takes to pass it, in exam order.
    Knowledge parts share one clock, so only language parts carry minutes."""
    plans = []
    for part in parts:
        if part == HISTORY:
            plans.append(PartPlan(part, knowledge.history_questions, knowledge.history_pass))
        elif part == SATVERSME:
            plans.append(PartPlan(part, knowledge.satversme_questions, knowledge.satversme_pass))
        elif part == ANTHEM:
            plans.append(PartPlan(part, max_errors=knowledge.anthem_max_errors))
        elif part in (LISTENING, READING):
            # whole texts are drawn, so the count is at least this many; the mark is a share of them
            count = language.listening_questions if part == LISTENING else language.reading_questions
            plans.append(PartPlan(part, count, minutes=language.minutes[part], two_thirds=True))
        elif part in (WRITING, SPEAKING):
            plans.append(PartPlan(part, minutes=language.minutes[part], two_thirds=True, by_teacher=True))
        else:
            raise ValueError(f"unknown exam part: {part}")
    return plans
