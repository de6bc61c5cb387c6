"""The way through a mock exam (issue 11, "Exams"): an intro before the clock starts, a reduced
exam header with a way out that warns, a confirmation before submitting, one wording for
readiness with no number where there are no answers."""
import re
from datetime import timedelta
from html.parser import HTMLParser

from sqlalchemy import func, select

from lsk_learn.core.time import utcnow
from lsk_learn.exams.models import ExamAnswer, ExamAttempt
from lsk_learn.extensions import db
from lsk_learn.learn.models import PracticeAnswer
from lsk_learn.review.models import PracticeSession
from lsk_learn.profiles.models import LearnerProfile

from .test_exams import answer_all, latest_attempt, start


def attempts() -> int:
    return db.session.scalar(select(func.count(ExamAttempt.id)))


def text_of(page: str, **attributes) -> str:
    """The text inside the first element carrying all of `attributes`, whitespace collapsed."""
    class Collector(HTMLParser):
        depth, parts = 0, []

        def handle_starttag(self, tag, attrs):
            if self.depth:
                self.depth += tag not in ("br", "input", "img")
            elif all(dict(attrs).get(k.rstrip("_").replace("_", "-")) == v for k, v in attributes.items()):
                self.depth = 1

        def handle_endtag(self, tag):
            if self.depth:
                self.depth -= 1

        def handle_data(self, data):
            if self.depth:
                self.parts.append(data)

    collector = Collector()
    collector.parts = []
    collector.feed(page)
    return " ".join(" ".join(collector.parts).split())


# --- 2. an intro page before the clock starts -------------------------------------------------

def test_start_shows_the_intro_and_only_its_form_starts_the_clock(client, auth, make_user, exam_bank):
    auth.login(make_user(locale="en"))
    index = client.get("/exams/").get_data(as_text=True)
    assert 'href="/exams/start/knowledge"' in index
    assert 'action="/exams/start/knowledge"' not in index  # the index's button no longer starts an attempt
    response = client.get("/exams/start/knowledge")
    assert response.status_code == 200
    assert attempts() == 0  # opening the intro starts nothing
    page = response.get_data(as_text=True)
    assert "You have 45 minutes for the whole exam." in page
    assert "10 questions" in page and "at least 7 of 10 right" in page
    assert "8 questions" in page and "at least 5 of 8 right" in page
    assert "at most 2 mistakes" in page
    assert "No translation help during the exam" in page
    assert "Your answers are saved as you go" in page
    assert re.search(r'<form method="post" action="/exams/start/knowledge"[^>]*>\s*<input type="hidden" name="csrf_token"', page)
    assert start(client).status_code == 302
    assert attempts() == 1


def test_the_intro_follows_the_settings_and_the_language_parts(client, auth, make_user, exam_bank, app):
    learner = make_user(locale="en")
    db.session.add(LearnerProfile(user_id=learner.id, birth_year=utcnow().year - 70, exemptions=[]))
    db.session.commit()
    auth.login(learner)
    page = client.get("/exams/start/language").get_data(as_text=True)
    # listening 25 + reading 25 + speaking 15; a senior sits no writing
    assert "You have 65 minutes for the whole exam." in page
    assert "25 min." in page and "15 min." in page and "Writing" not in page
    assert "at least 12 questions on short texts" in page and "two thirds of the points" in page
    app.config["KNOWLEDGE_EXAM_MINUTES"] = 50
    try:
        assert "You have 50 minutes" in client.get("/exams/start/knowledge").get_data(as_text=True)
        start(client)
        attempt = latest_attempt()
        assert attempt.deadline_at - attempt.started_at == timedelta(minutes=50)  # as the intro said
    finally:
        app.config["KNOWLEDGE_EXAM_MINUTES"] = 45


def test_a_retake_goes_through_the_intro_with_only_the_failed_parts(client, auth, make_user, exam_bank):
    auth.login(make_user(locale="en"))
    start(client)
    first = latest_attempt()
    satversme = [i.position for i in first.items if i.part == "satversme"]
    answer_all(client, first, wrong=satversme)
    client.post(f"/exams/{first.id}/submit")
    results = client.get(f"/exams/{first.id}/results").get_data(as_text=True)
    assert f'href="/exams/start/knowledge?retake_of={first.id}"' in results
    assert 'action="/exams/start/knowledge"' not in results  # the retake button no longer starts the clock
    intro = client.get(f"/exams/start/knowledge?retake_of={first.id}")
    assert intro.status_code == 200 and attempts() == 1
    page = intro.get_data(as_text=True)
    assert "Satversme" in page and "History and culture" not in page
    assert f'<input type="hidden" name="retake_of" value="{first.id}">' in page
    start(client, retake_of=first.id)
    assert latest_attempt().parts == ["satversme"]


