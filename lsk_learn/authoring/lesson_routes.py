"""The lesson editor on the authoring blueprint (issue 14): edit lv/ru/en Markdown with a preview
by the learners' own renderer, review, versions, export to the repository's files.

Works without JavaScript: the editor's "Preview" button renders the preview on the server.
static/js/lesson_preview.js then keeps it up to date while typing, through `preview_lesson`
(a POST with the form's CSRF token, answered with the same HTML fragment)."""
from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.access import allow
from ..bank.lesson_versions import APPROVED, latest_lesson_version, lesson_content_of
from ..bank.models import Lesson
from ..core.time import utcnow
from ..domain.lesson_edit import LANGUAGES, MAX_BODY, form_values, read_lesson_form
from . import lesson_pages as pages, lessons as services
from .routes import AUTHORS, bp, review_step
from .services import AuthoringError

MAX_FORM_BYTES = 4 * MAX_BODY * 4  # three bodies of MAX_BODY characters, four bytes each at most, and the rest


@bp.context_processor
def lesson_names() -> dict:
    return {"lesson_queue": pages.lesson_queue, "lesson_field_names": pages.lesson_field_names()}


def _lesson(lesson_id: str) -> Lesson:
    return pages.lesson_row(lesson_id) or abort(404)


@bp.get("/lessons")
@allow(*AUTHORS)
def lessons():
    return render_template("authoring/lesson_list.html", rows=pages.lesson_list(), topics=pages.topics_by_id())


@bp.get("/lessons/<lesson_id>")
@allow(*AUTHORS)
def lesson(lesson_id: str):
    return render_template("authoring/lesson.html", **(pages.lesson_page(lesson_id) or abort(404)))


def _editor(lesson: Lesson, values: dict, problems: dict, shown: dict | None, status: int = 200):
    return render_template("authoring/lesson_edit.html", lesson=lesson, values=values, problems=problems,
                           messages=pages.problem_messages(), preview=shown, languages=LANGUAGES,
                           refused=status == 422), status


def _read_form(lesson: Lesson) -> tuple[dict, dict, dict]:
    request.max_content_length = MAX_FORM_BYTES
    form = request.form.to_dict(flat=False)
    latest = latest_lesson_version(lesson.id)
    base = latest.content if latest is not None else lesson_content_of(lesson)
    content, problems = read_lesson_form(form, base)
    return form, content, problems


@bp.route("/lessons/<lesson_id>/edit", methods=["GET", "POST"])
@allow(*AUTHORS)
def edit_lesson(lesson_id: str):
    lesson = _lesson(lesson_id)
    if request.method == "GET":
        latest = latest_lesson_version(lesson.id)
        content = latest.content if latest is not None else lesson_content_of(lesson)
        return _editor(lesson, form_values(content), {}, pages.preview(content))
    form, content, problems = _read_form(lesson)
    shown = pages.preview(content)
    if request.form.get("action") == "preview":
        return _editor(lesson, form, problems, shown)
    if problems or shown["date_messages"] or shown["unknown_links"]:
        return _editor(lesson, form, problems, shown, 422)
    note = " ".join((request.form.get("note") or "").split())[:500] or None
    try:
        version = services.edit_lesson(lesson.id, content, current_user.id, utcnow(), note)
    except AuthoringError as error:
        if error.code != "unchanged":
            raise
        flash(_("Nothing was changed, so no new version was made."), "info")
        return redirect(url_for("authoring.lesson", lesson_id=lesson.id))
    flash(_("Your edit is saved as a draft version. Learners keep seeing the published one until it is approved."), "info")
    return redirect(url_for("authoring.lesson_version", version_id=version.id))


@bp.post("/lessons/<lesson_id>/preview")
@allow(*AUTHORS)
def preview_lesson(lesson_id: str):
    """The preview fragment for the editor's script (the CSRF token comes in the X-CSRFToken header)."""
    lesson = _lesson(lesson_id)
    _form, content, _problems = _read_form(lesson)
    return render_template("authoring/lesson_preview.html", preview=pages.preview(content), languages=LANGUAGES)


@bp.get("/lesson-versions/<int:version_id>")
@allow(*AUTHORS)
def lesson_version(version_id: int):
    return render_template("authoring/lesson_version.html", **(pages.version_page(version_id, current_user.id) or abort(404)))


@bp.post("/lesson-versions/<int:version_id>/<action>")
@allow(*AUTHORS)
def lesson_review_action(version_id: int, action: str):
    version = pages.version_row(version_id) or abort(404)
    review_step(action, version, services.submit_lesson, services.approve_lesson, services.send_back_lesson,
                lambda error: pages.lesson_message(error.code, error.detail))
    return redirect(url_for("authoring.lesson_version", version_id=version_id))


@bp.get("/lesson-versions/<int:version_id>/export")
@allow(*AUTHORS)
def export_lesson(version_id: int):
    """An approved version as the repository's files: a zip, or one file with ?file=lv|ru|en."""
    version = pages.version_row(version_id) or abort(404)
    if version.state != APPROVED:
        abort(404)
    lesson = _lesson(version.lesson_id)
    wanted = request.args.get("file", "")
    if not wanted:
        _folder, stem = services.file_place(lesson)
        return Response(services.export_zip(lesson, version), mimetype="application/zip",
                        headers={"Content-Disposition": f'attachment; filename="{stem}-v{version.number}.zip"'})
    if wanted not in LANGUAGES:
        abort(404)
    files = services.exported_files(lesson, version)
    folder, stem = services.file_place(lesson)
    path = f"{folder}/{stem}{'.md' if wanted == 'lv' else f'.{wanted}.md'}"
    if path not in files:
        abort(404)
    return Response(files[path], mimetype="text/markdown; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{path.rsplit("/", 1)[-1]}"'})
