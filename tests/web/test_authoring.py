"""Questions written, edited, reviewed and imported in the app (issue 14): what learners may see,
versions, check-by dates, and `flask bank sync` beside in-app edits."""
import shutil
from datetime import timedelta

import pytest
from sqlalchemy import select

from lsk_learn.auth.roles import Role
from lsk_learn.authoring import services as authoring
from lsk_learn.bank.loader import load_bank
from lsk_learn.bank.models import Question
from lsk_learn.bank.sync import sync_bank
from lsk_learn.bank.versions import APPROVED, DRAFT, RETURNED, SUBMITTED, QuestionVersion
from lsk_learn.core.time import riga_today, utcnow
from lsk_learn.exams import draw_queries
from lsk_learn.exams.models import ExamItem
from lsk_learn.exchange.model import ExchangeQuestion
from lsk_learn.extensions import db

from .test_exams import latest_attempt, start
from .test_bank_sync import FIXTURE_BANK


def _fields(text="Cik gadus ilgst Saeimas pilnvaras?", **extra) -> dict:
    return {"topic_id": "satversme", "subtopic": "ch2-saeima", "type": "single", "difficulty": 1,
            "text": {"lv": text, "ru": "Сколько лет длятся полномочия Сейма?", "en": "How long is the Saeima's term?"},
            "options": [{"id": "a", "lv": "Četrus gadus", "ru": "Четыре года", "en": "Four years"},
                        {"id": "b", "lv": "Trīs gadus", "ru": "Три года", "en": "Three years"},
                        {"id": "c", "lv": "Piecus gadus", "ru": "Пять лет", "en": "Five years"}],
            "answer": "a", "source": "Latvijas Republikas Satversme, 10. pants", "articles": [10],
            "explanation": {"lv": "Saeimu ievēl uz četriem gadiem.", "ru": "Сейм избирается на четыре года.",
                            "en": "The Saeima is elected for four years."}, **extra}


def _pool() -> set[str]:
    return {q for ids in draw_queries._questions_by_subtopic(("satversme",)).values() for q in ids}


@pytest.fixture
def people(make_user):
    return make_user(Role.TEACHER), make_user(Role.TEACHER), make_user(Role.LEARNER)


def test_a_draft_reaches_no_learner_until_another_teacher_approves_it(exam_bank, people):
    author, reviewer, _learner = people
    version = authoring.create_question(_fields(), author.id, utcnow())
    question_id = version.question_id
    assert question_id.startswith("satversme-ch2-saeima-app-")
    assert db.session.get(Question, question_id).is_live is False
    assert question_id not in _pool()

    with pytest.raises(authoring.AuthoringError) as refused:
        authoring.approve(version, reviewer.id, utcnow())
    assert refused.value.code == "not_submitted"
    authoring.submit_for_review(version, author.id)
    assert version.state == SUBMITTED and question_id not in _pool()
    with pytest.raises(authoring.AuthoringError) as own:
        authoring.approve(version, author.id, utcnow())
    assert own.value.code == "own_version"

    authoring.approve(version, reviewer.id, utcnow())
    assert version.state == APPROVED
    assert db.session.get(Question, question_id).is_live
    assert question_id in _pool()


def test_approval_needs_what_the_bank_checker_needs(exam_bank, people):
    author, reviewer, _learner = people
    version = authoring.create_question(_fields(source=None, articles=[]), author.id, utcnow())
    authoring.submit_for_review(version, author.id)
    with pytest.raises(authoring.AuthoringError) as refused:
        authoring.approve(version, reviewer.id, utcnow())
    assert refused.value.code == "problems"
    assert "missing 'source'" in refused.value.detail
    assert "Satversme questions must name their article(s)" in refused.value.detail
    authoring.send_back(version, reviewer.id, "Add the source and the article, please.", utcnow())
    assert version.state == RETURNED and version.review_comment.startswith("Add the source")
    assert not db.session.get(Question, version.question_id).is_live


