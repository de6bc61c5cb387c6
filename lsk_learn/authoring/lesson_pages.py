"""What the lesson authoring pages show: the lesson list, a lesson with its versions, a version with
its rendering (the learners' renderer), the date rule's messages, its changes and the checker's
verdict; and the pages' wording of problem codes."""
from flask_babel import gettext as _
from sqlalchemy import func, select

from ..auth.services import display_names
from ..bank.lesson_versions import APPROVED, SUBMITTED, DRAFT, RETURNED, LessonVersion
from ..bank.models import Lesson, Topic
from ..domain.lesson_edit import LANGUAGES, lesson_diff
from ..extensions import db
from ..learn.routes import _lesson_html as learner_lesson_html  # the very function the lesson page uses
from .lessons import checker_problems, date_problems, unknown_links


def rendered(content: dict) -> dict[str, object]:
    """Each language's body as learners see it (HTML), the title headings dropped as there."""
    titles = [t for t in (content.get("title") or {}).values() if t]
    return {lang: learner_lesson_html(text, titles) for lang, text in (content.get("body") or {}).items() if text}


def date_messages(content: dict) -> list[tuple[str, str]]:
    """(language, message) for every list the lesson-date rule objects to."""
    return [(lang, _("Line %(line)d: a numbered list starts at %(number)d. If “%(number)d.” is a date or an ordinal "
                     "(“%(number)d. gadā”), write “%(number)d\\.” or begin the line with a word.", line=line, number=number))
            for lang, line, number in date_problems(content)]


def preview(content: dict) -> dict:
    """What the editor's preview shows: the rendering, the date rule's and the links' messages."""
    return {"rendered": rendered(content), "date_messages": date_messages(content),
            "unknown_links": unknown_links(content), "content": content}


def lesson_row(lesson_id: str) -> Lesson | None:
    return db.session.get(Lesson, lesson_id)


def version_row(version_id: int) -> LessonVersion | None:
    return db.session.get(LessonVersion, version_id)


def lesson_list() -> list[tuple[Lesson, LessonVersion | None]]:
    latest = (select(LessonVersion.lesson_id, func.max(LessonVersion.number).label("number"))
              .group_by(LessonVersion.lesson_id).subquery())
    return list(db.session.execute(
        select(Lesson, LessonVersion).outerjoin(latest, latest.c.lesson_id == Lesson.id)
        .outerjoin(LessonVersion, (LessonVersion.lesson_id == Lesson.id) & (LessonVersion.number == latest.c.number))
        .where(Lesson.retired_at.is_(None)).order_by(Lesson.course, Lesson.position, Lesson.id)).tuples())


def topics_by_id() -> dict[str, Topic]:
    return {topic.id: topic for topic in db.session.scalars(select(Topic))}


def lesson_queue(user_id: int) -> dict:
    """The authoring home's lesson part: versions waiting for review, and this user's drafts."""
    waiting = list(db.session.scalars(select(LessonVersion).where(LessonVersion.state == SUBMITTED)
                                      .order_by(LessonVersion.created_at).limit(200)))
    mine = list(db.session.scalars(select(LessonVersion).where(
        LessonVersion.author_id == user_id, LessonVersion.state.in_((DRAFT, RETURNED, SUBMITTED)))
        .order_by(LessonVersion.created_at.desc()).limit(200)))
    return {"waiting": waiting, "mine": mine, "names": display_names(v.author_id for v in waiting + mine)}


def lesson_page(lesson_id: str) -> dict | None:
    lesson = db.session.get(Lesson, lesson_id)
    if lesson is None:
        return None
    versions = list(db.session.scalars(select(LessonVersion).where(LessonVersion.lesson_id == lesson_id)
                                       .order_by(LessonVersion.number)))
    published = next((v for v in reversed(versions) if v.state == APPROVED), None)
    return {"lesson": lesson, "versions": versions, "published": published,
            "names": display_names([v.author_id for v in versions] + [v.reviewer_id for v in versions])}


def version_page(version_id: int, user_id: int) -> dict | None:
    version = db.session.get(LessonVersion, version_id)
    if version is None:
        return None
    lesson = db.session.get(Lesson, version.lesson_id)
    before = db.session.scalar(select(LessonVersion).where(
        LessonVersion.lesson_id == version.lesson_id, LessonVersion.state == APPROVED,
        LessonVersion.number < version.number).order_by(LessonVersion.number.desc()).limit(1))
    return {"version": version, "lesson": lesson, "rendered": rendered(version.content),
            "date_messages": date_messages(version.content),
            "changes": lesson_diff(before.content if before else None, version.content), "compared_with": before,
            "problems": checker_problems(lesson, version.content),
            "names": display_names([version.author_id, version.reviewer_id]),
            "is_author": version.author_id == user_id, "can_review": version.author_id != user_id,
            "languages": LANGUAGES}


def problem_messages() -> dict[str, str]:
    return {"required": _("Enter the Latvian text."),
            "too_long": _("This text is too long for one lesson: split it into two lessons.")}


def lesson_field_names() -> dict[str, str]:
    return {"title": _("Title"), "body": _("Text"), "question_ids": _("Linked questions"), "sources": _("Sources"),
            "course": _("Course"), "topic_id": _("Topic"), "position": _("Order")}


def lesson_message(code: str, detail: str = "") -> str:
    return {
        "not_author": _("Only the author sends a version for review."),
        "not_a_draft": _("This version has already been sent for review."),
        "not_submitted": _("This version is not waiting for review."),
        "own_version": _("Another teacher or an administrator must approve it: nobody approves their own version."),
        "problems": _("It cannot be published yet: %(problems)s", problems=detail),
        "comment_needed": _("Say what the author should change."),
    }.get(code, _("This step is not possible now."))
