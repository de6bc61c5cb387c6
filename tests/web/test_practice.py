"""The practice flow end to end: start, answer, reload, feedback, results, history."""
import re
import threading

from sqlalchemy import func, select

from lsk_learn.extensions import db
from lsk_learn.learn.models import PracticeAnswer
from lsk_learn.review.models import PracticeSession


def start(client, topic="history", count=5, subtopic=""):
    return client.post("/learn/practice", data={"topic": topic, "count": count, "subtopic": subtopic})


def current_session() -> PracticeSession:
    return db.session.scalars(select(PracticeSession).order_by(PracticeSession.id.desc())).first()


def test_a_learner_completes_a_practice(client, auth, make_user, synced_bank):
    auth.login(make_user())
    response = start(client)
    assert response.status_code == 302
    session = current_session()
    # only checked questions of the topic; the draft is never drawn
    assert sorted(session.question_ids) == ["t-hist-001", "t-hist-002", "t-hist-003"]
    keys = {"t-hist-001": "a", "t-hist-002": "b", "t-hist-003": "c"}  # the last one is wrong on purpose
    for position, question_id in enumerate(session.question_ids):
        page = client.get(f"/learn/practice/{session.id}").get_data(as_text=True)
        assert f"name=\"position\" value=\"{position}\"" in page
        answered = client.post(f"/learn/practice/{session.id}/answer",
                               data={"position": position, "answer": keys[question_id]})
        assert answered.headers["Location"].endswith(f"/feedback/{position}")
        feedback = client.get(answered.headers["Location"]).get_data(as_text=True)
        assert "Tautas padome" in feedback or "Čakste" in feedback or "Satversmes sapulce" in feedback
    assert client.get(f"/learn/practice/{session.id}").headers["Location"].endswith("/results")
    results = client.get(f"/learn/practice/{session.id}/results").get_data(as_text=True)
    assert re.search(r"2\D+3", results)  # "2 of 3 correct" in whatever language
    db.session.expire_all()
    assert current_session().finished_at is not None
    history = client.get("/learn/history").get_data(as_text=True)
    assert f"/learn/practice/{session.id}/results" in history


def test_reload_mid_quiz_resumes_at_the_next_question(client, auth, make_user, synced_bank):
    auth.login(make_user())
    start(client)
    session = current_session()
    client.post(f"/learn/practice/{session.id}/answer", data={"position": 0, "answer": "a"})
    # the browser is closed and opened again: the next question is the second one
    for _ in range(2):
        page = client.get(f"/learn/practice/{session.id}").get_data(as_text=True)
        assert 'name="position" value="1"' in page
    dashboard = client.get("/learn/").get_data(as_text=True)
    assert f"/learn/practice/{session.id}" in dashboard  # "continue where you stopped"


def test_a_repeated_submission_is_stored_once(client, auth, make_user, synced_bank):
    auth.login(make_user())
    start(client)
    session = current_session()
    first = client.post(f"/learn/practice/{session.id}/answer", data={"position": 0, "answer": "a"})
    second = client.post(f"/learn/practice/{session.id}/answer", data={"position": 0, "answer": "b"})
    assert first.headers["Location"] == second.headers["Location"]
    answers = db.session.scalars(select(PracticeAnswer)).all()
    assert len(answers) == 1 and answers[0].response == "a"


