"""Listening audio: the synthetic voice command, serving with ranges and cache headers, recordings
checked on upload and reviewed before learners hear them, and the mock exam's play limit."""
import io
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from lsk_learn.audio import services, synthetic
from lsk_learn.audio.models import APPROVED, RECORDED, SUBMITTED, SYNTHETIC, AudioFile, ExamAudioPlay
from lsk_learn.auth.roles import Role
from lsk_learn.bank.models import Passage, Question, Topic
from lsk_learn.core.time import utcnow
from lsk_learn.exams.models import ExamAttempt
from lsk_learn.extensions import db

SCRIPT = "Uzmanību, pasažieri! Autobuss uz Krāslavu atiet no piektā perona."


@pytest.fixture
def audio_dir(app, tmp_path):
    previous = app.config["AUDIO_DIR"]
    app.config["AUDIO_DIR"] = str(tmp_path / "audio")
    yield tmp_path / "audio"
    app.config["AUDIO_DIR"] = previous


@pytest.fixture
def listening(app):
    """A listening topic with one passage and one question about it (live)."""
    db.session.add(Topic(id="listening", exam="language", name={"lv": "Klausīšanās"},
                         subtopics=[{"id": "announcements", "lv": "Paziņojumi"}], position=9, content_hash="t"))
    db.session.flush()  # no relationship orders these inserts: the topic first, then the passage
    db.session.add(Passage(id="lis-1", topic_id="listening", subtopic="announcements", kind="announcement",
                           title={"lv": "Paziņojums autoostā"}, text=SCRIPT, translation={}, content_hash="p"))
    db.session.flush()
    db.session.add(Question(id="lis-1-q1", topic_id="listening", subtopic="announcements", type="single", difficulty=1,
                            status="checked", text={"lv": "No kura perona atiet autobuss?"},
                            options=[{"id": "a", "lv": "No piektā"}, {"id": "b", "lv": "No trešā"}], answer="a",
                            explanation={"lv": "Skriptā teikts: no piektā perona."}, source="Skripts, 2. rinda",
                            passage_id="lis-1", source_file="questions/listening/announcements.yaml", content_hash="q"))
    db.session.commit()
    return db.session.get(Passage, "lis-1")


def wav_bytes() -> bytes:
    return synthetic.render_wav("Labdien! Šis ir skolotājas ieraksts.")


def synthetic_file() -> AudioFile:
    return db.session.scalar(select(AudioFile).where(AudioFile.kind == SYNTHETIC))


def test_bank_audio_renders_and_skips_unchanged_scripts(runner, listening, audio_dir):
    result = runner.invoke(args=["bank", "audio"])
    assert result.exit_code == 0, result.output
    assert "1 rendered, 0 unchanged" in result.output
    first = synthetic_file()
    path = audio_dir / first.path
    assert path.read_bytes()[:4] == b"RIFF" and first.mime_type == "audio/wav" and first.size == path.stat().st_size
    assert first.duration_seconds > 1
    mtime, first_path, first_sha = path.stat().st_mtime_ns, first.path, first.sha256

    again = runner.invoke(args=["bank", "audio"])
    assert "0 rendered, 1 unchanged" in again.output
    assert path.stat().st_mtime_ns == mtime

    listening.text = SCRIPT + " Atvainojamies par neērtībām!"
    db.session.commit()
    changed = runner.invoke(args=["bank", "audio"])
    assert "1 rendered, 0 unchanged" in changed.output
    renewed = synthetic_file()
    assert renewed.path != first_path and renewed.sha256 != first_sha
    assert not path.exists() and (audio_dir / renewed.path).exists()  # the old file is removed
    assert db.session.scalar(select(db.func.count()).select_from(AudioFile)) == 1


def _player_url(page: str) -> str:
    found = re.search(r'<source src="([^"]+)" type="([^"]+)"', page)
    assert found, "no audio player on the page"
    return found.group(1)


