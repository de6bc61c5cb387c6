"""Cohorts: list, create and edit, the dashboard and its export, a learner's page, moves, and the
group's difficult questions."""
from datetime import datetime, timezone

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.access import allow
from ..auth.roles import MANAGERS, REPORTERS, STAFF_VIEW, Role
from ..core.collation import latvian_key, latvian_sorted
from ..core.spreadsheet import csv_response
from ..core.time import riga_today, utcnow
from ..domain.cohort_grid import mastery_band
from ..security import audit
from . import access, exports, services
from .dashboard import cohort_rows, grid_topics
from .forms import LANGUAGE_CHOICES, CohortForm, MoveForm, NoteForm
from .learner_page import learner_history
from .models import Cohort
from .questions import difficult_questions, programme_difficult_questions

SORTS = ("name", "last", "overall", "flags")
NEVER = datetime.min.replace(tzinfo=timezone.utc)


@allow(*STAFF_VIEW)
def index():
    # newest first, groups that start on the same day in Latvian order of their names
    rows = sorted(latvian_sorted(services.cohorts_for(access.visible_cohort_ids(current_user)), lambda r: r[0].name),
                  key=lambda r: r[0].starts_on, reverse=True)
    return render_template("cohorts/index.html", rows=rows, can_create=current_user.role in MANAGERS)


def _cohort_form(cohort: Cohort | None) -> CohortForm:
    form = CohortForm(obj=cohort)
    form.municipality.choices = [(name, name) for _id, name in services.municipality_choices()]
    if cohort is not None and cohort.municipality not in {c for c, _ in form.municipality.choices}:
        form.municipality.choices.append((cohort.municipality, cohort.municipality))
    form.target_groups.choices = services.target_group_choices(str(get_locale()))
    form.teachers.choices = latvian_sorted(services.teacher_choices(), lambda choice: choice[1])
    if request.method == "GET" and cohort is not None:
        form.teachers.data = [t.user_id for t in cohort.teachers]
    elif request.method == "GET":
        form.teachers.data = [current_user.id] if current_user.role == Role.TEACHER else []
    return form


def _save(cohort: Cohort | None):
    form = _cohort_form(cohort)
    if form.validate_on_submit():
        teacher_ids = list(form.teachers.data or [])
        if current_user.role == Role.TEACHER and current_user.id not in teacher_ids:
            teacher_ids.append(current_user.id)  # a teacher cannot lock themselves out of their cohort
        data = {"name": form.name.data.strip(), "municipality": form.municipality.data, "starts_on": form.starts_on.data,
                "ends_on": form.ends_on.data, "schedule": (form.schedule.data or "").strip() or None,
                "target_groups": list(form.target_groups.data or [])}
        saved = services.save_cohort(cohort, data, teacher_ids)
        flash(_("The group is saved."), "success")
        return redirect(url_for("cohorts.dashboard", cohort_id=saved.id))
    return render_template("cohorts/edit.html", form=form, cohort=cohort)


@allow(*MANAGERS)
def create():
    return _save(None)


@allow(*MANAGERS)
def edit(cohort_id: int):
    return _save(access.cohort_or_404(cohort_id, current_user, manage=True))


def _sorted_rows(rows, sort: str, flag: str, query: str):
    if flag in ("inactive", "behind"):
        rows = [r for r in rows if flag in r.flags]
    if query:
        rows = [r for r in rows if query.casefold() in r.name.casefold()]
    if sort == "last":  # longest inactive first: those who never started, then the oldest activity
        rows = sorted(rows, key=lambda r: (r.last_active_at is not None, r.last_active_at or NEVER))
    elif sort == "overall":
        rows = sorted(rows, key=lambda r: (r.overall is None, r.overall or 0))
    elif sort == "flags":
        rows = sorted(rows, key=lambda r: (-len(r.flags), latvian_key(r.name)))
    return rows