def test_the_intro_refuses_what_cannot_be_started(client, auth, make_user, exam_bank):
    owner, other = make_user(locale="en"), make_user(locale="en")
    auth.login(owner)
    start(client)
    attempt = latest_attempt()
    assert client.get("/exams/start/driving").status_code == 404
    assert client.get(f"/exams/start/knowledge?retake_of={attempt.id}").headers["Location"].endswith("/exams/")
    assert client.get("/exams/start/knowledge?retake_of=abc").status_code == 404
    auth.logout()
    auth.login(other)
    assert client.get(f"/exams/start/knowledge?retake_of={attempt.id}").status_code == 404  # not theirs
    client.post("/exams/profile", data={"birth_year": "1980", "exemptions": ["basic_education_lv"]})
    response = client.get("/exams/start/knowledge")
    assert response.headers["Location"].endswith("/exams/")
    assert "exempt from this test" in client.get("/exams/").get_data(as_text=True)


def test_the_intro_offers_the_attempt_already_running(client, auth, make_user, exam_bank):
    auth.login(make_user(locale="en"))
    start(client)
    attempt = latest_attempt()
    page = client.get("/exams/start/knowledge").get_data(as_text=True)
    assert f'href="/exams/{attempt.id}/overview">Continue that exam' in page
    attempt.deadline_at = utcnow() - timedelta(minutes=5)  # once its time is up it is not offered
    db.session.commit()
    assert "Continue that exam" not in client.get("/exams/start/knowledge").get_data(as_text=True)


# --- 1. submitting asks first ------------------------------------------------------------------

def test_submitting_asks_first_and_names_the_unanswered_questions(client, auth, make_user, exam_bank):
    auth.login(make_user(locale="en"))
    start(client)
    attempt = latest_attempt()
    for position in range(6):
        client.post(f"/exams/{attempt.id}/item/{position}", data={"answer": "a", "go": "next"})
    overview = client.get(f"/exams/{attempt.id}/overview").get_data(as_text=True)
    assert f'href="/exams/{attempt.id}/submit"' in overview
    assert f'action="/exams/{attempt.id}/submit"' not in overview  # no one-tap submit on the overview
    response = client.get(f"/exams/{attempt.id}/submit")
    assert response.status_code == 200
    assert latest_attempt().status == "in_progress"  # asking submits nothing
    page = response.get_data(as_text=True)
    assert "13 questions have no answer yet." in page
    links = re.findall(rf'href="/exams/{attempt.id}/item/(\d+)"', page)
    assert links == [str(p) for p in range(6, 19)]
    assert re.search(rf'<form method="post" action="/exams/{attempt.id}/submit"', page)
    assert client.post(f"/exams/{attempt.id}/submit").headers["Location"].endswith("/results")
    assert latest_attempt().status == "submitted"
    assert client.get(f"/exams/{attempt.id}/submit").headers["Location"].endswith("/results")


def test_with_every_question_answered_the_confirmation_is_brief(client, auth, make_user, exam_bank):
    auth.login(make_user(locale="en"))
    start(client)
    attempt = latest_attempt()
    answer_all(client, attempt)
    page = client.get(f"/exams/{attempt.id}/submit").get_data(as_text=True)
    assert "You have answered every question." in page and "no answer yet" not in page
    assert f'href="/exams/{attempt.id}/item/' not in page


def test_one_unanswered_question_is_counted_in_the_singular(client, auth, make_user, exam_bank):
    auth.login(make_user(locale="en"))
    start(client)
    attempt = latest_attempt()
    for item in attempt.items[:-1]:
        client.post(f"/exams/{attempt.id}/item/{item.position}", data={"answer": "a", "go": "next"})
    page = client.get(f"/exams/{attempt.id}/submit").get_data(as_text=True)
    assert "1 question has no answer yet." in page
    assert re.findall(rf'href="/exams/{attempt.id}/item/(\d+)"', page) == ["18"]


def test_speaking_is_not_counted_as_unanswered(client, auth, make_user, exam_bank):
    auth.login(make_user(locale="en"))
    start(client, kind="language")
    attempt = latest_attempt()
    answer_all(client, attempt)  # speaking is assessed in person: nothing is stored for it
    page = client.get(f"/exams/{attempt.id}/submit").get_data(as_text=True)
    assert "You have answered every question." in page
    answerable = sum(1 for i in attempt.items if i.part != "speaking")
    assert f"{answerable} of {answerable} answered." in page


# --- 3. a reduced exam header with a way out that warns ----------------------------------------

def test_exam_pages_show_the_reduced_header_not_the_site_menu(client, auth, make_user, exam_bank):
    auth.login(make_user(locale="en"))
    start(client)
    attempt = latest_attempt()
    client.post(f"/exams/{attempt.id}/item/0", data={"answer": "a", "go": "next"})
    for path in ("item/1", "overview", "submit", "leave"):
        page = client.get(f"/exams/{attempt.id}/{path}").get_data(as_text=True)
        assert 'class="wrap main-nav"' not in page, path
        assert 'href="/learn/history"' not in page and 'href="/review/"' not in page, path
        header = text_of(page, class_="wrap exam-bar")
        assert "Time left: 44:" in header or "Time left: 45:00" in header, (path, header)
        assert "1 of 19 answered." in header, path
        assert ("Leave the exam" in header) == (path != "leave"), path
        assert ("All questions" in header) == (path != "overview"), path
    assert 'class="wrap main-nav"' in client.get("/exams/start/knowledge").get_data(as_text=True)


