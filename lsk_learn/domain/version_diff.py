"""What changed between two versions of a question's content, field by field, with a word diff.

Translated texts are compared per language and choices per choice id, so a corrected Russian
option shows as "options.b.ru". A choice added or removed is one change of "options" (or
"prompts") reading "b: <its texts>". Values are shown as readable text: lists joined with ", ",
matching answers as "1 → b, 2 → a", booleans as "true"/"false". Texts are compared in Unicode
NFC, as the grading compares answers, so re-encoding a letter (ā as a + combining macron) is no
change. Changes come in the content's field order, then languages lv, ru, en.
"""
import difflib
import re
import unicodedata
from dataclasses import dataclass

FIELDS = ("topic_id", "subtopic", "type", "difficulty", "text", "options", "prompts", "answer",
          "explanation", "source", "source_url", "articles", "passage_id", "review_by")
TRANSLATED = ("text", "explanation")
CHOICES = ("options", "prompts")
LANGUAGES = ("lv", "ru", "en")
# words (letters with their combining marks), single punctuation marks and runs of whitespace
_TOKEN = re.compile(r"\s+|(?:\w|[\u0300-\u036f])+|[^\w\s]")


@dataclass(frozen=True)
class Change:
    field: str        # "text.lv", "options.b.ru", "answer", "options" (a choice added or removed) ...
    before: str       # readable old value, "" when added
    after: str        # readable new value, "" when removed
    inline: tuple     # ((kind, text), ...), kind "same" | "removed" | "added": the word diff


def content_diff(before: dict | None, after: dict) -> list[Change]:
    """The changes from `before` to `after`; `before=None` (a first version) gives every
    non-empty field of `after` as added."""
    before = before or {}
    extra = sorted((set(before) | set(after)) - set(FIELDS))  # keys we do not know still show
    changes: list[Change] = []
    for key in FIELDS + tuple(extra):
        old, new = before.get(key), after.get(key)
        if key in TRANSLATED and _is_texts(old) and _is_texts(new):
            for lang in _languages(old or {}, new or {}):
                _add(changes, f"{key}.{lang}", _text((old or {}).get(lang)), _text((new or {}).get(lang)))
        elif key in CHOICES and _is_choices(old) and _is_choices(new):
            changes += _choice_changes(key, old or [], new or [])
        elif key == "answer":
            _add(changes, key, _readable_answer(old, before.get("type")),
                 _readable_answer(new, after.get("type")))
        else:
            _add(changes, key, _readable(old), _readable(new))
    return changes


def inline_diff(before: str, after: str) -> tuple:
    """A word-level diff of two texts: ((kind, text), ...) with the whitespace kept, so joining
    the "same" and "removed" parts gives `before` back, and "same" and "added" gives `after`.
    A punctuation mark is a word of its own: "1918" → "1918." adds only the full stop."""
    old, new = _TOKEN.findall(before), _TOKEN.findall(after)
    parts: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            _part(parts, "same", "".join(old[i1:i2]))
        else:  # "replace", "delete", "insert": the old words go, the new come
            _part(parts, "removed", "".join(old[i1:i2]))
            _part(parts, "added", "".join(new[j1:j2]))
    return tuple(parts)


# ---------------------------------------------------------------------------- choices

def _choice_changes(key: str, old: list, new: list) -> list[Change]:
    """Per choice id, in the new version's order, then the removed choices in their old order."""
    old_by_id, new_by_id = _by_id(old), _by_id(new)
    changes: list[Change] = []
    for choice_id in list(new_by_id) + [i for i in old_by_id if i not in new_by_id]:
        was, now = old_by_id.get(choice_id), new_by_id.get(choice_id)
        if was is None or now is None:
            _add(changes, key, _readable_choice(choice_id, was), _readable_choice(choice_id, now))
            continue
        for lang in _languages(was, now):
            _add(changes, f"{key}.{choice_id}.{lang}", _text(was.get(lang)), _text(now.get(lang)))
    return changes


def _by_id(choices: list) -> dict[str, dict]:
    return {str(c.get("id") or n): {k: v for k, v in c.items() if k != "id"}
            for n, c in enumerate(choices, start=1)}


def _readable_choice(choice_id: str, choice: dict | None) -> str:
    if choice is None:
        return ""
    texts = [_text(choice.get(lang)) for lang in _languages(choice, {})]
    return f"{choice_id}: " + " / ".join(t for t in texts if t)


def _languages(old: dict, new: dict) -> list[str]:
    others = sorted((set(old) | set(new)) - set(LANGUAGES))
    return [lang for lang in LANGUAGES if lang in old or lang in new] + others


def _is_texts(value) -> bool:
    return value is None or isinstance(value, dict)


def _is_choices(value) -> bool:
    return value is None or (isinstance(value, list) and all(isinstance(c, dict) for c in value))


# ---------------------------------------------------------------------------- readable values

def _readable_answer(answer, qtype: str | None) -> str:
    if qtype == "multiple" and isinstance(answer, list):  # the choices' order is no part of the key
        answer = sorted(answer, key=_natural)
    return _readable(answer)


def _readable(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ", ".join(_readable(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k} → {_readable(value[k])}" for k in sorted(value, key=_natural))
    return _text(value)


def _text(value) -> str:
    return unicodedata.normalize("NFC", str(value)) if value is not None else ""


def _natural(key) -> tuple:
    """Prompt "10" after "9": numbers by value, then the rest as text."""
    text = str(key)
    return (0, int(text), "") if text.isdigit() else (1, 0, text)


def _add(changes: list[Change], field: str, before: str, after: str) -> None:
    if before != after:
        changes.append(Change(field, before, after, inline_diff(before, after)))


def _part(parts: list[tuple[str, str]], kind: str, text: str) -> None:
    if not text:
        return
    if parts and parts[-1][0] == kind:
        parts[-1] = (kind, parts[-1][1] + text)
    else:
        parts.append((kind, text))
