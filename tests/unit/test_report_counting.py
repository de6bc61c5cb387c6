"""Report counting: completion rules, breakdowns with people in several groups."""
import pytest

from lsk_learn.domain.report_counting import (
    NO_GROUP, CompletionFacts, CompletionRule, count_breakdown, is_complete,
)


@pytest.mark.parametrize("facts,rule,complete", [
    (CompletionFacts(sessions_attended=8), CompletionRule(min_sessions_attended=8), True),
    (CompletionFacts(sessions_attended=7), CompletionRule(min_sessions_attended=8), False),
    (CompletionFacts(lessons_assigned=4, lessons_done=3), CompletionRule(min_lessons_percent=75), True),
    (CompletionFacts(lessons_assigned=4, lessons_done=2), CompletionRule(min_lessons_percent=75), False),
    (CompletionFacts(lessons_assigned=0, lessons_done=0), CompletionRule(min_lessons_percent=50), False),
    (CompletionFacts(sessions_attended=10, knowledge_mock_passed=False),
     CompletionRule(min_sessions_attended=8, require_knowledge_mock_pass=True), False),
    (CompletionFacts(sessions_attended=10, knowledge_mock_passed=True),
     CompletionRule(min_sessions_attended=8, require_knowledge_mock_pass=True), True),
    (CompletionFacts(language_mock_passed=True), CompletionRule(require_language_mock_pass=True), True),
    (CompletionFacts(sessions_attended=99), CompletionRule(), False),  # an empty rule completes nobody
])
def test_is_complete(facts, rule, complete):
    assert is_complete(facts, rule) is complete


def test_breakdown_counts_people_once_in_totals_and_in_each_of_their_groups():
    attributes = {
        1: ("Daugavpils", frozenset({"senior", "non_citizen"})),
        2: ("Daugavpils", frozenset({"senior"})),
        3: ("Krāslava", frozenset()),
        4: ("Krāslava", frozenset({"non_citizen", "low_income", "senior"})),
    }
    result = count_breakdown({"participants": [1, 2, 3, 4, 4], "active": [1, 3]}, attributes)
    assert result.totals == {"participants": 4, "active": 2}
    assert result.by_group["participants"] == {"senior": 3, "non_citizen": 2, "low_income": 1, NO_GROUP: 1}
    assert sum(result.by_group["participants"].values()) == 7  # more than the 4 people: by design
    assert result.by_municipality["participants"] == {"Daugavpils": 2, "Krāslava": 2}
    assert result.cells["participants"][("Daugavpils", "senior")] == 2
    assert result.cells["participants"][("Krāslava", NO_GROUP)] == 1
    assert result.cells["active"] == {("Daugavpils", "senior"): 1, ("Daugavpils", "non_citizen"): 1,
                                      ("Krāslava", NO_GROUP): 1}


def test_people_without_attributes_are_still_counted():
    result = count_breakdown({"participants": [9]}, {})
    assert result.totals["participants"] == 1 and result.by_municipality["participants"] == {None: 1}
