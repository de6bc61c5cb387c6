"""Lessons edited in the app (issue 14): the preview is the learners' rendering, the lesson-date
rule on edits, drafts and review, versions with their diff, `flask bank sync` beside in-app edits,
the export back to the repository's files, and migration 0016."""
import io
import shutil
import zipfile

import pytest
from sqlalchemy import select

from lsk_learn.auth.roles import Role
from lsk_learn.authoring import lessons as authoring
from lsk_learn.bank.lesson_versions import APPROVED, DRAFT, FROM_BANK, SUBMITTED, LessonVersion
from lsk_learn.bank.loader import load_bank
from lsk_learn.bank.models import Lesson
from lsk_learn.bank.sync import sync_bank
from lsk_learn.core.time import utcnow
from lsk_learn.domain.lesson_edit import lesson_diff, read_lesson_form
from lsk_learn.extensions import db

from ..conftest import FIXTURE_BANK

LESSON = "t-lesson-proclamation"
NEW_LV = "# Valsts proklamēšana\n\nLatvijas valsti proklamēja **1918. gada 18. novembrī** Nacionālajā teātrī."


@pytest.fixture
def people(make_user):
    return make_user(Role.TEACHER), make_user(Role.TEACHER), make_user(Role.LEARNER)


def form(lv=NEW_LV, **extra):
    data = {"title-lv": "Valsts proklamēšana", "title-ru": "Провозглашение государства",
            "title-en": "The proclamation of the state", "body-lv": lv,
            "body-ru": "# Провозглашение государства\n\nЛатвийское государство было провозглашено **18 ноября 1918 года**.",
            "questions": "t-hist-001", "sources": "president.lv: Latvijas valsts vēsture", "note": "teātris"}
    data.update(extra)
    return data


def learner_body(client, auth, learner) -> str:
    auth.login(learner)
    page = client.get(f"/learn/lessons/{LESSON}").get_data(as_text=True)
    auth.logout()
    return page


def test_an_edit_is_a_draft_until_another_teacher_approves_it(client, auth, synced_bank, people):
    author, reviewer, learner = people
    assert [v.number for v in db.session.scalars(select(LessonVersion))] == [1]  # sync wrote version 1
    auth.login(author)
    page = client.get(f"/authoring/lessons/{LESSON}/edit").get_data(as_text=True)
    assert "Latvijas valsti proklamēja" in page and 'data-preview-url="/authoring/lessons/' in page
    response = client.post(f"/authoring/lessons/{LESSON}/edit", data={**form(), "action": "save"})
    assert response.status_code == 302
    version = db.session.scalars(select(LessonVersion).order_by(LessonVersion.number.desc())).first()
    assert (version.number, version.state, version.author_id, version.note) == (2, DRAFT, author.id, "teātris")
    assert "Nacionālajā teātrī" not in learner_body(client, auth, learner)  # learners keep the published text

    auth.login(author)
    page = client.get(f"/authoring/lesson-versions/{version.id}").get_data(as_text=True)
    assert "<ins> Nacionālajā teātrī</ins>" in page  # the word diff against version 1
    client.post(f"/authoring/lesson-versions/{version.id}/submit")
    assert version.state == SUBMITTED
    client.post(f"/authoring/lesson-versions/{version.id}/approve")  # nobody approves their own
    db.session.refresh(version)
    assert version.state == SUBMITTED
    auth.logout()

    auth.login(reviewer)
    client.post(f"/authoring/lesson-versions/{version.id}/approve", data={"comment": "labi"})
    db.session.refresh(version)
    assert (version.state, version.reviewer_id, version.review_comment) == (APPROVED, reviewer.id, "labi")
    auth.logout()
    page = learner_body(client, auth, learner)
    assert "Nacionālajā teātrī" in page


