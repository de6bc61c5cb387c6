"""Imported writing tasks on the authoring blueprint (issue 14): a Moodle essay arrives as a draft
task; another teacher or an administrator reads it here and approves or deletes it."""
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.access import allow
from . import pages, task_drafts
from .routes import AUTHORS, bp
from .services import AuthoringError


@bp.context_processor
def task_names() -> dict:
    return {"draft_tasks": task_drafts.draft_tasks}


def task_problem_names() -> dict[str, str]:
    return {"no_prompt": _("the task has no Latvian text"),
            "no_checklist": _("the checklist is empty"),
            "word_limits": _("a letter needs its least and most words (least ≤ most)")}


def import_message(error: AuthoringError) -> str:
    """An import's or an imported task's refusal in the page's language."""
    if error.code == "attachments":
        return _("An embedded file cannot be kept, so nothing was imported: %(problems)s", problems=error.detail)
    if error.code == "no_writing_topic":
        return _("The bank has no writing topic for the essay “%(name)s”, so nothing was imported.", name=error.detail)
    if error.code == "task_problems":
        names = task_problem_names()
        return _("It cannot be approved yet: %(problems)s",
                 problems="; ".join(names.get(code, code) for code in error.detail.split(", ")))
    if error.code == "task_in_use":
        return _("A mock exam uses this task, so it is kept.")
    if error.code == "not_a_draft":
        return _("This task is no longer a draft.")
    return pages.authoring_message(error)


def _task(task_id: str):
    return task_drafts.imported_task(task_id[:64]) or abort(404)


@bp.get("/tasks/<task_id>")
@allow(*AUTHORS)
def task(task_id: str):
    row = _task(task_id)
    return render_template("authoring/task.html", task=row, problems=task_drafts.problems_of_task(row),
                           problem_names=task_problem_names(), is_author=row.author_id == current_user.id)


@bp.post("/tasks/<task_id>/<action>")
@allow(*AUTHORS)
def task_action(task_id: str, action: str):
    row = _task(task_id)
    try:
        if action == "approve":
            task_drafts.approve_task(row, current_user.id)
            flash(_("Approved: mock exams may give this task from now on."), "info")
        elif action == "delete":
            task_drafts.delete_task(row)
            flash(_("The draft task is deleted."), "info")
            return redirect(url_for("authoring.index"))
        else:
            abort(404)
    except AuthoringError as error:
        flash(import_message(error), "error")
    return redirect(url_for("authoring.task", task_id=row.id))