def test_an_old_attempt_keeps_the_version_it_showed(client, auth, exam_bank, people):
    author, reviewer, learner = people
    auth.login(learner)
    assert start(client, "knowledge").status_code == 302
    attempt = latest_attempt()
    shown = {item.question_id: item.question_version_id for item in attempt.items if item.question_id}
    assert all(shown.values()), "every drawn question carries the version shown"
    bank_question = next(q for q in shown if q.startswith("x-satversme"))
    before = db.session.get(Question, bank_question).text["lv"]

    edited = authoring.edit_question(bank_question, {**_question_fields(bank_question), "text": {
        "lv": "Labots teksts?", "ru": "Исправленный текст?", "en": "Corrected text?"}}, author.id, utcnow(),
        note="clearer wording")
    assert db.session.get(Question, bank_question).text["lv"] == before  # learners see the published text
    authoring.submit_for_review(edited, author.id)
    authoring.approve(edited, reviewer.id, utcnow())
    assert db.session.get(Question, bank_question).text["lv"] == "Labots teksts?"

    old = db.session.get(QuestionVersion, shown[bank_question])
    assert old.content["text"]["lv"] == before and old.id != edited.id
    assert client.post(f"/exams/{attempt.id}/submit").status_code == 302
    results = client.get(f"/exams/{attempt.id}/results").get_data(as_text=True)
    assert before in results and "Labots teksts?" not in results  # as the learner saw it
    versions = authoring.history(bank_question)
    assert [v.number for v in versions] == [1, 2] and versions[0].content["text"]["lv"] == before


def _question_fields(question_id: str) -> dict:
    row = db.session.get(Question, question_id)
    return {name: getattr(row, name) for name in (
        "topic_id", "subtopic", "type", "difficulty", "text", "options", "prompts", "answer", "explanation",
        "source", "source_url", "articles", "passage_id", "review_by")}


def test_a_question_past_its_check_by_date_leaves_mock_exams(exam_bank):
    question = db.session.get(Question, "x-satversme-ch2-saeima-1")
    question.review_by = riga_today() - timedelta(days=1)
    db.session.commit()
    assert "x-satversme-ch2-saeima-1" not in _pool()
    question.review_by = riga_today()
    db.session.commit()
    assert "x-satversme-ch2-saeima-1" in _pool()


def test_new_exam_items_record_the_published_version(client, auth, exam_bank, people):
    _author, _reviewer, learner = people
    auth.login(learner)
    assert start(client, "knowledge").status_code == 302
    items = db.session.scalars(select(ExamItem).where(ExamItem.attempt_id == latest_attempt().id,
                                                      ExamItem.question_id.is_not(None))).all()
    for item in items:
        version = db.session.get(QuestionVersion, item.question_version_id)
        assert version.question_id == item.question_id and version.state == APPROVED


@pytest.fixture
def bank_copy(app, tmp_path):
    root = tmp_path / "bank"
    shutil.copytree(FIXTURE_BANK, root)
    return root


def test_sync_never_overwrites_an_app_edit_and_lists_a_conflict(bank_copy, people):
    author, reviewer, _learner = people
    sync_bank(load_bank(bank_copy), utcnow())
    fields = _question_fields("t-sat-001")
    edited = authoring.edit_question("t-sat-001", {**fields, "difficulty": 2}, author.id, utcnow())
    authoring.submit_for_review(edited, author.id)
    authoring.approve(edited, reviewer.id, utcnow())

    again = sync_bank(load_bank(bank_copy), utcnow())  # the files as before: the edit stands
    assert db.session.get(Question, "t-sat-001").difficulty == 2
    assert again.kept == ["t-sat-001"] and again.conflicts == []

    path = bank_copy / "questions" / "satversme" / "ch2-saeima.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Cik deputātu ir Saeimā?", "Cik deputātu ievēl Saeimā?"),
                    encoding="utf-8")
    changed = sync_bank(load_bank(bank_copy), utcnow())
    assert db.session.get(Question, "t-sat-001").difficulty == 2  # nothing overwritten
    assert db.session.get(Question, "t-sat-001").text["lv"] == "Cik deputātu ir Saeimā?"
    assert len(changed.conflicts) == 1 and changed.conflicts[0].startswith("t-sat-001: changed in the files")
    assert any(line.startswith("CONFLICT t-sat-001") for line in changed.lines())


