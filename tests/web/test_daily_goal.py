"""The revision page's daily goal (issue 11): a small round instead of 120 questions, an extra round
after the goal with nothing lost, first-time questions a few a day, the streak, the learner's own
goal, and flashcards with the word's grammar and an example."""
import html
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from lsk_learn.bank.models import Question, live_question_filter
from lsk_learn.bank.sync import sync_bank
from lsk_learn.core.time import utcnow
from lsk_learn.domain.daily_goal import local_day
from lsk_learn.extensions import db
from lsk_learn.review.models import PracticeSession
from lsk_learn.profiles.models import LearnerProfile
from lsk_learn.review.models import QUESTION, ReviewCard, ReviewDay
from lsk_learn.review.services import count_towards_goal, record_review

from ..conftest import real_bank_items


@pytest.fixture
def real_bank(app):
    sync_bank(real_bank_items(), utcnow())
    return sorted(db.session.scalars(select(Question.id).where(*live_question_filter())))


def answered_long_ago(user_id, question_ids, times=1):
    """Cards answered `times` times (wrong, then right) over a year ago: all due again today."""
    start = utcnow() - timedelta(days=400)
    for question_id in question_ids:
        for n in range(times):
            record_review(user_id, QUESTION, question_id, n == times - 1, start + timedelta(days=n))
    db.session.commit()


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def answer_session(client, session_id):
    session = db.session.get(PracticeSession, session_id)
    for position in range(session.size):
        client.post(f"/learn/practice/{session_id}/answer", data={"position": position, "answer": "a"})


def started(response) -> PracticeSession:
    assert "/learn/practice/" in response.headers["Location"]
    return db.session.get(PracticeSession, int(response.headers["Location"].rsplit("/", 1)[1]))


def test_the_first_day_with_120_due_offers_15_questions_and_about_5_minutes(client, auth, make_user, real_bank):
    learner = make_user(locale="en")
    answered_long_ago(learner.id, real_bank[:120])   # answered once in practice, never reviewed
    auth.login(learner)
    page = text(client.get("/review/"))
    assert "Today: 15 questions" in page and "about 5 minutes" in page
    assert "120" not in re.sub(r"<[^>]+>", " ", page)
    assert "105 more questions come back for the first time on the next days: at most 15 a day" in page
    dashboard = text(client.get("/learn/"))
    assert "Today: 15 questions" in dashboard and "Done today: 0 of 15" in dashboard
    session = started(client.post("/review/start"))
    assert session.mode == "review" and session.size == 15
    assert started(client.post("/review/start")).id == session.id  # a second tap continues the same round
    answer_session(client, session.id)
    done = text(client.get("/review/"))
    assert "Today's goal is reached" in done and "Done today: 15 of 15" in done
    assert "Extra round" not in done  # the other 105 come back for the first time on the next days
    # nothing is lost: the 105 are still due
    due = db.session.scalar(select(func.count(ReviewCard.id)).where(
        ReviewCard.user_id == learner.id, ReviewCard.due_at <= utcnow()))
    assert due == 105


def test_after_the_goal_an_extra_round_and_everything_stays_due(client, auth, make_user, real_bank):
    learner = make_user(locale="en")
    answered_long_ago(learner.id, real_bank[:40], times=2)   # reviewed before: not first-time
    auth.login(learner)
    first = started(client.post("/review/start"))
    assert first.size == 15
    answer_session(client, first.id)
    page = text(client.get("/review/"))
    assert "25 more questions are due. They wait for you, nothing is lost." in page
    assert "Extra round: 15 questions" in page
    extra = started(client.post("/review/start"))
    assert extra.size == 15 and not set(extra.question_ids) & set(first.question_ids)
    assert set(first.question_ids + extra.question_ids) <= set(real_bank[:40])


def test_practice_answers_count_towards_the_goal(client, auth, make_user, synced_bank):
    learner = make_user(locale="en")
    auth.login(learner)
    client.post("/learn/practice", data={"topic": "history", "count": 5})
    session = db.session.scalars(select(PracticeSession)).one()
    answer_session(client, session.id)
    row = db.session.get(ReviewDay, (learner.id, local_day(utcnow())))
    assert (row.answered, row.new_cards, row.goal) == (3, 0, 15)
    assert "Done today: 3 of 15" in text(client.get("/review/"))
    client.post("/review/words/family", data={"word": "t-voc-001", "direction": "from-lv", "knew": "yes"})
    db.session.expire_all()
    assert db.session.get(ReviewDay, (learner.id, local_day(utcnow()))).answered == 4


def test_the_learner_sets_the_goal(client, auth, make_user, synced_bank):
    learner = make_user(locale="en")
    auth.login(learner)
    page = text(client.get("/review/"))
    assert re.search(r'<input checked[^>]*value="15"', page)   # the default, small
    for goal, minutes in ((10, 4), (25, 9), (40, 14)):
        assert f"{goal} questions a day (about {minutes} minutes)" in page
    count_towards_goal(learner.id, utcnow())
    db.session.commit()
    response = client.post("/review/goal", data={"goal": 25})
    assert response.status_code == 302
    assert db.session.get(LearnerProfile, learner.id).daily_goal == 25
    # today is judged by the new goal
    assert db.session.get(ReviewDay, (learner.id, local_day(utcnow()))).goal == 25
    assert "Done today: 1 of 25" in text(client.get("/review/"))
    refused = client.post("/review/goal", data={"goal": 7})
    assert refused.status_code == 200 and "Not a valid choice" in refused.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(LearnerProfile, learner.id).daily_goal == 25


def test_the_streak_is_shown_with_a_rest_day(client, auth, make_user, synced_bank):
    learner = make_user(locale="en")
    today = local_day(utcnow())
    for back, answered in ((1, 15), (2, 0), (3, 20), (4, 15), (6, 15)):   # 2 days ago missed: a rest day
        if answered:
            db.session.add(ReviewDay(user_id=learner.id, day=today - timedelta(days=back), answered=answered,
                                     new_cards=0, goal=15))
    db.session.add(ReviewDay(user_id=learner.id, day=today - timedelta(days=5), answered=3, new_cards=0, goal=15))
    db.session.commit()
    auth.login(learner)
    page = text(client.get("/review/"))
    assert "3 days in a row" in page and "reach today's goal to keep it going" in page
    assert "Rest day:" in page
    assert "3 days in a row" in text(client.get("/learn/"))


def test_a_past_day_keeps_its_own_goal(client, auth, make_user, synced_bank):
    learner = make_user(locale="en")
    yesterday = local_day(utcnow()) - timedelta(days=1)
    db.session.add(ReviewDay(user_id=learner.id, day=yesterday, answered=10, new_cards=0, goal=10))
    db.session.commit()
    auth.login(learner)
    client.post("/review/goal", data={"goal": 40})
    assert "1 day in a row" in text(client.get("/review/"))


def test_flashcards_show_the_words_grammar_and_an_example(client, auth, make_user, synced_bank):
    auth.login(make_user(locale="en"))
    noun = client.get("/review/words/family?direction=from-lv&show=t-voc-001").get_data(as_text=True)
    assert "noun, feminine, declension 5" in noun
    verb = client.get("/review/words/family?direction=from-lv&show=t-voc-003").get_data(as_text=True)
    assert '<p class="word-facts">verb</p>' in verb
    assert "Es dzīvoju Daugavpilī." in verb and "I live in Daugavpils." in verb
    front = client.get("/review/words/family?direction=to-lv").get_data(as_text=True)
    assert "Example" not in front  # nothing is given away before the answer is shown
