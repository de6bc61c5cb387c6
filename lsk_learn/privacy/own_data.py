"""Everything the platform holds about one learner (GDPR art. 15), as plain data: the JSON download
and the readable page are both made from `collect()`.

Teachers' notes about the learner are included: notes about a person are that person's personal
data. Password hashes and two-factor secrets are not data about the person but keys to the account,
so only whether they are set is shown."""
import json
from datetime import date, datetime

from sqlalchemy import select

from ..auth.models import User
from ..bank.models import BankTask, Lesson, Question
from ..cohorts.models import AttendanceMark, AttendanceSession, Cohort, Enrolment, TeacherNote
from ..core.i18n import translate_content
from ..exams.models import ExamAnswer, ExamAttempt, ExamItem, ExamPartResult
from ..extensions import db
from ..learn.models import HelpUse, LessonProgress, PracticeAnswer
from ..notifications.models import Notification
from ..profiles.models import LearnerProfile, Municipality, TargetGroup
from ..reports.models import ExamOutcome
from ..review.models import ReviewCard, ReviewDay
from ..security.models import UserSession

# the sections in the order they are shown; the first three are one record each
SINGLE = ("account", "exam_profile", "participant")
SECTIONS = SINGLE + ("enrolments", "practice_answers", "exam_attempts", "exam_answers", "exam_results",
                     "review_cards", "review_days", "lessons", "attendance", "exam_outcomes", "notifications", "help_uses",
                     "teacher_notes", "sign_ins")


def readable_response(question: Question | None, response) -> str:
    """An answer as text: the chosen options' Latvian wording rather than their ids."""
    if question is None:
        return json.dumps(response, ensure_ascii=False)
    options = {o["id"]: o.get("lv", o["id"]) for o in question.options or []}
    if question.type == "single":
        return options.get(response, str(response))
    if question.type == "multiple" and isinstance(response, list):
        return "; ".join(options.get(choice, str(choice)) for choice in response)
    if question.type == "matching" and isinstance(response, dict):
        prompts = {p["id"]: p.get("lv", p["id"]) for p in question.prompts or []}
        return "; ".join(f"{prompts.get(k, k)} → {options.get(v, v)}" for k, v in response.items())
    if isinstance(response, dict):  # writing: a text, or the fields of a form
        return response.get("text") or "; ".join(f"{k}: {v}" for k, v in (response.get("fields") or {}).items())
    return str(response)


def _account(user: User) -> dict:
    return {"username": user.username, "display_name": user.display_name, "email": user.email, "role": user.role,
            "language": user.locale, "large_text": user.large_text, "created_at": user.created_at,
            "last_seen_at": user.last_seen_at, "password_changed_at": user.password_changed_at,
            "two_factor": user.totp_secret is not None}


def _profiles(profile: LearnerProfile | None) -> tuple[dict, dict]:
    if profile is None:
        return {}, {}
    municipality = db.session.get(Municipality, profile.municipality_id) if profile.municipality_id else None
    groups = [translate_content(g.names) for g in db.session.scalars(
        select(TargetGroup).where(TargetGroup.code.in_(list(profile.target_groups) or [""])).order_by(TargetGroup.position))]
    exam = {"birth_year": profile.birth_year, "exemptions": list(profile.exemptions or []),
            "planned_exam_date": profile.planned_exam_date, "daily_goal": profile.daily_goal}
    participant = {"municipality": municipality.name if municipality else None, "target_groups": groups,
                   "main_language": profile.main_language, "phone": profile.phone, "consent_at": profile.consent_at,
                   "consent_purpose": profile.consent_purpose}
    return exam, participant


def _exams(user_id: int) -> tuple[list, list, list]:
    attempts = list(db.session.scalars(select(ExamAttempt).where(ExamAttempt.user_id == user_id)
                                       .order_by(ExamAttempt.started_at)))
    ids = [a.id for a in attempts] or [-1]
    items = {i.id: i for i in db.session.scalars(select(ExamItem).where(ExamItem.attempt_id.in_(ids)))}
    questions = {q.id: q for q in db.session.scalars(
        select(Question).where(Question.id.in_({i.question_id for i in items.values() if i.question_id} or {""})))}
    tasks = {t.id: t for t in db.session.scalars(
        select(BankTask).where(BankTask.id.in_({i.task_id for i in items.values() if i.task_id} or {""})))}
    rows = [{"attempt": a.id, "exam": a.kind, "parts": list(a.parts), "status": a.status, "started_at": a.started_at,
             "submitted_at": a.submitted_at} for a in attempts]
    answers = []
    for answer in db.session.scalars(select(ExamAnswer).where(ExamAnswer.attempt_id.in_(ids)).order_by(ExamAnswer.id)):
        item = items[answer.item_id]
        question = questions.get(item.question_id)
        task = tasks.get(item.task_id)
        asked = question.text.get("lv") if question else (translate_content(task.prompt) if task else item.part)
        answers.append({"attempt": answer.attempt_id, "part": item.part, "question": asked,
                        "answer": readable_response(question, answer.response), "correct": answer.is_correct,
                        "answered_at": answer.answered_at})
    results = [{"attempt": r.attempt_id, "part": r.part, "score": r.score, "max_score": r.max_score, "passed": r.passed,
                "comment": (r.details or {}).get("comment"), "graded_at": r.graded_at}
               for r in db.session.scalars(select(ExamPartResult).where(ExamPartResult.attempt_id.in_(ids))
                                           .order_by(ExamPartResult.attempt_id, ExamPartResult.id))]
    return rows, answers, results


