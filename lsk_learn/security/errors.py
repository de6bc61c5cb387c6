"""The page for too many requests (Flask-Limiter's 429), in the user's language."""
from flask import render_template
from flask_babel import gettext as _
from flask_limiter.errors import RateLimitExceeded


def init_app(app) -> None:
    @app.errorhandler(RateLimitExceeded)
    def too_many_requests(error):
        return render_template("errors/error.html", code=429, title=_("Too many requests"),
                               text=_("Too many requests came from your network in a short time. "
                                      "Please wait a minute and try again.")), 429
