"""The front page, the language switcher, the health check for load balancers, and versioned
static URLs."""
from urllib.parse import urlsplit

from flask import Blueprint, current_app, jsonify, redirect, render_template, request, session, url_for
from flask_login import current_user

from ..auth.access import public
from ..auth.roles import Role
from ..extensions import db, limiter
from ..ops.health import database_answers
from .static_files import content_version

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


@bp.get("/healthz")
@public
@limiter.exempt
def healthz():
    """For a load balancer or a monitor: 200 while the database answers one query, else 503. Needs
    no sign-in, sets no cookie, and is never rate-limited."""
    check = database_answers()
    if not check.ok:
        current_app.logger.warning("healthz: database %s", check.message)
    body = {"status": "ok" if check.ok else "error", "database": "ok" if check.ok else "error"}
    return jsonify(body), 200 if check.ok else 503


@bp.app_url_defaults
def static_file_version(endpoint: str, values: dict) -> None:
    """Every static URL carries a hash of the file's content (`?v=...`), so nginx can tell browsers
    to keep static files for a year (deploy/nginx/): a changed file gets a new URL."""
    if endpoint == "static" and "filename" in values and "v" not in values:
        version = content_version(current_app.static_folder, values["filename"])
        if version:
            values["v"] = version
