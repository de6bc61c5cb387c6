"""Checks a question file (`questions/<topic>/<subtopic>.yaml`) into QuestionItem/PassageItem."""
from datetime import date, datetime

from .check_common import FileContext, IdRegistry
from .items import (
    KNOWLEDGE_TOPICS, PASSAGE_KINDS, QUESTION_TYPES, SATVERSME_LAST_ARTICLE, STATUSES,
    PassageItem, QuestionItem,
)
from .yaml_lines import LineDict, LineList

FILE_FIELDS = {"topic", "subtopic", "questions", "passages"}
QUESTION_FIELDS = {
    "id", "type", "difficulty", "status", "text", "options", "prompts", "answer", "explanation",
    "source", "source_url", "articles", "passage", "review_by",
}
PASSAGE_FIELDS = {"id", "kind", "title", "text", "translation"}
OPTION_TYPES = ("single", "multiple", "matching")


def check_question_file(ctx: FileContext, data, topics: dict, ids: IdRegistry, bank) -> None:
    """Validate one question file and add its items to `bank`."""
    data = ctx.mapping(data, 1, "the file")
    if data is None:
        return
    ctx.unknown_fields(data, FILE_FIELDS, "the file")
    topic_id = ctx.required_str(data, "topic", "the file")
    subtopic = ctx.required_str(data, "subtopic", "the file")
    topic = topics.get(topic_id) if topic_id else None
    if topic_id and topic is None:
        ctx.report(data.line_of("topic"), f"unknown topic '{topic_id}' (see topics.yaml)")
    if topic and subtopic and subtopic not in {s["id"] for s in topic.subtopics}:
        ctx.report(data.line_of("subtopic"), f"unknown subtopic '{subtopic}' of topic '{topic_id}'")
    passage_ids = set()
    if "passages" in data:
        passages = ctx.sequence(data["passages"], data.line_of("passages"), "'passages'")
        for index, raw in enumerate(passages or []):
            item = _check_passage(ctx, raw, passages.line_of(index), topic_id, subtopic, ids)
            if item:
                passage_ids.add(item.id)
                bank.passages.append(item)
    questions = ctx.sequence(data.get("questions"), data.line_of("questions"), "'questions'")
    for index, raw in enumerate(questions or []):
        item = _check_question(ctx, raw, questions.line_of(index), topic_id, subtopic, passage_ids, ids)
        if item:
            bank.questions.append(item)


def _check_passage(ctx, raw, line, topic_id, subtopic, ids) -> PassageItem | None:
    raw = ctx.mapping(raw, line, "a passage")
    if raw is None:
        return None
    passage_id = ctx.item_id(raw, "a passage")
    what = f"passage '{passage_id}'"
    ctx.unknown_fields(raw, PASSAGE_FIELDS, what)
    kind = raw.get("kind")
    if kind not in PASSAGE_KINDS:
        ctx.report(raw.line_of("kind"), f"{what}: kind must be one of {', '.join(PASSAGE_KINDS)}")
    title = ctx.translated(raw, "title", what)
    text = ctx.required_str(raw, "text", what)
    translation = {}
    if "translation" in raw:
        value = ctx.mapping(raw["translation"], raw.line_of("translation"), f"{what}: 'translation'")
        translation = ctx.language_map(value, f"{what}: 'translation'", lv_required=False) if value else {}
    if passage_id is None or not ids.claim(ctx, passage_id, raw.line_of("id")):
        return None
    if None in (title, text) or kind not in PASSAGE_KINDS:
        return None
    return PassageItem(passage_id, topic_id, subtopic, kind, title, text, translation or {})


def _check_question(ctx, raw, line, topic_id, subtopic, passage_ids, ids) -> QuestionItem | None:
    raw = ctx.mapping(raw, line, "a question")
    if raw is None:
        return None
    qid = ctx.item_id(raw, "a question")
    what = f"question '{qid}'"
    before = len(ctx.problems)
    ctx.unknown_fields(raw, QUESTION_FIELDS, what)
    qtype = raw.get("type")
    if qtype not in QUESTION_TYPES:
        ctx.report(raw.line_of("type"), f"{what}: type must be one of {', '.join(QUESTION_TYPES)}")
    difficulty = raw.get("difficulty")
    if difficulty not in (1, 2, 3) or isinstance(difficulty, bool):
        ctx.report(raw.line_of("difficulty"), f"{what}: difficulty must be 1, 2 or 3")
    status = raw.get("status")
    if status not in STATUSES:
        ctx.report(raw.line_of("status"), f"{what}: status must be draft or checked")
    text = ctx.translated(raw, "text", what)
    explanation = ctx.translated(raw, "explanation", what)
    source = ctx.required_str(raw, "source", what)
    options = _check_choices(ctx, raw, "options", what) if qtype in OPTION_TYPES else []
    prompts = _check_choices(ctx, raw, "prompts", what) if qtype == "matching" else []
    if qtype in QUESTION_TYPES and qtype not in OPTION_TYPES and "options" in raw:
        ctx.report(raw.line_of("options"), f"{what}: a {qtype} question has no options")
    answer = _check_answer(ctx, raw, what, qtype, options, prompts)
    if topic_id in KNOWLEDGE_TOPICS and qtype in QUESTION_TYPES:
        if qtype != "single" or not 3 <= len(options or []) <= 4:
            ctx.report(raw.line_of("type"), f"{what}: knowledge-test questions are single choice with 3–4 options")
    articles = _check_articles(ctx, raw, what, topic_id, subtopic)
    review_by = _check_review_by(ctx, raw, what)
    passage = raw.get("passage")
    if passage is not None and passage not in passage_ids:
        ctx.report(raw.line_of("passage"), f"{what}: unknown passage '{passage}' (define it under 'passages' in this file)")
    if qid is None or not ids.claim(ctx, qid, raw.line_of("id")):
        return None
    if len(ctx.problems) > before:
        return None
    return QuestionItem(
        id=qid, topic_id=topic_id, subtopic=subtopic, type=qtype, difficulty=difficulty,
        status=status, text=text, answer=answer, explanation=explanation, source=source,
        source_file=ctx.file, options=options, prompts=prompts,
        source_url=raw.get("source_url"), articles=articles, passage_id=passage, review_by=review_by,
    )


