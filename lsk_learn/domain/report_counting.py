"""Counting for funder reports: completion by a programme's definition, and breakdowns in which a
person in two target groups counts in each group but only once in every total."""
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Mapping

NO_GROUP = ""  # people with no target group are counted under this key


@dataclass(frozen=True)
class CompletionRule:
    """Every condition that is set must hold; a rule with no condition set completes nobody."""

    min_sessions_attended: int | None = None
    min_lessons_percent: int | None = None
    require_knowledge_mock_pass: bool = False
    require_language_mock_pass: bool = False

    @property
    def is_empty(self) -> bool:
        return (self.min_sessions_attended is None and self.min_lessons_percent is None
                and not self.require_knowledge_mock_pass and not self.require_language_mock_pass)


@dataclass(frozen=True)
class CompletionFacts:
    sessions_attended: int = 0
    lessons_assigned: int = 0
    lessons_done: int = 0
    knowledge_mock_passed: bool = False
    language_mock_passed: bool = False


def is_complete(facts: CompletionFacts, rule: CompletionRule) -> bool:
    if rule.is_empty:
        return False
    if rule.min_sessions_attended is not None and facts.sessions_attended < rule.min_sessions_attended:
        return False
    if rule.min_lessons_percent is not None:
        # with no lessons assigned, the lesson condition cannot be met
        if facts.lessons_assigned == 0 or 100 * facts.lessons_done < rule.min_lessons_percent * facts.lessons_assigned:
            return False
    if rule.require_knowledge_mock_pass and not facts.knowledge_mock_passed:
        return False
    if rule.require_language_mock_pass and not facts.language_mock_passed:
        return False
    return True


@dataclass
class Breakdown:
    totals: dict = field(default_factory=dict)            # metric -> people
    cells: dict = field(default_factory=dict)             # metric -> {(municipality, group): people}
    by_municipality: dict = field(default_factory=dict)   # metric -> {municipality: people}
    by_group: dict = field(default_factory=dict)          # metric -> {group: people}


def count_breakdown(metric_people: Mapping[str, Iterable[int]],
                    attributes: Mapping[int, tuple[object, frozenset]]) -> Breakdown:
    """`metric_people[metric]` are the people a metric counts; `attributes[person]` is their
    (municipality, target groups). Totals count each person once; group cells count a person in
    every group they belong to."""
    result = Breakdown()
    nothing = (None, frozenset())
    for metric, people in metric_people.items():
        people = set(people)
        # people with the same attributes are counted together: a few hundred kinds for thousands
        kinds = Counter(attributes.get(person, nothing) for person in people)
        cells, municipalities, groups = Counter(), Counter(), Counter()
        for (municipality, person_groups), n in kinds.items():
            municipalities[municipality] += n
            for group in person_groups or {NO_GROUP}:
                cells[(municipality, group)] += n
                groups[group] += n
        result.totals[metric] = len(people)
        result.cells[metric] = dict(cells)
        result.by_municipality[metric] = dict(municipalities)
        result.by_group[metric] = dict(groups)
    return result
