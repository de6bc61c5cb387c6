"""What the authoring pages show: lists, a question with its versions and flags, a version with
its preview, its changes and the checker's verdict; and the pages' wording of problem codes."""
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import case, func, select

from ..auth.services import display_names
from ..bank.conflicts import open_conflicts
from ..bank.models import Passage, Question, Topic
from ..bank.versions import APPROVED, DRAFT, RETURNED, SUBMITTED, QuestionFlag, QuestionVersion, as_shown
from ..cohorts.models import ProgrammeItemStats
from ..domain.item_flags import item_flags
from ..domain.version_diff import content_diff
from ..exchange.model import CONVERTED, IMPORTED, SKIPPED, ExchangeFileError
from ..extensions import db
from ..learn.models import PracticeAnswer
from .models import QuestionUpload
from .services import AuthoringError, problems_of

LIST_LIMIT = 200


def topic_choices() -> list[tuple[str, str]]:
    """("topic/subtopic", "Topic: Subtopic") for every subtopic, in the bank's order (Latvian names)."""
    choices = []
    for topic in db.session.scalars(select(Topic).where(Topic.retired_at.is_(None)).order_by(Topic.position)):
        for sub in topic.subtopics:
            choices.append((f"{topic.id}/{sub['id']}", f"{topic.name.get('lv', topic.id)}: {sub.get('lv', sub['id'])}"))
    return choices


def topic_names() -> list[tuple[str, str]]:
    return [(t.id, t.name.get("lv", t.id)) for t in
            db.session.scalars(select(Topic).where(Topic.retired_at.is_(None)).order_by(Topic.position))]


def topic_ids() -> dict[str, set[str]]:
    return {t.id: {s["id"] for s in t.subtopics} for t in db.session.scalars(select(Topic).where(Topic.retired_at.is_(None)))}


def question_row(question_id: str) -> Question | None:
    return db.session.get(Question, question_id)


def version_row(version_id: int) -> QuestionVersion | None:
    return db.session.get(QuestionVersion, version_id)


def flag_row(flag_id: int) -> QuestionFlag | None:
    return db.session.get(QuestionFlag, flag_id)


def upload_row(upload_id: int, user_id: int) -> QuestionUpload | None:
    upload = db.session.get(QuestionUpload, upload_id)
    return upload if upload is not None and upload.user_id == user_id else None  # one's own uploads only


def overview(user_id: int, today: date) -> dict:
    waiting = list(db.session.scalars(select(QuestionVersion).where(QuestionVersion.state == SUBMITTED)
                                      .order_by(QuestionVersion.created_at).limit(LIST_LIMIT)))
    mine = list(db.session.scalars(select(QuestionVersion).where(
        QuestionVersion.author_id == user_id, QuestionVersion.state.in_((DRAFT, RETURNED, SUBMITTED)))
        .order_by(QuestionVersion.created_at.desc()).limit(LIST_LIMIT)))
    overdue = list(db.session.scalars(select(Question).where(Question.review_by < today, Question.retired_at.is_(None))
                                      .order_by(Question.review_by).limit(LIST_LIMIT)))
    flags = list(db.session.scalars(select(QuestionFlag).where(QuestionFlag.resolved_at.is_(None))
                                    .order_by(QuestionFlag.flagged_at).limit(LIST_LIMIT)))
    return {"waiting": waiting, "mine": mine, "overdue": overdue, "flags": flags, "dubious": dubious_questions(),
            "conflicts": open_conflicts(),
            "names": display_names([v.author_id for v in waiting + mine] + [f.flagged_by for f in flags]),
            "texts": _texts([v.question_id for v in waiting + mine] + [f.question_id for f in flags]),
            "user_id": user_id}


def _texts(question_ids) -> dict[str, str]:
    ids = sorted(set(question_ids))
    return {qid: text.get("lv", "") for qid, text in db.session.execute(
        select(Question.id, Question.text).where(Question.id.in_(ids))).all()} if ids else {}


