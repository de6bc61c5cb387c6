"""The grading queue for writing and speaking parts of language mock exams."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.access import allow
from ..auth.models import User
from ..auth.roles import GRADERS
from ..core.time import utcnow
from ..domain.model_answers import count_words
from ..exams.models import ExamAttempt, ExamPartResult
from . import access, grading


@allow(*GRADERS)
def grading_queue():
    return render_template("cohorts/grading_queue.html", rows=grading.queue(access.visible_cohort_ids(current_user)))


def _result_or_404(result_id: int) -> tuple[ExamPartResult, ExamAttempt, User]:
    found = grading.part_to_grade(result_id)
    if found is None or not access.can_see_learner(current_user, found[1].user_id):
        abort(404)
    return found


@allow(*GRADERS)
def grade(result_id: int):
    result, attempt, learner = _result_or_404(result_id)
    tasks = grading.tasks_of(result)
    answers = grading.answers_of(attempt)
    error = None
    if request.method == "POST":
        points = {}
        for _item, task in tasks:
            points[task.id] = {c["id"]: request.form.get(f"points-{task.id}-{c['id']}", "") for c in task.checklist}
        try:
            grading.grade(result, points, request.form.get("comment", ""), current_user, utcnow())
        except grading.GradingError as problem:
            messages = {"missing": _("Give points for every criterion."),
                        "not_a_number": _("Points must be whole numbers."),
                        "too_many": _("Points cannot be more than the criterion's maximum.")}
            error = messages[problem.code]
        else:
            flash(_("The grade is saved and %(name)s will see it on their page.", name=learner.display_name), "success")
            return redirect(url_for("cohorts.grading_queue"))
    return render_template("cohorts/grade.html", result=result, attempt=attempt, learner=learner, tasks=tasks,
                           answers=answers, error=error, form_values=request.form,
                           count_words=count_words), (422 if error else 200)