@allow(*STAFF_VIEW)
def dashboard(cohort_id: int):
    cohort = access.cohort_or_404(cohort_id, current_user)
    sort = request.args.get("sort", "name") if request.args.get("sort") in SORTS else "name"
    flag, query = request.args.get("flag", ""), request.args.get("q", "").strip()[:60]
    rows = cohort_rows(cohort.id, utcnow())
    return render_template("cohorts/dashboard.html", cohort=cohort, topics=grid_topics(), band=mastery_band,
                           rows=_sorted_rows(rows, sort, flag, query), all_count=len(rows), sort=sort, flag=flag,
                           query=query, can_manage=access.can_manage(current_user, cohort))


@allow(*STAFF_VIEW)
def export(cohort_id: int):
    cohort = access.cohort_or_404(cohort_id, current_user)
    topics = grid_topics()
    rows = cohort_rows(cohort.id, utcnow())
    audit.record("personal_data_exported", commit=True, format="csv", scope="cohort", cohort_id=cohort.id)
    return csv_response(exports.grid_rows(rows, topics), f"cohort-{cohort.id}-{riga_today().isoformat()}.csv")


@allow(*STAFF_VIEW)
def learner(cohort_id: int, learner_id: int):
    cohort = access.cohort_or_404(cohort_id, current_user)
    person = access.learner_in_cohort_or_404(cohort, learner_id)
    can_change = access.may_change_person(current_user, cohort, person.id)
    note_form = NoteForm(prefix="note")
    if note_form.validate_on_submit():
        if current_user.role == Role.COORDINATOR or not can_change:
            abort(403)
        services.add_note(person.id, current_user.id, cohort.id, note_form.text.data.strip(), utcnow())
        flash(_("The note is saved."), "success")
        return redirect(url_for("cohorts.learner", cohort_id=cohort.id, learner_id=person.id))
    move_form = MoveForm(prefix="move")
    move_form.target.choices = [(c.id, c.name) for c, _n in services.cohorts_for(access.visible_cohort_ids(current_user))
                                if c.id != cohort.id]
    audit.record("personal_data_viewed", subject_id=person.id, commit=True, page="learner", cohort_id=cohort.id)
    return render_template("cohorts/learner.html", cohort=cohort, person=person, note_form=note_form,
                           move_form=move_form, history=learner_history(person.id, cohort.id),
                           can_manage=access.can_manage(current_user, cohort), can_change=can_change,
                           is_current=access.is_current_member(cohort.id, person.id),
                           main_language_names=dict(LANGUAGE_CHOICES))


@allow(*MANAGERS)
def move(cohort_id: int, learner_id: int):
    cohort = access.cohort_or_404(cohort_id, current_user, manage=True)
    person = access.learner_in_cohort_or_404(cohort, learner_id)
    if not access.is_current_member(cohort.id, person.id):
        abort(404)  # only the current group may move a learner on; a former one would enrol them twice
    form = MoveForm(prefix="move")
    form.target.choices = [(c.id, c.name) for c, _n in services.cohorts_for(access.visible_cohort_ids(current_user))]
    if not form.validate_on_submit():
        flash(_("Choose the group to move the learner to."), "error")
        return redirect(url_for("cohorts.learner", cohort_id=cohort.id, learner_id=person.id))
    target = access.cohort_or_404(form.target.data, current_user, manage=True)
    services.move_learner(person, cohort, target, utcnow())
    flash(_("%(name)s is now in %(group)s. Their answers and results moved with them.", name=person.display_name,
            group=target.name), "success")
    return redirect(url_for("cohorts.dashboard", cohort_id=cohort.id))


@allow(*MANAGERS)
def new_join_code(cohort_id: int):
    cohort = access.cohort_or_404(cohort_id, current_user, manage=True)
    code = services.renew_join_code(cohort)
    flash(_("The group has a new join code: %(code)s", code=code), "success")
    return redirect(url_for("cohorts.dashboard", cohort_id=cohort.id))


@allow(*STAFF_VIEW)
def questions(cohort_id: int):
    cohort = access.cohort_or_404(cohort_id, current_user)
    return render_template("cohorts/questions.html", cohort=cohort, items=difficult_questions(cohort.id))


@allow(*REPORTERS)
def all_questions():
    items, computed_at = programme_difficult_questions(utcnow())
    return render_template("cohorts/questions.html", cohort=None, items=items, computed_at=computed_at)

