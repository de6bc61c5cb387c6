"""Spaced review: today's due questions, and vocabulary flashcards in both directions."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.access import allow
from ..auth.roles import Role
from ..core.time import utcnow
from ..profiles.services import learner_profile
from . import services
from .forms import DailyGoalForm
from .labels import word_facts

bp = Blueprint("review", __name__, url_prefix="/review")
DIRECTIONS = ("from-lv", "to-lv")


def _index_page(goal_form: DailyGoalForm):
    now = utcnow()
    exam_date = learner_profile(current_user.id).planned_exam_date
    return render_template("review/index.html", counts=services.due_counts(current_user.id, now),
                           plan=services.today_plan(current_user.id, now, exam_date),
                           streak=services.learner_streak(current_user.id, now),
                           unfinished=services.unfinished_review(current_user.id, now),
                           goal_form=goal_form, decks=services.decks())


@bp.get("/")
@allow(Role.LEARNER)
def index():
    form = DailyGoalForm(formdata=None)
    form.goal.data = services.daily_goal(current_user.id)
    return _index_page(form)


@bp.post("/goal")
@allow(Role.LEARNER)
def set_goal():
    form = DailyGoalForm()
    if not form.validate_on_submit():
        return _index_page(form)  # the page again, the error next to the choices
    services.set_daily_goal(current_user.id, form.goal.data, utcnow())
    flash(_("Your daily goal is saved."), "success")
    return redirect(url_for("review.index"))


@bp.post("/start")
@allow(Role.LEARNER)
def start():
    exam_date = learner_profile(current_user.id).planned_exam_date
    session = services.start_review_session(current_user.id, utcnow(), exam_date)
    if session is None:
        flash(_("Nothing to review today. Practise new questions, and they will come back for review when it helps."), "info")
        return redirect(url_for("review.index"))
    return redirect(url_for("learn.practice_question", session_id=session.id))


def _deck_and_direction(deck: str) -> str:
    direction = request.values.get("direction", "from-lv")
    if direction not in DIRECTIONS or not services.deck_exists(deck):
        abort(404)
    return direction


@bp.get("/words/<deck>")
@allow(Role.LEARNER)
def words(deck: str):
    direction = _deck_and_direction(deck)
    exam_date = learner_profile(current_user.id).planned_exam_date
    word = services.next_word(current_user.id, deck, direction, utcnow(), exam_date)
    shown = None
    if request.args.get("show"):
        shown = services.deck_word(deck, request.args["show"])
        if shown is None:
            abort(404)
    return render_template("review/word.html", deck=deck, direction=direction, word=shown or word,
                           revealed=shown is not None, title=services.deck_title(deck),
                           facts=word_facts(shown) if shown is not None else [])


@bp.post("/words/<deck>")
@allow(Role.LEARNER)
def grade_word(deck: str):
    direction = _deck_and_direction(deck)
    word = services.deck_word(deck, request.form.get("word", ""))
    if word is None or request.form.get("knew") not in ("yes", "no"):
        flash(_("That card could not be saved. Here is the next one."), "error")
    else:
        services.record_word_card(current_user.id, direction, word, request.form["knew"] == "yes", utcnow())
    return redirect(url_for("review.words", deck=deck, direction=direction))
