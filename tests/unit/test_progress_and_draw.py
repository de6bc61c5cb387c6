"""Topic progress and the practice draw: pure functions, no app."""
import random
from datetime import datetime, timedelta, timezone

from lsk_learn.domain.draw import draw_questions
from lsk_learn.domain.progress import AnswerFact, topic_progress

T0 = datetime(2026, 11, 1, 10, 0, tzinfo=timezone.utc)


def fact(question, topic, correct, minutes):
    return AnswerFact(question, topic, correct, T0 + timedelta(minutes=minutes))


def test_progress_uses_the_latest_answer_per_question():
    facts = [
        fact("h1", "history", False, 0),
        fact("h1", "history", True, 10),   # later: now correct
        fact("h2", "history", True, 5),
        fact("h3", "history", True, 1),
        fact("h3", "history", False, 20),  # later: now wrong
        fact("s1", "satversme", False, 3),
    ]
    progress = topic_progress(facts, {"history": 10, "satversme": 4, "symbols": 5})
    history = progress["history"]
    assert (history.questions_total, history.questions_seen, history.questions_now_correct) == (10, 3, 2)
    assert history.share_correct == 2 / 3
    assert history.share_seen == 0.3
    assert history.last_practised_at == T0 + timedelta(minutes=20)
    assert progress["satversme"].share_correct == 0.0
    assert progress["symbols"].share_correct is None
    assert progress["symbols"].last_practised_at is None


def test_progress_ignores_the_order_of_facts():
    facts = [fact("h1", "history", True, 10), fact("h1", "history", False, 0)]
    assert topic_progress(facts, {"history": 1})["history"].questions_now_correct == 1
    assert topic_progress(list(reversed(facts)), {"history": 1})["history"].questions_now_correct == 1


def test_draw_prefers_unseen_and_never_repeats():
    candidates = [f"q{i}" for i in range(10)]
    seen = {f"q{i}" for i in range(7)}
    for seed in range(20):
        chosen = draw_questions(candidates, seen, 5, random.Random(seed))
        assert len(chosen) == len(set(chosen)) == 5
        assert {"q7", "q8", "q9"} <= set(chosen)


def test_draw_returns_all_when_too_few():
    chosen = draw_questions(["a", "b"], set(), 10, random.Random(1))
    assert sorted(chosen) == ["a", "b"]
