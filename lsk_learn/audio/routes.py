"""Audio routes. Learners (any signed-in user): the current audio of a passage, by a URL that carries
the file's hash so it can be cached long; in mock exams a counted play before each listening.
Teachers and admins (the authoring area): record or upload a passage, review recordings."""
from flask import Blueprint, abort, current_app, flash, jsonify, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.access import allow, allow_signed_in
from ..auth.roles import Role
from ..auth.services import display_names
from ..core.time import utcnow
from ..core.web import error_page
from ..exams.services import own_attempt
from ..extensions import db
from . import services, storage
from .formats import MAX_AUDIO_BYTES, AudioFormatError, inspect_audio
from .messages import refusal
from .models import RECORDED, SYNTHETIC, AudioFile

bp = Blueprint("audio", __name__)
AUTHORS = (Role.TEACHER, Role.ADMIN)  # as authoring/routes.py
YEAR = 365 * 24 * 3600
DIGEST_LENGTH = 16
# the lesson that teaches the anthem's text plays it read aloud (question_bank/lessons/symbols/02-anthem.md);
# the bank has one anthem text, anthem.yaml's
ANTHEM_LESSON, ANTHEM_ID = "lesson-symbols-anthem", "anthem"
# the recorder's listen-back plays a blob: URL, which the site-wide policy (core/web.py) forbids
RECORDER_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                   "media-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'; "
                   "frame-ancestors 'none'")


@bp.url_value_preprocessor
def larger_uploads(endpoint, _values):
    """Recordings may be larger than the site-wide upload limit. Url value preprocessors run before
    the CSRF check reads the form, so the limit is raised in time (1 MB for the rest of the form)."""
    if endpoint == "audio.upload":
        request.max_content_length = MAX_AUDIO_BYTES + 1024 * 1024


@bp.errorhandler(413)
def recording_too_large(_error):
    """Past even the raised limit: say the recordings' limit, not the site-wide one."""
    return error_page(413, refusal("too_large"))


def file_url(audio: AudioFile) -> str:
    return url_for("audio.passage_file", passage_id=audio.passage_id, digest=audio.sha256[:DIGEST_LENGTH],
                   extension=audio.extension)


def _send(audio: AudioFile, cache_seconds: int):
    path = storage.full_path(audio.path)
    if path is None or not path.is_file():
        abort(404)
    response = send_file(path, mimetype=audio.mime_type, conditional=True, max_age=cache_seconds, etag=audio.sha256)
    response.cache_control.public = False
    response.cache_control.private = True  # signed-in content: browsers may keep it, shared caches not
    if cache_seconds:
        response.cache_control.immutable = True
    return response


@bp.app_context_processor
def audio_helpers() -> dict:
    return {"listening_audio": _listening_audio, "exam_audio": _exam_audio, "word_audio": _word_audio,
            "anthem_audio": _anthem_audio}


def _word_audio(word) -> dict | None:
    audio = services.word_audio(word.id) if word is not None else None
    if audio is None:
        return None
    return {"url": url_for("audio.word_file", word_id=word.id, digest=audio.sha256[:DIGEST_LENGTH],
                           extension=audio.extension), "mime_type": audio.mime_type, "synthetic": True}


def _anthem_audio(lesson) -> dict | None:
    """The anthem's text read aloud, for the anthem lesson only (never on exam pages: the anthem part
    asks for the text from memory)."""
    if lesson is None or lesson.id != ANTHEM_LESSON:
        return None
    audio = services.anthem_audio(ANTHEM_ID)
    if audio is None:
        return None
    return {"url": url_for("audio.anthem_file", anthem_id=ANTHEM_ID, digest=audio.sha256[:DIGEST_LENGTH],
                           extension=audio.extension), "mime_type": audio.mime_type, "synthetic": True}


def state_names() -> dict:
    return {"submitted": _("waiting for review"), "approved": _("approved"), "returned": _("sent back"),
            "draft": _("draft")}


