"""The mock exam's script (static/js/exam-client.js) from the server's side: the fragment with
every question of a running attempt, and answer saves that reply with JSON (where to go next)
instead of a redirect. The answer rules are the form's: stored once, refused after the submit."""
import re


from lsk_learn.bank.models import Question
from lsk_learn.extensions import db

from .test_exams import sit_new_exam, stored_responses

BY_SCRIPT = {"X-Requested-With": "fetch"}


def save(client, attempt, position, **data):
    return client.post(f"/exams/{attempt.id}/item/{position}", data=data, headers=BY_SCRIPT)


def test_a_save_by_the_script_says_in_json_where_to_go(client, auth, make_user, exam_bank):
    attempt = sit_new_exam(client, auth, make_user)
    first, second = [i for i in attempt.items if i.question_id][:2]
    url = f"/exams/{attempt.id}/item"

    reply = save(client, attempt, first.position, answer="b", go="next")
    assert reply.status_code == 200
    assert reply.json == {"saved": True, "stored": True, "position": second.position, "url": f"{url}/{second.position}"}
    reply = save(client, attempt, second.position, go="previous")  # nothing chosen: nothing stored, no error
    assert reply.json == {"saved": True, "stored": False, "position": first.position, "url": f"{url}/{first.position}"}
    reply = save(client, attempt, second.position, answer="zz", go="next")  # not one of the options
    assert reply.status_code == 422 and reply.json["saved"] is False and reply.json["error"]
    last = attempt.items[-1]
    assert last.part == "anthem"
    reply = save(client, attempt, last.position, text="Dievs, svētī Latviju", go="next")
    assert reply.json == {"saved": True, "stored": True, "position": None, "url": f"/exams/{attempt.id}/overview"}
    assert save(client, attempt, first.position, go="leave").json["url"] == f"/exams/{attempt.id}/leave"
    assert stored_responses(attempt.id) == {first.id: "b", last.id: {"text": "Dievs, svētī Latviju"}}

    assert client.post(f"/exams/{attempt.id}/submit").status_code == 302
    reply = save(client, attempt, first.position, answer="a", go="next")  # too late: said, not ignored
    assert reply.status_code == 409 and reply.json == {"saved": False, "url": f"/exams/{attempt.id}/results"}
    assert "was not saved" in client.get(f"/exams/{attempt.id}/results").get_data(as_text=True)
    assert stored_responses(attempt.id)[first.id] == "b"


def test_the_fragment_holds_every_question_as_saved(client, auth, make_user, exam_bank):
    attempt = sit_new_exam(client, auth, make_user)
    first = next(i for i in attempt.items if i.question_id)
    assert client.post(f"/exams/{attempt.id}/item/{first.position}", data={"answer": "b"}).status_code == 302

    fragment = client.get(f"/exams/{attempt.id}/items", headers=BY_SCRIPT).get_data(as_text=True)
    templates = re.findall(r'<template data-position="(\d+)" data-url="([^"]+)"', fragment)
    assert templates == [(str(i.position), f"/exams/{attempt.id}/item/{i.position}") for i in attempt.items]
    assert f'data-answered="{first.position}"' in fragment
    assert 'data-progress="1111 of 2222 answered."' in fragment
    panel = fragment.split(f'<template data-position="{first.position}"', 1)[1].split("</template>", 1)[0]
    assert re.search(r'value="b"[^>]*checked', panel) and f'action="/exams/{attempt.id}/item/{first.position}"' in panel
    assert 'name="csrf_token"' in panel and 'id="answer-form"' in panel
    anthem = fragment.split(f'<template data-position="{attempt.items[-1].position}"', 1)[1].split("</template>", 1)[0]
    assert "<textarea" in anthem

    assert client.post(f"/exams/{attempt.id}/submit").status_code == 302
    closed = client.get(f"/exams/{attempt.id}/items", headers=BY_SCRIPT)
    assert closed.status_code == 302 and closed.headers["Location"].endswith(f"/exams/{attempt.id}/results")


def test_questions_with_a_text_or_recording_stay_pages_of_their_own(client, auth, make_user, exam_bank):
    """Their players and read-aloud buttons set themselves up when a page loads."""
    attempt = sit_new_exam(client, auth, make_user, kind="language")
    fragment = client.get(f"/exams/{attempt.id}/items", headers=BY_SCRIPT).get_data(as_text=True)
    page_only = {int(p) for p in re.findall(r'<template data-position="(\d+)"[^>]*data-page-only', fragment)}
    with_passage = {i.position for i in attempt.items
                    if i.question_id and db.session.get(Question, i.question_id).passage_id}
    assert with_passage and page_only == with_passage
    counted = re.search(r'data-counted="([^"]*)"', fragment).group(1).split(",")
    assert {int(p) for p in counted} == {i.position for i in attempt.items if i.part != "speaking"}


def test_another_learner_gets_no_fragment(client, auth, make_user, exam_bank):
    attempt = sit_new_exam(client, auth, make_user)
    auth.logout()
    auth.login(make_user(locale="en"))
    assert client.get(f"/exams/{attempt.id}/items", headers=BY_SCRIPT).status_code == 404
    assert save(client, attempt, 0, answer="a").status_code == 404
    assert stored_responses(attempt.id) == {}
