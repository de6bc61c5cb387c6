"""Mock exams for learners: overview and readiness, sitting an attempt, results and retakes."""
import random

from flask import Blueprint, abort, flash, g, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.access import allow
from ..auth.roles import Role
from ..core.answer_messages import response_message
from ..core.autocommit import statements_commit_themselves
from ..core.converters import bounded_int
from ..core.i18n import translate_content
from ..core.time import riga_today, utcnow
from ..domain import exam_rules as rules
from ..domain.exam_sitting import answerable, exam_minutes, part_plans, progress
from ..domain.scoring import ResponseError
from ..profiles.services import learner_profile, save_profile
from . import services
from .forms import EXEMPTION_LABELS, ExamProfileForm
from .labels import EXAM_NAMES, PART_NAMES
from .models import SUBMITTED, ExamAttempt
from .readiness_queries import learner_readiness
from .settings import knowledge_settings, language_settings

bp = Blueprint("exams", __name__, url_prefix="/exams")


@bp.app_context_processor
def exam_labels():
    return {"exam_names": EXAM_NAMES, "part_names": PART_NAMES}


@bp.app_template_filter("subtopic_name")
def subtopic_name(key: str) -> str:
    """"history/ww2" -> the subtopic's name in the page's language. Pages call it in a loop, so
    the names are loaded once per request."""
    if "subtopic_names" not in g:
        g.subtopic_names = services.subtopic_names()
    names = g.subtopic_names.get(key)
    return translate_content(names) if names else key.partition("/")[2]

START_ERRORS = {
    "exempt": lambda: _("Your profile says you are exempt from this test, so there is nothing to sit."),
    "no_questions": lambda: _("The question bank does not have enough questions for this mock exam yet."),
    "nothing_to_retake": lambda: _("There is no failed part to retake in that attempt."),
}


@bp.get("/")
@allow(Role.LEARNER)
def index():
    today = riga_today()
    required = {kind: services.required_parts(current_user.id, kind, today) for kind in (rules.KNOWLEDGE, rules.LANGUAGE)}
    readiness = {kind: learner_readiness(current_user.id, parts) for kind, parts in required.items()}
    return render_template("exams/index.html", required=required, readiness=readiness,
                           attempts=services.attempts_of(current_user.id),
                           profile=learner_profile(current_user.id), exemption_labels=EXEMPTION_LABELS)


def _kind_or_404(kind: str) -> str:
    if kind not in (rules.KNOWLEDGE, rules.LANGUAGE):
        abort(404)
    return kind


def _retake_of(values) -> ExamAttempt | None:
    attempt_id = values.get("retake_of")
    return _own(values.get("retake_of", type=bounded_int) or 0) if attempt_id else None


@bp.get("/start/<kind>")
@allow(Role.LEARNER)
def intro(kind: str):
    """What the exam holds and what it takes, before the clock starts: only the form here starts it."""
    kind = _kind_or_404(kind)
    retake_of = _retake_of(request.args)
    now = utcnow()
    try:
        parts = services.planned_parts(current_user.id, kind, now.date(), retake_of)
    except services.ExamError as error:
        flash(START_ERRORS[error.code](), "error")
        return redirect(url_for("exams.index"))
    knowledge, language = knowledge_settings(), language_settings()
    return render_template("exams/intro.html", kind=kind, retake_of=retake_of,
                           plans=part_plans(parts, knowledge, language),
                           minutes=exam_minutes(kind, parts, knowledge, language),
                           running=services.open_attempt(current_user.id, kind, now))


@bp.post("/start/<kind>")
@allow(Role.LEARNER)
def start(kind: str):
    kind = _kind_or_404(kind)
    retake_of = _retake_of(request.form)
    try:
        attempt = services.start_attempt(current_user.id, kind, utcnow(), random.Random(), retake_of)
    except services.ExamError as error:
        flash(START_ERRORS[error.code](), "error")
        return redirect(url_for("exams.index"))
    return redirect(url_for("exams.item", attempt_id=attempt.id, position=0))


