"""Coordinators: the funder report with charts, exports (audited), the printable page, programmes
and their completion definitions, and real exam outcomes."""
from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.access import allow
from ..auth.roles import REPORTERS, STAFF_VIEW, Role
from ..cohorts.access import can_see_learner
from ..core.spreadsheet import csv_response, xlsx_response
from ..core.time import riga_today, utcnow
from ..extensions import db
from . import records
from .charts import report_charts
from .exports import csv_rows, people_rows, to_xlsx
from .forms import OutcomeForm, ProgrammeForm
from .labels import METRIC_DEFINITIONS, METRIC_NAMES, describe_filters, logged_period
from .models import Programme
from .services import (
    METRICS, ReportFilters, export_log as logged_exports, filter_names, listable_people, log_export, run_report,
)

bp = Blueprint("reports", __name__, url_prefix="/reports")
# Report periods: from 2000 (long before any data here) to a year ahead (planned sessions); a period
# is counted month by month, so at most ten years, which stays well under a second.
EARLIEST_REPORT_DATE = date(2000, 1, 1)
MAX_REPORT_YEARS = 10


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _filters(names: dict) -> tuple[ReportFilters, list[str]]:
    """Filters from the query string; bad values are reported and replaced by defaults."""
    errors = []
    today = riga_today()

    def as_date(key, default):
        raw = request.args.get(key, "")
        if not raw:
            return default
        try:
            value = date.fromisoformat(raw)
        except ValueError:
            errors.append(_("“%(value)s” is not a date (YYYY-MM-DD).", value=raw))
            return default
        latest = _years_after(today, 1)
        if not EARLIEST_REPORT_DATE <= value <= latest:
            errors.append(_("“%(value)s” is outside the dates a report can cover (%(first)s to %(last)s).",
                            value=raw, first=EARLIEST_REPORT_DATE.isoformat(), last=latest.isoformat()))
            return default
        return value

    def as_choice(key, known, convert=int):
        raw = request.args.get(key, "")
        if not raw:
            return None
        try:
            value = convert(raw)
        except ValueError:
            value = None
        if value not in known:
            errors.append(_("“%(value)s” is not one of the choices.", value=raw))
            return None
        return value

    start, end = as_date("start", date(today.year, 1, 1)), as_date("end", today)
    if end < start:
        errors.append(_("The end date cannot be before the start date."))
        start, end = end, start
    if end > _years_after(start, MAX_REPORT_YEARS):
        errors.append(_("A report can cover at most %(years)d years. Showing this year instead.",
                        years=MAX_REPORT_YEARS))
        start, end = date(today.year, 1, 1), today
    return ReportFilters(start, end, as_choice("municipality", names["municipality"]),
                         as_choice("group", names["group"], str), as_choice("cohort", names["cohort"]),
                         as_choice("programme", names["programme"])), errors


def _report_from_request():
    """The report for the filters in the query string: (names, filters, filter errors, report)."""
    names = filter_names(str(get_locale()))
    filters, errors = _filters(names)
    return names, filters, errors, run_report(filters)


@bp.get("/")
@allow(*REPORTERS)
def index():
    names, filters, errors, report = _report_from_request()
    charts = report_charts(report.monthly, [(str(METRIC_NAMES[m]), n) for m, n in report.funnel], str(get_locale()))
    return render_template("reports/index.html", report=report, names=names, errors=errors, filters=filters,
                           metrics=METRICS, metric_names=METRIC_NAMES, definitions=METRIC_DEFINITIONS, charts=charts,
                           query=request.query_string.decode())


@bp.get("/print")
@allow(*REPORTERS)
def printable():
    names, filters, _errors, report = _report_from_request()
    return render_template("reports/print.html", report=report, names=names, filters=filters, metrics=METRICS,
                           metric_names=METRIC_NAMES, definitions=METRIC_DEFINITIONS, today=riga_today(),
                           query=request.query_string.decode())


@bp.get("/export.<fmt>")
@allow(*REPORTERS)
def export(fmt: str):
    if fmt not in ("csv", "xlsx"):
        abort(404)
    names, filters, _errors, report = _report_from_request()
    log_export(current_user.id, fmt, "summary", filters, utcnow())
    stamp = f"{filters.start.isoformat()}_{filters.end.isoformat()}"
    if fmt == "csv":
        return csv_response(csv_rows(report, names), f"lsk-report-{stamp}.csv")
    return xlsx_response(to_xlsx(report, names), f"lsk-report-{stamp}.xlsx")


@bp.get("/people.csv")
@allow(*REPORTERS)
def people():
    """The per-person list behind the numbers: for coordinators and administrators only."""
    names, filters, _errors, report = _report_from_request()
    log_export(current_user.id, "csv", "people", filters, utcnow())
    ids, users, profiles = listable_people(report.people["participants"])  # withdrawn consent or erased: left out
    return csv_response(people_rows(report, names, ids, users, profiles), "lsk-participants.csv")


@bp.get("/exports")
@allow(*REPORTERS)
def export_log():
    rows = logged_exports()
    names = filter_names(str(get_locale()))
    return render_template("reports/exports.html", rows=[(log, name, logged_period(log.filters),
                                                          describe_filters(log.filters, names)) for log, name in rows])


@bp.get("/programmes")
@allow(*REPORTERS)
def programmes():
    return render_template("reports/programmes.html", programmes=records.programmes())


@bp.route("/programmes/new", methods=["GET", "POST"])
@bp.route("/programmes/<int:programme_id>", methods=["GET", "POST"])
@allow(*REPORTERS)
def programme(programme_id: int | None = None):
    item = db.get_or_404(Programme, programme_id) if programme_id else None
    form = ProgrammeForm(obj=item)
    cohorts = records.cohorts()
    if form.validate_on_submit():
        chosen = {int(v) for v in request.form.getlist("cohorts") if v.isascii() and v.isdigit()}
        if records.save_programme(item, form.data, chosen) is None:
            form.name.errors.append(_("A programme with this name already exists."))
        else:
            flash(_("The programme is saved."), "success")
            return redirect(url_for("reports.programmes"))
    return render_template("reports/programme.html", form=form, item=item, cohorts=cohorts)


@bp.route("/outcomes", methods=["GET", "POST"])
@allow(*STAFF_VIEW)
def outcomes():
    form = OutcomeForm()
    form.learner.choices = records.outcome_learners(current_user)
    if form.validate_on_submit():
        if not can_see_learner(current_user, form.learner.data) and current_user.role == Role.TEACHER:
            abort(404)
        records.record_outcome(form.learner.data, form.kind.data, form.happened_on.data, form.result.data == "passed",
                               {"history": form.history.data, "satversme": form.satversme.data, "anthem": form.anthem.data},
                               (form.note.data or "").strip() or None, current_user.id, utcnow())
        flash(_("The outcome is recorded."), "success")
        return redirect(url_for("reports.outcomes"))
    recent = records.recent_outcomes([uid for uid, _name in form.learner.choices])
    return render_template("reports/outcomes.html", form=form, recent=recent)
