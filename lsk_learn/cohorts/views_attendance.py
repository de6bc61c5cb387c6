"""Attendance: sessions of a cohort, marking everyone on one screen, editing, CSV export."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.access import allow
from ..auth.roles import MANAGERS, STAFF_VIEW
from ..core.spreadsheet import csv_response
from ..core.time import riga_today
from ..security import audit
from . import access, attendance, exports
from .forms import AttendanceSessionForm
from .models import AttendanceSession


@allow(*STAFF_VIEW)
def attendance_list(cohort_id: int):
    cohort = access.cohort_or_404(cohort_id, current_user)
    form = AttendanceSessionForm()
    if request.method == "GET":
        form.held_on.data = riga_today()
    if request.method == "POST":
        access.cohort_or_404(cohort_id, current_user, manage=True)
        if form.validate_on_submit():
            session = attendance.create_session(cohort.id, form.held_on.data, (form.topic.data or "").strip() or None,
                                                current_user.id)
            return redirect(url_for("cohorts.attendance_mark", cohort_id=cohort.id, session_id=session.id))
    return render_template("cohorts/attendance.html", cohort=cohort, form=form,
                           sessions=attendance.sessions_of(cohort.id), can_manage=access.can_manage(current_user, cohort))


def _session(cohort, session_id: int) -> AttendanceSession:
    session = attendance.session_in(cohort.id, session_id)
    if session is None:
        abort(404)
    return session


@allow(*MANAGERS)
def attendance_mark(cohort_id: int, session_id: int):
    cohort = access.cohort_or_404(cohort_id, current_user, manage=True)
    session = _session(cohort, session_id)
    learners = attendance.learners_for_marking(session)
    if request.method == "POST":
        listed = {u.id for u in learners}
        present = {int(v) for v in request.form.getlist("present") if v.isascii() and v.isdigit()} & listed
        if attendance.must_confirm(listed, present, request.form.get("nobody_came") == "yes"):
            return render_template("cohorts/attendance_confirm.html", cohort=cohort, session=session, total=len(listed))
        attendance.save_marks(session, sorted(listed), present)
        flash(_("Attendance is saved: %(present)d of %(total)d present.", present=len(present), total=len(listed)), "success")
        return redirect(url_for("cohorts.attendance_list", cohort_id=cohort.id))
    marks = attendance.marks_for(session)
    return render_template("cohorts/attendance_mark.html", cohort=cohort, session=session, learners=learners,
                           marks=marks, first_time=not marks)


@allow(*STAFF_VIEW)
def attendance_export(cohort_id: int):
    cohort = access.cohort_or_404(cohort_id, current_user)
    sessions, learners, marks = attendance.attendance_table(cohort.id)
    audit.record("personal_data_exported", commit=True, format="csv", scope="attendance", cohort_id=cohort.id)
    return csv_response(exports.attendance_rows(sessions, learners, marks), f"attendance-{cohort.id}.csv")
