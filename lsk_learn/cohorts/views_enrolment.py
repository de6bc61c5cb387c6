"""Enrolment: add one learner, import a CSV/XLSX list (preview first; the good rows can be imported
and the rejected ones downloaded with their reasons; a template file), printable sign-in cards, and
joining a group with its code."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from ..auth.access import allow
from ..auth.roles import MANAGERS, STAFF_VIEW, Role
from ..core.collation import latvian_sorted
from ..core.i18n import LANGUAGES
from ..core.spreadsheet import csv_response, xlsx_response
from ..core.time import utcnow
from ..domain.enrolment_import import Candidate, check_rows
from ..security.tracking import changed_fields, details_snapshot
from ..security import audit
from . import access, import_view, services
from .forms import ConfirmImportForm, ImportForm, JoinForm, LearnerForm
from .import_files import UnreadableFile, read_table


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
        return _cards_page(cohort, accounts, fresh=True)
    return render_template("cohorts/learner_new.html", cohort=cohort, form=form)


def _import_page(cohort, form, status=200, problems=None, preview=None, confirm=None, payload=None):
    """The import page in each of its states: upload (with problems of the file), or the preview of
    the good rows with the rejected ones and the confirm form."""
    rows = import_view.preview_rows(preview.candidates) if preview else []
    if preview and problems is None:
        describe = import_view.describer()
        problems = [(r.row, describe(p)) for r in preview.rejected for p in r.problems]
    return render_template("cohorts/import.html", cohort=cohort, form=form, problems=problems, preview=preview,
                           rows=rows, confirm=confirm, payload=payload, accepted=import_view.accepted_values()), status


@allow(*MANAGERS)
def import_learners(cohort_id: int):
    cohort = access.cohort_or_404(cohort_id, current_user, manage=True)
    form = ImportForm()
    if not form.validate_on_submit():
        return _import_page(cohort, form, 422 if form.errors else 200)
    upload = form.file.data
    try:
        rows = read_table(upload.filename or "", upload.stream)  # read in chunks, refused past the limit
    except UnreadableFile as error:
        return _import_page(cohort, form, 422, problems=[(1, import_view.problem_message(error.code))])
    municipalities = {name: mid for mid, name in services.municipality_choices()}
    result = check_rows(rows, municipalities, services.target_group_lookup(), utcnow().year,
                        preferred_municipality=municipalities.get(cohort.municipality), titles=import_view.all_titles())
    if result.file_problems:
        describe = import_view.describer()
        return _import_page(cohort, form, 422, problems=[(p.row, describe(p)) for p in result.file_problems])
    payload = import_view.dump_preview(cohort.id, result)
    preview = import_view.load_preview(payload, cohort.id)  # the page shows what the confirm step will get
    # with no good row, only the problems, the rejected rows to download and the upload form again
    return _import_page(cohort, form, 200 if result.candidates else 422, preview=preview,
                        confirm=ConfirmImportForm(payload=payload) if result.candidates else None, payload=payload)


def _checked_list(cohort):
    """The signed list the form sent back, or None (with a message) if expired, changed or another group's."""
    preview = import_view.load_preview(request.form.get("payload", ""), cohort.id)
    if preview is None:
        flash(_("The checked list has expired or was changed. Please upload the file again."), "error")
    return preview


@allow(*MANAGERS)
def confirm_import(cohort_id: int):
    cohort = access.cohort_or_404(cohort_id, current_user, manage=True)
    preview = _checked_list(cohort)
    if preview is None or not preview.candidates:
        return redirect(url_for("cohorts.import_learners", cohort_id=cohort.id))
    confirm = ConfirmImportForm()
    if not confirm.validate_on_submit():  # consent not ticked: the same preview again, nothing saved
        return _import_page(cohort, ImportForm(formdata=None), 422, preview=preview, confirm=confirm,
                            payload=request.form.get("payload"))
    accounts = services.create_learners(cohort, preview.candidates, utcnow(), consent=True)
    flash(ngettext("%(num)d learner was added to the group.", "%(num)d learners were added to the group.",
                   len(accounts)), "success")
    return _cards_page(cohort, accounts, fresh=True)


def _cards_page(cohort, accounts, fresh):
    """Sign-in cards in Latvian alphabetical order of the name, as the teacher hands them out."""
    accounts = latvian_sorted(accounts, lambda account: account.user.display_name)
    return render_template("cohorts/cards.html", cohort=cohort, accounts=accounts, fresh=fresh)


@allow(*MANAGERS)
def rejected_rows(cohort_id: int):
    """The rows that were not imported, with their reasons, to correct and upload again."""
    cohort = access.cohort_or_404(cohort_id, current_user, manage=True)
    preview = _checked_list(cohort)
    if preview is None:
        return redirect(url_for("cohorts.import_learners", cohort_id=cohort.id))
    return csv_response(import_view.rejected_rows_table(preview), f"import-problems-{cohort.id}.csv")


@allow(*MANAGERS)
def import_template(cohort_id: int, fmt: str):
    """A file to fill in: the column names in Latvian or Russian (?lang=, else the page's) and one example row."""
    cohort = access.cohort_or_404(cohort_id, current_user, manage=True)
    lang = request.args.get("lang")
    lang = lang if lang in LANGUAGES else str(get_locale())
    rows = import_view.template_rows(cohort, lang)
    name = f"lsk-learners-{lang}.{fmt}"
    return csv_response(rows, name) if fmt == "csv" else xlsx_response(import_view.template_xlsx(rows), name)


@allow(*MANAGERS)
def cards(cohort_id: int):
    """Choose learners and print sign-in cards with new temporary passwords."""
    cohort = access.cohort_or_404(cohort_id, current_user, manage=True)
    learners = latvian_sorted(services.current_learners(cohort.id), lambda learner: learner.display_name)
    if request.method == "POST":
        chosen = {int(v) for v in request.form.getlist("learner") if v.isascii() and v.isdigit()}
        selected = [u for u in learners if u.id in chosen]
        if not selected:
            flash(_("Tick at least one learner."), "error")
        else:
            return _cards_page(cohort, services.reset_passwords(selected), fresh=False)
    return render_template("cohorts/cards_choose.html", cohort=cohort, learners=learners)


@allow(Role.LEARNER)
def join():
    form = JoinForm()
    if form.validate_on_submit():
        code = form.code.data.strip().upper()
        cohort, joined = services.join_with_code(code, current_user.id, utcnow())
        if cohort is None:
            form.code.errors.append(_("There is no group with this code. Check the code with your teacher."))
        else:
            if joined:
                flash(_("You have joined the group %(name)s.", name=cohort.name), "success")
            else:
                flash(_("You are already in the group %(name)s.", name=cohort.name), "info")
            return redirect(url_for("home.dashboard"))
    return render_template("cohorts/join.html", form=form)


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
