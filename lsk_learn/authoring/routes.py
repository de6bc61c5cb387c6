"""Teachers and admins: questions written, reviewed, flagged and exchanged in the app (issue 14).

Everything here is staff-only: drafts are seen by their author and the reviewers (every teacher and
admin may review; nobody approves their own version). Learners never reach these pages."""
from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.access import allow
from ..auth.roles import Role
from ..bank import conflicts as bank_conflicts
from ..bank.versions import latest_version
from ..core.time import riga_today, utcnow
from ..domain.question_form import LANGUAGES, OPTION_IDS, PROMPT_IDS, TYPES, form_values, read_question_form
from ..exchange.model import MAX_FILE_BYTES, ExchangeFileError
from . import pages, services
from .exchange_files import EXPORT_FORMATS, FORMATS, read_file, write_file

bp = Blueprint("authoring", __name__, url_prefix="/authoring")
AUTHORS = (Role.TEACHER, Role.ADMIN)


@bp.context_processor
def names() -> dict:
    return {"state_names": pages.state_names(), "flag_reasons": pages.flag_reason_names(),
            "outcome_names": pages.outcome_names(), "field_names": pages.field_names()}


@bp.get("/")
@allow(*AUTHORS)
def index():
    return render_template("authoring/index.html", **pages.overview(current_user.id, riga_today()))


@bp.get("/questions")
@allow(*AUTHORS)
def questions():
    topic, search, state = request.args.get("topic", ""), request.args.get("q", "").strip()[:100], request.args.get("state", "")
    return render_template("authoring/questions.html", rows=pages.question_list(topic, search, state),
                           topics=pages.topic_choices(), topic=topic, search=search, state=state)


def _editor(content: dict | None, values: dict, problems: dict, question_id: str | None, status: int = 200):
    return render_template("authoring/edit.html", values=values, problems=problems, messages=pages.problem_messages(),
                           topics=pages.topic_choices(), types=TYPES, languages=LANGUAGES, option_ids=OPTION_IDS,
                           prompt_ids=PROMPT_IDS, question_id=question_id, content=content), status


@bp.route("/questions/new", methods=["GET", "POST"])
@allow(*AUTHORS)
def new_question():
    if request.method == "GET":
        chosen_type = request.args.get("type", "single")
        return _editor(None, {"type": [chosen_type if chosen_type in TYPES else "single"]}, {}, None)
    form = request.form.to_dict(flat=False)
    content, problems = read_question_form(form, pages.topic_ids())
    if problems:
        return _editor(content, form, problems, None, 422)
    version = services.create_question(content, current_user.id, utcnow(), note=_one(form, "note"))
    flash(_("The question is saved as a draft. Learners see it only after another teacher approves it."), "info")
    return redirect(url_for("authoring.version", version_id=version.id))


@bp.route("/questions/<question_id>/edit", methods=["GET", "POST"])
@allow(*AUTHORS)
def edit_question(question_id: str):
    latest = latest_version(question_id) or abort(404)
    if request.method == "GET":
        return _editor(latest.content, form_values(latest.content), {}, question_id)
    form = request.form.to_dict(flat=False)
    content, problems = read_question_form(form, pages.topic_ids())
    content["passage_id"] = latest.content.get("passage_id")  # the editor does not change a passage
    if problems:
        return _editor(content, form, problems, question_id, 422)
    try:
        version = services.edit_question(question_id, content, current_user.id, utcnow(), note=_one(form, "note"))
    except services.AuthoringError as error:
        if error.code != "unchanged":
            raise
        flash(_("Nothing was changed, so no new version was made."), "info")
        return redirect(url_for("authoring.question", question_id=question_id))
    flash(_("Your edit is saved as a draft version. Learners keep seeing the published one until it is approved."), "info")
    return redirect(url_for("authoring.version", version_id=version.id))


def _one(form: dict, name: str) -> str | None:
    value = " ".join((form.get(name) or [""])[0].split())
    return value[:500] or None


@bp.get("/questions/<question_id>")
@allow(*AUTHORS)
def question(question_id: str):
    return render_template("authoring/question.html", **(pages.question_page(question_id) or abort(404)))


@bp.get("/versions/<int:version_id>")
@allow(*AUTHORS)
def version(version_id: int):
    found = pages.version_page(version_id, current_user.id) or abort(404)
    return render_template("authoring/version.html", **found)


def review_step(action: str, version, submit, approve, send_back, refusal) -> None:
    """'submit', 'approve' or 'return' on a question or lesson version with that kind's steps, said
    in a flash; a refused step flashes `refusal(error)`."""
    comment = (request.form.get("comment") or "").strip()[:2000]
    try:
        if action == "submit":
            submit(version, current_user.id)
            flash(_("Sent for review. Another teacher or an administrator will approve it or send it back."), "info")
        elif action == "approve":
            approve(version, current_user.id, utcnow(), comment or None)
            flash(_("Approved: learners see this version from now on."), "info")
        elif action == "return":
            send_back(version, current_user.id, comment, utcnow())
            flash(_("Sent back to the author with your comment."), "info")
        else:
            abort(404)
    except services.AuthoringError as error:
        flash(refusal(error), "error")


