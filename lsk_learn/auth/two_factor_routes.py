"""Two-factor sign-in for staff: the code step after the password, turning it on with an
authenticator app, and turning it off. Administrators must have it (LSK_REQUIRE_ADMIN_2FA)."""
from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..extensions import limiter
from ..security import throttle
from ..security import two_factor as totp
from ..security.audit import record
from . import services
from .access import allow, public
from .forms import TwoFactorCodeForm
from .required_steps import two_factor_required
from .roles import STAFF
from .routes import PENDING_TWO_FACTOR, bp, complete_sign_in, paused_message, pending_two_factor_user

SETUP_SECRET = "two_factor_setup_secret"


@bp.route("/two-factor", methods=["GET", "POST"])
@public
@limiter.limit("60 per minute", methods=["POST"])
def two_factor():
    pending = pending_two_factor_user()
    if pending is None:
        flash(_("Please sign in again: the code has to be entered within five minutes of the password."), "info")
        return redirect(url_for("auth.login"))
    user, next_page = pending
    form = TwoFactorCodeForm()
    if form.validate_on_submit():
        paused = throttle.paused_until(user.username, request.remote_addr)
        if paused:
            record("sign_in_locked", subject_id=user.id, commit=True)
            flash(paused_message(paused), "error")
            return render_template("auth/two_factor.html", form=form), 429
        step = totp.matching_step(user.totp_secret, form.code.data, user.totp_last_step)
        if step is None:
            throttle.count_failure(user.username, request.remote_addr)
            record("two_factor_failed", subject_id=user.id, commit=True)
            form.code.errors.append(_("That code is not right, or it was already used. Enter the code your app shows now."))
        else:
            throttle.forget_account_failures(user.username)
            session.pop(PENDING_TWO_FACTOR, None)
            return complete_sign_in(user, next_page, totp_step=step)
    return render_template("auth/two_factor.html", form=form)


@bp.route("/two-factor/setup", methods=["GET", "POST"])
@allow(*STAFF)
def two_factor_setup():
    if current_user.totp_secret:
        return redirect(url_for("auth.profile"))
    secret = session.get(SETUP_SECRET) or totp.new_secret()
    session[SETUP_SECRET] = secret  # kept in the signed cookie until confirmed with a code
    form = TwoFactorCodeForm()
    if form.validate_on_submit():
        step = totp.matching_step(secret, form.code.data, None)
        if step is None:
            form.code.errors.append(_("That code does not match. Check the time on your phone and enter the code shown now."))
        else:
            session.pop(SETUP_SECRET, None)
            services.turn_on_two_factor(current_user._get_current_object(), secret, step)
            flash(_("Two-step sign-in is on. From now on you will enter a code from your app after your password."), "success")
            return redirect(url_for("auth.profile"))
    uri = totp.provisioning_uri(secret, current_user.username)
    return render_template("auth/two_factor_setup.html", form=form, qr=totp.qr_data_uri(uri),
                           secret=totp.grouped(secret),
                           required=two_factor_required(current_user))


@bp.post("/two-factor/off")
@allow(*STAFF)
def two_factor_off():
    if two_factor_required(current_user):
        abort(403)  # administrators must keep it
    form = TwoFactorCodeForm(prefix="off")
    user = current_user._get_current_object()
    if not user.totp_secret:
        return redirect(url_for("auth.profile"))
    step = totp.matching_step(user.totp_secret, form.code.data or "", user.totp_last_step) \
        if form.validate_on_submit() else None
    if step is None:
        flash(_("To turn two-step sign-in off, enter the code your app shows now."), "error")
        return redirect(url_for("auth.profile"))
    services.turn_off_two_factor(user, this_browser_goes_on=True)
    flash(_("Two-step sign-in is off."), "success")
    return redirect(url_for("auth.profile"))