def _own(attempt_id: int) -> ExamAttempt:
    attempt = services.own_attempt(attempt_id, current_user.id)
    if attempt is None:
        abort(404)
    return attempt


def _own_sitting(attempt_id: int) -> tuple[services.Sitting, set[int]]:
    """The learner's attempt with its items, and the ids of the items answered."""
    found = services.own_sitting(attempt_id, current_user.id)
    if found is None:
        abort(404)
    return found


def _guard_open(attempt: ExamAttempt | services.Sitting):
    """Send a finished or timed-out attempt to its results instead of its questions."""
    if services.submit_if_expired(attempt, utcnow()):
        flash(_("Time is up. The answers you gave in time are saved, and the exam has been submitted."), "info")
        return redirect(url_for("exams.results", attempt_id=attempt.id))
    if attempt.status == SUBMITTED:
        return redirect(url_for("exams.results", attempt_id=attempt.id))
    return None


def _sitting(attempt: ExamAttempt | services.Sitting, answered_ids: set[int]) -> dict:
    """What the reduced exam header shows on every page of a running attempt."""
    answered = {i.position for i in attempt.items if i.id in answered_ids}
    return {
        "attempt": attempt, "answers": answered_ids,
        "progress": progress([(i.position, i.part) for i in attempt.items], answered),
        "seconds_left": max(0, int((attempt.deadline_at - utcnow()).total_seconds())),
    }


def _item_context(attempt: ExamAttempt | services.Sitting, answered_ids: set[int], position: int) -> dict:
    if not 0 <= position < len(attempt.items):
        abort(404)
    item = attempt.items[position]
    question, task, answer = services.item_content(item)
    return {**_sitting(attempt, answered_ids), "item": item, "position": position, "answer": answer,
            "question": question, "task": task}


@bp.get("/<int:attempt_id>/item/<int:position>")
@statements_commit_themselves  # reads; an expired attempt is submitted in a transaction
@allow(Role.LEARNER)
def item(attempt_id: int, position: int):
    attempt, answered_ids = _own_sitting(attempt_id)
    return _guard_open(attempt) or render_template("exams/item.html", **_item_context(attempt, answered_ids, position),
                                                   error=None, previous=None)


@bp.get("/<int:attempt_id>/items")
@statements_commit_themselves  # reads; an expired attempt is submitted in a transaction
@allow(Role.LEARNER)
def items(attempt_id: int):
    """Every question of a running attempt, for the item page's script: it then shows the next
    question without a page load, and sends each answer as before (see `save`)."""
    attempt, answered_ids = _own_sitting(attempt_id)
    closed = _guard_open(attempt)
    if closed is not None:
        return closed  # not the fragment: the script goes on page by page
    sitting = _sitting(attempt, answered_ids)
    return render_template("exams/items.html", **sitting, content=services.items_content(attempt.items),
                           answered_positions=sorted(i.position for i in attempt.items if i.id in answered_ids),
                           counted_positions=[i.position for i in attempt.items if answerable(i.part)])


def _sent_by_script() -> bool:
    """static/js/exam-client.js asks for JSON: the way on, instead of a redirect to the next page."""
    return request.headers.get("X-Requested-With") == "fetch"


