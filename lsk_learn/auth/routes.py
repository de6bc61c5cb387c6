"""Sign in (with throttling and, for staff who turned it on, a one-time code) and out, and the
user's own profile and password."""
from datetime import timedelta

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import format_time
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, logout_user

from ..core.i18n import LANGUAGES
from ..core.time import utcnow
from ..core.urls import safe_next
from ..extensions import limiter, login_manager
from ..security import sessions, throttle
from ..security.audit import record
from . import services
from .access import allow_signed_in, public
from .credentials import SignInBusy, check_credentials, find_user, password_matches
from .forms import LoginForm, PasswordChangeForm, ProfileForm, password_policy_errors
from .models import User
from .required_steps import two_factor_required
from .roles import STAFF

bp = Blueprint("auth", __name__, url_prefix="/auth")
PENDING_TWO_FACTOR = "pending_two_factor"
TWO_FACTOR_WINDOW = timedelta(minutes=5)  # the code must follow the password within this time


def init_login(app) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in to open this page.")
    login_manager.login_message_category = "info"

    @login_manager.user_loader
    def load_user(user_id: str):
        user, record = (services.user_with_session(int(user_id), sessions.this_browser_token_hash())
                        if user_id.isascii() and user_id.isdigit() and len(user_id) < 12 else (None, None))
        if user is None or not sessions.session_still_valid(user, staff=user.role in STAFF, record=record):
            sessions.forget_this_browser()
            return None
        return user


def paused_message(until) -> str:
    minutes = max(1, round((until - utcnow()).total_seconds() / 60))
    return _("Too many unsuccessful sign-ins. For your safety, signing in is paused until %(time)s "
             "(about %(minutes)s min.). Then try again, or ask your teacher for a new password.",
             time=format_time(until, "short"), minutes=minutes)


@bp.route("/login", methods=["GET", "POST"])
@public
@limiter.limit("120 per minute", methods=["POST"])  # per address: far above a classroom, far below guessing
def login():
    if current_user.is_authenticated:
        return redirect(url_for("core.index"))
    form = LoginForm()
    if form.validate_on_submit():
        username, address = form.username.data.strip(), request.remote_addr
        paused = throttle.paused_until(username, address)
        if paused:
            record("sign_in_locked", subject_id=_id_of(username), username=username[:64], commit=True)
            flash(paused_message(paused), "error")
            return render_template("auth/login.html", form=form), 429
        try:
            user = check_credentials(username, form.password.data)
        except SignInBusy:  # not a failure: nothing is counted against the name
            flash(_("Many people are signing in right now. Please wait a moment and press “Sign in” again."), "error")
            return render_template("auth/login.html", form=form), 503
        if user is None:
            throttle.count_failure(username, address)
            record("sign_in_failed", subject_id=_id_of(username), username=username[:64], commit=True)
            # one message for every failure, so the form does not reveal which user names exist
            flash(_("The user name or password is not correct."), "error")
        else:
            throttle.forget_account_failures(username)
            next_page = safe_next(request.args.get("next"), url_for("core.index"))
            if user.totp_secret:
                sessions.forget_this_browser()
                session[PENDING_TWO_FACTOR] = {"user_id": user.id, "at": utcnow().timestamp(), "next": next_page}
                return redirect(url_for("auth.two_factor"))
            return complete_sign_in(user, next_page)
    return render_template("auth/login.html", form=form)


def _id_of(username: str) -> int | None:
    user = find_user(username)
    return user.id if user is not None else None


def complete_sign_in(user: User, next_page: str, totp_step: int | None = None):
    # session["locale"] is only ever set by an explicit choice (the switcher, the profile): the
    # latest choice wins and is kept on the account; without one, the account's language applies
    chosen = session.get("locale") if session.get("locale") in LANGUAGES else None
    services.sign_in(user, chosen, utcnow(), totp_step)
    if user.must_change_password:
        flash(_("Please choose your own password now."), "info")
        return redirect(url_for("auth.profile"))
    return redirect(next_page)


def pending_two_factor_user() -> tuple[User, str] | None:
    """The user who gave the right password a moment ago and still has to give the code."""
    pending = session.get(PENDING_TWO_FACTOR)
    if not isinstance(pending, dict):
        return None
    if utcnow().timestamp() - float(pending.get("at", 0)) > TWO_FACTOR_WINDOW.total_seconds():
        session.pop(PENDING_TWO_FACTOR, None)
        return None
    user = services.user_by_id(int(pending.get("user_id", 0)))
    if user is None or not user.is_active or not user.totp_secret:
        return None
    return user, pending.get("next") or url_for("core.index")


@bp.post("/logout")
@allow_signed_in
def logout():
    services.sign_out(current_user)
    logout_user()
    sessions.forget_this_browser()
    session.pop("locale", None)
    flash(_("You have signed out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/profile", methods=["GET", "POST"])
@allow_signed_in
def profile():
    profile_form = ProfileForm(prefix="profile", obj=current_user)
    password_form = PasswordChangeForm(prefix="password")
    if profile_form.submit.data and profile_form.validate_on_submit():
        services.save_profile(current_user, profile_form.display_name.data.strip(),
                              (profile_form.email.data or "").strip() or None, profile_form.locale.data,
                              bool(profile_form.large_text.data))
        session["locale"] = current_user.locale
        flash(_("Your profile is saved."), "success")
        return redirect(url_for("auth.profile"))
    if password_form.submit.data and password_form.validate_on_submit():
        problems = password_policy_errors(password_form.new_password.data, current_user.username)
        try:
            current_ok = password_matches(current_user.password_hash, password_form.current_password.data)
        except SignInBusy:
            current_ok = None
        if current_ok is None:
            password_form.current_password.errors.append(_("Many people are signing in right now. Please wait a moment and try again."))
        elif not current_ok:
            password_form.current_password.errors.append(_("The current password is not correct."))
        elif problems:
            password_form.new_password.errors.extend(problems)
        elif password_form.new_password.data == password_form.current_password.data:
            password_form.new_password.errors.append(_("The new password must differ from the current one."))
        else:
            services.change_password(current_user._get_current_object(), password_form.new_password.data)
            flash(_("Your password is changed. Other devices signed in to your account have been signed out."), "success")
            return redirect(url_for("auth.profile"))
    if not profile_form.is_submitted():
        profile_form.locale.data = current_user.locale or session.get("locale") or "lv"
    return render_template("auth/profile.html", profile_form=profile_form, password_form=password_form,
                           two_factor_required=two_factor_required(current_user))
