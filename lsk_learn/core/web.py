"""Request-wide behaviour: security headers, error pages, the database session's end."""
from flask import current_app, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DataError

from ..extensions import db

# No inline script or style anywhere: templates load static files only.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
HSTS = "max-age=31536000; includeSubDomains"  # a year; only sent when the site is served over HTTPS

ERROR_TITLES = {
    400: lambda: _("The request could not be understood"),
    403: lambda: _("You do not have access to this page"),
    404: lambda: _("Page not found"),
    405: lambda: _("This action is not allowed here"),
    413: lambda: _("The file is too large"),
    500: lambda: _("Something went wrong on our side"),
}
ERROR_TEXTS = {
    400: lambda: _("Please go back and try again."),
    403: lambda: _("This page belongs to another role or another person. If you think you should see it, ask your teacher or the administrator."),
    404: lambda: _("The address may be mistyped, or the page has been removed."),
    405: lambda: _("Please go back and use the buttons on the page."),
    413: lambda: _("Files of up to %(mb)d MB can be uploaded. Please send a smaller file.",
                   mb=current_app.config.get("UPLOAD_MAX_MB", 2)),
    500: lambda: _("Your answers are saved. Please try again in a moment."),
}


def error_page(code: int, text: str | None = None):
    return render_template(
        "errors/error.html", code=code, title=ERROR_TITLES[code](), text=text or ERROR_TEXTS[code]()
    ), code


def init_app(app) -> None:
    @app.after_request
    def security_headers(response):
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        if request.endpoint != "static":
            response.headers.setdefault("Cache-Control", "no-store")
        if app.config.get("SESSION_COOKIE_SECURE"):  # LSK_SECURE_COOKIES=1: the site is HTTPS only
            response.headers.setdefault("Strict-Transport-Security", HSTS)
        return response

    @app.errorhandler(CSRFError)
    def csrf_failed(error):
        return error_page(400, _("The form was open too long or was sent twice. Please reload the page and try again."))

    for code in (400, 403, 404, 405, 413):
        app.register_error_handler(code, lambda error, code=code: error_page(code))

    @app.errorhandler(DataError)
    @app.errorhandler(OverflowError)
    def value_out_of_range(error):
        """A safety net for input no check caught: a number or date beyond the database's range
        (PostgreSQL raises DataError, SQLite's driver OverflowError) is the client's error."""
        db.session.rollback()
        app.logger.warning("value out of range: %s", str(error).splitlines()[0][:200])
        return error_page(400)

    @app.errorhandler(500)
    def server_error(error):
        db.session.rollback()
        return error_page(500)
