"""Enrolment: add one learner, import a CSV/XLSX list (preview first, nothing saved until the file
is clean), printable sign-in cards, and joining a group with its code."""
from dataclasses import asdict

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeTimedSerializer

from ..auth.access import allow
from ..auth.models import User
from ..auth.roles import MANAGERS, STAFF_VIEW, Role
from ..core.time import utcnow
from ..domain.enrolment_import import Candidate, check_rows
from ..extensions import db
from ..privacy.tracking import changed_fields, details_snapshot
from ..security import audit
from . import access, services
from .blueprint import bp
from .forms import ImportForm, JoinForm, LearnerForm
from .import_files import UnreadableFile, read_table
from .models import Cohort

PREVIEW_MAX_AGE = 3600


def _signer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="enrolment-import")


def problem_message(code: str, value: str) -> str:
    columns = {"name": _("Full name"), "birth_year": _("Year of birth"), "municipality": _("Municipality")}
    messages = {
        "missing_column": lambda: _("The column “%(column)s” is missing from the first row.", column=columns.get(value, value)),
        "empty_file": lambda: _("The file is empty."),
        "no_rows": lambda: _("The file has a header row but no learners."),
        "too_many_rows": lambda: _("The file has more than %(max)s rows; split it into smaller files.", max=value),
        "empty_name": lambda: _("The name is empty."),
        "name_too_long": lambda: _("The name is too long."),
        "bad_year": lambda: _("“%(value)s” is not a year of birth (a year such as 1958).", value=value),
        "missing_municipality": lambda: _("The municipality is empty."),
        "unknown_municipality": lambda: _("“%(value)s” is not a municipality on the list.", value=value),
        "ambiguous_municipality": lambda: _("“%(value)s” matches more than one municipality; write its full name.", value=value),
        "unknown_target_group": lambda: _("“%(value)s” is not a target group on the list.", value=value),
        "ambiguous_target_group": lambda: _("“%(value)s” matches more than one target group; write its full name.", value=value),
        "bad_phone": lambda: _("“%(value)s” is not a phone number.", value=value),
        "bad_email": lambda: _("“%(value)s” is not an e-mail address.", value=value),
        "duplicate_row": lambda: _("The same person (name and year of birth) is already in row %(row)s.", row=value),
        "too_big": lambda: _("The file is larger than 2 MB."),
        "not_text": lambda: _("The file is not a text CSV file. Save it from your spreadsheet as CSV (UTF-8) or XLSX."),
        "not_xlsx": lambda: _("The file is not a valid XLSX (Excel) file."),
    }
    return messages[code]()


@bp.route("/<int:cohort_id>/learners/new", methods=["GET", "POST"])
@allow(*MANAGERS)
def add_learner(cohort_id: int):
    cohort = access.cohort_or_404(cohort_id, current_user, manage=True)
    form = LearnerForm()
    form.municipality.choices = services.municipality_choices()
    form.target_groups.choices = services.target_group_choices(str(get_locale()))
    if request.method == "GET":
        form.municipality.data = next((i for i, name in form.municipality.choices if name == cohort.municipality), None)
    if form.validate_on_submit():
        candidate = Candidate(0, " ".join(form.name.data.split()), form.birth_year.data, form.municipality.data,
                              list(form.target_groups.data or []), form.language.data, form.phone.data or None,
                              form.email.data or None)
        accounts = services.create_learners(cohort, [candidate], utcnow(), consent=form.consent.data == "yes")
        return render_template("cohorts/cards.html", cohort=cohort, accounts=accounts, fresh=True)
    return render_template("cohorts/learner_new.html", cohort=cohort, form=form)


@bp.route("/<int:cohort_id>/import", methods=["GET", "POST"])
@allow(*MANAGERS)
def import_learners(cohort_id: int):
    cohort = access.cohort_or_404(cohort_id, current_user, manage=True)
    form = ImportForm()
    if not form.validate_on_submit():
        return render_template("cohorts/import.html", cohort=cohort, form=form, problems=None, candidates=None)
    upload = form.file.data
    try:
        rows = read_table(upload.filename or "", upload.stream)  # read in chunks, refused past the limit
    except UnreadableFile as error:
        problems = [(1, problem_message(error.code, ""))]
        return render_template("cohorts/import.html", cohort=cohort, form=form, problems=problems, candidates=None), 422
    municipalities = {name: mid for mid, name in services.municipality_choices()}
    result = check_rows(rows, municipalities, services.target_group_lookup(), utcnow().year)
    if not result.ok:
        problems = [(p.row, problem_message(p.code, p.value)) for p in result.problems]
        return render_template("cohorts/import.html", cohort=cohort, form=form, problems=problems, candidates=None), 422
    payload = _signer().dumps({"cohort": cohort.id, "rows": [asdict(c) for c in result.candidates]})
    names = dict(services.municipality_choices())
    return render_template("cohorts/import.html", cohort=cohort, form=form, problems=None,
                           candidates=result.candidates, payload=payload, municipality_names=names)


