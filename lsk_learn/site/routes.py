"""The front page, the language switcher, the health check for load balancers, and versioned
static URLs."""
from flask import Blueprint, current_app, jsonify, redirect, render_template, request, session, url_for
from flask_login import current_user

from ..auth.access import public
from ..auth.roles import Role
from ..auth.services import remember_language
from ..core.i18n import LANGUAGES
from ..core.static_files import content_version
from ..core.urls import safe_next
from ..extensions import limiter
from ..ops.health import database_answers

# named "core", as before the move out of core/, so the endpoints (core.index, core.set_language,
# core.healthz) that templates and other modules use stay the same
bp = Blueprint("core", __name__)

HOME_BY_ROLE = {
    Role.LEARNER: "home.dashboard",
    Role.TEACHER: "cohorts.index",
    Role.COORDINATOR: "reports.index",
    Role.ADMIN: "admin.users",
}


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
    if lang in LANGUAGES:
        session["locale"] = lang
        if current_user.is_authenticated:
            remember_language(current_user, lang)
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
