"""Moodle imports keep their embedded files and their essays (issue 14): images and audio stored
as attachments (checked by their bytes, served to whom may see the question, written back on
export), essays as draft writing tasks that reach no learner or mock exam until approved."""
import base64
import io
import random
import re
import struct
import wave
import zlib

import pytest
from sqlalchemy import select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from lsk_learn.attachments.models import QuestionAttachment
from lsk_learn.attachments.services import MAX_ATTACHMENT_BYTES
from lsk_learn.attachments import storage
from lsk_learn.auth.roles import Role
from lsk_learn.authoring import services as authoring
from lsk_learn.bank.models import BankTask, Question
from lsk_learn.bank.versions import QuestionVersion
from lsk_learn.core.time import utcnow
from lsk_learn.exams import draw_queries
from lsk_learn.extensions import db
from lsk_learn.review.models import PracticeSession


def png_bytes(width: int = 2, height: int = 1) -> bytes:
    """A real (tiny) PNG image."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    rows = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def wav_bytes() -> bytes:
    """A real (short, silent) WAV recording."""
    out = io.BytesIO()
    with wave.open(out, "wb") as recording:
        recording.setnchannels(1)
        recording.setsampwidth(2)
        recording.setframerate(8000)
        recording.writeframes(b"\x00\x00" * 800)
    return out.getvalue()


def encoded(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def moodle_file(image: bytes, audio: bytes, image_name: str = "karogs.png", essay: bool = True) -> bytes:
    """A quiz as Moodle 4 writes it: a category, a multichoice with an image and a recording in its
    text (<file name path encoding="base64"> under <questiontext>), and an essay."""
    essay_xml = """
  <question type="essay">
    <name><text>Vēstule draugam</text></name>
    <questiontext format="html"><text><![CDATA[<p>Uzrakstiet vēstuli draugam Jānim un ielūdziet viņu uz svētkiem.</p>]]></text></questiontext>
    <generalfeedback format="html"><text></text></generalfeedback>
    <defaultgrade>10.0000000</defaultgrade>
    <penalty>0.0000000</penalty>
    <hidden>0</hidden>
    <idnumber></idnumber>
    <responseformat>editor</responseformat>
    <responserequired>1</responserequired>
    <responsefieldlines>15</responsefieldlines>
    <minwordlimit>50</minwordlimit>
    <maxwordlimit>70</maxwordlimit>
    <attachments>0</attachments>
    <graderinfo format="plain_text"><text>Sveiks, Jāni!
Sestdien man būs dzimšanas diena. Nāc ciemos!
Tavs Pēteris</text></graderinfo>
    <responsetemplate format="html"><text></text></responsetemplate>
  </question>""" if essay else ""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="category">
    <category><text>$course$/top/satversme/ch2-saeima</text></category>
  </question>
  <question type="multichoice">
    <name><text>Karoga krāsa</text></name>
    <questiontext format="html">
      <text><![CDATA[<p>Kāda krāsa ir karogā attēlā? <img src="@@PLUGINFILE@@/{image_name}" alt="Latvijas karogs"></p><p><a href="@@PLUGINFILE@@/himna.wav">Himna</a></p>]]></text>
      <file name="{image_name}" path="/" encoding="base64">{encoded(image)}</file>
      <file name="himna.wav" path="/" encoding="base64">{encoded(audio)}</file>
    </questiontext>
    <generalfeedback format="html"><text><![CDATA[<p>Karogs ir karmīnsarkans ar baltu svītru.</p><p>Avots: Latvijas Republikas Satversme, 4. pants</p>]]></text></generalfeedback>
    <defaultgrade>1.0000000</defaultgrade>
    <penalty>0.3333333</penalty>
    <hidden>0</hidden>
    <idnumber></idnumber>
    <single>true</single>
    <shuffleanswers>false</shuffleanswers>
    <answernumbering>abc</answernumbering>
    <answer fraction="100" format="html"><text>Karmīnsarkana un balta</text><feedback format="html"><text></text></feedback></answer>
    <answer fraction="0" format="html"><text>Zila un balta</text><feedback format="html"><text></text></feedback></answer>
    <answer fraction="0" format="html"><text>Zaļa un balta</text><feedback format="html"><text></text></feedback></answer>
    <tags><tag><text>article-4</text></tag></tags>
  </question>{essay_xml}
</quiz>""".encode("utf-8")


@pytest.fixture
def files_dir(app, tmp_path):
    app.config["ATTACHMENT_DIR"] = str(tmp_path / "attachments")
    yield tmp_path / "attachments"
    app.config["ATTACHMENT_DIR"] = None


@pytest.fixture
def people(make_user):
    return make_user(Role.TEACHER, locale="en"), make_user(Role.TEACHER, locale="en"), make_user(Role.LEARNER, locale="en")


def preview_page(client, data: bytes):
    # encoded in memory: the test client spools a large body to a temporary file it never closes
    boundary, body = encode_multipart({"file": FileStorage(io.BytesIO(data), "quiz.xml"), "format": "auto",
                                       "language": "lv"})
    return client.post("/authoring/import", data=body, content_type=f"multipart/form-data; boundary={boundary}")