def test_a_sync_conflict_is_listed_for_reviewers_until_decided(client, auth, bank_copy, people):
    from lsk_learn.bank.conflicts import SyncConflict

    author, reviewer, _learner = people
    sync_bank(load_bank(bank_copy), utcnow())
    edited = authoring.edit_question("t-sat-001", {**_question_fields("t-sat-001"), "difficulty": 2}, author.id, utcnow())
    authoring.submit_for_review(edited, author.id)
    authoring.approve(edited, reviewer.id, utcnow())
    path = bank_copy / "questions" / "satversme" / "ch2-saeima.yaml"
    original = path.read_text(encoding="utf-8")
    path.write_text(original.replace("Cik deputātu ir Saeimā?", "Cik deputātu ievēl Saeimā?"), encoding="utf-8")
    sync_bank(load_bank(bank_copy), utcnow())
    sync_bank(load_bank(bank_copy), utcnow())  # found again: still one open conflict, not two
    assert [(c.kind, c.item_id) for c in db.session.scalars(select(SyncConflict))] == [("question", "t-sat-001")]

    auth.login(reviewer)
    home = client.get("/authoring/").get_data(as_text=True)
    listed = home.split('id="conflicts-title"')[1].split("</section>")[0]
    assert "(1)" in listed and 'href="/authoring/questions/t-sat-001"' in listed and "changed in the files" in listed
    conflict = db.session.scalar(select(SyncConflict))
    response = client.post(f"/authoring/conflicts/{conflict.id}/resolve", data={"note": "  kept the app's, exported  "})
    assert response.status_code == 302
    db.session.expire_all()
    assert (conflict.resolved_by, conflict.resolution) == (reviewer.id, "kept the app's, exported")
    assert "t-sat-001" not in client.get("/authoring/").get_data(as_text=True).split('id="conflicts-title"')[1].split("</section>")[0]
    assert client.post(f"/authoring/conflicts/{conflict.id}/resolve").status_code == 404  # decided already

    sync_bank(load_bank(bank_copy), utcnow())  # the files still differ: it is a conflict again
    reopened = db.session.scalar(select(SyncConflict).where(SyncConflict.resolved_at.is_(None)))
    assert reopened is not None and reopened.id != conflict.id
    path.write_text(original, encoding="utf-8")  # the files as the app's text was based on: no conflict
    sync_bank(load_bank(bank_copy), utcnow())
    db.session.expire_all()
    assert reopened.resolved_at is not None and reopened.resolved_by is None  # closed by the sync


def test_sync_leaves_questions_written_in_the_app_alone(bank_copy, people):
    author, reviewer, _learner = people
    sync_bank(load_bank(bank_copy), utcnow())
    version = authoring.create_question(_fields(), author.id, utcnow())
    authoring.submit_for_review(version, author.id)
    authoring.approve(version, reviewer.id, utcnow())
    sync_bank(load_bank(bank_copy), utcnow())
    row = db.session.get(Question, version.question_id)
    assert row.retired_at is None and row.is_live


def test_an_import_is_written_whole_as_drafts_or_not_at_all(exam_bank, people):
    author, _reviewer, _learner = people
    good = ExchangeQuestion(name="Saeima", question={k: v for k, v in _fields().items() if k not in ("topic_id", "subtopic")},
                            category=["Satversme", "ch2-saeima"])
    lost = ExchangeQuestion(name="nowhere", question={"type": "true_false", "text": {"lv": "Vai?"}, "answer": True},
                            category=["Unknown"])
    count = db.session.query(Question).count()
    with pytest.raises(authoring.AuthoringError) as refused:
        authoring.import_questions([good, lost], author.id, utcnow())
    assert refused.value.code == "no_topic"
    assert db.session.query(Question).count() == count  # the first was not kept either

    created = authoring.import_questions([good, lost], author.id, utcnow(),
                                         authoring.ImportChoice("satversme", "ch3-president"))
    assert [v.state for v in created] == [DRAFT, DRAFT]
    rows = [db.session.get(Question, v.question_id) for v in created]
    assert [(r.topic_id, r.subtopic) for r in rows] == [("satversme", "ch2-saeima"), ("satversme", "ch3-president")]
    assert not any(r.is_live for r in rows)


