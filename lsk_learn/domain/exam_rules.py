"""The rules of the official examinations, as far as public sources confirm them.

Confirmed (see README, "Exam rules"): the knowledge test has 10 history/culture questions (pass at
7) and 8 Satversme questions (pass at 5), plus writing the anthem; each part is passed separately.
The language test has four skills, each passed with at least two thirds of its points. People aged
65 or over are exempt from the writing part. Unconfirmed points (options per question, time
allowed, the anthem's tolerance, task counts and points of the language test) are settings whose
defaults come from the earlier published format; the UI says they are unconfirmed.
"""
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

KNOWLEDGE = "knowledge"
LANGUAGE = "language"
HISTORY, SATVERSME, ANTHEM = "history", "satversme", "anthem"
LISTENING, READING, WRITING, SPEAKING = "listening", "reading", "writing", "speaking"
KNOWLEDGE_PARTS = (HISTORY, SATVERSME, ANTHEM)
LANGUAGE_PARTS = (LISTENING, READING, WRITING, SPEAKING)
TEACHER_GRADED_PARTS = (WRITING, SPEAKING)
TWO_THIRDS = Fraction(2, 3)

# Exemptions a learner's profile may hold (pmlp.gov.lv "Atvieglojumi")
BASIC_EDUCATION_LV = "basic_education_lv"        # both tests
HIGHER_EDUCATION_LV = "higher_education_lv"      # language test
CENTRALISED_EXAM = "centralised_exam"            # language test
DISABILITY_GROUP_1 = "disability_group_1"        # both tests
DISABILITY_NO_WRITING = "disability_no_writing"
DISABILITY_NO_SPEAKING = "disability_no_speaking"
DISABILITY_NO_LISTENING_SPEAKING = "disability_no_listening_speaking"
EXEMPTIONS = (BASIC_EDUCATION_LV, HIGHER_EDUCATION_LV, CENTRALISED_EXAM, DISABILITY_GROUP_1,
              DISABILITY_NO_WRITING, DISABILITY_NO_SPEAKING, DISABILITY_NO_LISTENING_SPEAKING)
SENIOR_AGE = 65


@dataclass(frozen=True)
class KnowledgeSettings:
    history_questions: int = 10
    history_pass: int = 7
    satversme_questions: int = 8
    satversme_pass: int = 5
    anthem_max_errors: int = 2     # unconfirmed: word mistakes allowed in the anthem
    minutes: int = 45              # unconfirmed


@dataclass(frozen=True)
class LanguageSettings:
    listening_questions: int = 12  # unconfirmed; an earlier format: 3 tasks on 6 short texts, 25 points
    reading_questions: int = 12    # unconfirmed; an earlier format: 4 tasks, 25 points
    minutes: dict = field(default_factory=lambda: {LISTENING: 25, READING: 25, WRITING: 40, SPEAKING: 15})


@dataclass(frozen=True)
class ExamProfile:
    """What the rules need to know about a learner."""

    birth_year: int | None = None
    exemptions: frozenset = frozenset()


def age_on(birth_year: int | None, today: date) -> int | None:
    """Age reached during `today`'s year; the profile keeps only the year of birth."""
    return None if birth_year is None else today.year - birth_year


def applicable_parts(exam: str, profile: ExamProfile, today: date) -> tuple[str, ...]:
    """The parts a learner must sit, after exemptions; empty if exempt from the whole test."""
    held = profile.exemptions
    if BASIC_EDUCATION_LV in held or DISABILITY_GROUP_1 in held:
        return ()
    if exam == KNOWLEDGE:
        return KNOWLEDGE_PARTS
    if HIGHER_EDUCATION_LV in held or CENTRALISED_EXAM in held:
        return ()
    skipped = set()
    age = age_on(profile.birth_year, today)
    if (age is not None and age >= SENIOR_AGE) or DISABILITY_NO_WRITING in held:
        skipped.add(WRITING)
    if DISABILITY_NO_SPEAKING in held:
        skipped.add(SPEAKING)
    if DISABILITY_NO_LISTENING_SPEAKING in held:
        skipped |= {LISTENING, SPEAKING}
    return tuple(part for part in LANGUAGE_PARTS if part not in skipped)


def passes_two_thirds(points: float, max_points: float) -> bool:
    """The language test's rule: at least two thirds of the maximum, in each skill."""
    return max_points > 0 and Fraction(points).limit_denominator(1000) >= TWO_THIRDS * Fraction(max_points).limit_denominator(1000)


def knowledge_part_passed(part: str, correct: int, settings: KnowledgeSettings) -> bool:
    """History: at least 7 of 10; Satversme: at least 5 of 8 (by default)."""
    if part == HISTORY:
        return correct >= settings.history_pass
    if part == SATVERSME:
        return correct >= settings.satversme_pass
    raise ValueError(f"not a multiple-choice knowledge part: {part}")


def anthem_passed(errors: int, settings: KnowledgeSettings) -> bool:
    return errors <= settings.anthem_max_errors


def exam_passed(part_results: dict[str, bool | None], required: tuple[str, ...]) -> bool | None:
    """A whole test is passed when every required part is; None while a part awaits grading."""
    results = [part_results.get(part) for part in required]
    if any(result is False for result in results):
        return False
    if any(result is None for result in results):
        return None
    return True


def parts_to_retake(part_results: dict[str, bool | None]) -> tuple[str, ...]:
    """Only the failed parts are sat again."""
    return tuple(part for part, passed in part_results.items() if passed is False)