def dubious_questions(limit: int = 50) -> list[tuple[ProgrammeItemStats, list[str], str]]:
    """Questions the programme's item statistics flag (flask stats refresh keeps them), worst first."""
    rows = db.session.execute(select(ProgrammeItemStats, Question.text).join(Question, Question.id == ProgrammeItemStats.question_id)
                              .where(Question.retired_at.is_(None)).order_by(ProgrammeItemStats.rank)).all()
    found = []
    for stats, text in rows:
        flags = item_flags(stats.answered, stats.wrong, stats.discrimination, stats.common_wrong_count)
        if flags:
            found.append((stats, flags, text.get("lv", "")))
    return found[:limit]


def question_list(topic: str, search: str, state: str) -> list[tuple[Question, QuestionVersion | None]]:
    """Questions with their latest version; by topic, words of the Latvian text or id, and state."""
    latest = (select(QuestionVersion.question_id, func.max(QuestionVersion.number).label("number"))
              .group_by(QuestionVersion.question_id).subquery())
    query = (select(Question, QuestionVersion)
             .outerjoin(latest, latest.c.question_id == Question.id)
             .outerjoin(QuestionVersion, (QuestionVersion.question_id == Question.id) & (QuestionVersion.number == latest.c.number))
             .where(Question.retired_at.is_(None)).order_by(Question.topic_id, Question.subtopic, Question.id))
    topic_id, _sep, subtopic = topic.partition("/")
    if topic_id:
        query = query.where(Question.topic_id == topic_id)
    if subtopic:
        query = query.where(Question.subtopic == subtopic)
    if state in (DRAFT, SUBMITTED, RETURNED, APPROVED):
        query = query.where(QuestionVersion.state == state)
    rows = list(db.session.execute(query.limit(5000)).tuples())
    if search:  # in Python: the text is JSON, and portable JSON search in SQL is not worth it here
        needle = search.casefold()
        rows = [(q, v) for q, v in rows if needle in q.id or needle in (q.text.get("lv") or "").casefold()
                or (v is not None and needle in (v.content.get("text", {}).get("lv") or "").casefold())]
    return rows[:LIST_LIMIT]


def question_page(question_id: str) -> dict | None:
    question = db.session.get(Question, question_id)
    if question is None:
        return None
    versions = list(db.session.scalars(select(QuestionVersion).where(QuestionVersion.question_id == question_id)
                                       .order_by(QuestionVersion.number)))
    flags = list(db.session.scalars(select(QuestionFlag).where(QuestionFlag.question_id == question_id)
                                    .order_by(QuestionFlag.flagged_at.desc())))
    stats = db.session.get(ProgrammeItemStats, question_id)
    return {"question": question, "versions": versions, "flags": flags, "stats": stats,
            "version_figures": version_practice_figures(question_id),
            "stat_flags": item_flags(stats.answered, stats.wrong, stats.discrimination, stats.common_wrong_count) if stats else [],
            "names": display_names([v.author_id for v in versions] + [v.reviewer_id for v in versions]
                            + [f.flagged_by for f in flags] + [f.resolved_by for f in flags]),
            "flag_reasons": flag_reason_names()}


def version_practice_figures(question_id: str) -> dict[int | None, tuple[int, int, int]]:
    """version id -> (learners, practice answers, right answers): each version's own figures, so an
    edit that fixed a broken question is judged on the answers given to it (None: answers recorded
    before versions existed)."""
    return {version: (learners, answers, right or 0) for version, learners, answers, right in db.session.execute(
        select(PracticeAnswer.question_version_id, func.count(func.distinct(PracticeAnswer.user_id)), func.count(),
               func.sum(case((PracticeAnswer.is_correct, 1), else_=0)))
        .where(PracticeAnswer.question_id == question_id).group_by(PracticeAnswer.question_version_id))}