@bp.post("/versions/<int:version_id>/<action>")
@allow(*AUTHORS)
def review_action(version_id: int, action: str):
    found = pages.version_row(version_id) or abort(404)
    review_step(action, found, services.submit_for_review, services.approve, services.send_back,
                pages.authoring_message)
    return redirect(url_for("authoring.version", version_id=version_id))


@bp.post("/questions/<question_id>/flag")
@allow(*AUTHORS)
def flag(question_id: str):
    pages.question_row(question_id) or abort(404)
    services.flag_question(question_id, current_user.id, (request.form.get("comment") or "").strip()[:1000] or None,
                           request.form.getlist("reason"), utcnow())
    flash(_("The question is in the review queue."), "info")
    return redirect(request.form.get("back") if (request.form.get("back") or "").startswith("/authoring/")
                    else url_for("authoring.question", question_id=question_id))


@bp.post("/flags/<int:flag_id>/resolve")
@allow(*AUTHORS)
def resolve_flag(flag_id: int):
    found = pages.flag_row(flag_id) or abort(404)
    services.resolve_flag(found, current_user.id, utcnow())
    flash(_("The flag is cleared."), "info")
    return redirect(url_for("authoring.question", question_id=found.question_id))


@bp.post("/conflicts/<int:conflict_id>/resolve")
@allow(*AUTHORS)
def resolve_conflict(conflict_id: int):
    """A reviewer has decided a sync conflict (kept the app's text and exported it, or took the files')."""
    conflict = bank_conflicts.open_conflict(conflict_id) or abort(404)
    bank_conflicts.resolve_conflict(conflict, current_user.id, request.form.get("note", ""), utcnow())
    flash(_("The conflict is marked as decided."), "info")
    return redirect(url_for("authoring.index"))


@bp.route("/import", methods=["GET", "POST"])
@allow(*AUTHORS)
def import_file():
    if request.method == "GET":
        return render_template("authoring/import.html", topics=pages.topic_choices(), error=None)
    request.max_content_length = MAX_FILE_BYTES + 1024 * 1024  # question files may carry images and audio
    upload = request.files.get("file")
    language = request.form.get("language", "lv")
    fmt = request.form.get("format", "auto")
    if upload is None or not upload.filename:
        return render_template("authoring/import.html", topics=pages.topic_choices(),
                               error=_("Choose a Moodle XML or GIFT file.")), 422
    if language not in LANGUAGES or fmt not in ("auto", *FORMATS):
        abort(400)
    data = upload.read(MAX_FILE_BYTES + 1)
    try:
        preview = read_file(data, upload.filename, fmt, language)
    except ExchangeFileError as error:
        return render_template("authoring/import.html", topics=pages.topic_choices(),
                               error=pages.file_error_message(error)), 422
    staged = services.stage_upload(current_user.id, upload.filename, fmt, language, data, utcnow())
    return render_template("authoring/import_preview.html", preview=preview, upload=staged,
                           topics=pages.topic_choices())


@bp.post("/import/<int:upload_id>")
@allow(*AUTHORS)
def import_confirm(upload_id: int):
    staged = pages.upload_row(upload_id, current_user.id) or abort(404)
    topic_id, _sep, subtopic = request.form.get("topic", "").partition("/")
    try:
        preview = read_file(staged.data, staged.filename, staged.format, staged.language)
        if preview.problems:  # the preview showed them and offered no button; a hand-made POST gets the same
            return render_template("authoring/import_preview.html", preview=preview, upload=staged,
                                   topics=pages.topic_choices()), 422
        created = services.import_questions(preview.importable, current_user.id, utcnow(),
                                            services.ImportChoice(topic_id or None, subtopic or None), staged.language)
    except ExchangeFileError as error:
        flash(pages.file_error_message(error), "error")
        return redirect(url_for("authoring.import_file"))
    except services.AuthoringError as error:
        from .task_routes import import_message
        flash(import_message(error), "error")
        return render_template("authoring/import_preview.html", preview=preview, upload=staged,
                               topics=pages.topic_choices()), 422
    services.discard_upload(staged)
    flash(_("%(count)d questions imported as drafts. Each needs a review before learners see it.", count=len(created)), "info")
    if created.tasks:
        flash(_("%(count)d essays imported as draft writing tasks; they are listed on the review page.",
                count=len(created.tasks)), "info")
    return redirect(url_for("authoring.questions", state="draft"))


@bp.get("/export")
@allow(*AUTHORS)
def export():
    fmt, topic = request.args.get("format", ""), request.args.get("topic", "") or None
    if fmt not in EXPORT_FORMATS or fmt == "yaml":
        return render_template("authoring/export.html", topics=pages.topic_names())
    if topic and topic not in pages.topic_ids():
        abort(404)
    language = request.args.get("language", "lv")
    if language not in LANGUAGES:
        abort(400)
    data = write_file(fmt, services.exported_questions(topic), language)
    name = f"lsk-learn-{topic or 'all'}-{riga_today().isoformat()}.{'xml' if fmt == 'moodle' else 'gift.txt'}"
    return Response(data, mimetype="application/xml" if fmt == "moodle" else "text/plain; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
