"""Questions back into the repository's own files: `questions/<topic>/<subtopic>.yaml`.

So that an approved in-app question can be committed to question_bank/ (and pass `flask bank
check`), and so that the app checks an edited or imported question with the very code that checks
the bank: the question is written as a bank file and read back by bank/check_questions.py.
"""
import yaml

# the order of fields in the bank's files (question_bank/README.md)
QUESTION_ORDER = ("id", "type", "difficulty", "status", "text", "prompts", "options", "answer", "explanation",
                  "source", "source_url", "articles", "passage", "review_by")
PASSAGE_ORDER = ("id", "kind", "title", "text", "translation")
LANGUAGE_ORDER = ("id", "lv", "ru", "en")


class _Dumper(yaml.SafeDumper):
    pass


def _text(dumper, value: str):
    # several lines as a literal block, as people write the bank by hand
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)


_Dumper.add_representer(str, _text)


def _ordered(mapping: dict, order: tuple) -> dict:
    known = {key: mapping[key] for key in order if key in mapping and mapping[key] not in (None, [], {})}
    return {**known, **{k: v for k, v in mapping.items() if k not in order and v not in (None, [], {})}}


def _languages(value):
    if isinstance(value, dict) and set(value) <= {"id", "lv", "ru", "en"}:
        return _ordered(value, LANGUAGE_ORDER)
    return value


def bank_question(question: dict) -> dict:
    """A question dict (bank format, as the exchange and the editor hold it) in the files' shape:
    fields in order, empty ones left out, `passage_id` written as `passage`."""
    question = dict(question)
    if "passage_id" in question:
        question.setdefault("passage", question.pop("passage_id"))
    for key in ("topic_id", "topic", "subtopic", "source_file", "content_hash", "retired_at", "origin"):
        question.pop(key, None)
    for key in ("text", "explanation"):
        if key in question:
            question[key] = _languages(question[key])
    for key in ("options", "prompts"):
        if key in question:
            question[key] = [_languages(choice) for choice in question[key]]
    if question.get("type") == "matching" and isinstance(question.get("answer"), dict):
        question["answer"] = {str(k): v for k, v in question["answer"].items()}
    return _ordered(question, QUESTION_ORDER)


def question_file(topic: str, subtopic: str, questions: list[dict], passages: list[dict] = ()) -> str:
    """The text of one bank question file."""
    document = {"topic": topic, "subtopic": subtopic}
    if passages:
        document["passages"] = [_ordered(dict(p), PASSAGE_ORDER) for p in passages]
    document["questions"] = [bank_question(q) for q in questions]
    return yaml.dump(document, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


def question_files(questions: list[dict], passages: dict[str, dict] | None = None) -> dict[str, str]:
    """Bank files for questions of any topics: {"questions/<topic>/<subtopic>.yaml": text}; each
    file carries the passages its questions refer to."""
    passages = passages or {}
    groups: dict[tuple[str, str], list[dict]] = {}
    for question in questions:
        topic = question.get("topic_id") or question.get("topic")
        groups.setdefault((topic, question["subtopic"]), []).append(question)
    files = {}
    for (topic, subtopic), members in sorted(groups.items()):
        used = sorted({q.get("passage_id") or q.get("passage") for q in members} - {None})
        files[f"questions/{topic}/{subtopic}.yaml"] = question_file(
            topic, subtopic, members, [passages[p] for p in used if p in passages])
    return files