def _check_review_by(ctx, raw, what) -> date | None:
    """`review_by: 2027-06-30`: the day by which an answer that can change is checked again."""
    value = raw.get("review_by")
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            value = None
    if not isinstance(value, date) or isinstance(value, datetime):
        ctx.report(raw.line_of("review_by"), f"{what}: 'review_by' must be a date written YYYY-MM-DD")
        return None
    return value


def _check_choices(ctx, raw, key, what) -> list:
    """Options or matching prompts: a list of {id, lv, ru, en} with unique ids."""
    if key not in raw:
        ctx.report(raw.line, f"{what}: missing '{key}'")
        return []
    items = ctx.sequence(raw[key], raw.line_of(key), f"{what}: '{key}'")
    result, seen = [], set()
    for index, choice in enumerate(items or []):
        choice = ctx.mapping(choice, items.line_of(index), f"{what}: each of '{key}'")
        if choice is None:
            continue
        choice_id = choice.get("id")
        if choice_id is None or isinstance(choice_id, (dict, list)):
            ctx.report(choice.line, f"{what}: each of '{key}' needs an 'id'")
            continue
        choice_id = str(choice_id)
        if choice_id in seen:
            ctx.report(choice.line, f"{what}: '{key}' repeat the id '{choice_id}'")
            continue
        seen.add(choice_id)
        texts = {k: v for k, v in choice.items() if k != "id"}
        text_map = LineDict(texts)
        text_map.line, text_map.key_lines = choice.line, choice.key_lines
        languages = ctx.language_map(text_map, f"{what}: option '{choice_id}'")
        if languages is not None:
            result.append({"id": choice_id, **languages})
    minimum = 3 if raw.get("type") == "multiple" else 2
    if items is not None and key == "options" and len(seen) < minimum:
        ctx.report(raw.line_of(key), f"{what}: needs at least {minimum} options")
    return result


def _check_answer(ctx, raw, what, qtype, options, prompts):
    if "answer" not in raw or raw["answer"] is None:
        ctx.report(raw.line, f"{what}: no answer given (field 'answer')")
        return None
    answer = raw["answer"]
    line = raw.line_of("answer")
    option_ids = [o["id"] for o in options]
    known = ", ".join(option_ids)

    def must_be_option(value) -> bool:
        if str(value) not in option_ids:
            ctx.report(line, f"{what}: answer '{value}' is not one of the options ({known})")
            return False
        return True

    if qtype == "single":
        if isinstance(answer, (list, dict)):
            ctx.report(line, f"{what}: a single-choice answer is one option id")
            return None
        return str(answer) if must_be_option(answer) else None
    if qtype == "multiple":
        if not isinstance(answer, LineList) or not answer:
            ctx.report(line, f"{what}: a multiple-choice answer is a list of option ids")
            return None
        if len(set(map(str, answer))) != len(answer):
            ctx.report(line, f"{what}: the answer repeats an option")
            return None
        return sorted(str(a) for a in answer) if all(must_be_option(a) for a in answer) else None
    if qtype == "true_false":
        if not isinstance(answer, bool):
            ctx.report(line, f"{what}: a true/false answer is true or false")
            return None
        return answer
    if qtype == "matching":
        return _check_matching_answer(ctx, answer, line, what, prompts, must_be_option)
    if qtype == "short_text":
        if not isinstance(answer, LineList) or not answer or not all(isinstance(a, (str, int)) for a in answer):
            ctx.report(line, f"{what}: a short-text answer is a list of accepted answers")
            return None
        return [str(a).strip() for a in answer]
    return None


def _check_matching_answer(ctx, answer, line, what, prompts, must_be_option):
    if not isinstance(answer, LineDict):
        ctx.report(line, f"{what}: a matching answer maps each prompt id to an option id")
        return None
    prompt_ids = {p["id"] for p in prompts}
    given = {str(k): str(v) for k, v in answer.items()}
    if set(given) != prompt_ids:
        ctx.report(line, f"{what}: the answer must match every prompt ({', '.join(sorted(prompt_ids))}) exactly once")
        return None
    return given if all(must_be_option(v) for v in given.values()) else None


def _check_articles(ctx, raw, what, topic_id, subtopic) -> list:
    articles = raw.get("articles")
    if articles is None:
        if topic_id == "satversme" and subtopic != "preamble":  # the preamble has no article number
            ctx.report(raw.line, f"{what}: Satversme questions must name their article(s) in 'articles'")
        return []
    if isinstance(articles, LineList) and not articles and subtopic == "preamble":
        return []
    if not isinstance(articles, LineList) or not articles:
        ctx.report(raw.line_of("articles"), f"{what}: 'articles' must be a list of article numbers")
        return []
    result = []
    for number in articles:
        if isinstance(number, bool) or not isinstance(number, int) or not 1 <= number <= SATVERSME_LAST_ARTICLE:
            ctx.report(raw.line_of("articles"), f"{what}: '{number}' is not a Satversme article (1–{SATVERSME_LAST_ARTICLE})")
        else:
            result.append(number)
    return result