def _heard(passage) -> AudioFile | None:
    """The audio learners hear for this passage if it is a listening one, or None."""
    return services.current_audio(passage.id) if services.is_listening(passage) else None


def _player(audio: AudioFile) -> dict:
    return {"url": file_url(audio), "mime_type": audio.mime_type, "synthetic": audio.kind == SYNTHETIC}


def _listening_audio(passage) -> dict | None:
    """For the player: the audio learners hear for this listening passage, or None."""
    audio = _heard(passage)
    return _player(audio) if audio is not None else None


def _exam_audio(attempt, passage) -> dict | None:
    """For the exam player: the counted-play URL, the file's URL and the plays left."""
    audio = _heard(passage)
    if audio is None:
        return None
    if attempt is None:
        return _player(audio)
    limit = current_app.config["LISTENING_PLAYS"]
    used = services.plays_used(attempt.id, passage.id)
    return {**_player(audio), "limit": limit, "left": max(0, limit - used),
            "play_url": url_for("audio.exam_play", attempt_id=attempt.id, passage_id=passage.id),
            "url": url_for("audio.exam_file", attempt_id=attempt.id, passage_id=passage.id,
                           digest=audio.sha256[:DIGEST_LENGTH], extension=audio.extension)}


@bp.get("/audio/passages/<passage_id>/<digest>.<extension>")
@allow_signed_in
def passage_file(passage_id: str, digest: str, extension: str):
    audio = services.current_audio(passage_id) if services.listening_passage(passage_id) else None
    if audio is None:
        abort(404)
    if current_user.role == Role.LEARNER and services.in_running_exam(current_user.id, passage_id, utcnow()):
        abort(403)  # during a mock exam the passage is heard through its counted plays only
    if digest != audio.sha256[:DIGEST_LENGTH] or extension != audio.extension:
        return redirect(file_url(audio))  # a replaced file: the page was older than the approval
    return _send(audio, YEAR)


@bp.get("/audio/anthem/<anthem_id>/<digest>.<extension>")
@allow_signed_in
def anthem_file(anthem_id: str, digest: str, extension: str):
    audio = services.anthem_audio(anthem_id[:20])
    if audio is None:
        abort(404)
    if digest != audio.sha256[:DIGEST_LENGTH] or extension != audio.extension:
        return redirect(url_for("audio.anthem_file", anthem_id=audio.anthem_id, digest=audio.sha256[:DIGEST_LENGTH],
                                extension=audio.extension))
    return _send(audio, YEAR)


@bp.get("/audio/words/<word_id>/<digest>.<extension>")
@allow_signed_in
def word_file(word_id: str, digest: str, extension: str):
    audio = services.word_audio(word_id)
    if audio is None:
        abort(404)
    if digest != audio.sha256[:DIGEST_LENGTH] or extension != audio.extension:
        return redirect(url_for("audio.word_file", word_id=word_id, digest=audio.sha256[:DIGEST_LENGTH],
                                extension=audio.extension))
    return _send(audio, YEAR)


def _exam_and_passage(attempt_id: int, passage_id: str):
    attempt = own_attempt(attempt_id, current_user.id)
    passage = services.exam_passage(attempt, passage_id) if attempt is not None else None
    if passage is None:
        abort(404)
    return attempt, passage


@bp.post("/audio/exams/<int:attempt_id>/<passage_id>/play")
@allow(Role.LEARNER)
def exam_play(attempt_id: int, passage_id: str):
    """Counted before each listening (static/js/audio-player.js); refused with 403 past the limit."""
    attempt, passage = _exam_and_passage(attempt_id, passage_id)
    limit = current_app.config["LISTENING_PLAYS"]
    try:
        used = services.count_play(attempt, passage.id, limit, utcnow())
    except services.AudioError as error:
        return jsonify(allowed=False, message=refusal(error.code), left=0), 403
    left = limit - used
    message = _("Plays left: %(n)d", n=left)
    return jsonify(allowed=True, left=left, message=message)


