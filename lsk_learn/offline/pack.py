"""A practice pack: what a learner's phone needs to practise chosen topics with no connection, as
JSON. It holds the answer keys (the phone checks answers itself); the server grades them again
when they arrive, so a changed key on the phone gains nothing."""
from datetime import datetime

from sqlalchemy import select

from ..bank.models import Lesson, Passage, Question, live, live_question_filter
from ..bank.versions import published_versions
from ..core.i18n import translate_content
from ..core.markdown import render_markdown
from ..domain.lesson_text import heading_offset, without_title_heading
from ..extensions import db
from ..learn.services import practice_topics

PACK_FORMAT = 1  # static/js/offline.js refuses a pack of another format (and asks for a new one)


def offline_topics(lang: str) -> list[dict]:
    """The topics a pack may hold: those with live questions, in bank order."""
    return [{"id": t.id, "name": translate_content(t.name, lang), "questions": n} for t, n in practice_topics()]


def build_pack(topic_ids: list[str], lang: str, now: datetime) -> dict:
    """The pack of these topics (known ones with live questions; the caller checks) in `lang`."""
    topics = [t for t, _n in practice_topics() if t.id in set(topic_ids)]
    ids = [t.id for t in topics]
    questions = list(db.session.scalars(
        select(Question).where(Question.topic_id.in_(ids), *live_question_filter()).order_by(Question.id)))
    versions = published_versions([q.id for q in questions])  # an answer names the version it was given on
    passage_ids = sorted({q.passage_id for q in questions if q.passage_id})
    passages = db.session.scalars(select(Passage).where(Passage.id.in_(passage_ids))) if passage_ids else []
    lessons = db.session.scalars(select(Lesson).where(Lesson.topic_id.in_(ids), *live(Lesson))
                                 .order_by(Lesson.course, Lesson.position))
    return {
        "format": PACK_FORMAT,
        "built_at": now.isoformat(),
        "language": lang,
        "topics": [{"id": t.id, "name": translate_content(t.name, lang)} for t in topics],
        "lessons": [_lesson(lesson, lang) for lesson in lessons],
        "passages": {p.id: _passage(p, lang) for p in passages},
        "questions": [_question(q, lang, versions.get(q.id)) for q in questions],
    }


def _help(texts: dict | None, lang: str) -> str | None:
    """The learner's-language version of a Latvian text, as practice offers it (none in Latvian)."""
    if lang == "lv":
        return None
    return (texts or {}).get(lang) or None


def _lesson(lesson: Lesson, lang: str) -> dict:
    title = translate_content(lesson.title, lang)
    text = without_title_heading(translate_content(lesson.body, lang), list((lesson.title or {}).values()))
    return {"id": lesson.id, "topic_id": lesson.topic_id, "title": title,
            # on the offline page a lesson's title is an h3 (under "Lessons"), so its sections go one lower
            "html": str(render_markdown(text, heading_offset=heading_offset(text) + 2))}


def _passage(passage: Passage, lang: str) -> dict:
    item = {"id": passage.id, "kind": passage.kind, "title": (passage.title or {}).get("lv", ""),
            "text": passage.text, "help": _help(passage.translation, lang)}
    audio_url = _audio_url(passage)
    if audio_url:
        item["audio_url"] = audio_url
    return item


def _audio_url(passage: Passage) -> str | None:
    """The recording learners hear for a listening passage (lsk_learn/audio/), or None."""
    # imported when a pack is built, so that offline and audio (another feature) do not import each other at start
    from ..audio.routes import file_url
    from ..audio.services import current_audio, is_listening

    audio = current_audio(passage.id) if is_listening(passage) else None
    return file_url(audio) if audio is not None else None


def _question(question: Question, lang: str, version_id: int | None) -> dict:
    return {
        "id": question.id, "version": version_id, "topic_id": question.topic_id, "type": question.type,
        "text": question.text.get("lv", ""), "help": _help(question.text, lang),
        "options": [{"id": o["id"], "text": o.get("lv", "")} for o in question.options or []],
        "prompts": [{"id": p["id"], "text": p.get("lv", "")} for p in question.prompts or []],
        "answer": question.answer,
        "explanation": (question.explanation or {}).get("lv", ""),
        "explanation_help": _help(question.explanation, lang),
        "source": question.source,
        "passage_id": question.passage_id,
    }
