"""The authoring pages (issue 14): who may open them, writing a question through the form, review,
import with preview, export."""
import io
import re

import pytest
from sqlalchemy import select

from lsk_learn.auth.roles import Role
from lsk_learn.bank.models import Question
from lsk_learn.bank.versions import QuestionFlag, QuestionVersion
from lsk_learn.extensions import db

NEW_QUESTION = {
    "type": "single", "topic": "satversme/ch2-saeima", "difficulty": "1",
    "text-lv": "Cik gadus ilgst Saeimas pilnvaras?", "text-ru": "Сколько лет длятся полномочия Сейма?",
    "text-en": "How long is the Saeima's term?",
    "option-a-lv": "Četrus gadus", "option-a-ru": "Четыре года", "option-a-en": "Four years",
    "option-b-lv": "Trīs gadus", "option-b-ru": "Три года", "option-b-en": "Three years",
    "option-c-lv": "Piecus gadus", "option-c-ru": "Пять лет", "option-c-en": "Five years",
    "correct": "a", "explanation-lv": "Saeimu ievēl uz četriem gadiem.", "explanation-ru": "На четыре года.",
    "explanation-en": "For four years.", "source": "Latvijas Republikas Satversme, 10. pants", "articles": "10",
    "note": "jauns jautājums",
}


@pytest.mark.parametrize("role", [Role.LEARNER, Role.COORDINATOR])
def test_only_teachers_and_admins_open_the_authoring_pages(client, auth, make_user, synced_bank, role):
    auth.login(make_user(role))
    for path in ("/authoring/", "/authoring/questions", "/authoring/questions/new", "/authoring/import",
                 "/authoring/export", "/authoring/questions/t-sat-001"):
        assert client.get(path).status_code == 403, path
    assert client.post("/authoring/questions/new", data=NEW_QUESTION).status_code == 403
    assert db.session.scalar(select(Question).where(Question.origin == "app")) is None


def _version_id(response) -> int:
    return int(re.search(r"/authoring/versions/(\d+)", response.headers["Location"]).group(1))


def test_a_teacher_writes_a_question_another_approves_it(client, auth, make_user, synced_bank):
    author, reviewer = make_user(Role.TEACHER, locale="lv"), make_user(Role.TEACHER, locale="ru")
    auth.login(author)
    created = client.post("/authoring/questions/new", data=NEW_QUESTION)
    assert created.status_code == 302
    version_id = _version_id(created)
    page = client.get(f"/authoring/versions/{version_id}").get_data(as_text=True)
    assert "Cik gadus ilgst Saeimas pilnvaras?" in page and "Četrus gadus" in page
    assert f'action="/authoring/versions/{version_id}/submit"' in page and "Nosūtīt pārskatīšanai" in page
    assert client.post(f"/authoring/versions/{version_id}/approve").status_code == 302  # refused: own, not submitted
    assert db.session.get(QuestionVersion, version_id).state == "draft"
    client.post(f"/authoring/versions/{version_id}/submit")
    assert db.session.get(QuestionVersion, version_id).state == "submitted"
    auth.logout()

    auth.login(reviewer)
    overview = client.get("/authoring/").get_data(as_text=True)
    assert f"/authoring/versions/{version_id}" in overview
    assert client.post(f"/authoring/versions/{version_id}/approve", data={"comment": "Labi"}).status_code == 302
    db.session.expire_all()
    version = db.session.get(QuestionVersion, version_id)
    assert version.state == "approved" and version.reviewer_id == reviewer.id
    assert db.session.get(Question, version.question_id).is_live


