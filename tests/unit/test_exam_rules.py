"""Exam rules as pure functions: pass marks, the two-thirds rule, exemptions, retakes."""
from datetime import date

import pytest

from lsk_learn.domain import exam_rules as rules

TODAY = date(2026, 11, 26)
SETTINGS = rules.KnowledgeSettings()


@pytest.mark.parametrize("part,correct,passed", [
    (rules.HISTORY, 6, False), (rules.HISTORY, 7, True), (rules.HISTORY, 10, True),
    (rules.SATVERSME, 4, False), (rules.SATVERSME, 5, True), (rules.SATVERSME, 8, True),
])
def test_knowledge_pass_marks(part, correct, passed):
    assert rules.knowledge_part_passed(part, correct, SETTINGS) is passed


@pytest.mark.parametrize("points,maximum,passed", [
    (16, 25, False),  # 16/25 = 0.64 < 2/3
    (17, 25, True),   # 0.68
    (2, 3, True), (1.99, 3, False), (8, 12, True), (7.5, 12, False), (0, 0, False),
])
def test_two_thirds_rule(points, maximum, passed):
    assert rules.passes_two_thirds(points, maximum) is passed


@pytest.mark.parametrize("errors,passed", [(0, True), (2, True), (3, False)])
def test_anthem_tolerance_is_a_setting(errors, passed):
    assert rules.anthem_passed(errors, SETTINGS) is passed
    assert rules.anthem_passed(errors, rules.KnowledgeSettings(anthem_max_errors=0)) is (errors == 0)


@pytest.mark.parametrize("birth_year,exemptions,exam,parts", [
    (1980, set(), rules.LANGUAGE, ("listening", "reading", "writing", "speaking")),
    (1961, set(), rules.LANGUAGE, ("listening", "reading", "speaking")),          # 65 this year
    (1962, set(), rules.LANGUAGE, ("listening", "reading", "writing", "speaking")),  # 64
    (1950, set(), rules.KNOWLEDGE, ("history", "satversme", "anthem")),          # age relief is language only
    (None, set(), rules.LANGUAGE, ("listening", "reading", "writing", "speaking")),
    (1980, {rules.BASIC_EDUCATION_LV}, rules.KNOWLEDGE, ()),
    (1980, {rules.BASIC_EDUCATION_LV}, rules.LANGUAGE, ()),
    (1980, {rules.HIGHER_EDUCATION_LV}, rules.LANGUAGE, ()),
    (1980, {rules.HIGHER_EDUCATION_LV}, rules.KNOWLEDGE, ("history", "satversme", "anthem")),
    (1980, {rules.CENTRALISED_EXAM}, rules.LANGUAGE, ()),
    (1980, {rules.DISABILITY_GROUP_1}, rules.KNOWLEDGE, ()),
    (1980, {rules.DISABILITY_NO_WRITING}, rules.LANGUAGE, ("listening", "reading", "speaking")),
    (1980, {rules.DISABILITY_NO_SPEAKING}, rules.LANGUAGE, ("listening", "reading", "writing")),
    (1980, {rules.DISABILITY_NO_LISTENING_SPEAKING}, rules.LANGUAGE, ("reading", "writing")),
])
def test_applicable_parts(birth_year, exemptions, exam, parts):
    profile = rules.ExamProfile(birth_year, frozenset(exemptions))
    assert rules.applicable_parts(exam, profile, TODAY) == parts


def test_exam_passed_needs_every_part():
    required = ("history", "satversme", "anthem")
    assert rules.exam_passed({"history": True, "satversme": True, "anthem": True}, required) is True
    assert rules.exam_passed({"history": True, "satversme": False, "anthem": True}, required) is False
    assert rules.exam_passed({"listening": True, "writing": None}, ("listening", "writing")) is None
    assert rules.exam_passed({"listening": False, "writing": None}, ("listening", "writing")) is False


def test_only_failed_parts_are_retaken():
    assert rules.parts_to_retake({"history": True, "satversme": False, "anthem": False}) == ("satversme", "anthem")
    assert rules.parts_to_retake({"writing": None, "reading": True}) == ()
