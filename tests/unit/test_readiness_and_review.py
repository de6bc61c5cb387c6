"""Readiness estimates, the balanced exam draw, and the FSRS review queue."""
import random
from datetime import date, datetime, timedelta, timezone

import pytest
from fsrs import Card, Rating, Scheduler

from lsk_learn.domain import review
from lsk_learn.domain.draw import draw_balanced
from lsk_learn.domain.readiness import (
    MIN_ANSWERS, SubtopicSkill, at_least_probability, part_readiness, subtopic_skills,
)

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize("chances,needed,expected", [
    ([0.5] * 2, 1, 0.75),
    ([1.0] * 10, 7, 1.0),
    ([0.0] * 10, 1, 0.0),
    ([0.5] * 10, 7, 176 / 1024),  # C(10,7)+C(10,8)+C(10,9)+C(10,10) = 176
    ([0.9, 0.1], 2, 0.09),
    ([0.5], 2, 0.0),
])
def test_at_least_probability(chances, needed, expected):
    assert at_least_probability(chances, needed) == pytest.approx(expected)


def test_subtopic_skills_keep_only_recent_answers():
    answers = [("ww2", True)] * 20 + [("ww2", False)] * 30 + [("soviet", False)]  # newest first
    skills = {s.subtopic: s for s in subtopic_skills(answers, ["ww2", "soviet", "culture"])}
    assert (skills["ww2"].answered, skills["ww2"].right) == (20, 20)
    assert skills["soviet"].p_right == pytest.approx(1 / 3)
    assert skills["culture"].p_right == 0.5  # no answers: the prior


def test_part_readiness_grows_with_skill_and_names_the_weakest():
    weak = [SubtopicSkill("a", 10, 3), SubtopicSkill("b", 10, 9), SubtopicSkill("c", 10, 6)]
    strong = [SubtopicSkill("a", 10, 10), SubtopicSkill("b", 10, 10), SubtopicSkill("c", 10, 9)]
    weak_r = part_readiness("history", weak, 10, 7)
    strong_r = part_readiness("history", strong, 10, 7)
    assert 0 < weak_r.chance < strong_r.chance <= 1
    assert weak_r.weakest[0] == "a"
    assert weak_r.answered == 30 and weak_r.certain_enough
    assert not part_readiness("history", [SubtopicSkill("a", MIN_ANSWERS - 1, 3)], 10, 7).certain_enough


def test_readiness_matches_the_binomial_tail_by_hand():
    # every subtopic at p = (8+1)/(10+2) = 0.75; P(X >= 5) for X ~ Bin(8, 0.75)
    skills = [SubtopicSkill(s, 10, 8) for s in "abcd"]
    expected = sum(__import__("math").comb(8, k) * 0.75 ** k * 0.25 ** (8 - k) for k in range(5, 9))
    assert part_readiness("satversme", skills, 8, 5).chance == pytest.approx(expected)


def test_balanced_draw_counts_spread_and_prefers_unseen():
    by_subtopic = {s: [f"{s}{i}" for i in range(6)] for s in "abcdefghijk"}  # 11 subtopics
    seen = {f"{s}{i}" for s in "abcdefghijk" for i in range(3)}
    for seed in range(30):
        chosen = draw_balanced(by_subtopic, seen, 10, random.Random(seed))
        assert len(chosen) == len(set(chosen)) == 10
        assert not set(chosen) & seen
        assert len({q[0] for q in chosen}) == 10  # ten different subtopics
    eight = draw_balanced({"x": ["x1", "x2"], "y": [f"y{i}" for i in range(10)]}, set(), 8, random.Random(1))
    assert sorted(eight)[:2] == ["x1", "x2"] and len(eight) == 8


def test_balanced_draw_falls_back_to_seen_questions():
    chosen = draw_balanced({"a": ["a1", "a2"], "b": ["b1"]}, {"a1", "a2", "b1"}, 3, random.Random(2))
    assert sorted(chosen) == ["a1", "a2", "b1"]


def test_review_follows_fsrs_over_a_scripted_week():
    """Our card states after a week of answers equal fsrs's own, rating by rating."""
    scheduler = Scheduler(**review.SCHEDULER_SETTINGS)
    script = [(0, True), (0, True), (1, False), (1, True), (3, True), (6, True)]  # (day, right)
    ours, theirs = review.new_card(), Card()
    for day, right in script:
        when = T0 + timedelta(days=day, minutes=15)
        ours = review.review(ours, right, when)
        theirs, _ = scheduler.review_card(theirs, Rating.Good if right else Rating.Again, when)
        assert review.due_at(ours) == theirs.due
    assert Card.from_dict(ours).stability == pytest.approx(theirs.stability)


def _card_due(days_from_t0: float, reviews: list[bool]) -> dict:
    state = review.new_card()
    when = T0 - timedelta(days=30)
    for right in reviews:
        state = review.review(state, right, when)
        when += timedelta(days=3)
    card = Card.from_dict(state)
    card.due = T0 + timedelta(days=days_from_t0)
    return card.to_dict()


def test_review_queue_today_and_its_order():
    cards = [
        review.DueCard("strong-overdue", _card_due(-5, [True, True, True, True])),
        review.DueCard("weak-recent", _card_due(-1, [False, False, True])),
        review.DueCard("future", _card_due(+3, [True])),
    ]
    end_of_day = T0.replace(hour=23, minute=59)
    far = review.review_queue(cards, T0, end_of_day, exam_date=date(2027, 6, 1))
    assert [c.item_id for c in far] == ["strong-overdue", "weak-recent"]  # due order
    near = review.review_queue(cards, T0, end_of_day, exam_date=date(2026, 11, 20))
    assert [c.item_id for c in near] == ["weak-recent", "strong-overdue"]  # weakest first
    assert review.review_queue(cards, T0, end_of_day, exam_date=None) == far


def test_new_cards_cost_no_waiting(monkeypatch):
    """fsrs's Card() sleeps 1 ms to keep its generated ids apart; a mock exam creates ~18 cards
    while it holds the attempt's lock, so none of ours may wait."""
    import time as clock
    slept = []
    monkeypatch.setattr(clock, "sleep", lambda seconds: slept.append(seconds))
    states = [review.new_card() for _ in range(18)]
    assert slept == []
    assert review.due_at(review.review(states[0], True, T0)) > T0
