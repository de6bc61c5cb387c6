"""Privacy pages: a learner's own data (page and JSON), erasing a person, the audit log; and the
`flask privacy retention` command."""
import click
from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.access import allow
from ..auth.models import User
from ..auth.roles import ADMINS, PRIVACY_OFFICERS, Role
from ..core.time import utcnow
from ..security import audit
from ..security.audit import ACTIONS
from . import audit_log, own_data, services
from .erasure import erasable, erase_person
from .forms import EraseForm
from .labels import action_label, page_sections
from .retention import inactive_learners

bp = Blueprint("privacy", __name__, url_prefix="/privacy", cli_group="privacy")
FIRST_YEAR, LAST_YEAR = 2000, 2100  # the audit log's sane date range


@bp.get("/my-data")
@allow(Role.LEARNER)
def my_data():
    data = own_data.collect(current_user.id)
    audit.record("own_data_exported", subject_id=current_user.id, commit=True, format="html")
    return render_template("privacy/my_data.html",
                           sections=page_sections(data, own_data.SECTIONS, own_data.SINGLE))


@bp.get("/my-data.json")
@allow(Role.LEARNER)
def my_data_json():
    now = utcnow()
    body = own_data.to_json(own_data.collect(current_user.id), now)
    audit.record("own_data_exported", subject_id=current_user.id, commit=True, format="json")
    return Response(body, mimetype="application/json",
                    headers={"Content-Disposition": f'attachment; filename="lsk-my-data-{now.date().isoformat()}.json"'})


def _learner_or_404(user_id: int) -> User:
    person = services.learner(user_id)
    if person is None:
        abort(404)
    return person


@bp.route("/people/<int:user_id>/erase", methods=["GET", "POST"])
@allow(*PRIVACY_OFFICERS)
def erase(user_id: int):
    person = _learner_or_404(user_id)
    form = EraseForm(person.username)
    if erasable(person) and form.validate_on_submit():
        services.erase(person.id, current_user.id, utcnow())
        flash(_("The personal data of this person are erased. Their anonymous results stay in the reports."), "success")
        return redirect(url_for("cohorts.index"))
    groups = services.group_names(person.id)
    return render_template("privacy/erase.html", person=person, form=form, groups=groups,
                           already=person.erased_at is not None)


def _audit_filters() -> tuple[audit_log.AuditFilters, list[str], dict]:
    """Filters from the query string; a bad value is explained and ignored."""
    errors, raw = [], {key: request.args.get(key, "").strip()[:64] for key in ("action", "actor", "subject", "start", "end")}
    dates = {}
    for key in ("start", "end"):
        try:
            dates[key] = audit_log.parse_date(raw[key])
        except ValueError:
            dates[key] = None
        if raw[key] and (dates[key] is None or not FIRST_YEAR <= dates[key].year <= LAST_YEAR):
            errors.append(_("“%(value)s” is not a date between %(first)s and %(last)s (YYYY-MM-DD).",
                            value=raw[key], first=FIRST_YEAR, last=LAST_YEAR))
            dates[key] = None
    if raw["action"] and raw["action"] not in ACTIONS:
        errors.append(_("“%(value)s” is not one of the choices.", value=raw["action"]))
        raw["action"] = ""
    page = request.args.get("page", "1")
    filters = audit_log.AuditFilters(
        action=raw["action"] or None, actor_id=audit_log.find_person(raw["actor"]),
        subject_id=audit_log.find_person(raw["subject"]), start=dates["start"], end=dates["end"],
        page=int(page) if page.isascii() and page.isdigit() and len(page) < 7 else 1)
    return filters, errors, raw


@bp.get("/audit")
@allow(*ADMINS)
def audit_events():
    filters, errors, raw = _audit_filters()
    result = audit_log.audit_page(filters)
    query = {k: v for k, v in raw.items() if v}
    return render_template("privacy/audit.html", result=result, errors=errors, raw=raw, query=query,
                           actions=[(a, action_label(a)) for a in ACTIONS], action_label=action_label)


@bp.cli.command("retention")
@click.option("--apply", "apply_", is_flag=True, help="Erase the listed accounts (otherwise only list them).")
def retention_command(apply_):
    """List learner accounts inactive for longer than LSK_RETENTION_MONTHS; --apply erases them."""
    months = current_app.config["RETENTION_MONTHS"]
    now = utcnow()
    stale = inactive_learners(now, months)
    for row in stale:
        click.echo(f"{row.user_id}\t{row.username}\tlast active {row.last_active_at.date().isoformat()}")
    if not apply_:
        click.echo(f"{len(stale)} learner account(s) inactive for more than {months} months. "
                   "Run again with --apply to erase them.")
        return
    for row in stale:
        erase_person(row.user_id, None, now, action="retention_erased")
    click.echo(f"Erased {len(stale)} learner account(s) inactive for more than {months} months.")
