"""The question editor's form, read into a question's content and written back for editing.

The form works without JavaScript: a fixed number of choice rows (OPTION_IDS, PROMPT_IDS), each
with its Latvian, Russian and English text; blank rows are left out. Field names:
  type, topic ("<topic>/<subtopic>"), difficulty, text-<lang>, explanation-<lang>,
  option-<id>-<lang>, correct (option ids: one for single, several for multiple), truth,
  prompt-<n>-<lang>, match-<n> (an option id), accepted (one accepted answer a line),
  source, source_url, articles ("5, 10"), review_by (YYYY-MM-DD), note.
Problems come back as codes per field; the page words them in the user's language. Whether a
question may be published is the bank checker's call (at approval); this only reads what was typed.
"""
import re
from datetime import date
from typing import Mapping, Sequence

TYPES = ("single", "multiple", "true_false", "matching", "short_text")
LANGUAGES = ("lv", "ru", "en")
OPTION_IDS = tuple("abcdef")
PROMPT_IDS = tuple("123456")
CHOICE_TYPES = ("single", "multiple", "matching")


def _one(form: Mapping[str, Sequence[str]], name: str) -> str:
    values = form.get(name) or [""]
    return " ".join((values[0] or "").split()) if name != "accepted" else (values[0] or "")


def _texts(form, prefix: str) -> dict:
    return {lang: _one(form, f"{prefix}-{lang}") for lang in LANGUAGES if _one(form, f"{prefix}-{lang}")}


def _choices(form, kind: str, ids: tuple) -> list[dict]:
    return [{"id": choice_id, **texts} for choice_id in ids if (texts := _texts(form, f"{kind}-{choice_id}"))]


def read_question_form(form: Mapping[str, Sequence[str]], topics: Mapping[str, set[str]]
                       ) -> tuple[dict, dict[str, str]]:
    """(content, problems): `topics` maps each topic id to its subtopic ids."""
    problems: dict[str, str] = {}
    qtype = _one(form, "type")
    if qtype not in TYPES:
        problems["type"], qtype = "bad_type", "single"
    topic_id, _, subtopic = _one(form, "topic").partition("/")
    if subtopic not in topics.get(topic_id, ()):
        problems["topic"] = "bad_topic"
    difficulty = _one(form, "difficulty")
    text, explanation = _texts(form, "text"), _texts(form, "explanation")
    if "lv" not in text:
        problems["text-lv"] = "required"
    options = _choices(form, "option", OPTION_IDS) if qtype in CHOICE_TYPES else []
    prompts = _choices(form, "prompt", PROMPT_IDS) if qtype == "matching" else []
    for choice in options + prompts:
        if "lv" not in choice:
            problems[f"{'option' if choice in options else 'prompt'}-{choice['id']}-lv"] = "required"
    answer = _answer(form, qtype, options, prompts, problems)
    articles, review_by = _articles(form, problems), _review_by(form, problems)
    content = {
        "topic_id": topic_id, "subtopic": subtopic, "type": qtype,
        "difficulty": int(difficulty) if difficulty in ("1", "2", "3") else 2,
        "text": text, "options": options, "prompts": prompts, "answer": answer, "explanation": explanation,
        "source": _one(form, "source") or None, "source_url": _one(form, "source_url") or None,
        "articles": articles, "passage_id": None, "review_by": review_by,
    }
    return content, problems


def _answer(form, qtype: str, options: list, prompts: list, problems: dict):
    option_ids = [o["id"] for o in options]
    if qtype in ("single", "multiple"):
        if len(options) < (3 if qtype == "multiple" else 2):
            problems["options"] = "too_few_options"
        chosen = sorted(set(v for v in form.get("correct", []) if v))
        if not chosen:
            problems["correct"] = "choose_key"
        elif any(c not in option_ids for c in chosen):
            problems["correct"] = "key_blank_option"
        elif qtype == "single" and len(chosen) > 1:
            problems["correct"] = "one_key"
        return (chosen[0] if chosen else None) if qtype == "single" else chosen
    if qtype == "true_false":
        truth = _one(form, "truth")
        if truth not in ("true", "false"):
            problems["truth"] = "choose_key"
            return None
        return truth == "true"
    if qtype == "matching":
        if len(prompts) < 2 or len(options) < len(prompts):
            problems["prompts"] = "too_few_pairs"
        pairs = {p["id"]: _one(form, f"match-{p['id']}") for p in prompts}
        if any(v not in option_ids for v in pairs.values()):
            problems["match"] = "match_every_prompt"
        return pairs
    accepted = [" ".join(line.split()) for line in _one(form, "accepted").splitlines() if line.strip()]
    if not accepted:
        problems["accepted"] = "accepted_needed"
    return accepted


def _articles(form, problems: dict) -> list[int]:
    raw = _one(form, "articles")
    parts = [p for p in re.split(r"[\s,;]+", raw) if p]
    if not all(re.fullmatch(r"[0-9]{1,4}", p) for p in parts):  # not isdigit(): "²" is a digit to it
        problems["articles"] = "articles_numbers"
        return []
    return [int(p) for p in parts]


def _review_by(form, problems: dict) -> str | None:
    raw = _one(form, "review_by")
    if not raw:
        return None
    try:
        return date.fromisoformat(raw).isoformat()
    except ValueError:
        problems["review_by"] = "not_a_date"
        return None


def form_values(content: dict) -> dict[str, list[str]]:
    """A question's content as the editor's form values (to edit it, or to show a form back)."""
    values: dict[str, list[str]] = {
        "type": [content.get("type") or "single"],
        "topic": [f"{content.get('topic_id') or ''}/{content.get('subtopic') or ''}"],
        "difficulty": [str(content.get("difficulty") or 2)],
        "source": [content.get("source") or ""], "source_url": [content.get("source_url") or ""],
        "articles": [", ".join(str(a) for a in content.get("articles") or [])],
        "review_by": [content.get("review_by") or ""],
    }
    for prefix in ("text", "explanation"):
        for lang in LANGUAGES:
            values[f"{prefix}-{lang}"] = [(content.get(prefix) or {}).get(lang, "")]
    for kind, key in (("option", "options"), ("prompt", "prompts")):
        for choice in content.get(key) or []:
            for lang in LANGUAGES:
                values[f"{kind}-{choice['id']}-{lang}"] = [choice.get(lang, "")]
    answer = content.get("answer")
    qtype = content.get("type")
    if qtype == "single" and answer:
        values["correct"] = [answer]
    elif qtype == "multiple":
        values["correct"] = list(answer or [])
    elif qtype == "true_false" and answer is not None:
        values["truth"] = ["true" if answer else "false"]
    elif qtype == "matching":
        for prompt_id, option_id in (answer or {}).items():
            values[f"match-{prompt_id}"] = [option_id]
    elif qtype == "short_text":
        values["accepted"] = ["\n".join(answer or [])]
    return values