def test_audio_is_served_with_ranges_types_and_cache_headers(client, auth, make_user, runner, listening, audio_dir):
    runner.invoke(args=["bank", "audio"])
    audio = synthetic_file()
    auth.login(make_user(Role.LEARNER, locale="en"))
    url = f"/audio/passages/lis-1/{audio.sha256[:16]}.wav"

    whole = client.get(url, buffered=True)
    assert whole.status_code == 200 and whole.headers["Content-Type"] == "audio/wav"
    assert whole.headers["Accept-Ranges"] == "bytes" and len(whole.data) == audio.size
    cache = whole.headers["Cache-Control"]
    assert "private" in cache and "immutable" in cache and "max-age=31536000" in cache and "no-store" not in cache

    part = client.get(url, headers={"Range": "bytes=0-99"}, buffered=True)
    assert part.status_code == 206 and part.headers["Content-Type"] == "audio/wav"
    assert part.headers["Content-Range"] == f"bytes 0-99/{audio.size}" and part.data == whole.data[:100]

    assert client.get("/audio/passages/lis-1/0000000000000000.wav").headers["Location"].endswith(url)
    assert client.get("/audio/passages/no-such/0000.wav").status_code == 404


def test_a_non_audio_file_is_refused_with_a_clear_message(client, auth, make_user, listening, audio_dir):
    auth.login(make_user(Role.TEACHER, locale="en"))
    response = client.post("/authoring/audio/lis-1", data={"recording": (io.BytesIO(b"Labdien! This is text, not sound.\n" * 20), "ieraksts.ogg", "audio/ogg")},
                           content_type="multipart/form-data")
    assert response.status_code == 422
    assert "This file is not a recording we can play" in response.get_data(as_text=True)
    assert db.session.scalars(select(AudioFile)).all() == []
    assert not audio_dir.exists() or not any(audio_dir.rglob("*.*"))

    empty = client.post("/authoring/audio/lis-1", data={}, content_type="multipart/form-data")
    assert empty.status_code == 422 and "Choose an audio file or record the passage first." in empty.get_data(as_text=True)


def test_a_recording_reaches_learners_only_once_another_teacher_approves_it(client, auth, make_user, runner, listening, audio_dir):
    runner.invoke(args=["bank", "audio"])
    author, reviewer, learner = make_user(Role.TEACHER, locale="en"), make_user(Role.TEACHER, locale="en"), make_user(Role.LEARNER, locale="en")
    recording_data = wav_bytes()
    auth.login(author)
    sent = client.post("/authoring/audio/lis-1", data={"recording": (io.BytesIO(recording_data), "ieraksts.wav")},
                       content_type="multipart/form-data")
    assert sent.status_code == 302
    recording = db.session.scalar(select(AudioFile).where(AudioFile.kind == RECORDED))
    assert recording.state == SUBMITTED and recording.author_id == author.id
    assert (audio_dir / recording.path).read_bytes() == recording_data

    # the author cannot approve it
    client.post(f"/authoring/audio/recordings/{recording.id}/review", data={"decision": "approve"})
    db.session.refresh(recording)
    assert recording.state == SUBMITTED
    assert services.current_audio("lis-1").kind == SYNTHETIC
    auth.logout()

    # a learner hears the synthetic voice, never the submitted recording
    auth.login(learner)
    assert client.get(f"/authoring/audio/recordings/{recording.id}").status_code == 403
    client.post("/learn/practice", data={"topic": "listening", "count": 10})
    question_page = client.get(_practice_url(learner)).get_data(as_text=True)
    assert SCRIPT not in question_page  # the script is hidden until the learner has answered
    assert "Synthetic voice" in question_page
    served = client.get(_player_url(question_page), follow_redirects=True, buffered=True)
    assert served.data == (audio_dir / synthetic_file().path).read_bytes()
    auth.logout()

    # another teacher: sending back needs a comment; approving makes learners hear it
    auth.login(reviewer)
    client.post(f"/authoring/audio/recordings/{recording.id}/review", data={"decision": "return", "comment": ""})
    db.session.refresh(recording)
    assert recording.state == SUBMITTED
    client.post(f"/authoring/audio/recordings/{recording.id}/review", data={"decision": "approve"})
    db.session.refresh(recording)
    assert recording.state == APPROVED and recording.reviewer_id == reviewer.id
    auth.logout()

    auth.login(learner)
    page = client.get(_practice_url(learner)).get_data(as_text=True)
    assert "Synthetic voice" not in page
    assert client.get(_player_url(page), buffered=True).data == recording_data
    # after answering, the feedback page shows the script
    position = re.search(r'name="position" value="(\d+)"', page).group(1)
    feedback = client.post(_practice_url(learner) + "/answer", data={"position": position, "answer": "a"},
                           follow_redirects=True).get_data(as_text=True)
    assert SCRIPT in feedback