@bp.post("/<int:attempt_id>/item/<int:position>")
@statements_commit_themselves  # one read, one upsert; grading at the deadline in a transaction
@allow(Role.LEARNER)
def save(attempt_id: int, position: int):
    form = request.form.to_dict(flat=False)
    go_to = request.form.get("go", "next")
    try:
        saved = services.save_item_answer(attempt_id, current_user.id, position, form, utcnow())
    except services.ExamError as error:
        if error.code == "time_up":
            flash(_("Time is up. The answers you gave in time are saved, and the exam has been submitted."), "info")
        else:  # the exam was submitted (another tab, or the time ran out) before this answer arrived
            flash(_("This exam had already been submitted, so this last answer was not saved. "
                    "Every answer saved before it is in the results below."), "error")
        results = url_for("exams.results", attempt_id=attempt_id)
        return (jsonify(saved=False, url=results), 409) if _sent_by_script() else redirect(results)
    except ResponseError as error:  # shown back with the learner's input; an empty answer is no error
        if _sent_by_script():  # the learner's input is still on the page
            return jsonify(saved=False, error=response_message(error)), 422
        attempt, answered_ids = _own_sitting(attempt_id)
        return render_template("exams/item.html", **_item_context(attempt, answered_ids, position),
                               error=response_message(error), previous=form), 422
    if saved is None:
        abort(404)
    target, url = _way_on(attempt_id, position, saved.item_count, go_to)
    if _sent_by_script():
        return jsonify(saved=True, stored=saved.stored, position=target, url=url)
    return redirect(url)


def _way_on(attempt_id: int, position: int, item_count: int, go_to: str) -> tuple[int | None, str]:
    """Where the learner goes after a save: (the item's position or None, its URL)."""
    if go_to == "leave":  # the exam header's way out, saving this page's answer first
        return None, url_for("exams.leave", attempt_id=attempt_id)
    if go_to == "overview" or position + 1 >= item_count:
        return None, url_for("exams.overview", attempt_id=attempt_id)
    target = position - 1 if go_to == "previous" and position > 0 else position + 1
    return target, url_for("exams.item", attempt_id=attempt_id, position=target)


@bp.get("/<int:attempt_id>/overview")
@allow(Role.LEARNER)
def overview(attempt_id: int):
    attempt, answered_ids = _own_sitting(attempt_id)
    return _guard_open(attempt) or render_template("exams/overview.html", **_sitting(attempt, answered_ids))


@bp.get("/<int:attempt_id>/submit")
@allow(Role.LEARNER)
def confirm_submit(attempt_id: int):
    """Submitting is final: first say how many questions have no answer, with links to them."""
    attempt, answered_ids = _own_sitting(attempt_id)
    return _guard_open(attempt) or render_template("exams/submit.html", **_sitting(attempt, answered_ids))


@bp.post("/<int:attempt_id>/submit")
@allow(Role.LEARNER)
def submit(attempt_id: int):
    attempt = _own(attempt_id)
    services.submit(attempt, utcnow())
    return redirect(url_for("exams.results", attempt_id=attempt.id))


@bp.get("/<int:attempt_id>/leave")
@allow(Role.LEARNER)
def leave(attempt_id: int):
    """The exam header's way out: warns that the time keeps running before the learner goes."""
    attempt, answered_ids = _own_sitting(attempt_id)
    return _guard_open(attempt) or render_template("exams/leave.html", **_sitting(attempt, answered_ids))


@bp.get("/<int:attempt_id>/results")
@allow(Role.LEARNER)
def results(attempt_id: int):
    attempt = _own(attempt_id)
    if attempt.status != SUBMITTED and _guard_open(attempt) is None:  # still running: not yet
        return redirect(url_for("exams.overview", attempt_id=attempt.id))
    results = services.seen_results(attempt, utcnow())
    verdicts = {r.part: r.passed for r in attempt.results}
    return render_template("exams/results.html", attempt=attempt, **results,
                           overall=rules.exam_passed(verdicts, tuple(attempt.parts)),
                           to_retake=rules.parts_to_retake(verdicts))


@bp.route("/profile", methods=["GET", "POST"])
@allow(Role.LEARNER)
def profile():
    current = learner_profile(current_user.id)
    form = ExamProfileForm(obj=current)
    if form.validate_on_submit():
        save_profile(current_user.id, form.birth_year.data, form.exemptions.data or [], form.planned_exam_date.data)
        flash(_("Your exam profile is saved."), "success")
        return redirect(url_for("exams.index"))
    return render_template("exams/profile.html", form=form)
