"""The front page and the language switcher."""
from urllib.parse import urlsplit

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_login import current_user

from ..auth.access import public
from ..auth.roles import Role
from ..extensions import db

bp = Blueprint("core", __name__)

HOME_BY_ROLE = {
    Role.LEARNER: "learn.dashboard",
    Role.TEACHER: "cohorts.index",
    Role.COORDINATOR: "reports.index",
    Role.ADMIN: "admin.users",
}


def safe_next(target: str | None, fallback: str) -> str:
    """Only same-site paths are followed after a form, never another host."""
    if not target:
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return fallback
    return target


@bp.get("/")
@public
def index():
    if current_user.is_authenticated:
        return redirect(url_for(HOME_BY_ROLE[Role(current_user.role)]))
    return render_template("core/index.html")


@bp.post("/language")
@public
def set_language():
    """Remember the chosen language: on the account when signed in, else for this visit."""
    lang = request.form.get("lang", "")
    if lang in current_app.config["LANGUAGES"]:
        session["locale"] = lang
        if current_user.is_authenticated:
            current_user.locale = lang
            db.session.commit()
    return redirect(safe_next(request.form.get("next"), url_for("core.index")))
