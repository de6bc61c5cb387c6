"""Spaced review in the app: cards from every answer, today's queue, review sessions, flashcards."""
from datetime import timedelta

from fsrs import Card, Rating, Scheduler
from sqlalchemy import select

from lsk_learn.core.time import utcnow
from lsk_learn.extensions import db
from lsk_learn.review.models import PracticeSession
from lsk_learn.review.models import QUESTION, WORD_FROM_LATVIAN, ReviewCard
from lsk_learn.domain import review
from lsk_learn.review.services import record_review, start_review_session


def practise(client, topic="history", answers=("a", "b", "c")):
    client.post("/learn/practice", data={"topic": topic, "count": 5, "subtopic": ""})
    session = db.session.scalars(select(PracticeSession).order_by(PracticeSession.id.desc())).first()
    for position, _question in enumerate(session.question_ids):
        client.post(f"/learn/practice/{session.id}/answer", data={"position": position, "answer": answers[position % len(answers)]})
    return session


def test_every_practice_answer_becomes_a_card(client, auth, make_user, synced_bank):
    learner = make_user()
    auth.login(learner)
    session = practise(client)
    cards = {c.item_id: c for c in db.session.scalars(select(ReviewCard).where(ReviewCard.user_id == learner.id))}
    assert set(cards) == set(session.question_ids)
    assert all(c.item_type == QUESTION and c.reviews == 1 for c in cards.values())
    wrong = [a.question_id for a in session.answers if not a.is_correct]
    assert all(cards[q].lapses == 1 for q in wrong)


def test_a_scripted_week_matches_fsrs(app, make_user, synced_bank):
    learner = make_user()
    scheduler = Scheduler(**review.SCHEDULER_SETTINGS)
    expected = Card()
    start = utcnow() - timedelta(days=7)
    for day, right in [(0, False), (0, True), (1, True), (3, True), (6, False), (6, True)]:
        when = start + timedelta(days=day, hours=2)
        card = record_review(learner.id, QUESTION, "t-hist-001", right, when)
        expected, _ = scheduler.review_card(expected, Rating.Good if right else Rating.Again, when)
    db.session.commit()
    stored = db.session.scalar(select(ReviewCard).where(ReviewCard.user_id == learner.id))
    assert stored.due_at == expected.due and card.reviews == 6 and card.lapses == 2


def test_review_page_counts_and_starts_a_session_of_due_questions(client, auth, make_user, synced_bank):
    learner = make_user(locale="en")
    week_ago = utcnow() - timedelta(days=7)
    for question_id, right in (("t-hist-001", False), ("t-hist-002", True), ("t-sat-001", False)):
        record_review(learner.id, QUESTION, question_id, right, week_ago)  # all due again by now
    record_review(learner.id, QUESTION, "t-hist-003", True, utcnow())      # just answered: not due
    db.session.commit()
    auth.login(learner)
    page = client.get("/review/").get_data(as_text=True)
    assert "Today: 3 questions" in page and "about 1 minute" in page
    response = client.post("/review/start")
    assert "/learn/practice/" in response.headers["Location"]
    session = db.session.scalars(select(PracticeSession).order_by(PracticeSession.id.desc())).first()
    assert session.mode == "review" and session.topic_id is None
    assert sorted(session.question_ids) == ["t-hist-001", "t-hist-002", "t-sat-001"]


def test_a_right_answer_comes_back_on_a_later_day(app, make_user, synced_bank):
    learner = make_user()
    now = utcnow()
    card = record_review(learner.id, QUESTION, "t-hist-001", True, now)
    assert card.due_at - now >= timedelta(days=1)
    again = record_review(learner.id, QUESTION, "t-hist-002", False, now)
    assert again.due_at < card.due_at


def test_nothing_to_review_says_so(client, auth, make_user, synced_bank):
    auth.login(make_user(locale="en"))
    response = client.post("/review/start", follow_redirects=True)
    assert "Nothing to review today" in response.get_data(as_text=True)


def test_review_session_is_none_when_nothing_is_due(app, make_user, synced_bank):
    learner = make_user()
    record_review(learner.id, QUESTION, "t-hist-001", True, utcnow() - timedelta(days=1))
    card = db.session.scalar(select(ReviewCard))
    card.due_at = utcnow() + timedelta(days=30)
    db.session.commit()
    assert start_review_session(learner.id, utcnow(), None) is None


def test_flashcards_show_reveal_and_grade(client, auth, make_user, synced_bank):
    learner = make_user(locale="ru")
    auth.login(learner)
    first = client.get("/review/words/family?direction=from-lv").get_data(as_text=True)
    assert "māte" in first and "мать" not in first
    revealed = client.get("/review/words/family?direction=from-lv&show=t-voc-001").get_data(as_text=True)
    assert "мать" in revealed
    client.post("/review/words/family", data={"word": "t-voc-001", "direction": "from-lv", "knew": "no"})
    card = db.session.scalar(select(ReviewCard).where(ReviewCard.user_id == learner.id))
    assert (card.item_type, card.item_id, card.lapses) == (WORD_FROM_LATVIAN, "t-voc-001", 1)
    # next: the failed card if it is already due again today, otherwise the next new word
    after = client.get("/review/words/family?direction=from-lv").get_data(as_text=True)
    assert "ūdens" in after or "māte" in after


def test_flashcard_bad_input(client, auth, make_user, synced_bank):
    auth.login(make_user(locale="en"))
    assert client.get("/review/words/no-such-deck").status_code == 404
    assert client.get("/review/words/family?direction=sideways").status_code == 404
    assert client.get("/review/words/family?show=nope").status_code == 404
    bad = client.post("/review/words/family", data={"word": "nope", "knew": "yes"}, follow_redirects=True)
    assert "could not be saved" in bad.get_data(as_text=True)
    assert db.session.scalar(select(ReviewCard.id)) is None
