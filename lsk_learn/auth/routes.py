"""Sign in and out, and the user's own profile."""
from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user
from sqlalchemy import func, select

from ..core.routes import safe_next
from ..core.time import utcnow
from ..extensions import db, login_manager
from .access import allow_signed_in, public
from .forms import LoginForm, PasswordChangeForm, ProfileForm
from .models import User

bp = Blueprint("auth", __name__, url_prefix="/auth")


def init_login(app) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in to open this page.")
    login_manager.login_message_category = "info"

    @login_manager.user_loader
    def load_user(user_id: str):
        return db.session.get(User, int(user_id)) if user_id.isdigit() else None


def find_user(username: str) -> User | None:
    """Look a user up by name, ignoring case and surrounding spaces."""
    return db.session.scalar(select(User).where(func.lower(User.username) == username.strip().lower()))


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    if current_user.is_authenticated:
        return redirect(url_for("core.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = find_user(form.username.data)
        if user is None or not user.check_password(form.password.data) or not user.is_active:
            # one message for every failure, so the form does not reveal which user names exist
            flash(_("The user name or password is not correct."), "error")
        else:
            login_user(user)
            user.last_seen_at = utcnow()
            if user.locale is None and session.get("locale"):
                user.locale = session["locale"]
            db.session.commit()
            if user.must_change_password:
                flash(_("Please choose your own password now."), "info")
                return redirect(url_for("auth.profile"))
            return redirect(safe_next(request.args.get("next"), url_for("core.index")))
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@allow_signed_in
def logout():
    logout_user()
    session.pop("locale", None)
    flash(_("You have signed out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/profile", methods=["GET", "POST"])
@allow_signed_in
def profile():
    profile_form = ProfileForm(prefix="profile", obj=current_user)
    password_form = PasswordChangeForm(prefix="password")
    if profile_form.submit.data and profile_form.validate_on_submit():
        current_user.display_name = profile_form.display_name.data.strip()
        current_user.email = (profile_form.email.data or "").strip() or None
        current_user.locale = profile_form.locale.data
        current_user.large_text = bool(profile_form.large_text.data)
        session["locale"] = current_user.locale
        db.session.commit()
        flash(_("Your profile is saved."), "success")
        return redirect(url_for("auth.profile"))
    if password_form.submit.data and password_form.validate_on_submit():
        if not current_user.check_password(password_form.current_password.data):
            password_form.current_password.errors.append(_("The current password is not correct."))
        else:
            current_user.set_password(password_form.new_password.data)
            current_user.must_change_password = False
            db.session.commit()
            flash(_("Your password is changed."), "success")
            return redirect(url_for("auth.profile"))
    if not profile_form.is_submitted():
        profile_form.locale.data = current_user.locale or session.get("locale") or "lv"
    return render_template("auth/profile.html", profile_form=profile_form, password_form=password_form)