def import_via_pages(client, data: bytes):
    page = preview_page(client, data)
    assert page.status_code == 200, page.get_data(as_text=True)
    upload_id = re.search(r"/authoring/import/(\d+)", page.get_data(as_text=True)).group(1)
    return page, client.post(f"/authoring/import/{upload_id}", data={"topic": ""})


def imported_question() -> Question:
    return db.session.scalars(select(Question).where(Question.origin == "app")).one()


def publish(question_id: str, author, reviewer) -> None:
    version = db.session.scalars(select(QuestionVersion).where(QuestionVersion.question_id == question_id)).one()
    authoring.submit_for_review(version, author.id)
    authoring.approve(version, reviewer.id, utcnow())


def test_import_stores_the_image_and_the_recording_checked_by_their_bytes(client, auth, synced_bank, files_dir, people):
    author, _reviewer, _learner = people
    auth.login(author)
    image, audio = png_bytes(), wav_bytes()
    page, confirmed = import_via_pages(client, moodle_file(image, audio))
    assert "imported as a draft writing task" in page.get_data(as_text=True)
    assert confirmed.status_code == 302
    question = imported_question()
    assert "![Latvijas karogs](attachment:karogs.png)" in question.text["lv"]
    rows = {a.name: a for a in db.session.scalars(select(QuestionAttachment))}
    assert {name: (a.question_id, a.media_type, a.size) for name, a in rows.items()} == {
        "karogs.png": (question.id, "image/png", len(image)), "himna.wav": (question.id, "audio/wav", len(audio))}
    assert storage.path_of(rows["karogs.png"].sha256).read_bytes() == image
    assert storage.path_of(rows["karogs.png"].sha256).is_relative_to(files_dir)


def test_the_question_page_and_practice_show_the_image_and_a_draft_s_file_is_refused_to_a_learner(
        client, auth, synced_bank, files_dir, people):
    author, reviewer, learner = people
    auth.login(author)
    image = png_bytes()
    import_via_pages(client, moodle_file(image, wav_bytes()))
    question = imported_question()
    url = f"/attachments/{question.id}/karogs.png"

    page = client.get(f"/authoring/questions/{question.id}").get_data(as_text=True)
    assert f'<img class="question-image" src="{url}" alt="Latvijas karogs">' in page
    served = client.get(url)
    assert served.status_code == 200 and served.data == image
    assert served.mimetype == "image/png" and served.headers["X-Content-Type-Options"] == "nosniff"
    again = client.get(url, headers={"If-None-Match": served.headers["ETag"]})
    assert again.status_code == 304  # conditional: the browser keeps its copy

    auth.logout()
    auth.login(learner)
    assert client.get(url).status_code == 404  # a draft's file: authors and reviewers only
    auth.logout()

    publish(question.id, author, reviewer)
    auth.login(learner)
    session = PracticeSession(user_id=learner.id, topic_id=question.topic_id, question_ids=[question.id],
                              started_at=utcnow())
    db.session.add(session)
    db.session.commit()
    practice = client.get(f"/learn/practice/{session.id}").get_data(as_text=True)
    assert f'<img class="question-image" src="{url}" alt="Latvijas karogs">' in practice
    assert f'src="/attachments/{question.id}/himna.wav"' in practice
    assert client.get(url).data == image
    assert client.get(f"/attachments/{question.id}/nav.png").status_code == 404


@pytest.mark.parametrize("image,name,problem", [
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * (MAX_ATTACHMENT_BYTES + 1), "liels.png", "a file may be at most 5 MB"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "zimejums.svg", "SVG images are not accepted"),
    (b"MZ\x90\x00 not a picture at all", "karogs.png", "not an image"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "karogs.png", "the name says image/png but the content is image/jpeg"),
])
def test_an_oversize_or_wrong_type_file_is_reported_and_nothing_is_imported(
        client, auth, synced_bank, files_dir, people, image, name, problem):
    author, _reviewer, _learner = people
    auth.login(author)
    data = moodle_file(image, wav_bytes(), image_name=name)
    page = preview_page(client, data)
    text = page.get_data(as_text=True)
    assert problem in text and "nothing can be imported" in text
    assert "/authoring/import/" not in text  # no button to import
    upload_id = db.session.execute(db.text("select max(id) from question_upload")).scalar()
    refused = client.post(f"/authoring/import/{upload_id}", data={"topic": ""})
    assert refused.status_code == 422
    assert db.session.scalars(select(Question).where(Question.origin == "app")).all() == []
    assert db.session.scalars(select(QuestionAttachment)).all() == []
    assert db.session.scalars(select(BankTask).where(BankTask.origin == "app")).all() == []


def test_a_refused_file_is_explained_in_the_teachers_language(client, auth, synced_bank, files_dir, make_user):
    auth.login(make_user(Role.TEACHER, locale="ru"))
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    text = preview_page(client, moodle_file(svg, wav_bytes(), image_name="zimejums.svg")).get_data(as_text=True)
    assert "«zimejums.svg»: изображения SVG не принимаются" in text and "SVG images are not accepted" not in text