@bp.post("/<int:cohort_id>/import/confirm")
@allow(*MANAGERS)
def confirm_import(cohort_id: int):
    cohort = access.cohort_or_404(cohort_id, current_user, manage=True)
    try:
        data = _signer().loads(request.form.get("payload", ""), max_age=PREVIEW_MAX_AGE)
    except BadSignature:
        flash(_("The checked list has expired or was changed. Please upload the file again."), "error")
        return redirect(url_for("cohorts.import_learners", cohort_id=cohort.id))
    if data.get("cohort") != cohort.id:
        flash(_("The checked list has expired or was changed. Please upload the file again."), "error")
        return redirect(url_for("cohorts.import_learners", cohort_id=cohort.id))
    accounts = services.create_learners(cohort, [Candidate(**row) for row in data["rows"]], utcnow(),
                                        consent=request.form.get("consent") == "yes")
    flash(ngettext("%(num)d learner was added to the group.", "%(num)d learners were added to the group.",
                   len(accounts)), "success")
    return render_template("cohorts/cards.html", cohort=cohort, accounts=accounts, fresh=True)


@bp.route("/<int:cohort_id>/cards", methods=["GET", "POST"])
@allow(*MANAGERS)
def cards(cohort_id: int):
    """Choose learners and print sign-in cards with new temporary passwords."""
    cohort = access.cohort_or_404(cohort_id, current_user, manage=True)
    learners = services.current_learners(cohort.id)
    if request.method == "POST":
        chosen = {int(v) for v in request.form.getlist("learner") if v.isascii() and v.isdigit()}
        selected = [u for u in learners if u.id in chosen]
        if not selected:
            flash(_("Tick at least one learner."), "error")
        else:
            return render_template("cohorts/cards.html", cohort=cohort, accounts=services.reset_passwords(selected), fresh=False)
    return render_template("cohorts/cards_choose.html", cohort=cohort, learners=learners)


@bp.route("/join", methods=["GET", "POST"])
@allow(Role.LEARNER)
def join():
    form = JoinForm()
    if form.validate_on_submit():
        code = form.code.data.strip().upper()
        cohort = db.session.scalar(db.select(Cohort).where(Cohort.join_code == code))
        if cohort is None:
            form.code.errors.append(_("There is no group with this code. Check the code with your teacher."))
        else:
            if services.enrol_existing(cohort, db.session.get(User, current_user.id), utcnow()):
                flash(_("You have joined the group %(name)s.", name=cohort.name), "success")
            else:
                flash(_("You are already in the group %(name)s.", name=cohort.name), "info")
            return redirect(url_for("learn.dashboard"))
    return render_template("cohorts/join.html", form=form)


@bp.route("/<int:cohort_id>/learners/<int:learner_id>/details", methods=["GET", "POST"])
@allow(*STAFF_VIEW)
def edit_learner(cohort_id: int, learner_id: int):
    """Correct a participant's details for the records (teachers of the group and coordinators)."""
    cohort = access.cohort_or_404(cohort_id, current_user)
    if current_user.role == Role.TEACHER:
        access.cohort_or_404(cohort_id, current_user, manage=True)
    person = access.learner_in_cohort_or_404(cohort, learner_id)
    if not access.may_change_person(current_user, cohort, person.id):
        abort(403)  # a former teacher keeps the history read-only
    profile = services.profile_of(person.id)
    form = LearnerForm(obj=profile)
    form.municipality.choices = services.municipality_choices()
    form.target_groups.choices = services.target_group_choices(str(get_locale()))
    form.submit.label.text = _("Save")
    if request.method == "GET":
        form.name.data, form.email.data = person.display_name, person.email
        form.municipality.data = profile.municipality_id
        form.target_groups.data = list(profile.target_groups)
        form.language.data = profile.main_language or "lv"
        form.consent.data = "yes" if profile.consent_at else "no"
    if form.validate_on_submit():
        before = details_snapshot(person, profile)
        services.update_details(person, profile, form, utcnow())
        # which fields changed, never their values: the audit log must not copy personal data
        audit.record("personal_data_edited", subject_id=person.id, commit=True, cohort_id=cohort.id,
                     fields=changed_fields(before, details_snapshot(person, profile)))
        flash(_("The details are saved."), "success")
        return redirect(url_for("cohorts.learner", cohort_id=cohort.id, learner_id=person.id))
    audit.record("personal_data_viewed", subject_id=person.id, commit=True, page="details", cohort_id=cohort.id)
    return render_template("cohorts/learner_details.html", cohort=cohort, person=person, form=form)
