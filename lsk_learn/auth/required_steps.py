"""What a signed-in user must do before anything else: replace a temporary password, and (for
administrators) turn on two-step sign-in. Every other page redirects there until it is done."""
from flask import current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .roles import TWO_FACTOR_REQUIRED

ALWAYS_OPEN = {"static", "auth.logout", "core.set_language"}


def two_factor_required(user) -> bool:
    """The user's role must use two-step sign-in (LSK_REQUIRE_ADMIN_2FA)."""
    return user.role in TWO_FACTOR_REQUIRED and current_app.config["REQUIRE_ADMIN_TWO_FACTOR"]


def init_app(app) -> None:
    @app.before_request
    def required_steps_first():
        if request.endpoint in ALWAYS_OPEN or not current_user.is_authenticated:
            return None
        if current_user.must_change_password:
            if request.endpoint == "auth.profile":
                return None
            flash(_("You signed in with a temporary password. Please choose your own password before going on."), "info")
            return redirect(url_for("auth.profile"))
        if (not current_user.totp_secret and two_factor_required(current_user)
                and request.endpoint != "auth.two_factor_setup"):
            flash(_("Administrator accounts need two-step sign-in. Please turn it on before going on."), "info")
            return redirect(url_for("auth.two_factor_setup"))
        return None