def version_page(version_id: int, user_id: int) -> dict | None:
    version = db.session.get(QuestionVersion, version_id)
    if version is None:
        return None
    question = db.session.get(Question, version.question_id)
    published = db.session.scalar(select(QuestionVersion).where(
        QuestionVersion.question_id == version.question_id, QuestionVersion.state == APPROVED,
        QuestionVersion.id != version.id).order_by(QuestionVersion.number.desc()).limit(1))
    before = published if published is not None and published.number < version.number else None
    passage = db.session.get(Passage, version.content["passage_id"]) if version.content.get("passage_id") else None
    return {"version": version, "question": question, "shown": as_shown(question, version), "passage": passage,
            "changes": content_diff(before.content if before else None, version.content), "compared_with": before,
            "problems": problems_of(version.content, version.question_id),
            "names": display_names([version.author_id, version.reviewer_id]),
            "is_author": version.author_id == user_id, "can_review": version.author_id != user_id}


# --- wording -------------------------------------------------------------------------------------

def problem_messages() -> dict[str, str]:
    """The editor's problem codes (domain/question_form.py) in the page's language."""
    return {
        "required": _("Enter the Latvian text."),
        "bad_type": _("Choose a question type."),
        "bad_topic": _("Choose a topic and subtopic."),
        "too_few_options": _("Give at least two answer options (three for several right answers)."),
        "choose_key": _("Mark the right answer."),
        "key_blank_option": _("The right answer must be one of the options you filled in."),
        "one_key": _("A single-choice question has exactly one right answer."),
        "too_few_pairs": _("Give at least two pairs, and at least as many options as prompts."),
        "match_every_prompt": _("Choose the matching option for every prompt."),
        "accepted_needed": _("Enter at least one accepted answer."),
        "articles_numbers": _("Write the article numbers as numbers, for example: 5, 10."),
        "not_a_date": _("Write the date as YYYY-MM-DD."),
    }


def authoring_message(error: AuthoringError) -> str:
    return {
        "not_author": _("Only the author sends a version for review."),
        "not_a_draft": _("This version has already been sent for review."),
        "not_submitted": _("This version is not waiting for review."),
        "own_version": _("Another teacher or an administrator must approve it: nobody approves their own version."),
        "problems": _("It cannot be published yet: %(problems)s", problems=error.detail),
        "comment_needed": _("Say what the author should change."),
        "no_topic": _("Choose a topic for the questions whose category names none (“%(name)s”).", name=error.detail),
    }.get(error.code, _("This step is not possible now."))


def file_error_message(error: ExchangeFileError) -> str:
    """A file that cannot be read: where and what, as the reader said it (English technical detail
    after a sentence in the page's language)."""
    where = f"{error.location}: " if error.location else ""
    return _("The file could not be read, so nothing was imported. The problem: %(problem)s",
             problem=f"{where}{error.message}")


def outcome_names() -> dict[str, str]:
    return {IMPORTED: _("imported as it is"), CONVERTED: _("imported with changes"), SKIPPED: _("skipped")}


def flag_reason_names() -> dict[str, str]:
    return {
        "too_hard": _("very few learners answer it right"),
        "too_easy": _("almost every learner answers it right"),
        "low_discrimination": _("strong and weak learners answer it alike"),
        "negative_discrimination": _("weaker learners answer it better than stronger ones (is the key right?)"),
        "distractor_over_key": _("a wrong option is chosen more often than the key (is the key right?)"),
        "teacher": _("a teacher doubts it"),
    }


def field_names() -> dict[str, str]:
    """A version's fields as the changes table names them ("text.ru" is shown as "Question (ru)")."""
    return {"topic_id": _("Topic"), "subtopic": _("Subtopic"), "type": _("Question type"), "difficulty": _("Difficulty"),
            "text": _("Question"), "options": _("Answer options"), "prompts": _("Matching prompts"),
            "answer": _("Right answer"), "explanation": _("Explanation"), "source": _("Source"),
            "source_url": _("Link to the source"), "articles": _("Satversme articles"), "passage_id": _("Text"),
            "review_by": _("Check again by")}


def state_names() -> dict[str, str]:
    return {DRAFT: _("draft"), SUBMITTED: _("waiting for review"), APPROVED: _("approved"), RETURNED: _("sent back")}

