"""Offline practice's server side: the pack a phone downloads, and the idempotent endpoint that
takes the answers given without a connection (lsk_learn/offline/)."""
import uuid
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from lsk_learn.auth.roles import Role
from lsk_learn.domain import review
from lsk_learn.extensions import db
from lsk_learn.learn.models import PracticeAnswer
from lsk_learn.review.models import PracticeSession, ReviewCard, ReviewDay

KEYS = {"t-hist-001": "a", "t-hist-002": "b", "t-hist-003": "b"}
T0 = datetime(2026, 12, 1, 8, 0, tzinfo=timezone.utc)


def offline_answer(question_id="t-hist-001", choice="a", at=T0, client_id=None):
    return {"client_id": client_id or str(uuid.uuid4()), "question_id": question_id,
            "form": {"answer": [choice]}, "answered_at": at.isoformat()}


def send(client, answers):
    return client.post("/learn/offline/answers", json={"answers": answers})


def stored(user_id=None) -> int:
    query = select(func.count(PracticeAnswer.id)).where(PracticeAnswer.client_id.is_not(None))
    if user_id is not None:
        query = query.where(PracticeAnswer.user_id == user_id)
    return db.session.scalar(query)


@pytest.fixture
def learner(auth, make_user, synced_bank):
    user = make_user()
    auth.login(user)
    return user


def test_the_same_batch_twice_stores_each_answer_once(client, learner):
    batch = [offline_answer(q, c, T0 + timedelta(minutes=i)) for i, (q, c) in enumerate(KEYS.items())]
    first = send(client, batch)
    assert first.status_code == 200
    assert sorted(first.json["stored"]) == sorted(a["client_id"] for a in batch) and first.json["already"] == []
    again = send(client, batch)
    assert again.status_code == 200
    assert again.json["stored"] == [] and sorted(again.json["already"]) == sorted(a["client_id"] for a in batch)
    assert stored() == 3
    # part old, part new (the phone lost the reply to an earlier batch and answered more since)
    more = offline_answer("t-hist-002", "a", T0 + timedelta(minutes=9))
    mixed = send(client, batch[:1] + [more])
    assert mixed.json["stored"] == [more["client_id"]] and mixed.json["already"] == [batch[0]["client_id"]]
    assert stored() == 4
    # one client id twice in one batch counts once
    twin = offline_answer("t-hist-003", "b", T0 + timedelta(minutes=10))
    assert send(client, [twin, twin]).json["stored"] == [twin["client_id"]]
    assert stored() == 5


def test_answers_are_graded_by_the_server_with_their_time_and_version(client, learner):
    right = offline_answer("t-hist-001", "a", T0)
    wrong = offline_answer("t-hist-002", "c", T0 + timedelta(minutes=1))
    lying = {**offline_answer("t-hist-003", "a", T0 + timedelta(minutes=2)), "is_correct": True, "correct": True}
    assert send(client, [right, wrong, lying]).status_code == 200
    rows = {a.client_id: a for a in db.session.scalars(select(PracticeAnswer))}
    assert rows[right["client_id"]].is_correct is True
    assert rows[wrong["client_id"]].is_correct is False
    assert rows[lying["client_id"]].is_correct is False  # the phone's verdict is ignored
    assert rows[wrong["client_id"]].answered_at == T0 + timedelta(minutes=1)
    assert all(a.question_version_id is not None for a in rows.values())
    sessions = list(db.session.scalars(select(PracticeSession)))
    assert [(s.mode, s.topic_id, s.size, s.finished_at is not None) for s in sessions] == [("offline", "history", 3, True)]
    # each answer counts on the day it was given
    assert db.session.scalar(select(ReviewDay.answered).where(ReviewDay.user_id == learner.id)) == 3


def test_the_schedule_sees_the_answers_in_the_order_they_were_given(client, learner):
    # sent out of order: wrong at 8:00, right at 9:00 (the later answer must be the card's last rating)
    later = offline_answer("t-hist-001", "a", T0 + timedelta(hours=1))
    earlier = offline_answer("t-hist-001", "c", T0)
    assert send(client, [later, earlier]).status_code == 200
    card = db.session.scalar(select(ReviewCard).where(ReviewCard.user_id == learner.id))
    assert card.reviews == 2 and card.lapses == 1
    assert card.reviewed_at == T0 + timedelta(hours=1)
    # wrong then right, as given (the other order ends on a wrong answer: a weaker card)
    expected = review.review(review.review(review.new_card(), False, T0), True, T0 + timedelta(hours=1))
    assert card.state == expected
    assert card.due_at == review.due_at(expected)
    assert card.state != review.review(review.review(
        review.new_card(), True, T0 + timedelta(hours=1)), False, T0 + timedelta(hours=1))
    positions = dict(db.session.execute(select(PracticeAnswer.client_id, PracticeAnswer.position)).all())
    assert positions[earlier["client_id"]] == 0 and positions[later["client_id"]] == 1


