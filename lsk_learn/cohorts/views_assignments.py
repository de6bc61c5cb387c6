"""Assignments: set lessons, practice or mock exams with due dates, and see who has done them."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.access import allow
from ..auth.roles import STAFF_VIEW
from ..core.collation import latvian_sorted
from ..core.i18n import translate_content
from ..core.time import utcnow
from ..exams.labels import EXAM_NAMES
from ..learn.services import practice_topics
from . import access, assignments, services
from .forms import AssignmentForm


def _form(cohort_id: int) -> AssignmentForm:
    form = AssignmentForm()
    form.lesson.choices = [(lesson.id, translate_content(lesson.title)) for lesson in assignments.lesson_choices()]
    form.topic.choices = [(t.id, translate_content(t.name)) for t, _count in practice_topics()]
    form.exam.choices = [(kind, str(name)) for kind, name in EXAM_NAMES.items()]
    form.learners.choices = [(u.id, u.display_name) for u in latvian_sorted(services.current_learners(cohort_id),
                                                                             lambda u: u.display_name)]
    return form


@allow(*STAFF_VIEW)
def assignment_list(cohort_id: int):
    cohort = access.cohort_or_404(cohort_id, current_user)
    form = _form(cohort.id)
    if request.method == "POST":
        access.cohort_or_404(cohort_id, current_user, manage=True)
        if form.validate_on_submit():
            target = form.chosen_target()
            if target is None:
                form.kind.errors.append(_("Choose which lesson, topic or mock exam to assign."))
            else:
                assignments.create_assignment(cohort.id, form.kind.data, target, form.due_on.data,
                                              list(form.learners.data or []), current_user.id, utcnow())
                flash(_("The assignment is set."), "success")
                return redirect(url_for("cohorts.assignment_list", cohort_id=cohort.id))
    return render_template("cohorts/assignments.html", cohort=cohort, form=form,
                           items=assignments.cohort_assignments(cohort.id), can_manage=access.can_manage(current_user, cohort))
