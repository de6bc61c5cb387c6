"""Coordinators: the funder report with charts, exports (audited), the printable page, programmes
and their completion definitions, and real exam outcomes."""
from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..auth.access import allow
from ..auth.models import User
from ..auth.roles import REPORTERS, STAFF_VIEW, Role
from ..cohorts.access import can_see_learner, visible_cohort_ids
from ..cohorts.models import Cohort, Enrolment
from ..core.collation import latvian_key, latvian_sorted
from ..core.spreadsheet import csv_response, xlsx_response
from ..core.time import utcnow
from ..extensions import db
from ..privacy.consent import exportable_people
from ..profiles.models import LearnerProfile, Municipality, TargetGroup
from ..security import audit
from .charts import report_charts
from .exports import csv_rows, to_xlsx
from .forms import OutcomeForm, ProgrammeForm
from .labels import METRIC_DEFINITIONS, METRIC_NAMES, describe_filters
from .models import ExamOutcome, ExportLog, Programme
from .service import METRICS, ReportFilters, run_report

bp = Blueprint("reports", __name__, url_prefix="/reports")
# Report periods: from 2000 (long before any data here) to a year ahead (planned sessions); a period
# is counted month by month, so at most ten years, which stays well under a second.
EARLIEST_REPORT_DATE = date(2000, 1, 1)
MAX_REPORT_YEARS = 10


def _by_name(query) -> list:
    """Groups or programmes in Latvian order of their names (SQL cannot sort Latvian portably)."""
    return latvian_sorted(db.session.scalars(query), lambda item: item.name)


def _names() -> dict:
    lang = str(get_locale())
    return {
        "municipality": {m.id: m.name for m in db.session.scalars(select(Municipality).order_by(Municipality.position))},
        "group": {g.code: g.names.get(lang) or g.names.get("lv") for g in db.session.scalars(select(TargetGroup).order_by(TargetGroup.position))},
        "cohort": {c.id: c.name for c in _by_name(select(Cohort))},
        "programme": {p.id: p.name for p in _by_name(select(Programme))},
    }


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _filters(names: dict) -> tuple[ReportFilters, list[str]]:
    """Filters from the query string; bad values are reported and replaced by defaults."""
    errors = []
    today = utcnow().date()

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
    names = _names()
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
                           metric_names=METRIC_NAMES, definitions=METRIC_DEFINITIONS, today=utcnow().date(),
                           query=request.query_string.decode())


def _log_export(fmt: str, scope: str, filters: ReportFilters) -> None:
    db.session.add(ExportLog(user_id=current_user.id, exported_at=utcnow(), format=fmt, scope=scope, filters=filters.as_dict()))
    audit.record("personal_data_exported", format=fmt, scope=scope, filters=filters.as_dict())
    db.session.commit()


@bp.get("/export.<fmt>")
@allow(*REPORTERS)
def export(fmt: str):
    if fmt not in ("csv", "xlsx"):
        abort(404)
    names, filters, _errors, report = _report_from_request()
    _log_export(fmt, "summary", filters)
    stamp = f"{filters.start.isoformat()}_{filters.end.isoformat()}"
    if fmt == "csv":
        return csv_response(csv_rows(report, names), f"lsk-report-{stamp}.csv")
    return xlsx_response(to_xlsx(report, names), f"lsk-report-{stamp}.xlsx")


@bp.get("/people.csv")
@allow(*REPORTERS)
def people():
    """The per-person list behind the numbers: for coordinators and administrators only."""
    names, filters, _errors, report = _report_from_request()
    _log_export("csv", "people", filters)
    ids = exportable_people(report.people["participants"])  # withdrawn consent or erased: left out
    profiles = {p.user_id: p for p in db.session.scalars(select(LearnerProfile).where(LearnerProfile.user_id.in_(ids or [-1])))}
    users = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(ids or [-1])))}
    rows = [[_("Name"), _("Year of birth"), _("Municipality"), _("Target groups")] + [str(METRIC_NAMES[m]) for m in METRICS[1:]]]
    for uid in sorted(ids, key=lambda i: latvian_key(users[i].display_name)):
        profile = profiles.get(uid)
        rows.append([users[uid].display_name, profile.birth_year if profile else "",
                     names["municipality"].get(profile.municipality_id, "") if profile else "",
                     "; ".join(names["group"].get(c, c) for c in (profile.target_groups if profile else []))]
                    + ["1" if uid in report.people[m] else "0" for m in METRICS[1:]])
    return csv_response(rows, "lsk-participants.csv")