def test_leaving_from_a_question_saves_its_answer_and_warns(client, auth, make_user, exam_bank):
    auth.login(make_user(locale="en"))
    start(client)
    attempt = latest_attempt()
    page = client.get(f"/exams/{attempt.id}/item/0").get_data(as_text=True)
    # the header's links are buttons of the answer form, the hidden first one says "next" for Enter
    buttons = re.findall(r'<button type="submit" form="answer-form" name="go" value="(\w+)"', page)
    assert buttons == ["next", "overview", "leave"]
    response = client.post(f"/exams/{attempt.id}/item/0", data={"answer": "b", "go": "leave"})
    assert response.headers["Location"].endswith(f"/exams/{attempt.id}/leave")
    assert db.session.scalar(select(ExamAnswer.response)) == "b"
    leave = client.get(f"/exams/{attempt.id}/leave").get_data(as_text=True)
    assert "The time keeps running while you are away" in leave
    assert "Your answers so far are saved." in leave
    assert f'class="button" href="/exams/{attempt.id}/overview">Back to the exam' in leave
    assert 'href="/learn/">Leave and go to my progress' in leave
    assert latest_attempt().status == "in_progress"


def test_the_exam_pages_close_an_expired_attempt(client, auth, make_user, exam_bank):
    auth.login(make_user())
    start(client)
    attempt = latest_attempt()
    attempt.deadline_at = utcnow() - timedelta(minutes=5)
    db.session.commit()
    assert client.get(f"/exams/{attempt.id}/leave").headers["Location"].endswith("/results")
    assert latest_attempt().status == "submitted"


def test_only_the_owner_opens_the_new_exam_pages(client, auth, make_user, exam_bank):
    owner, other = make_user(), make_user()
    auth.login(owner)
    start(client)
    attempt = latest_attempt()
    auth.logout()
    auth.login(other)
    for path in ("submit", "leave"):
        assert client.get(f"/exams/{attempt.id}/{path}").status_code == 404


# --- 4. the results table stacks on narrow screens (the layout itself: tests/browser) ----------

def test_the_results_table_names_each_cell_for_the_stacked_layout(client, auth, make_user, exam_bank):
    auth.login(make_user(locale="en"))
    start(client)
    attempt = latest_attempt()
    answer_all(client, attempt)
    client.post(f"/exams/{attempt.id}/submit")
    page = client.get(f"/exams/{attempt.id}/results").get_data(as_text=True)
    assert '<table class="part-results stack">' in page
    assert page.count('<td data-label="Result" class="verdict">') == 3


# --- 5. one readiness, one wording, no number without answers ----------------------------------

def _practise(user, question_ids, right=True):
    now = utcnow()
    session = PracticeSession(user_id=user.id, topic_id=None, question_ids=list(question_ids), started_at=now)
    db.session.add(session)
    db.session.flush()
    for position, question_id in enumerate(question_ids):
        db.session.add(PracticeAnswer(session_id=session.id, user_id=user.id, question_id=question_id, position=position,
                                      response="a", is_correct=right, score=1.0 if right else 0.0,
                                      answered_at=now - timedelta(minutes=position)))
    db.session.commit()


def test_readiness_has_one_wording_and_no_number_without_answers(client, auth, make_user, exam_bank):
    learner = make_user(locale="en")
    _practise(learner, [f"x-satversme-ch2-saeima-{n}" for n in range(4)])
    auth.login(learner)
    pages = {path: client.get(path).get_data(as_text=True) for path in ("/exams/", "/learn/")}
    for path, page in pages.items():
        history = text_of(page, data_part="history")
        assert history.startswith("History and culture: not enough answers yet"), (path, history)
        assert "%" not in history, (path, history)  # never practised: no estimate, not the 50 % prior
        satversme = text_of(page, data_part="satversme")
        assert "chance to pass now about" in satversme, (path, satversme)
        assert "a rough estimate: only 4 answers so far" in satversme, (path, satversme)
        # a subtopic's figure has its own name, never readiness
        assert ("Practise next (your chance to answer a question right): ch3-president — not practised yet "
                "ch2-saeima — 83%") in satversme, (path, satversme)
    assert text_of(pages["/exams/"], data_part="satversme") == text_of(pages["/learn/"], data_part="satversme")
    assert text_of(pages["/exams/"], data_part="history") == text_of(pages["/learn/"], data_part="history")


def test_with_enough_answers_the_estimate_is_not_called_rough(client, auth, make_user, exam_bank):
    learner = make_user(locale="en")
    _practise(learner, [f"x-satversme-{s}-{n}" for s in ("ch2-saeima", "ch3-president") for n in range(6)]
              + [f"x-satversme-ch2-saeima-{n}" for n in range(3)])
    auth.login(learner)
    satversme = text_of(client.get("/learn/").get_data(as_text=True), data_part="satversme")
    assert "chance to pass now about" in satversme and "rough" not in satversme
