"""Administration of accounts: list, create, reset a password, disable or enable; and the managed lists."""
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.access import allow
from ..auth.models import User
from ..auth.roles import ADMINS
from ..core.converters import bounded_int
from ..extensions import db
from ..profiles.models import Municipality, TargetGroup
from . import services
from .forms import ROLE_LABELS, ConfirmForm, MunicipalityForm, TargetGroupForm, UserCreateForm

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.get("/users")
@allow(*ADMINS)
def users():
    return render_template("admin/users.html", users=services.users_in_order(), role_labels=ROLE_LABELS,
                           action_form=ConfirmForm())


@bp.route("/users/new", methods=["GET", "POST"])
@allow(*ADMINS)
def create_user():
    form = UserCreateForm()
    if form.validate_on_submit():
        user, password = services.create_user(form.username.data.strip(), form.display_name.data.strip(),
                                              (form.email.data or "").strip() or None, form.role.data, form.locale.data)
        return render_template("admin/password_shown.html", user=user, password=password, created=True)
    return render_template("admin/user_new.html", form=form)


@bp.post("/users/<int:user_id>/reset-password")
@allow(*ADMINS)
def reset_password(user_id: int):
    user = db.get_or_404(User, user_id)
    if not ConfirmForm().validate_on_submit():
        flash(_("The form has expired. Please try again."), "error")
        return redirect(url_for("admin.users"))
    password = services.reset_password(user)  # also ends every session of the account
    return render_template("admin/password_shown.html", user=user, password=password, created=False)


@bp.post("/users/<int:user_id>/toggle")
@allow(*ADMINS)
def toggle_user(user_id: int):
    user = db.get_or_404(User, user_id)
    if not ConfirmForm().validate_on_submit():
        flash(_("The form has expired. Please try again."), "error")
    elif user.id == current_user.id:
        flash(_("You cannot disable your own account."), "error")
    else:
        services.toggle_user(user)
        if user.is_enabled:
            flash(_("The account of %(name)s is enabled.", name=user.display_name), "success")
        else:
            flash(_("The account of %(name)s is disabled.", name=user.display_name), "success")
    return redirect(url_for("admin.users"))


@bp.post("/users/<int:user_id>/two-factor-off")
@allow(*ADMINS)
def two_factor_off(user_id: int):
    """For a colleague who lost their phone: they sign in with the password alone and set it up again."""
    user = db.get_or_404(User, user_id)
    if not ConfirmForm().validate_on_submit():
        flash(_("The form has expired. Please try again."), "error")
    elif user.totp_secret:
        services.two_factor_off(user)
        flash(_("Two-step sign-in is off for %(name)s. They will be asked to set it up again if their role needs it.",
                name=user.display_name), "success")
    return redirect(url_for("admin.users"))


@bp.route("/lists", methods=["GET", "POST"])
@allow(*ADMINS)
def lists():
    """The managed lists reports count by: municipalities and target groups (add, hide, show)."""
    municipality_form = MunicipalityForm(prefix="m")
    group_form = TargetGroupForm(prefix="g")
    if municipality_form.submit.data and municipality_form.validate_on_submit():
        if services.add_municipality(" ".join(municipality_form.name.data.split())):
            flash(_("The list is saved."), "success")
            return redirect(url_for("admin.lists"))
        municipality_form.name.errors.append(_("This municipality is already on the list."))
    if group_form.submit.data and group_form.validate_on_submit():
        names = {"lv": group_form.name_lv.data.strip(), "ru": (group_form.name_ru.data or "").strip(),
                 "en": (group_form.name_en.data or "").strip()}
        if services.add_target_group(group_form.code.data.strip().lower().replace(" ", "_"), names):
            flash(_("The list is saved."), "success")
            return redirect(url_for("admin.lists"))
        group_form.code.errors.append(_("This code is already used."))
    return render_template("admin/lists.html", municipality_form=municipality_form, group_form=group_form,
                           municipalities=services.municipalities(), groups=services.target_groups(),
                           action_form=ConfirmForm())


@bp.post("/lists/<kind>/<key>/toggle")
@allow(*ADMINS)
def toggle_list_entry(kind: str, key: str):
    """Hide an entry from new choices (it stays on existing records and in past reports), or show it."""
    if kind == "municipality" and bounded_int(key) is not None:
        entry = db.get_or_404(Municipality, bounded_int(key))
    elif kind == "group":
        entry = db.get_or_404(TargetGroup, key)
    else:
        abort(404)
    services.toggle_list_entry(entry)
    flash(_("The list is saved."), "success")
    return redirect(url_for("admin.lists"))