@bp.get("/audio/exams/<int:attempt_id>/<passage_id>/<digest>.<extension>")
@allow(Role.LEARNER)
def exam_file(attempt_id: int, passage_id: str, digest: str, extension: str):
    """The passage's audio during the exam: only after a play was counted, only while it runs."""
    attempt, passage = _exam_and_passage(attempt_id, passage_id)
    if services.plays_used(attempt.id, passage.id) < 1 or not services.exam_running(attempt, utcnow()):
        abort(403)
    audio = services.current_audio(passage.id)
    if audio is None or digest != audio.sha256[:DIGEST_LENGTH]:
        abort(404)
    return _send(audio, 0)


# --- the authoring area ---------------------------------------------------------------------

@bp.get("/authoring/audio")
@allow(*AUTHORS)
def index():
    return render_template("audio/index.html", rows=services.passages_overview(), file_url=file_url)


def _passage_or_404(passage_id: str):
    return services.listening_passage(passage_id) or abort(404)


def _recording_page(passage, error: str | None = None, status: int = 200):
    recordings = services.recordings_of(passage.id)
    response = current_app.make_response((render_template(
        "audio/passage.html", passage=passage, current=services.current_audio(passage.id),
        recordings=recordings, names=display_names(r.author_id for r in recordings), audio_state_names=state_names(),
        error=error, file_url=file_url,
        max_mb=MAX_AUDIO_BYTES // (1024 * 1024)), status))
    response.headers["Content-Security-Policy"] = RECORDER_POLICY
    return response


@bp.get("/authoring/audio/<passage_id>")
@allow(*AUTHORS)
def passage(passage_id: str):
    return _recording_page(_passage_or_404(passage_id))


@bp.post("/authoring/audio/<passage_id>")
@allow(*AUTHORS)
def upload(passage_id: str):
    """A recording from the browser's recorder or a chosen file (the same form field), checked by its bytes."""
    passage = _passage_or_404(passage_id)
    uploaded = request.files.get("recording")
    if uploaded is None or not uploaded.filename:
        return _recording_page(passage, refusal("no_file"), 422)
    data = uploaded.stream.read(MAX_AUDIO_BYTES + 1)
    try:
        info = inspect_audio(data)
    except AudioFormatError as error:
        return _recording_page(passage, refusal(error.code), 422)
    services.submit_recording(passage, data, info, current_user.id, utcnow())
    flash(_("The recording is sent for review. Learners hear it after another teacher approves it."), "success")
    return redirect(url_for("audio.passage", passage_id=passage.id))


@bp.get("/authoring/audio/recordings/<int:file_id>")
@allow(*AUTHORS)
def recording_file(file_id: int):
    """Any recording, whatever its state, for its author and reviewers to listen to."""
    audio = db.get_or_404(AudioFile, file_id)
    if audio.kind != RECORDED:
        abort(404)
    return _send(audio, 0)


@bp.post("/authoring/audio/recordings/<int:file_id>/review")
@allow(*AUTHORS)
def review(file_id: int):
    recording = db.get_or_404(AudioFile, file_id)
    decision = request.form.get("decision")
    if decision not in ("approve", "return"):
        flash(_("Choose whether to approve the recording or send it back."), "error")
        return redirect(url_for("audio.passage", passage_id=recording.passage_id))
    comment = request.form.get("comment", "").strip()[:2000]
    try:
        services.review_recording(recording, current_user.id, decision == "approve", comment, utcnow())
    except services.AudioError as error:
        flash(refusal(error.code), "error")
    else:
        flash(_("The recording is approved: learners hear it from now on.") if decision == "approve"
              else _("The recording is sent back to its author with your comment."), "success")
    return redirect(url_for("audio.passage", passage_id=recording.passage_id))