def test_the_preview_is_the_learners_rendering_and_says_what_the_date_rule_says(client, auth, synced_bank, people):
    author, reviewer, learner = people
    auth.login(author)
    # the no-JavaScript "Preview" button: the same form, nothing saved
    page = client.post(f"/authoring/lessons/{LESSON}/edit", data={**form(), "action": "preview"}).get_data(as_text=True)
    assert "Nacionālajā teātrī" in page and db.session.query(LessonVersion).count() == 1
    # the script's endpoint: the fragment alone
    fragment = client.post(f"/authoring/lessons/{LESSON}/preview", data=form()).get_data(as_text=True)
    assert "<html" not in fragment and "<strong>1918. gada 18. novembrī</strong>" in fragment
    # raw HTML is dropped, as for learners; the first heading (the title) too
    hostile = client.post(f"/authoring/lessons/{LESSON}/preview",
                          data=form(lv="# Valsts proklamēšana\n\nTeksts\n\n<script>alert(1)</script>")).get_data(as_text=True)
    assert "<script>alert" not in hostile and "<h2>Valsts proklamēšana" not in hostile
    # the lesson-date rule: "1991. Latvija ..." at a line start is a list starting at 1991
    dated = form(lv="Vēsture\n\n1991. Latvija atguva neatkarību.")
    fragment = client.post(f"/authoring/lessons/{LESSON}/preview", data=dated).get_data(as_text=True)
    assert "3. rinda" in fragment and "1991\\." in fragment
    refused = client.post(f"/authoring/lessons/{LESSON}/edit", data={**dated, "action": "save"})
    assert refused.status_code == 422 and "1991\\." in refused.get_data(as_text=True)
    assert db.session.query(LessonVersion).count() == 1
    fixed = client.post(f"/authoring/lessons/{LESSON}/edit",
                        data={**form(lv="Vēsture\n\n1991\\. Latvija atguva neatkarību."), "action": "save"})
    assert fixed.status_code == 302

    # what the editor previewed is, once approved, exactly what the learner's page shows
    version = db.session.scalars(select(LessonVersion).where(LessonVersion.number == 2)).one()
    preview = client.post(f"/authoring/lessons/{LESSON}/preview",
                          data=form(lv="Vēsture\n\n1991\\. Latvija atguva neatkarību.")).get_data(as_text=True)
    authoring.submit_lesson(version, author.id)
    authoring.approve_lesson(version, reviewer.id, utcnow())
    auth.logout()
    learner_page = learner_body(client, auth, learner)
    shown = "<p>1991. Latvija atguva neatkarību.</p>"
    assert shown in preview and shown in learner_page


def test_a_missing_latvian_text_or_an_unknown_question_is_refused(client, auth, synced_bank, people):
    author, _reviewer, _learner = people
    auth.login(author)
    response = client.post(f"/authoring/lessons/{LESSON}/edit", data={**form(lv=""), "action": "save"})
    assert response.status_code == 422 and 'aria-invalid="true"' in response.get_data(as_text=True)
    response = client.post(f"/authoring/lessons/{LESSON}/edit", data={**form(questions="t-nope"), "action": "save"})
    assert response.status_code == 422 and "t-nope" in response.get_data(as_text=True)
    unchanged = client.post(f"/authoring/lessons/{LESSON}/edit", data={
        **form(lv=db.session.get(Lesson, LESSON).body["lv"],
               **{"body-ru": db.session.get(Lesson, LESSON).body["ru"]}), "action": "save"})
    assert unchanged.status_code == 302 and db.session.query(LessonVersion).count() == 1
    assert client.post("/authoring/lessons/nope/edit", data=form()).status_code == 404


def test_sent_back_with_a_comment(synced_bank, people):
    author, reviewer, _learner = people
    lesson = db.session.get(Lesson, LESSON)
    content, _problems = read_lesson_form({k: [v] for k, v in form().items()}, authoring.latest_lesson_version(LESSON).content)
    version = authoring.edit_lesson(LESSON, content, author.id, utcnow())
    authoring.submit_lesson(version, author.id)
    with pytest.raises(authoring.AuthoringError):
        authoring.send_back_lesson(version, reviewer.id, "  ", utcnow())
    authoring.send_back_lesson(version, reviewer.id, "Kurā teātrī?", utcnow())
    assert version.state == "returned" and version.review_comment == "Kurā teātrī?"
    assert lesson.body["lv"] != content["body"]["lv"]
    assert [(c.field, c.language) for c in lesson_diff(authoring.latest_lesson_version(LESSON).content, {
        **version.content, "title": {**version.content["title"], "ru": "Провозглашение"}})] == [("title", "ru")]