def _practice_url(learner) -> str:
    from lsk_learn.review.models import PracticeSession
    session = db.session.scalar(select(PracticeSession).where(PracticeSession.user_id == learner.id))
    return f"/learn/practice/{session.id}"


def start_language_exam(client, auth, make_user, runner):
    """A learner (in English) who has started the language mock exam with its voice rendered:
    (attempt, its first listening item, that item's passage id)."""
    assert runner.invoke(args=["bank", "audio"]).exit_code == 0
    learner = make_user(Role.LEARNER, locale="en")
    auth.login(learner)
    assert client.post("/exams/start/language").status_code == 302
    attempt = db.session.scalar(select(ExamAttempt).where(ExamAttempt.user_id == learner.id))
    item = next(i for i in attempt.items if i.part == "listening")
    return attempt, item, db.session.get(Question, item.question_id).passage_id


def test_the_mock_exam_counts_plays_and_refuses_beyond_the_limit(client, auth, make_user, runner, exam_bank, audio_dir, app):
    attempt, item, passage_id = start_language_exam(client, auth, make_user, runner)
    page = client.get(f"/exams/{attempt.id}/item/{item.position}").get_data(as_text=True)
    assert "passage-text" not in page  # the script stays hidden while the exam runs
    assert f'data-play-url="/audio/exams/{attempt.id}/{passage_id}/play"' in page
    assert "<source" not in page  # no file to fetch without a counted play
    file_url = re.search(r'data-src="([^"]+)"', page).group(1)

    assert client.get(file_url).status_code == 403  # not before a play is counted
    synthetic_url = f"/audio/passages/{passage_id}/{file_url.rsplit('/', 1)[1]}"
    assert client.get(synthetic_url).status_code == 403  # nor by the practice URL during the exam

    limit = app.config["LISTENING_PLAYS"]
    for n in range(limit):
        played = client.post(f"/audio/exams/{attempt.id}/{passage_id}/play")
        assert played.status_code == 200 and played.json == {"allowed": True, "left": limit - n - 1,
                                                             "message": f"Plays left: {limit - n - 1}"}
    assert client.get(file_url, headers={"Range": "bytes=0-9"}, buffered=True).status_code == 206
    refused = client.post(f"/audio/exams/{attempt.id}/{passage_id}/play")
    assert refused.status_code == 403 and refused.json["allowed"] is False
    assert f"You have played this recording {limit} times" in refused.json["message"]
    assert db.session.scalar(select(ExamAudioPlay.plays).where(ExamAudioPlay.attempt_id == attempt.id)) == limit
    page = client.get(f"/exams/{attempt.id}/item/{item.position}").get_data(as_text=True)
    assert "plays left: 0" in page and "disabled" in page

    # another learner cannot count plays in this attempt
    auth.logout()
    auth.login(make_user(Role.LEARNER, locale="en"))
    assert client.post(f"/audio/exams/{attempt.id}/{passage_id}/play").status_code == 404