def collect(user_id: int) -> dict:
    """Every section of the learner's data: plain values (datetimes and dates kept as such)."""
    user = db.session.get(User, user_id)
    exam_profile, participant = _profiles(db.session.get(LearnerProfile, user_id))
    cohorts = {cid: name for cid, name in db.session.execute(select(Cohort.id, Cohort.name))}
    practice = list(db.session.scalars(select(PracticeAnswer).where(PracticeAnswer.user_id == user_id)
                                       .order_by(PracticeAnswer.answered_at, PracticeAnswer.id)))
    questions = {q.id: q for q in db.session.scalars(
        select(Question).where(Question.id.in_({a.question_id for a in practice} or {""})))}
    attempts, exam_answers, exam_results = _exams(user_id)
    lessons = db.session.execute(select(LessonProgress, Lesson.title).join(Lesson, Lesson.id == LessonProgress.lesson_id)
                                 .where(LessonProgress.user_id == user_id).order_by(LessonProgress.opened_at)).tuples()
    attendance = db.session.execute(
        select(AttendanceSession, AttendanceMark.present)
        .join(AttendanceMark, AttendanceMark.session_id == AttendanceSession.id)
        .where(AttendanceMark.user_id == user_id).order_by(AttendanceSession.held_on)).tuples()
    notes = db.session.execute(select(TeacherNote, User.display_name).join(User, User.id == TeacherNote.author_id)
                               .where(TeacherNote.learner_id == user_id).order_by(TeacherNote.created_at)).tuples()

    def of(model, order):
        return db.session.scalars(select(model).where(model.user_id == user_id).order_by(order))

    return {
        "account": _account(user),
        "exam_profile": exam_profile,
        "participant": participant,
        "enrolments": [{"group": cohorts.get(e.cohort_id), "enrolled_at": e.enrolled_at, "left_at": e.left_at}
                       for e in of(Enrolment, Enrolment.enrolled_at)],
        "practice_answers": [{"answered_at": a.answered_at, "question_id": a.question_id,
                              "question": questions[a.question_id].text.get("lv") if a.question_id in questions else None,
                              "answer": readable_response(questions.get(a.question_id), a.response),
                              "correct": a.is_correct} for a in practice],
        "exam_attempts": attempts,
        "exam_answers": exam_answers,
        "exam_results": exam_results,
        "review_cards": [{"item_type": c.item_type, "item_id": c.item_id, "due_at": c.due_at,
                          "reviewed_at": c.reviewed_at, "reviews": c.reviews, "lapses": c.lapses}
                         for c in of(ReviewCard, ReviewCard.id)],
        "review_days": [{"date": d.day, "answered": d.answered, "new_cards": d.new_cards, "daily_goal": d.goal}
                        for d in of(ReviewDay, ReviewDay.day)],
        "lessons": [{"lesson": translate_content(title), "opened_at": p.opened_at, "completed_at": p.completed_at}
                    for p, title in lessons],
        "attendance": [{"group": cohorts.get(s.cohort_id), "date": s.held_on, "topic": s.topic, "present": present}
                       for s, present in attendance],
        "exam_outcomes": [{"kind": o.kind, "date": o.happened_on, "passed": o.passed, "parts": dict(o.parts or {}),
                           "note": o.note} for o in of(ExamOutcome, ExamOutcome.happened_on)],
        "notifications": [{"kind": n.kind, "created_at": n.created_at, "read_at": n.read_at, "details": dict(n.payload or {})}
                          for n in of(Notification, Notification.created_at)],
        "help_uses": [{"used_at": h.used_at, "question_id": h.question_id, "kind": h.kind}
                      for h in of(HelpUse, HelpUse.used_at)],
        "teacher_notes": [{"created_at": n.created_at, "group": cohorts.get(n.cohort_id), "author": author, "text": n.text}
                          for n, author in notes],
        "sign_ins": [{"created_at": s.created_at, "last_seen_at": s.last_seen_at, "ended_at": s.revoked_at,
                      "ip": s.ip, "device": s.user_agent} for s in of(UserSession, UserSession.created_at)],
    }


def _plain(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def to_json(data: dict, generated_at: datetime) -> str:
    return json.dumps({"generated_at": generated_at, **data}, default=_plain, ensure_ascii=False, indent=2)
