"""What the exam intro promises and how far along a sitting is; readiness levels (no app)."""
import pytest

from lsk_learn.domain.exam_rules import KNOWLEDGE, LANGUAGE, KnowledgeSettings, LanguageSettings
from lsk_learn.domain.exam_sitting import PartPlan, exam_minutes, part_plans, progress
from lsk_learn.domain.readiness import ESTIMATE, MIN_ANSWERS, NO_ESTIMATE, ROUGH, SubtopicSkill, part_readiness


def test_progress_counts_only_what_can_be_answered_on_the_page():
    items = [(0, "listening"), (1, "listening"), (2, "writing"), (3, "speaking"), (4, "speaking")]
    result = progress(items, {1})
    assert (result.answered, result.total, result.unanswered) == (1, 3, (0, 2))
    assert progress(items, {0, 1, 2}).unanswered == ()


def test_progress_lists_the_unanswered_in_exam_order():
    items = [(p, "history") for p in reversed(range(19))]
    assert progress(items, set(range(6))).unanswered == tuple(range(6, 19))


def test_minutes_one_clock_for_knowledge_parts_added_for_language():
    knowledge, language = KnowledgeSettings(minutes=45), LanguageSettings()
    assert exam_minutes(KNOWLEDGE, ("satversme",), knowledge, language) == 45  # a retake keeps the clock
    assert exam_minutes(LANGUAGE, ("listening", "reading", "writing", "speaking"), knowledge, language) == 105
    assert exam_minutes(LANGUAGE, ("listening", "reading", "speaking"), knowledge, language) == 65


def test_part_plans_state_the_pass_marks_of_the_settings():
    knowledge = KnowledgeSettings(history_questions=10, history_pass=7, satversme_questions=8, satversme_pass=5,
                                  anthem_max_errors=3)
    assert part_plans(("history", "satversme", "anthem"), knowledge, LanguageSettings()) == [
        PartPlan("history", 10, 7), PartPlan("satversme", 8, 5), PartPlan("anthem", max_errors=3)]
    listening, writing = part_plans(("listening", "writing"), knowledge, LanguageSettings(listening_questions=9))
    assert (listening.questions, listening.minutes, listening.two_thirds, listening.by_teacher) == (9, 25, True, False)
    assert (writing.minutes, writing.two_thirds, writing.by_teacher) == (40, True, True)
    with pytest.raises(ValueError):
        part_plans(("driving",), knowledge, LanguageSettings())


@pytest.mark.parametrize("answered,level", [(0, NO_ESTIMATE), (1, ROUGH), (MIN_ANSWERS - 1, ROUGH),
                                            (MIN_ANSWERS, ESTIMATE)])
def test_readiness_level_no_number_without_answers_rough_under_the_threshold(answered, level):
    skills = [SubtopicSkill("a", answered, answered // 2), SubtopicSkill("b", 0, 0)]
    assert part_readiness("history", skills, 10, 7).level == level


def test_the_weakest_subtopics_keep_their_own_chances():
    skills = [SubtopicSkill("a", 10, 9), SubtopicSkill("b", 4, 0), SubtopicSkill("c", 0, 0), SubtopicSkill("d", 10, 10)]
    readiness = part_readiness("history", skills, 10, 7)
    assert readiness.weakest == ("b", "c", "a")
    assert [s.p_right for s in readiness.weakest_skills] == pytest.approx([1 / 6, 1 / 2, 10 / 12])
