"""Serving question attachments, and the template filter that shows them in a question's text."""
import io

from flask import Blueprint, abort, send_file, url_for
from flask_login import current_user

from ..auth.access import allow_signed_in
from ..core.question_text import question_text_html
from . import storage
from .services import visible_attachment

bp = Blueprint("attachments", __name__, url_prefix="/attachments")


@bp.get("/<question_id>/<path:name>")
@allow_signed_in
def file(question_id: str, name: str):
    row = visible_attachment(question_id[:64], name[:200], current_user.role) or abort(404)
    data = storage.load(row.sha256)  # at most a few MB (services.MAX_ATTACHMENT_BYTES): read whole, closed at once
    if data is None:
        abort(404)
    response = send_file(io.BytesIO(data), mimetype=row.media_type, conditional=True, etag=row.sha256,
                         download_name=row.name.rpartition("/")[2], max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    # shown inside pages, never as a page of its own: nothing in it may run
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, no-cache"
    return response


@bp.app_template_filter("question_text")
def question_text(question, language: str = "lv"):
    """`{{ question|question_text }}`: the question's Latvian text with its images and audio."""
    def field(name):
        return question.get(name) if isinstance(question, dict) else getattr(question, name, None)
    texts, question_id = field("text") or {}, field("id")
    if not question_id:
        return question_text_html(texts.get(language), lambda name: "")
    return question_text_html(texts.get(language),
                              lambda name: url_for("attachments.file", question_id=question_id, name=name))