def test_export_then_import_keeps_the_files(client, auth, synced_bank, files_dir, people):
    author, reviewer, _learner = people
    auth.login(author)
    image, audio = png_bytes(3, 2), wav_bytes()
    import_via_pages(client, moodle_file(image, audio, essay=False))
    question = imported_question()
    publish(question.id, author, reviewer)

    exported = client.get("/authoring/export?format=moodle&topic=satversme")
    assert exported.status_code == 200
    xml = exported.get_data(as_text=True)
    assert f'<file name="karogs.png" path="/" encoding="base64">{encoded(image)}</file>' in xml
    assert '@@PLUGINFILE@@/karogs.png' in xml

    # the file, edited elsewhere (its id number dropped), comes back as a new question with its files
    again = exported.data.replace(f"<idnumber>{question.id}</idnumber>".encode(), b"<idnumber></idnumber>")
    import_via_pages(client, again)
    copies = db.session.scalars(select(Question).where(Question.origin == "app", Question.id != question.id)).all()
    imported = [q for q in copies if "karogs.png" in q.text["lv"]]
    assert len(imported) == 1
    rows = {a.name: storage.load(a.sha256) for a in db.session.scalars(
        select(QuestionAttachment).where(QuestionAttachment.question_id == imported[0].id))}
    assert rows == {"karogs.png": image, "himna.wav": audio}


def _drawn_tasks() -> set[str]:
    return {task for seed in range(40) for task in draw_queries._task("writing", ("letter",), random.Random(seed))}


def test_an_essay_imports_as_a_draft_task_unseen_until_another_teacher_approves_it(
        client, auth, synced_bank, files_dir, people):
    author, reviewer, learner = people
    auth.login(author)
    import_via_pages(client, moodle_file(png_bytes(), wav_bytes()))
    task = db.session.scalars(select(BankTask).where(BankTask.origin == "app")).one()
    assert (task.status, task.kind, task.min_words, task.max_words, task.author_id) == ("draft", "letter", 50, 70, author.id)
    assert task.prompt["lv"].startswith("Uzrakstiet vēstuli draugam Jānim")
    assert task.model_answer.startswith("Sveiks, Jāni!")
    assert task.checklist == [{"id": "c1", "points": 10, "lv": "Saturs", "ru": "Содержание", "en": "Content"}]
    assert task.id not in _drawn_tasks()

    review_page = client.get("/authoring/").get_data(as_text=True)
    assert f"/authoring/tasks/{task.id}" in review_page
    client.post(f"/authoring/tasks/{task.id}/approve")
    assert db.session.get(BankTask, task.id).status == "draft"  # nobody approves their own import
    auth.logout()

    auth.login(learner)
    assert client.get(f"/authoring/tasks/{task.id}").status_code == 403
    auth.logout()

    auth.login(reviewer)
    assert client.post(f"/authoring/tasks/{task.id}/approve").status_code == 302
    db.session.expire_all()
    assert db.session.get(BankTask, task.id).status == "checked"
    assert task.id in _drawn_tasks()


def test_a_draft_task_can_be_deleted_by_a_reviewer(client, auth, synced_bank, files_dir, people):
    author, reviewer, _learner = people
    auth.login(author)
    import_via_pages(client, moodle_file(png_bytes(), wav_bytes()))
    task_id = db.session.scalars(select(BankTask.id).where(BankTask.origin == "app")).one()
    auth.logout()
    auth.login(reviewer)
    assert client.post(f"/authoring/tasks/{task_id}/delete").status_code == 302
    db.session.expire_all()
    assert db.session.get(BankTask, task_id) is None
    assert client.post(f"/authoring/tasks/{task_id}/delete").status_code == 404


def test_grader_information_with_points_becomes_the_checklist():
    from lsk_learn.domain.task_import import split_grader_info

    answer, checklist = split_grader_info("Sveiks!\nTavs Pēteris\n- Saturs: visi trīs punkti (3 p.)\n- Gramatika [2 punkti]")
    assert answer == "Sveiks!\nTavs Pēteris"
    assert checklist == [{"id": "c1", "points": 3, "lv": "Saturs: visi trīs punkti"},
                         {"id": "c2", "points": 2, "lv": "Gramatika"}]


def test_flask_bank_sync_leaves_imported_tasks_alone(client, auth, synced_bank, files_dir, people):
    from lsk_learn.bank.loader import load_bank
    from lsk_learn.bank.sync import sync_bank
    from tests.conftest import FIXTURE_BANK

    author, _reviewer, _learner = people
    auth.login(author)
    import_via_pages(client, moodle_file(png_bytes(), wav_bytes()))
    task_id = db.session.scalars(select(BankTask.id).where(BankTask.origin == "app")).one()
    sync_bank(load_bank(FIXTURE_BANK), utcnow())
    assert db.session.get(BankTask, task_id).retired_at is None
