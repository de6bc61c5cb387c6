"""Checks lesson files: Markdown with YAML front matter, and their ru/en siblings."""
from pathlib import Path

from ..core.markdown import ordered_list_starts
from .check_common import FileContext, IdRegistry
from .items import STATUSES, TRANSLATIONS, LessonItem
from .yaml_lines import YamlSyntaxError, load_yaml

LESSON_FIELDS = {"id", "course", "topic", "order", "title", "questions", "sources", "status"}
COURSES = ("history", "satversme", "symbols", "language")


def split_front_matter(text: str) -> tuple[str, str, int] | None:
    """Return (front matter, body, line where the front matter starts) or None if absent."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        return None
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            return "".join(lines[1:index]), "".join(lines[index + 1:]), 2
    return None


def numbered_lists_not_from_one(text: str) -> list[tuple[int, int]]:
    """(line, number) of every ordered list that would start at a number other than 1: in a lesson
    that is almost always a year or an ordinal read as a list marker."""
    return [(line, start) for line, start in ordered_list_starts(text) if start != 1]


def check_lesson_file(ctx: FileContext, path: Path, topics: dict, ids: IdRegistry, bank) -> None:
    """Validate one Latvian lesson file (with its translations) and add it to `bank`."""
    text = path.read_text(encoding="utf-8")
    parts = split_front_matter(text)
    if parts is None:
        ctx.report(1, "a lesson must start with front matter between '---' lines")
        return
    front, body, first_line = parts
    try:
        data = load_yaml(front, first_line)
    except YamlSyntaxError as error:
        ctx.report(error.line, error.message)
        return
    ctx.offset = first_line - 1
    data = ctx.mapping(data, 1, "the front matter")
    if data is None:
        return
    before = len(ctx.problems)
    lesson_id = ctx.item_id(data, "the lesson")
    ctx.unknown_fields(data, LESSON_FIELDS, "the lesson")
    course = data.get("course")
    if course not in COURSES:
        ctx.report(data.line_of("course"), f"the lesson: course must be one of {', '.join(COURSES)}")
    topic_id = data.get("topic")
    if topic_id not in topics:
        ctx.report(data.line_of("topic"), f"the lesson: unknown topic '{topic_id}'")
    order = data.get("order")
    if isinstance(order, bool) or not isinstance(order, int) or order < 1:
        ctx.report(data.line_of("order"), "the lesson: order must be a whole number from 1")
    status = data.get("status", "draft")
    if status not in STATUSES:
        ctx.report(data.line_of("status"), "the lesson: status must be draft or checked")
    title = ctx.translated(data, "title", "the lesson")
    question_ids = [str(q) for q in (data.get("questions") or [])]
    sources = [str(s) for s in (data.get("sources") or [])]
    bodies = {"lv": body.strip()}
    ctx.offset = 0
    if not bodies["lv"]:
        ctx.report(first_line, "the lesson has no text after its front matter")
    for lang in TRANSLATIONS:
        sibling = path.with_name(f"{path.stem}.{lang}.md")
        if sibling.exists():
            translated = sibling.read_text(encoding="utf-8").strip()
            if translated:
                bodies[lang] = translated
            else:
                ctx.report(1, f"the {lang} version {sibling.name} is empty")
    raw = {"lv": (body, first_line + front.count("\n") + 1)}  # the body and the file line it starts on
    raw.update({lang: (path.with_name(f"{path.stem}.{lang}.md").read_text(encoding="utf-8"), 1) for lang in bodies if lang != "lv"})
    for lang, (text, first) in raw.items():
        for line, number in numbered_lists_not_from_one(text):
            ctx.report(first + line - 1, f"the {lang} text: a list starts at {number}. If “{number}.” is a date or "
                       f"an ordinal (“{number}. gadā”), write “{number}\\.” or begin the line with a word")
    if lesson_id is None or not ids.claim(ctx, lesson_id, data.line_of("id") + first_line - 1):
        return
    if len(ctx.problems) > before:
        return
    bank.lessons.append(LessonItem(
        id=lesson_id, course=course, topic_id=topic_id, position=order, title=title, body=bodies,
        status=status, source_file=ctx.file, question_ids=question_ids, sources=sources,
    ))