def test_an_offline_answer_older_than_the_cards_last_rating_does_not_go_back_in_time(client, learner):
    assert send(client, [offline_answer("t-hist-001", "a", T0 + timedelta(days=1))]).status_code == 200
    assert send(client, [offline_answer("t-hist-001", "c", T0)]).status_code == 200
    card = db.session.scalar(select(ReviewCard).where(ReviewCard.user_id == learner.id))
    assert card.reviews == 2 and card.reviewed_at == T0 + timedelta(days=1)


@pytest.mark.parametrize("payload", [
    None, [], {}, {"answers": "x"}, {"answers": []}, {"answers": [1]},
    {"answers": [{"client_id": "not-a-uuid", "question_id": "t-hist-001", "form": {"answer": ["a"]}, "answered_at": T0.isoformat()}]},
    {"answers": [{**offline_answer(), "answered_at": "yesterday"}]},
    {"answers": [{**offline_answer(), "answered_at": "2026-12-01T08:00:00"}]},  # no time zone
    {"answers": [{**offline_answer(), "form": {"answer": "a"}}]},
    {"answers": [{**offline_answer(), "form": {"answer": [1]}}]},
    {"answers": [{**offline_answer(), "question_id": ["t-hist-001"]}]},
    {"answers": [offline_answer() for _ in range(201)]},
])
def test_a_malformed_batch_gets_a_clear_400_and_stores_nothing(client, learner, payload):
    response = client.post("/learn/offline/answers", json=payload)
    assert response.status_code == 400
    assert response.json["error"] and response.json["code"]
    assert stored() == 0


