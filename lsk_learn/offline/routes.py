"""Offline practice's routes: the service worker at the site root, the offline page's shell, and the
JSON the page uses (topics, a pack, answers sent back). Errors are JSON with a clear message."""
import json
from pathlib import Path

from flask import Blueprint, current_app, jsonify, render_template, request, session
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from ..auth.access import allow, public
from ..auth.roles import Role
from ..core.time import utcnow
from ..domain.offline_batch import BatchError, parse_batch
from .pack import build_pack, offline_topics
from .services import AnswersRefused, store_offline_answers
from .strings import page_strings

bp = Blueprint("offline", __name__)

CLEAR_OFFLINE_DATA = "clear_offline_data"  # session flag: the next page deletes the phone's offline data
MAX_BATCH_BYTES = 256 * 1024


@bp.get("/sw.js")
@public
def service_worker():
    """static/sw.js (scripts/build_sw.sh) from the root, so that it may control every page."""
    # read whole (19 kB), not streamed: nothing is left open if a client drops the response
    body = (Path(current_app.static_folder) / "sw.js").read_bytes()
    response = current_app.response_class(body, mimetype="text/javascript")
    response.add_etag()
    response.make_conditional(request)
    response.headers["Service-Worker-Allowed"] = "/"
    response.headers["Cache-Control"] = "no-cache"  # a new release's worker is found at once
    return response


@bp.get("/learn/offline")
@public
def page():
    """The offline page: a shell with no personal data (the service worker keeps it for use without a
    connection); static/js/offline.js fills it from the pack on the phone."""
    return render_template("offline/page.html", strings=page_strings())


@bp.get("/learn/offline/topics")
@allow(Role.LEARNER)
def topics():
    """The topics a pack may hold, and a CSRF token for sending answers (the shell carries none)."""
    return jsonify({"topics": offline_topics(str(get_locale())), "csrf_token": generate_csrf()})


@bp.get("/learn/offline/pack")
@allow(Role.LEARNER)
def pack():
    chosen = request.args.getlist("topic")
    known = {t["id"] for t in offline_topics(str(get_locale()))}
    if not chosen or len(chosen) > len(known) or any(t not in known for t in chosen):
        return _error(_("Choose one or more of the topics listed."), "bad_topics")
    # Latvian and Cyrillic letters as they are, not \u escapes: a third of the size on a slow line
    body = json.dumps(build_pack(chosen, str(get_locale()), utcnow()), ensure_ascii=False, separators=(",", ":"))
    return current_app.response_class(body, mimetype="application/json")


@bp.post("/learn/offline/answers")
@allow(Role.LEARNER)
def answers():
    """Answers given offline; sending the same ones again stores nothing new (each has a client id)."""
    if request.content_length is not None and request.content_length > MAX_BATCH_BYTES:
        return _error(_("Too many answers at once. Please send them in smaller parts."), "too_large")
    payload = request.get_json(silent=True)
    try:
        batch = parse_batch(payload, utcnow())
    except BatchError as error:
        return _error(_("These answers could not be read. Please update the offline page and try again."),
                      error.code, list(error.client_ids))
    try:
        result = store_offline_answers(current_user.id, batch)
    except AnswersRefused as error:
        return _error(_("Some answers are for questions that are not in the question bank, or are not "
                        "answers to them. Nothing was saved; the other answers can be sent again."),
                      error.code, error.client_ids)
    return jsonify({"stored": result.stored, "already": result.already})


def _error(message: str, code: str, rejected: list[str] | None = None):
    return jsonify({"error": message, "code": code, "rejected": rejected or []}), 400


@bp.app_context_processor
def offline_flags():
    # popped by the first page after sign-out, which then runs static/js/offline-clear.js
    return {"clear_offline_data": session.pop(CLEAR_OFFLINE_DATA, False) if CLEAR_OFFLINE_DATA in session else False}


@bp.after_app_request
def forget_offline_data_on_sign_out(response):
    """On sign-out: the browser drops this site's caches and storage (the pack and the queue), and
    the next page's script does the same where Clear-Site-Data is not supported."""
    if request.endpoint == "auth.logout" and request.method == "POST" and response.status_code == 302:
        session[CLEAR_OFFLINE_DATA] = True
        response.headers["Clear-Site-Data"] = '"cache", "storage"'
    return response