@bp.get("/exports")
@allow(*REPORTERS)
def export_log():
    rows = db.session.execute(select(ExportLog, User.display_name).join(User, User.id == ExportLog.user_id)
                              .order_by(ExportLog.exported_at.desc()).limit(200)).tuples()
    names = _names()
    return render_template("reports/exports.html", rows=[(log, name, _period(log.filters), describe_filters(log.filters, names))
                                                         for log, name in rows])


def _period(filters: dict) -> tuple[date | None, date | None]:
    """The logged period as dates (logs keep ISO text), None where it cannot be read."""
    def as_date(value):
        try:
            return date.fromisoformat(value)
        except (TypeError, ValueError):
            return None
    return as_date((filters or {}).get("start")), as_date((filters or {}).get("end"))


@bp.get("/programmes")
@allow(*REPORTERS)
def programmes():
    return render_template("reports/programmes.html", programmes=_by_name(select(Programme)))


@bp.route("/programmes/new", methods=["GET", "POST"])
@bp.route("/programmes/<int:programme_id>", methods=["GET", "POST"])
@allow(*REPORTERS)
def programme(programme_id: int | None = None):
    item = db.get_or_404(Programme, programme_id) if programme_id else None
    form = ProgrammeForm(obj=item)
    cohorts = _by_name(select(Cohort))
    if form.validate_on_submit():
        taken = db.session.scalar(select(Programme.id).where(Programme.name == form.name.data.strip()))
        if taken and taken != programme_id:
            form.name.errors.append(_("A programme with this name already exists."))
        else:
            item = item or Programme()
            form.populate_obj(item)
            item.name = item.name.strip()
            db.session.add(item)
            db.session.flush()
            chosen = {int(v) for v in request.form.getlist("cohorts") if v.isascii() and v.isdigit()}
            for cohort in cohorts:
                if cohort.id in chosen:
                    cohort.programme_id = item.id
                elif cohort.programme_id == item.id:
                    cohort.programme_id = None
            db.session.commit()
            flash(_("The programme is saved."), "success")
            return redirect(url_for("reports.programmes"))
    return render_template("reports/programme.html", form=form, item=item, cohorts=cohorts)


def _outcome_learners() -> list[tuple[int, str]]:
    """Learners the user may record outcomes for: a teacher's own groups, everyone for coordinators."""
    visible = visible_cohort_ids(current_user)
    query = select(User.id, User.display_name).where(User.role == Role.LEARNER)
    if visible is not None:
        query = query.where(User.id.in_(select(Enrolment.user_id).where(Enrolment.cohort_id.in_(visible or {-1}))))
    return latvian_sorted([(uid, name) for uid, name in db.session.execute(query)], lambda row: row[1])


@bp.route("/outcomes", methods=["GET", "POST"])
@allow(*STAFF_VIEW)
def outcomes():
    form = OutcomeForm()
    form.learner.choices = _outcome_learners()
    if form.validate_on_submit():
        if not can_see_learner(current_user, form.learner.data) and current_user.role == Role.TEACHER:
            abort(404)
        passed = None if form.kind.data in ("registered", "citizenship") else form.result.data == "passed"
        parts = ({"history": form.history.data, "satversme": form.satversme.data, "anthem": form.anthem.data}
                 if form.kind.data == "knowledge" else {})
        db.session.add(ExamOutcome(user_id=form.learner.data, kind=form.kind.data, happened_on=form.happened_on.data,
                                   passed=passed, parts=parts, note=(form.note.data or "").strip() or None,
                                   recorded_by_id=current_user.id, recorded_at=utcnow()))
        db.session.commit()
        flash(_("The outcome is recorded."), "success")
        return redirect(url_for("reports.outcomes"))
    learner_ids = [uid for uid, _name in form.learner.choices]
    recent = list(db.session.execute(
        select(ExamOutcome, User.display_name).join(User, User.id == ExamOutcome.user_id)
        .where(ExamOutcome.user_id.in_(learner_ids or [-1])).order_by(ExamOutcome.happened_on.desc()).limit(100)).tuples())
    return render_template("reports/outcomes.html", form=form, recent=recent)