def test_a_body_that_is_not_json_gets_a_400(client, learner):
    response = client.post("/learn/offline/answers", data="answers=1", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400 and response.json["code"] == "not_a_batch"


@pytest.mark.parametrize("question_id,choice", [
    ("no-such-question", "a"),
    ("t-hist-draft", "a"),     # a draft never reaches a pack
    ("t-hist-001", "z"),       # not an option of this question
    ("t-hist-001", ""),        # no answer
])
def test_a_foreign_question_or_a_non_answer_refuses_the_batch_naming_the_answer(client, learner, question_id, choice):
    good = offline_answer("t-hist-002", "b")
    bad = offline_answer(question_id, choice)
    response = send(client, [good, bad])
    assert response.status_code == 400
    assert response.json["rejected"] == [bad["client_id"]]
    assert stored() == 0
    # the phone drops the refused one and sends the rest again
    assert send(client, [good]).json["stored"] == [good["client_id"]]


def test_another_learners_client_ids_do_not_collide(client, auth, make_user, synced_bank):
    shared_id = str(uuid.uuid4())
    first, second = make_user(), make_user()
    auth.login(first)
    assert send(client, [offline_answer(client_id=shared_id)]).json["stored"] == [shared_id]
    auth.logout()
    auth.login(second)
    response = send(client, [offline_answer("t-hist-002", "b", client_id=shared_id)])
    assert response.json == {"stored": [shared_id], "already": []}
    assert stored(first.id) == 1 and stored(second.id) == 1


def test_a_future_answer_time_is_taken_as_now(client, learner):
    assert send(client, [offline_answer(at=datetime.now(timezone.utc) + timedelta(days=3))]).status_code == 200
    answer = db.session.scalar(select(PracticeAnswer))
    assert answer.answered_at <= datetime.now(timezone.utc)


def test_the_pack_holds_the_chosen_topics_with_keys_and_the_learners_language(client, auth, make_user, synced_bank):
    auth.login(make_user(locale="ru"))
    topics = client.get("/learn/offline/topics")
    assert topics.status_code == 200 and topics.json["csrf_token"]
    assert {"history", "grammar"} <= {t["id"] for t in topics.json["topics"]}
    pack = client.get("/learn/offline/pack?topic=history")
    assert pack.status_code == 200 and pack.headers["Cache-Control"] == "no-store"
    body = pack.json
    assert body["language"] == "ru" and [t["id"] for t in body["topics"]] == ["history"]
    questions = {q["id"]: q for q in body["questions"]}
    assert sorted(questions) == ["t-hist-001", "t-hist-002", "t-hist-003"]  # no draft
    first = questions["t-hist-001"]
    assert first["answer"] == "a" and first["options"][0] == {"id": "a", "text": "1918. gada 18. novembrī"}
    assert first["help"] and first["explanation"] and first["explanation_help"]
    assert all(lesson["topic_id"] == "history" and lesson["html"] for lesson in body["lessons"])


@pytest.mark.parametrize("query", ["", "?topic=", "?topic=nope", "?topic=history&topic=nope",
                                   "?" + "&".join(["topic=history"] * 50)])
def test_a_pack_of_unknown_topics_gets_a_clear_400(client, learner, query):
    response = client.get("/learn/offline/pack" + query)
    assert response.status_code == 400 and response.json["code"] == "bad_topics"


@pytest.mark.parametrize("role", [Role.TEACHER, Role.COORDINATOR])
def test_staff_get_no_pack_and_send_no_answers(client, auth, make_user, synced_bank, role):
    auth.login(make_user(role))
    assert client.get("/learn/offline/pack?topic=history").status_code == 403
    assert send(client, [offline_answer()]).status_code == 403


def test_the_offline_page_is_a_shell_without_personal_data(client, make_user, auth):
    user = make_user(display_name="Ilze Offlinere")
    auth.login(user)
    page = client.get("/learn/offline").get_data(as_text=True)
    assert "offline.js" in page and "offline-strings" in page
    assert "Ilze Offlinere" not in page and user.username not in page
    assert "/auth/logout" not in page  # the kept copy carries no form of the signed-in user


def test_the_service_worker_is_served_from_the_root_scope(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.headers["Service-Worker-Allowed"] == "/"
    assert response.mimetype == "text/javascript"
    assert "lsk-offline-shell" in response.get_data(as_text=True)
    response.close()


def test_signing_out_clears_the_offline_data(client, learner):
    response = client.post("/auth/logout")
    assert response.headers["Clear-Site-Data"] == '"cache", "storage"'
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "offline-clear.js" in page
    assert "offline-clear.js" not in client.get("/auth/login").get_data(as_text=True)  # once only


def test_offline_answers_show_in_the_learners_history_and_results(client, learner):
    assert send(client, [offline_answer("t-hist-001", "a"), offline_answer("t-hist-002", "c")]).status_code == 200
    session = db.session.scalar(select(PracticeSession))
    assert client.get("/learn/history").status_code == 200
    results = client.get(f"/learn/practice/{session.id}/results")
    assert results.status_code == 200 and "Jānis Čakste" in results.get_data(as_text=True)
    assert client.get("/", follow_redirects=True).status_code == 200  # the dashboard counts them too


def test_a_listening_passage_with_a_recording_carries_its_audio_url(client, auth, make_user, exam_bank):
    from lsk_learn.audio.models import APPROVED, SYNTHETIC, AudioFile
    from lsk_learn.bank.models import Passage

    passages = list(db.session.scalars(select(Passage).where(Passage.topic_id == "listening").order_by(Passage.id)))
    heard, silent = passages[0], passages[1]
    db.session.add(AudioFile(passage_id=heard.id, kind=SYNTHETIC, state=APPROVED, path=f"{heard.id}.wav",
                             mime_type="audio/wav", size=100, sha256="ab" * 32))
    db.session.commit()
    auth.login(make_user())
    pack = client.get("/learn/offline/pack?topic=listening").json
    assert pack["passages"][heard.id]["audio_url"].startswith("/audio/")
    assert "audio_url" not in pack["passages"][silent.id]


def test_an_answer_is_graded_on_the_version_the_pack_held(client, learner, make_user):
    """A pack downloaded before a question was edited: the learner answered what they saw, so the
    answer is graded by that version's key and recorded on that version (nothing taught is misgraded)."""
    from lsk_learn.authoring import services as authoring
    from lsk_learn.bank.models import Question
    from lsk_learn.core.time import utcnow

    pack = client.get("/learn/offline/pack?topic=history").json
    held = next(q for q in pack["questions"] if q["id"] == "t-hist-001")
    assert held["version"] and held["answer"] == "a"
    row = db.session.get(Question, "t-hist-001")
    fields = {name: getattr(row, name) for name in (
        "topic_id", "subtopic", "type", "difficulty", "text", "options", "prompts", "answer", "explanation",
        "source", "source_url", "articles", "passage_id", "review_by")}
    author, reviewer = make_user(Role.TEACHER), make_user(Role.TEACHER)
    edited = authoring.edit_question("t-hist-001", {**fields, "answer": "b"}, author.id, utcnow())  # a new key
    authoring.submit_for_review(edited, author.id)
    authoring.approve(edited, reviewer.id, utcnow())

    seen = {**offline_answer("t-hist-001", "a", T0), "version": held["version"]}
    before_versions = offline_answer("t-hist-001", "a", T0 + timedelta(minutes=1))      # an old pack: no version
    made_up = {**offline_answer("t-hist-001", "a", T0 + timedelta(minutes=2)), "version": 999999}
    assert send(client, [seen, before_versions, made_up]).status_code == 200
    rows = {a.client_id: a for a in db.session.scalars(select(PracticeAnswer))}
    assert (rows[seen["client_id"]].is_correct, rows[seen["client_id"]].question_version_id) == (True, held["version"])
    for other in (before_versions, made_up):  # the published version counts, and its key
        assert (rows[other["client_id"]].is_correct, rows[other["client_id"]].question_version_id) == (False, edited.id)
    assert send(client, [{**offline_answer(), "version": "2"}]).status_code == 400  # not a number: refused