def test_in_the_grace_period_the_passage_is_still_heard_only_through_counted_plays(client, auth, make_user, runner,
                                                                                  exam_bank, audio_dir, app):
    """Past the deadline but within EXAM_GRACE_SECONDS the learner may still save answers, so the
    practice URL must not hand out the passage uncounted; once the grace is over the exam is."""
    attempt, item, passage_id = start_language_exam(client, auth, make_user, runner)
    page = client.get(f"/exams/{attempt.id}/item/{item.position}").get_data(as_text=True)
    file_name = re.search(r'data-src="([^"]+)"', page).group(1).rsplit("/", 1)[1]
    synthetic_url = f"/audio/passages/{passage_id}/{file_name}"
    grace = app.config["EXAM_GRACE_SECONDS"]

    attempt.deadline_at = utcnow() - timedelta(seconds=grace // 3)
    db.session.commit()
    assert client.get(synthetic_url).status_code == 403
    assert client.post(f"/audio/exams/{attempt.id}/{passage_id}/play").status_code == 200

    attempt.deadline_at = utcnow() - timedelta(seconds=grace + 5)
    db.session.commit()
    assert client.post(f"/audio/exams/{attempt.id}/{passage_id}/play").json["allowed"] is False
    assert client.get(synthetic_url, buffered=True).status_code == 200  # the exam is over: practice as usual


def test_the_exam_results_show_the_scripts(client, auth, make_user, runner, exam_bank, audio_dir):
    attempt, item, passage_id = start_language_exam(client, auth, make_user, runner)
    client.post(f"/exams/{attempt.id}/submit")
    results = client.get(f"/exams/{attempt.id}/results").get_data(as_text=True)
    assert "Script of the recording" in results
    assert client.post(f"/audio/exams/{attempt.id}/{passage_id}/play").status_code == 403  # the exam is over


def test_vocabulary_cards_get_the_synthetic_voice(client, auth, make_user, runner, synced_bank, audio_dir):
    from lsk_learn.bank.models import VocabularyWord
    words = db.session.scalars(select(VocabularyWord)).all()
    result = runner.invoke(args=["bank", "audio"])
    assert f"{len(words) + 1} rendered, 0 unchanged" in result.output  # and the anthem's text
    assert f"0 rendered, {len(words) + 1} unchanged" in runner.invoke(args=["bank", "audio"]).output
    auth.login(make_user(Role.LEARNER, locale="en"))
    deck = words[0].deck
    page = client.get(f"/review/words/{deck}?direction=from-lv").get_data(as_text=True)
    served = client.get(_player_url(page), buffered=True)
    assert served.status_code == 200 and served.headers["Content-Type"] == "audio/wav" and served.data[:4] == b"RIFF"
    # the other direction: the Latvian word (and its sound) only once the card is turned
    assert "<audio" not in client.get(f"/review/words/{deck}?direction=to-lv").get_data(as_text=True)


def test_recordings_past_ten_megabytes_are_refused_with_the_recordings_limit(client, auth, make_user, listening, audio_dir):
    auth.login(make_user(Role.TEACHER, locale="en"))
    for size, status in ((10 * 1024 * 1024 + 1, 422), (12 * 1024 * 1024, 413)):
        response = client.post("/authoring/audio/lis-1", data={"recording": (io.BytesIO(b"\0" * size), "long.wav")},
                               content_type="multipart/form-data")
        assert response.status_code == status
        assert "The file is larger than 10 MB." in response.get_data(as_text=True)
        response.request.environ["wsgi.input"].close()  # the test client's temporary file for a large body
    assert db.session.scalars(select(AudioFile)).all() == []


def test_the_anthem_lesson_plays_the_anthems_text_and_no_other_page_does(client, auth, make_user, runner, synced_bank,
                                                                         audio_dir):
    """Vocabulary cards and the anthem get audio the same way (issue 15): the anthem's text, read by the
    synthetic voice, on the lesson that teaches it; never on the exam's anthem page."""
    from lsk_learn.audio.routes import ANTHEM_LESSON
    from lsk_learn.bank.models import Lesson

    model = db.session.scalar(select(Lesson))
    db.session.add(Lesson(id=ANTHEM_LESSON, course="symbols", topic_id=model.topic_id, position=2,
                          title={"lv": "Valsts himna"}, body={"lv": "# Valsts himna\n\nDievs, svētī Latviju!"},
                          question_ids=[], sources=["likums „Par Latvijas valsts himnu”"], status="checked",
                          source_file="lessons/symbols/02-anthem.md", content_hash="x"))
    db.session.commit()
    runner.invoke(args=["bank", "audio"])
    auth.login(make_user(Role.LEARNER, locale="en"))
    page = client.get(f"/learn/lessons/{ANTHEM_LESSON}").get_data(as_text=True)
    assert 'aria-label="Hear the text of the anthem read aloud"' in page
    served = client.get(_player_url(page), buffered=True)
    assert served.status_code == 200 and served.headers["Content-Type"] == "audio/wav" and served.data[:4] == b"RIFF"
    other = client.get(f"/learn/lessons/{model.id}").get_data(as_text=True)
    assert "anthem read aloud" not in other and "/audio/anthem/" not in other
