"""Grading a submitted mock exam from plain values: scores, maxima and verdicts per part."""
from dataclasses import asdict
from pathlib import Path

import pytest
import yaml

from lsk_learn.domain import exam_rules as rules
from lsk_learn.domain.anthem import compare_anthem
from lsk_learn.domain.exam_grading import GradedItem, anthem_max_points, grade_attempt

OFFICIAL = yaml.safe_load((Path(__file__).parents[2] / "question_bank" / "anthem.yaml").read_text())["text"]
KNOWLEDGE = asdict(rules.KnowledgeSettings())
LANGUAGE = asdict(rules.LanguageSettings())


def right(item_id, part):
    return GradedItem(item_id, part, answered=True, is_correct=True, response={"choice": "a"})


def wrong(item_id, part):
    return GradedItem(item_id, part, answered=True, is_correct=False, response={"choice": "b"})


def unanswered(item_id, part):
    return GradedItem(item_id, part)


def knowledge_items(history_right: int, satversme_right: int, anthem: str | None) -> list[GradedItem]:
    items = [right(i, rules.HISTORY) if i < history_right else wrong(i, rules.HISTORY) for i in range(10)]
    items += [right(100 + i, rules.SATVERSME) if i < satversme_right else unanswered(100 + i, rules.SATVERSME)
              for i in range(8)]
    if anthem is None:
        items.append(unanswered(200, rules.ANTHEM))
    else:
        items.append(GradedItem(200, rules.ANTHEM, answered=True, response={"text": anthem}))
    return items


def by_part(grades):
    return {g.part: g for g in grades}


def test_the_anthem_maximum_is_what_the_official_text_scores_against_itself():
    assert anthem_max_points(OFFICIAL) == sum(len(line.marks) for line in compare_anthem(OFFICIAL, OFFICIAL).lines)
    assert anthem_max_points("Dievs, svētī Latviju,\n\nMūs' dārgo tēviju") == 6


@pytest.mark.parametrize("history_right,satversme_right,history_passed,satversme_passed", [
    (7, 5, True, True), (6, 5, False, True), (10, 4, True, False), (0, 0, False, False),
])
def test_knowledge_parts_count_only_answers_given_and_right(history_right, satversme_right,
                                                            history_passed, satversme_passed):
    grades = by_part(grade_attempt(list(rules.KNOWLEDGE_PARTS), knowledge_items(history_right, satversme_right, OFFICIAL),
                                   KNOWLEDGE, OFFICIAL, {}))
    assert (grades[rules.HISTORY].score, grades[rules.HISTORY].max_score) == (history_right, 10)
    assert (grades[rules.SATVERSME].score, grades[rules.SATVERSME].max_score) == (satversme_right, 8)
    assert grades[rules.HISTORY].passed is history_passed
    assert grades[rules.SATVERSME].passed is satversme_passed


def test_a_faultless_anthem_scores_its_maximum_and_keeps_what_was_written():
    grade = by_part(grade_attempt([rules.ANTHEM], knowledge_items(0, 0, OFFICIAL), KNOWLEDGE, OFFICIAL, {}))[rules.ANTHEM]
    assert grade.score == grade.max_score == anthem_max_points(OFFICIAL) > 0
    assert grade.passed is True
    assert grade.details == {"errors": 0, "written": OFFICIAL}


def test_anthem_mistakes_cost_a_point_each_and_the_tolerance_is_the_attempts_setting():
    written = OFFICIAL.replace("svētī", "sveti", 1).replace("Latviju", "Latvija", 1)
    errors = compare_anthem(OFFICIAL, written).errors
    assert errors == 2
    lenient = by_part(grade_attempt([rules.ANTHEM], knowledge_items(0, 0, written), KNOWLEDGE, OFFICIAL, {}))[rules.ANTHEM]
    assert lenient.score == anthem_max_points(OFFICIAL) - 2
    assert lenient.passed is True
    strict = {**KNOWLEDGE, "anthem_max_errors": 1}
    assert by_part(grade_attempt([rules.ANTHEM], knowledge_items(0, 0, written), strict, OFFICIAL, {}))[rules.ANTHEM].passed is False


def test_an_unanswered_anthem_scores_nothing_and_fails():
    grade = by_part(grade_attempt([rules.ANTHEM], knowledge_items(0, 0, None), KNOWLEDGE, OFFICIAL, {}))[rules.ANTHEM]
    assert grade.score == 0
    assert grade.passed is False
    assert grade.details["written"] == ""
    assert grade.details["errors"] == anthem_max_points(OFFICIAL)


def test_language_skills_pass_at_two_thirds_and_teacher_parts_wait():
    items = [right(i, rules.LISTENING) if i < 8 else wrong(i, rules.LISTENING) for i in range(12)]
    items += [right(20 + i, rules.READING) if i < 7 else unanswered(20 + i, rules.READING) for i in range(12)]
    items += [GradedItem(40, rules.WRITING, task_id="form-1", answered=True, response={"text": "..."}),
              GradedItem(41, rules.WRITING, task_id="letter-2"),
              GradedItem(50, rules.SPEAKING, task_id="intro-1")]
    parts = list(rules.LANGUAGE_PARTS)
    grades = grade_attempt(parts, items, LANGUAGE, None, {"form-1": 5, "letter-2": 10, "intro-1": 6})
    assert [g.part for g in grades] == parts  # the attempt's order
    results = by_part(grades)
    assert (results[rules.LISTENING].score, results[rules.LISTENING].passed) == (8, True)
    assert (results[rules.READING].score, results[rules.READING].passed) == (7, False)
    assert (results[rules.WRITING].score, results[rules.WRITING].max_score, results[rules.WRITING].passed) == (None, 15, None)
    assert (results[rules.SPEAKING].score, results[rules.SPEAKING].max_score, results[rules.SPEAKING].passed) == (None, 6, None)
    assert all(g.details == {} for g in grades)