def test_the_migration_gives_every_question_its_first_version(empty_database_url):
    """0015: version 1 of each question as it stood, and the exam items and practice answers
    given before it tied to that version."""
    from datetime import datetime, timezone

    from flask_migrate import upgrade
    from sqlalchemy import text

    from lsk_learn import create_app
    from lsk_learn.config import TestConfig
    from tests.conftest import FIXTURE_BANK
    from tests.databases import insert_bank_rows

    at = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)
    app = create_app(TestConfig(empty_database_url, question_bank_path=str(FIXTURE_BANK)))
    with app.app_context():
        upgrade(revision="0014")
        tables = db.metadata.tables
        insert_bank_rows(load_bank(FIXTURE_BANK), tables)
        with db.engine.begin() as connection:
            connection.execute(text("INSERT INTO \"user\" (id, username, display_name, password_hash, role, is_enabled, "
                                    "must_change_password, large_text, created_at) VALUES "
                                    "(1, 'a', 'A', 'x', 'learner', true, false, false, :at)"), {"at": at})
            connection.execute(text("INSERT INTO exam_attempt (id, user_id, kind, parts, settings, status, started_at, "
                                    "deadline_at) VALUES (1, 1, 'knowledge', '[\"satversme\"]', '{}', 'in_progress', :at, :at)"),
                               {"at": at})
            connection.execute(text("INSERT INTO exam_item (attempt_id, part, position, question_id) VALUES "
                                    "(1, 'satversme', 0, 't-sat-001'), (1, 'anthem', 1, NULL)"))
            connection.execute(text("INSERT INTO practice_session (id, user_id, topic_id, mode, question_ids, started_at) "
                                    "VALUES (1, 1, 'history', 'practice', '[\"t-hist-001\"]', :at)"), {"at": at})
            connection.execute(text("INSERT INTO practice_answer (session_id, user_id, question_id, position, response, "
                                    "is_correct, score, answered_at) VALUES (1, 1, 't-hist-001', 0, '\"a\"', true, 1.0, :at)"),
                               {"at": at})
        upgrade()
        with db.engine.connect() as connection:
            versions = {row.question_id: (row.number, row.state, row.origin) for row in connection.execute(
                text("SELECT question_id, number, state, origin FROM question_version"))}
            items = connection.execute(text("SELECT question_id, question_version_id FROM exam_item ORDER BY position")).all()
            answer = connection.execute(text("SELECT question_version_id FROM practice_answer")).scalar_one()
            ids = dict(connection.execute(text("SELECT question_id, id FROM question_version")).all())
        db.session.remove()
        db.engine.dispose()
    assert versions["t-sat-001"] == (1, "approved", "bank")
    assert versions["t-hist-draft"] == (1, "draft", "bank")
    assert len(versions) == len(load_bank(FIXTURE_BANK).questions)
    assert [tuple(i) for i in items] == [("t-sat-001", ids["t-sat-001"]), (None, None)]
    assert answer == ids["t-hist-001"]


def test_item_statistics_are_kept_per_version(client, auth, exam_bank, people, make_user):
    """A question the figures flagged is edited: the programme's figures start afresh on the new
    version, and the question page shows each version's own (issue 14)."""
    from lsk_learn.cohorts.questions import refresh_programme_statistics
    from lsk_learn.cohorts.models import ProgrammeItemStats
    from lsk_learn.bank.versions import published_versions
    from lsk_learn.learn.models import PracticeAnswer
    from lsk_learn.review.models import PracticeSession

    author, reviewer, _learner = people
    question_id = "x-satversme-ch2-saeima-1"
    learners = [make_user(Role.LEARNER) for _ in range(4)]

    def answer(version_id: int, right: bool, minutes: int) -> None:
        for learner in learners:
            practice = PracticeSession(user_id=learner.id, topic_id="satversme", question_ids=[question_id],
                                       started_at=utcnow() - timedelta(minutes=minutes + 1))
            db.session.add(practice)
            db.session.flush()
            db.session.add(PracticeAnswer(session_id=practice.id, user_id=learner.id, question_id=question_id,
                                          question_version_id=version_id, position=0, response="a" if right else "b",
                                          is_correct=right, score=1.0 if right else 0.0,
                                          answered_at=utcnow() - timedelta(minutes=minutes)))
        db.session.commit()

    first = published_versions([question_id])[question_id]
    answer(first, right=False, minutes=30)  # everyone got version 1 wrong
    refresh_programme_statistics(utcnow())
    assert db.session.get(ProgrammeItemStats, question_id).wrong == 4

    edited = authoring.edit_question(question_id, {**_question_fields(question_id), "text": {
        "lv": "Skaidrāks jautājums?", "ru": "Более ясный вопрос?", "en": "A clearer question?"}}, author.id, utcnow())
    authoring.submit_for_review(edited, author.id)
    authoring.approve(edited, reviewer.id, utcnow())
    refresh_programme_statistics(utcnow())
    assert db.session.get(ProgrammeItemStats, question_id) is None  # nobody has answered version 2 yet
    answer(edited.id, right=True, minutes=5)
    refresh_programme_statistics(utcnow())
    figures = db.session.get(ProgrammeItemStats, question_id)
    assert (figures.answered, figures.wrong) == (4, 0)  # version 1's wrong answers no longer count

    auth.login(author)
    page = client.get(f"/authoring/questions/{question_id}").get_data(as_text=True)
    version_one, version_two = page.split(f'/authoring/versions/{first}"')[1], page.split(f'/authoring/versions/{edited.id}"')[1]
    assert "atbildes – 4, pareizi – 0 %" in version_one.split("</li>")[0]  # the author reads Latvian
    assert "atbildes – 4, pareizi – 100 %" in version_two.split("</li>")[0]
