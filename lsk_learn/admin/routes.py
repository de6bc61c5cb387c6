"""Administration of accounts: list, create, reset a password, disable or enable."""
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..auth.access import allow
from ..auth.models import User
from ..auth.passwords import temporary_password
from ..auth.roles import Role
from ..core.collation import latvian_key
from ..core.converters import bounded_int
from ..extensions import db
from ..security.audit import record
from ..security.sessions import end_all_sessions
from ..profiles.models import Municipality, TargetGroup
from ..reports.forms import MunicipalityForm, TargetGroupForm
from .forms import ROLE_LABELS, ConfirmForm, UserCreateForm

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.get("/users")
@allow(Role.ADMIN)
def users():
    rows = sorted(db.session.scalars(select(User)), key=lambda u: (u.role, latvian_key(u.display_name)))
    return render_template("admin/users.html", users=rows, role_labels=ROLE_LABELS, action_form=ConfirmForm())


@bp.route("/users/new", methods=["GET", "POST"])
@allow(Role.ADMIN)
def create_user():
    form = UserCreateForm()
    if form.validate_on_submit():
        password = temporary_password()
        user = User(
            username=form.username.data.strip(), display_name=form.display_name.data.strip(),
            email=(form.email.data or "").strip() or None, role=form.role.data,
            locale=form.locale.data, must_change_password=True,
        )
        user.set_password(password)
        db.session.add(user)
        db.session.commit()
        return render_template("admin/password_shown.html", user=user, password=password, created=True)
    return render_template("admin/user_new.html", form=form)


@bp.post("/users/<int:user_id>/reset-password")
@allow(Role.ADMIN)
def reset_password(user_id: int):
    user = db.get_or_404(User, user_id)
    if not ConfirmForm().validate_on_submit():
        flash(_("The form has expired. Please try again."), "error")
        return redirect(url_for("admin.users"))
    password = temporary_password()
    user.set_password(password)  # also ends every session of the account
    user.must_change_password = True
    record("password_reset", subject_id=user.id)
    db.session.commit()
    return render_template("admin/password_shown.html", user=user, password=password, created=False)


@bp.post("/users/<int:user_id>/toggle")
@allow(Role.ADMIN)
def toggle_user(user_id: int):
    user = db.get_or_404(User, user_id)
    if not ConfirmForm().validate_on_submit():
        flash(_("The form has expired. Please try again."), "error")
    elif user.id == current_user.id:
        flash(_("You cannot disable your own account."), "error")
    else:
        user.is_enabled = not user.is_enabled
        if not user.is_enabled:
            end_all_sessions(user.id)
        record("account_enabled" if user.is_enabled else "account_disabled", subject_id=user.id)
        db.session.commit()
        if user.is_enabled:
            flash(_("The account of %(name)s is enabled.", name=user.display_name), "success")
        else:
            flash(_("The account of %(name)s is disabled.", name=user.display_name), "success")
    return redirect(url_for("admin.users"))


@bp.post("/users/<int:user_id>/two-factor-off")
@allow(Role.ADMIN)
def two_factor_off(user_id: int):
    """For a colleague who lost their phone: they sign in with the password alone and set it up again."""
    user = db.get_or_404(User, user_id)
    if not ConfirmForm().validate_on_submit():
        flash(_("The form has expired. Please try again."), "error")
    elif user.totp_secret:
        user.totp_secret, user.totp_last_step = None, None
        end_all_sessions(user.id)
        record("two_factor_disabled", subject_id=user.id)
        db.session.commit()
        flash(_("Two-step sign-in is off for %(name)s. They will be asked to set it up again if their role needs it.",
                name=user.display_name), "success")
    return redirect(url_for("admin.users"))


@bp.route("/lists", methods=["GET", "POST"])
@allow(Role.ADMIN)
def lists():
    """The managed lists reports count by: municipalities and target groups (add, hide, show)."""
    municipality_form = MunicipalityForm(prefix="m")
    group_form = TargetGroupForm(prefix="g")
    if municipality_form.submit.data and municipality_form.validate_on_submit():
        name = " ".join(municipality_form.name.data.split())
        if db.session.scalar(select(Municipality.id).where(Municipality.name == name)):
            municipality_form.name.errors.append(_("This municipality is already on the list."))
        else:
            db.session.add(Municipality(name=name, position=50, active=True))
            db.session.commit()
            flash(_("The list is saved."), "success")
            return redirect(url_for("admin.lists"))
    if group_form.submit.data and group_form.validate_on_submit():
        code = group_form.code.data.strip().lower().replace(" ", "_")
        if db.session.get(TargetGroup, code):
            group_form.code.errors.append(_("This code is already used."))
        else:
            names = {"lv": group_form.name_lv.data.strip(), "ru": (group_form.name_ru.data or "").strip(),
                     "en": (group_form.name_en.data or "").strip()}
            db.session.add(TargetGroup(code=code, names={k: v for k, v in names.items() if v}, position=50, active=True))
            db.session.commit()
            flash(_("The list is saved."), "success")
            return redirect(url_for("admin.lists"))
    return render_template("admin/lists.html", municipality_form=municipality_form, group_form=group_form,
                           municipalities=db.session.scalars(select(Municipality).order_by(Municipality.position, Municipality.name)).all(),
                           groups=db.session.scalars(select(TargetGroup).order_by(TargetGroup.position)).all(),
                           action_form=ConfirmForm())


@bp.post("/lists/<kind>/<key>/toggle")
@allow(Role.ADMIN)
def toggle_list_entry(kind: str, key: str):
    """Hide an entry from new choices (it stays on existing records and in past reports), or show it."""
    if kind == "municipality" and bounded_int(key) is not None:
        entry = db.get_or_404(Municipality, bounded_int(key))
    elif kind == "group":
        entry = db.get_or_404(TargetGroup, key)
    else:
        abort(404)
    entry.active = not entry.active
    db.session.commit()
    flash(_("The list is saved."), "success")
    return redirect(url_for("admin.lists"))
