"""Learner pages: lessons, practice by topic, results and history (the dashboard is home's)."""
import random

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.access import allow, allow_signed_in
from ..auth.roles import Role
from ..core.answer_messages import response_message
from ..core.i18n import translate_content
from ..core.markdown import render_markdown
from ..core.time import utcnow
from ..domain.lesson_text import heading_offset, without_title_heading
from ..domain.practice_parts import valid_part
from ..domain.scoring import ResponseError
from ..review.models import PracticeSession
from . import services
from .forms import PracticeStartForm, part_field

bp = Blueprint("learn", __name__, url_prefix="/learn")


@bp.get("/lessons")
@allow_signed_in
def lessons():
    return render_template("learn/lessons.html", lessons=services.live_lessons(), topics=services.topics_by_id())


@bp.get("/lessons/<lesson_id>")
@allow_signed_in
def lesson(lesson_id: str):
    row = services.live_lesson(lesson_id)
    if row is None:
        abort(404)
    titles = list((row.title or {}).values())
    body = _lesson_html(translate_content(row.body), titles)
    latvian = _lesson_html(row.body["lv"], titles) if row.body.get("lv") else None
    progress = services.lesson_opened(current_user.id, row.id, utcnow()) if current_user.role == Role.LEARNER else None
    return render_template("learn/lesson.html", lesson=row, body=body, latvian=latvian, progress=progress)


def _lesson_html(source: str, titles: list[str]):
    """A lesson body under the page's h1: its own title heading dropped, its sections as h2."""
    text = without_title_heading(source, titles)
    return render_markdown(text, heading_offset=heading_offset(text))


@bp.post("/lessons/<lesson_id>/done")
@allow(Role.LEARNER)
def lesson_done(lesson_id: str):
    row = services.lesson_by_id(lesson_id)
    if row is None:
        abort(404)
    services.lesson_completed(current_user.id, row.id, utcnow())
    flash(_("Well done! The lesson is marked as read."), "success")
    return redirect(url_for("learn.lesson", lesson_id=row.id))


@bp.route("/practice", methods=["GET", "POST"])
@allow(Role.LEARNER)
def practice_start():
    available = services.practice_topics()
    parts = services.practice_parts([t for t, _count in available])
    form = PracticeStartForm()
    form.topic.choices = [(t.id, translate_content(t.name)) for t, _count in available]
    form.count.choices = [(n, str(n)) for n in current_app.config["PRACTICE_SIZES"]]
    topic_ids = {t.id for t, _count in available}
    if request.method == "GET":
        form.topic.data = request.args.get("topic") if request.args.get("topic") in topic_ids else (
            available[0][0].id if available else None)
        form.count.data = current_app.config["PRACTICE_SIZES"][1]
    part_error = None
    chosen_part = request.form.get(part_field(form.topic.data or ""), "") if request.method == "POST" else ""
    if request.method == "POST" and request.form.get("show_parts") and form.topic.data in topic_ids:
        pass  # without JavaScript: the learner chose a topic and asks to see its parts
    elif form.validate_on_submit():
        if not valid_part(parts[form.topic.data], chosen_part):
            part_error = _("Choose one of the parts of this topic shown below, or all parts.")
        else:
            session = services.start_practice(current_user.id, form.topic.data, chosen_part or None,
                                              form.count.data, utcnow(), random.Random())
            if session is not None:
                return redirect(url_for("learn.practice_question", session_id=session.id))
            flash(_("There are no questions in this part of the topic yet. Please choose another."), "error")
    return render_template("learn/practice_start.html", form=form, available=available, parts=parts,
                           chosen_topic=form.topic.data, chosen_part=chosen_part, part_error=part_error,
                           part_field=part_field)


def _own_session(session_id: int) -> PracticeSession:
    """The session if it is the current learner's; 404 otherwise, so ids reveal nothing."""
    session = services.own_session(session_id, current_user.id)
    if session is None:
        abort(404)
    return session


@bp.get("/practice/<int:session_id>")
@allow(Role.LEARNER)
def practice_question(session_id: int):
    session = _own_session(session_id)
    position = session.next_position()
    if position is None:
        return redirect(url_for("learn.practice_results", session_id=session.id))
    question = services.questions_by_id([session.question_ids[position]])[session.question_ids[position]]
    help_kind = request.args.get("help") if request.args.get("help") in ("question", "passage") else None
    if help_kind:
        services.record_help(current_user.id, question.id, help_kind, utcnow())
    return render_template("learn/question.html", session=session, position=position, question=question,
                           error=None, previous=None, help=help_kind)


@bp.post("/practice/<int:session_id>/answer")
@allow(Role.LEARNER)
def practice_answer(session_id: int):
    session = _own_session(session_id)
    try:
        position = int(request.form.get("position", ""))
    except ValueError:
        position = -1
    if not 0 <= position < session.size:
        flash(_("That question is not part of this practice. Here is the next one."), "error")
        return redirect(url_for("learn.practice_question", session_id=session.id))
    form = request.form.to_dict(flat=False)
    try:
        services.record_answer(session, position, form, utcnow())
    except ResponseError as error:
        question = services.questions_by_id([session.question_ids[position]])[session.question_ids[position]]
        return render_template("learn/question.html", session=session, position=position, question=question,
                               error=response_message(error), previous=form, help=None), 422
    return redirect(url_for("learn.practice_feedback", session_id=session.id, position=position))


@bp.get("/practice/<int:session_id>/feedback/<int:position>")
@allow(Role.LEARNER)
def practice_feedback(session_id: int, position: int):
    session = _own_session(session_id)
    answer = next((a for a in session.answers if a.position == position), None)
    if answer is None:
        return redirect(url_for("learn.practice_question", session_id=session.id))
    question = services.questions_by_id([answer.question_id])[answer.question_id]
    help_kind = "explanation" if request.args.get("help") == "explanation" else None
    if help_kind:
        services.record_help(current_user.id, question.id, help_kind, utcnow())
    return render_template("learn/feedback.html", session=session, answer=answer, question=question,
                           next_position=session.next_position(), help=help_kind)


@bp.get("/practice/<int:session_id>/results")
@allow(Role.LEARNER)
def practice_results(session_id: int):
    session = _own_session(session_id)
    questions = services.questions_by_id(session.question_ids)
    topic = services.topic(session.topic_id)
    return render_template("learn/results.html", session=session, questions=questions, topic=topic,
                           score=services.session_score(session))


@bp.get("/history")
@allow(Role.LEARNER)
def history():
    sessions = services.learner_sessions(current_user.id)
    return render_template("learn/history.html", sessions=sessions, topics=services.topics_by_id(),
                           score=services.session_score)
