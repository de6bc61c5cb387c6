"""A lesson edited in the app: the editor's form read into a version's content, the changes
between two versions (the word diff of domain/version_diff.py, by paragraph-sized hunks), and the
repository's Markdown files written back (front matter + Latvian body, ru/en siblings).

Content fields: course, topic_id, position (read-only in the editor), title {lv, ru, en},
body {lv, ru, en} (Markdown; an empty translation has no file), question_ids, sources.
Form fields: title-<lang>, body-<lang>, questions ("id, id" or one a line), sources (one a line).
"""
import difflib
import json
import re
import unicodedata
from dataclasses import dataclass

from .version_diff import inline_diff

LANGUAGES = ("lv", "ru", "en")
CONTENT_FIELDS = ("course", "topic_id", "position", "title", "body", "question_ids", "sources")
MAX_BODY = 60_000      # characters per language: the longest lesson in the bank has under 10,000
MAX_LINE = 500         # a title, a source
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _clean(text: str) -> str:
    """Line ends as \\n, no control characters but tab and newline, NFC, no outer blank lines."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", _CONTROL.sub("", text)).strip()


def _one(form, name: str) -> str:
    values = form.get(name) or [""]
    return values[0] or ""


def read_lesson_form(form, base: dict) -> tuple[dict, dict[str, str]]:
    """(content, problems): the editable fields from `form`, the rest from `base` (the version
    edited). Problems are codes per field name: required, too_long."""
    problems: dict[str, str] = {}
    title, body = {}, {}
    for lang in LANGUAGES:
        text = " ".join(_clean(_one(form, f"title-{lang}")).split())
        if len(text) > MAX_LINE:
            problems[f"title-{lang}"] = "too_long"
        if text:
            title[lang] = text[:MAX_LINE]
        markdown = _clean(_one(form, f"body-{lang}"))
        if len(markdown) > MAX_BODY:
            problems[f"body-{lang}"] = "too_long"
        if markdown:
            body[lang] = markdown[:MAX_BODY]
    for name, where in (("title", title), ("body", body)):
        if "lv" not in where:
            problems[f"{name}-lv"] = "required"
    questions = [q for q in re.split(r"[\s,;]+", _clean(_one(form, "questions"))) if q][:200]
    sources = [" ".join(line.split())[:MAX_LINE] for line in _clean(_one(form, "sources")).split("\n")]
    content = {name: base.get(name) for name in CONTENT_FIELDS}
    content.update(title=title, body=body, question_ids=list(dict.fromkeys(questions)),
                   sources=[s for s in sources if s][:50])
    return content, problems


def form_values(content: dict) -> dict[str, list[str]]:
    """A version's content as the editor's form values."""
    values = {f"title-{lang}": [(content.get("title") or {}).get(lang, "")] for lang in LANGUAGES}
    values.update({f"body-{lang}": [(content.get("body") or {}).get(lang, "")] for lang in LANGUAGES})
    values["questions"] = [", ".join(content.get("question_ids") or [])]
    values["sources"] = ["\n".join(content.get("sources") or [])]
    return values


# ---------------------------------------------------------------------------- changes

@dataclass(frozen=True)
class LessonChange:
    field: str            # title | body | question_ids | sources | another content field
    language: str | None  # for title and body
    line: int | None      # body: the hunk's first line in the new text (1-based)
    inline: tuple         # ((kind, text), ...) as version_diff.inline_diff gives it


def lesson_diff(before: dict | None, after: dict, context: int = 1) -> list[LessonChange]:
    """The changes from `before` to `after` (None: a first version, everything added). A body's
    changes come as hunks of changed lines with `context` unchanged lines around them."""
    before = before or {}
    changes: list[LessonChange] = []
    for name in CONTENT_FIELDS:
        old, new = before.get(name), after.get(name)
        if name in ("title", "body"):
            old, new = old or {}, new or {}
            for lang in LANGUAGES:
                a, b = old.get(lang) or "", new.get(lang) or ""
                if a == b:
                    continue
                if name == "title":
                    changes.append(LessonChange(name, lang, None, inline_diff(a, b)))
                else:
                    changes += [LessonChange(name, lang, line, parts) for line, parts in _hunks(a, b, context)]
        else:
            a, b = _readable(old, name), _readable(new, name)
            if a != b:
                changes.append(LessonChange(name, None, None, inline_diff(a, b)))
    return changes


def _readable(value, name: str) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ("\n" if name == "sources" else ", ").join(str(v) for v in value)
    return str(value)


def _hunks(before: str, after: str, context: int) -> list[tuple[int, tuple]]:
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    hunks = []
    for group in matcher.get_grouped_opcodes(context):
        i1, j1 = group[0][1], group[0][3]
        i2, j2 = group[-1][2], group[-1][4]
        hunks.append((j1 + 1, inline_diff("".join(old[i1:i2]), "".join(new[j1:j2]))))
    return hunks


# ---------------------------------------------------------------------------- the repository's files

def _quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON's escapes, which YAML shares), with the characters YAML
    would read as line breaks or refuse escaped too, so the text reads back exactly."""
    quoted = json.dumps(text, ensure_ascii=False)
    return "".join(f"\\u{ord(c):04x}" if unicodedata.category(c) in ("Zl", "Zp", "Cc", "Cf", "Cs", "Co", "Cn")
                   or c == "\x85" else c for c in quoted)


def lesson_files(lesson_id: str, stem: str, content: dict, status: str = "checked") -> dict[str, str]:
    """{file name: text} for question_bank/lessons/<course>/: `<stem>.md` with the front matter
    and the Latvian body, `<stem>.ru.md` and `<stem>.en.md` with their bodies (if any)."""
    title = ", ".join(f"{lang}: {_quoted(content['title'][lang])}" for lang in LANGUAGES if content["title"].get(lang))
    front = [f"id: {lesson_id}", f"course: {content['course']}", f"topic: {content['topic_id']}",
             f"order: {int(content['position'])}", f"title: {{{title}}}",
             f"questions: [{', '.join(content.get('question_ids') or [])}]",
             f"sources: [{', '.join(_quoted(s) for s in content.get('sources') or [])}]", f"status: {status}"]
    body = content.get("body") or {}
    files = {f"{stem}.md": "---\n" + "\n".join(front) + "\n---\n" + body.get("lv", "").strip() + "\n"}
    for lang in LANGUAGES[1:]:
        if (body.get(lang) or "").strip():
            files[f"{stem}.{lang}.md"] = body[lang].strip() + "\n"
    return files
