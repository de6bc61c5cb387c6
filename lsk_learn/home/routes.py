"""The learner's home page: it sits on top of learn, review, exams and cohorts and shows a bit of each."""
from flask import Blueprint, render_template
from flask_login import current_user

from ..auth.access import allow
from ..auth.roles import Role
from ..core.time import utcnow
from ..learn.services import session_score
from . import services

bp = Blueprint("home", __name__)


@bp.get("/learn/")
@allow(Role.LEARNER)
def dashboard():
    return render_template("home/dashboard.html", score=session_score,
                           **services.learner_home(current_user.id, utcnow()))