def test_concurrent_submissions_leave_one_record(app, make_user, synced_bank):
    learner = make_user()
    session = PracticeSession(user_id=learner.id, topic_id="history", question_ids=["t-hist-001", "t-hist-002"])
    db.session.add(session)
    db.session.commit()
    session_id, username = session.id, learner.username
    barrier = threading.Barrier(2)
    statuses = []

    def submit(answer):
        client = app.test_client()
        client.post("/auth/login", data={"username": username, "password": "correct horse battery"})
        barrier.wait()
        statuses.append(client.post(f"/learn/practice/{session_id}/answer",
                                    data={"position": 0, "answer": answer}).status_code)

    threads = [threading.Thread(target=submit, args=(a,)) for a in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert statuses == [302, 302]
    assert db.session.scalar(select(func.count(PracticeAnswer.id))) == 1


def test_every_question_type_round_trips(client, auth, make_user, synced_bank):
    auth.login(make_user())
    start(client, topic="grammar", count=10)
    session = current_session()
    right = {
        "t-gra-multi": {"answer": ["a", "c"]},
        "t-gra-tf": {"answer": "true"},
        "t-gra-match": {"match-1": "b", "match-2": "a"},
        "t-gra-text": {"answer": "  rīgā "},
    }
    for position, question_id in enumerate(session.question_ids):
        client.post(f"/learn/practice/{session.id}/answer", data={"position": position, **right[question_id]})
    db.session.expire_all()
    answers = current_session().answers
    assert [a.is_correct for a in answers] == [True] * 4


def test_empty_and_invalid_answers_get_a_message_and_store_nothing(client, auth, make_user, synced_bank):
    auth.login(make_user(locale="en"))
    start(client)
    session = current_session()
    empty = client.post(f"/learn/practice/{session.id}/answer", data={"position": 0})
    assert empty.status_code == 422
    assert "Choose or type an answer first." in empty.get_data(as_text=True)
    invalid = client.post(f"/learn/practice/{session.id}/answer", data={"position": 0, "answer": "zzz"})
    assert invalid.status_code == 422
    assert "does not belong to this question" in invalid.get_data(as_text=True)
    bad_position = client.post(f"/learn/practice/{session.id}/answer", data={"position": "x", "answer": "a"})
    assert bad_position.status_code == 302
    out_of_range = client.post(f"/learn/practice/{session.id}/answer", data={"position": 99, "answer": "a"})
    assert out_of_range.status_code == 302
    assert db.session.scalar(select(func.count(PracticeAnswer.id))) == 0


def test_a_learner_cannot_open_another_learners_session(client, auth, make_user, synced_bank):
    owner, other = make_user(), make_user()
    auth.login(owner)
    start(client)
    session = current_session()
    auth.logout()
    auth.login(other)
    for url in (f"/learn/practice/{session.id}", f"/learn/practice/{session.id}/results",
                f"/learn/practice/{session.id}/feedback/0"):
        assert client.get(url).status_code == 404
    assert client.post(f"/learn/practice/{session.id}/answer", data={"position": 0, "answer": "a"}).status_code == 404
    assert client.get("/learn/practice/999999").status_code == 404


def test_bad_start_form_is_explained(client, auth, make_user, synced_bank):
    auth.login(make_user(locale="en"))
    response = client.post("/learn/practice", data={"topic": "nonsense", "count": 7})
    assert response.status_code == 200
    assert "Not a valid choice" in response.get_data(as_text=True)
    # a part of another topic is refused, not practised as the whole topic
    wrong_part = client.post("/learn/practice", data={"topic": "history", "count": 5, "part-history": "ch2-saeima"})
    assert wrong_part.status_code == 200
    assert "Choose one of the parts of this topic" in wrong_part.get_data(as_text=True)
    assert db.session.scalar(select(func.count(PracticeSession.id))) == 0


def test_dashboard_shows_topic_progress(client, auth, make_user, synced_bank):
    auth.login(make_user(locale="en"))
    start(client, topic="satversme")
    session = current_session()
    client.post(f"/learn/practice/{session.id}/answer", data={"position": 0, "answer": "a"})
    page = client.get("/learn/").get_data(as_text=True)
    satversme = page[page.index("Satversme"):]
    assert "1 of 1" in satversme  # questions seen of the topic's live questions
    assert "100%" in satversme


def test_lessons_are_listed_and_rendered_safely(client, auth, make_user, synced_bank):
    auth.login(make_user(locale="ru"))
    listing = client.get("/learn/lessons").get_data(as_text=True)
    assert "/learn/lessons/t-lesson-proclamation" in listing
    page = client.get("/learn/lessons/t-lesson-proclamation").get_data(as_text=True)
    assert "Латвийское государство было провозглашено" in page
    assert "<script>alert" not in page
    assert 'href="javascript:' not in page
    assert client.get("/learn/lessons/no-such-lesson").status_code == 404


def test_translation_help_is_shown_on_request_and_counted(client, auth, make_user, synced_bank):
    from lsk_learn.learn.models import HelpUse

    auth.login(make_user(locale="ru"))
    start(client, topic="satversme")
    session = current_session()
    page = client.get(f"/learn/practice/{session.id}").get_data(as_text=True)
    assert "Сколько депутатов в Сейме?" not in page and "?help=question" in page
    for _ in range(2):  # a reload within the hour counts once
        shown = client.get(f"/learn/practice/{session.id}?help=question").get_data(as_text=True)
        assert '<p class="help-text" lang="ru">Сколько депутатов в Сейме?</p>' in shown
    client.post(f"/learn/practice/{session.id}/answer", data={"position": 0, "answer": "a"})
    explained = client.get(f"/learn/practice/{session.id}/feedback/0?help=explanation").get_data(as_text=True)
    assert "Сейм состоит из ста представителей народа." in explained
    assert [u.kind for u in db.session.scalars(select(HelpUse).order_by(HelpUse.id))] == ["question", "explanation"]


def test_latvian_pages_offer_no_translation_and_large_text_applies(client, auth, make_user, synced_bank):
    user = make_user(locale="lv")
    auth.login(user)
    start(client, topic="satversme")
    page = client.get(f"/learn/practice/{current_session().id}").get_data(as_text=True)
    assert "help-link" not in page and 'class="large-text"' not in page
    client.post("/auth/profile", data={"profile-display_name": "X", "profile-locale": "lv",
                                       "profile-large_text": "y", "profile-submit": "1"})
    assert '<html lang="lv" class="large-text">' in client.get("/learn/").get_data(as_text=True)