def test_the_export_is_the_repositorys_format_and_passes_the_check(client, auth, synced_bank, people, tmp_path):
    author, reviewer, _learner = people
    content, _ = read_lesson_form({k: [v] for k, v in form(**{"title-en": 'The "proclamation"\u2028'}).items()},
                                  authoring.latest_lesson_version(LESSON).content)
    version = authoring.edit_lesson(LESSON, content, author.id, utcnow())
    auth.login(author)
    assert client.get(f"/authoring/lesson-versions/{version.id}/export").status_code == 404  # not approved
    authoring.submit_lesson(version, author.id)
    authoring.approve_lesson(version, reviewer.id, utcnow())
    response = client.get(f"/authoring/lesson-versions/{version.id}/export")
    assert response.mimetype == "application/zip"
    bank = tmp_path / "bank"
    shutil.copytree(FIXTURE_BANK, bank)
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        assert sorted(archive.namelist()) == ["lessons/history/01-proclamation.md", "lessons/history/01-proclamation.ru.md"]
        archive.extractall(bank)
    single = client.get(f"/authoring/lesson-versions/{version.id}/export?file=ru")
    assert single.get_data(as_text=True).startswith("# Провозглашение")
    assert client.get(f"/authoring/lesson-versions/{version.id}/export?file=en").status_code == 404  # no en text
    loaded = load_bank(bank)
    assert loaded.ok, [str(p) for p in loaded.problems]
    [item] = [lesson for lesson in loaded.lessons if lesson.id == LESSON]
    assert item.body == content["body"] and item.title == content["title"] and item.sources == content["sources"]

    # committed back: the next sync records it as the files' version, and the lesson is the files' again
    report = sync_bank(loaded, utcnow())
    assert report.conflicts == [] and report.kept_lessons == []
    latest = authoring.latest_lesson_version(LESSON)
    assert (latest.number, latest.origin, latest.content_hash) == (3, FROM_BANK, version.content_hash)


def test_sync_keeps_an_approved_edit_and_reports_a_conflict(synced_bank, people, tmp_path):
    author, reviewer, _learner = people
    content, _ = read_lesson_form({k: [v] for k, v in form().items()}, authoring.latest_lesson_version(LESSON).content)
    version = authoring.edit_lesson(LESSON, content, author.id, utcnow())
    authoring.submit_lesson(version, author.id)
    authoring.approve_lesson(version, reviewer.id, utcnow())

    report = sync_bank(load_bank(FIXTURE_BANK), utcnow())  # the files as they were: the edit stands
    assert report.kept_lessons == [LESSON] and "Nacionālajā" in db.session.get(Lesson, LESSON).body["lv"]

    bank = tmp_path / "bank"
    shutil.copytree(FIXTURE_BANK, bank)
    path = bank / "lessons" / "history" / "01-proclamation.md"
    path.write_text(path.read_text(encoding="utf-8").replace("18. novembrī**.", "18. novembrī** Rīgā."), encoding="utf-8")
    report = sync_bank(load_bank(bank), utcnow())
    assert [line.split(":")[0] for line in report.conflicts] == [LESSON]
    lesson = db.session.get(Lesson, LESSON)
    assert "Nacionālajā" in lesson.body["lv"] and "Rīgā" not in lesson.body["lv"]  # nothing overwritten
    assert authoring.latest_lesson_version(LESSON).id == version.id  # and no version added


def test_a_file_change_while_an_edit_waits_is_said(synced_bank, people, tmp_path):
    author, _reviewer, _learner = people
    content, _ = read_lesson_form({k: [v] for k, v in form().items()}, authoring.latest_lesson_version(LESSON).content)
    authoring.edit_lesson(LESSON, content, author.id, utcnow())
    bank = tmp_path / "bank"
    shutil.copytree(FIXTURE_BANK, bank)
    path = bank / "lessons" / "history" / "01-proclamation.md"
    path.write_text(path.read_text(encoding="utf-8").replace("18. novembrī**.", "18. novembrī** Rīgā."), encoding="utf-8")
    report = sync_bank(load_bank(bank), utcnow())
    assert "waits" in report.conflicts[0] and "Rīgā" in db.session.get(Lesson, LESSON).body["lv"]
    assert authoring.latest_lesson_version(LESSON).number == 3


def test_the_migration_gives_every_lesson_its_first_version_and_goes_back(empty_database_url):
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import inspect, text

    from lsk_learn import create_app
    from lsk_learn.config import TestConfig
    from tests.databases import insert_bank_rows

    app = create_app(TestConfig(empty_database_url, question_bank_path=str(FIXTURE_BANK)))
    with app.app_context():
        upgrade(revision="0015")
        insert_bank_rows(load_bank(FIXTURE_BANK), db.metadata.tables)
        upgrade(revision="0016")
        with db.engine.connect() as connection:
            versions = connection.execute(text("SELECT lesson_id, number, state, origin, content_hash FROM lesson_version")).all()
        db.session.remove()
        downgrade(revision="0015")
        after = set(inspect(db.engine).get_table_names())
        upgrade(revision="0016")
        db.session.remove()
        db.engine.dispose()
    bank = load_bank(FIXTURE_BANK)
    from lsk_learn.bank.lesson_versions import lesson_content_hash
    [lesson] = bank.lessons
    assert [tuple(v) for v in versions] == [(LESSON, 1, "approved", "bank", lesson_content_hash(lesson.record()))]
    assert "lesson_version" not in after