def test_form_problems_are_shown_in_the_users_language_and_nothing_is_saved(client, auth, make_user, synced_bank):
    auth.login(make_user(Role.TEACHER, locale="ru"))
    response = client.post("/authoring/questions/new", data={**NEW_QUESTION, "text-lv": "", "correct": "f"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'aria-invalid="true"' in page and "Сколько лет длятся полномочия Сейма?" in page  # typed text kept
    assert db.session.scalar(select(Question).where(Question.origin == "app")) is None


def test_an_edit_waits_for_approval_while_learners_keep_the_published_text(client, auth, make_user, synced_bank):
    auth.login(make_user(Role.TEACHER))
    form = client.get("/authoring/questions/t-sat-001/edit").get_data(as_text=True)
    assert 'value="Cik deputātu ir Saeimā?"' in form or ">Cik deputātu ir Saeimā?</textarea>" in form
    data = {"type": "single", "topic": "satversme/ch2-saeima", "difficulty": "1", "text-lv": "Cik deputātu ievēl Saeimā?",
            "option-a-lv": "100", "option-b-lv": "120", "option-c-lv": "150", "correct": "a",
            "source": "Latvijas Republikas Satversme, 5. pants", "articles": "5", "explanation-lv": "Simts."}
    edited = client.post("/authoring/questions/t-sat-001/edit", data=data)
    assert edited.status_code == 302
    assert db.session.get(Question, "t-sat-001").text["lv"] == "Cik deputātu ir Saeimā?"
    page = client.get(f"/authoring/versions/{_version_id(edited)}").get_data(as_text=True)
    assert "<del>ir</del>" in page and "<ins>ievēl</ins>" in page  # the readable diff
    again = client.post("/authoring/questions/t-sat-001/edit", data=data)
    assert "/authoring/questions/t-sat-001" in again.headers["Location"]  # unchanged: no new version


GIFT = "$CATEGORY: satversme/ch2-saeima\n\n::Saeima:: Vai Saeimā ir 100 deputātu? {T}\n\n::Skaitlis:: Kas ir 2+2? {#4}\n"


def test_import_previews_then_writes_drafts_on_confirmation(client, auth, make_user, synced_bank):
    auth.login(make_user(Role.TEACHER))
    response = client.post("/authoring/import", data={"file": (io.BytesIO(GIFT.encode()), "quiz.gift"),
                                                      "language": "lv", "format": "auto"},
                           content_type="multipart/form-data")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "line 3" in page and "line 5" in page and "Saeima" in page
    assert db.session.scalar(select(Question).where(Question.origin == "app")) is None  # nothing yet
    upload_id = re.search(r"/authoring/import/(\d+)", page).group(1)
    confirmed = client.post(f"/authoring/import/{upload_id}", data={"topic": ""})
    assert confirmed.status_code == 302
    imported = db.session.scalars(select(Question).where(Question.origin == "app")).all()
    assert [(q.type, q.status, q.topic_id) for q in imported] == [("true_false", "draft", "satversme")]


def test_a_broken_file_gets_its_line_and_nothing_is_kept(client, auth, make_user, synced_bank):
    auth.login(make_user(Role.TEACHER))
    response = client.post("/authoring/import", data={"file": (io.BytesIO(b"::Q:: Kas? {=J\xc4\x81 ~N\xc4\x93\n"), "q.gift")},
                           content_type="multipart/form-data")
    assert response.status_code == 422
    assert "line 1" in response.get_data(as_text=True)


def test_export_downloads_moodle_xml_of_a_topic(client, auth, make_user, synced_bank):
    auth.login(make_user(Role.ADMIN))
    response = client.get("/authoring/export?format=moodle&topic=satversme")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    body = response.get_data(as_text=True)
    assert "<quiz>" in body and "t-sat-001" in body and "t-hist-001" not in body


def test_flag_for_review_and_clear(client, auth, make_user, synced_bank):
    teacher = make_user(Role.TEACHER)
    auth.login(teacher)
    client.post("/authoring/questions/t-sat-001/flag", data={"comment": "Vai atslēga ir pareiza?"})
    flag = db.session.scalar(select(QuestionFlag))
    assert flag.reasons == ["teacher"] and flag.comment == "Vai atslēga ir pareiza?"
    assert "Vai atslēga ir pareiza?" in client.get("/authoring/").get_data(as_text=True)
    client.post(f"/authoring/flags/{flag.id}/resolve")
    db.session.expire_all()
    assert db.session.get(QuestionFlag, flag.id).resolved_by == teacher.id
