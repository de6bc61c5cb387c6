"""Checks vocabulary decks (`vocabulary/<deck>.yaml`) and writing/speaking task files (`tasks/...`)."""
from pathlib import Path

from ..domain.model_answers import model_answer_problems
from .check_common import FileContext, IdRegistry
from .items import LANGUAGES, PARTS_OF_SPEECH, STATUSES, TASK_KINDS, TaskItem, VocabularyItem
from .yaml_lines import LineDict

DECK_FIELDS = {"topic", "deck", "title", "source", "status", "difficulty", "words"}
WORD_FIELDS = {"id", "lv", "pos", "gender", "declension", "ru", "en", "example"}
TASK_FILE_FIELDS = {"topic", "subtopic", "tasks"}
# a speaking task is graded on these five, each written for the task (its first words, in Latvian)
SPEAKING_CRITERIA = ("Saturs:", "Saziņa:", "Vārdu krājums:", "Gramatika:", "Raitums un izruna:")
TASK_FIELDS = {
    "id", "kind", "difficulty", "status", "prompt", "min_words", "max_words", "fields", "model_answer",
    "checklist", "source", "picture", "useful_phrases",
}


def check_extra_file(ctx: FileContext, data, path: Path, topics: dict, ids: IdRegistry, bank) -> None:
    data = ctx.mapping(data, 1, "the file")
    if data is None:
        return
    if data.get("topic") == "vocabulary":
        _check_deck(ctx, data, path, ids, bank)
    elif data.get("topic") in TASK_KINDS:
        _check_tasks(ctx, data, topics, ids, bank)
    else:
        ctx.report(data.line_of("topic"), "topic must be vocabulary, writing or speaking in this folder")


def _check_deck(ctx, data: LineDict, path: Path, ids: IdRegistry, bank) -> None:
    ctx.unknown_fields(data, DECK_FIELDS, "the deck")
    deck = ctx.required_str(data, "deck", "the deck")
    if deck and deck != path.stem:
        ctx.report(data.line_of("deck"), f"the deck id '{deck}' must match the file name '{path.stem}'")
    title = ctx.translated(data, "title", "the deck")
    source = ctx.required_str(data, "source", "the deck")
    status, difficulty = data.get("status"), data.get("difficulty")
    if status not in STATUSES:
        ctx.report(data.line_of("status"), "the deck: status must be draft or checked")
    if difficulty not in (1, 2, 3) or isinstance(difficulty, bool):
        ctx.report(data.line_of("difficulty"), "the deck: difficulty must be 1, 2 or 3")
    words = ctx.sequence(data.get("words"), data.line_of("words"), "'words'")
    for index, raw in enumerate(words or []):
        raw = ctx.mapping(raw, words.line_of(index), "a word")
        if raw is None:
            continue
        before = len(ctx.problems)
        word_id = ctx.item_id(raw, "a word")
        what = f"word '{word_id}'"
        ctx.unknown_fields(raw, WORD_FIELDS, what)
        texts = {key: ctx.required_str(raw, key, what) for key in LANGUAGES}
        pos = raw.get("pos")
        if pos not in PARTS_OF_SPEECH:
            ctx.report(raw.line_of("pos"), f"{what}: pos must be one of {', '.join(PARTS_OF_SPEECH)}")
        gender, declension = raw.get("gender"), raw.get("declension")
        if pos == "noun":
            if gender not in ("m", "f"):
                ctx.report(raw.line_of("gender"), f"{what}: a noun needs gender m or f")
            if isinstance(declension, bool) or declension not in range(0, 7):
                ctx.report(raw.line_of("declension"), f"{what}: a noun needs declension 1–6 (0 if indeclinable)")
        elif gender is not None or declension is not None:
            ctx.report(raw.line, f"{what}: only nouns have gender and declension")
        example = {}
        if "example" in raw:
            value = ctx.mapping(raw["example"], raw.line_of("example"), f"{what}: 'example'")
            example = (ctx.language_map(value, f"{what}: 'example'") or {}) if value else {}
        if word_id is None or not ids.claim(ctx, word_id, raw.line_of("id")):
            continue
        if len(ctx.problems) == before and title and source and deck and status in STATUSES and difficulty in (1, 2, 3):
            bank.vocabulary.append(VocabularyItem(
                id=word_id, deck=deck, deck_title=title, lv=texts["lv"], pos=pos, ru=texts["ru"],
                en=texts["en"], source=source, source_file=ctx.file, gender=gender, declension=declension,
                example=example, position=index, status=status, difficulty=difficulty,
            ))


def _check_tasks(ctx, data: LineDict, topics: dict, ids: IdRegistry, bank) -> None:
    ctx.unknown_fields(data, TASK_FILE_FIELDS, "the file")
    topic_id = data["topic"]
    subtopic = ctx.required_str(data, "subtopic", "the file")
    topic = topics.get(topic_id)
    if topic and subtopic and subtopic not in {s["id"] for s in topic.subtopics}:
        ctx.report(data.line_of("subtopic"), f"unknown subtopic '{subtopic}' of topic '{topic_id}'")
    tasks = ctx.sequence(data.get("tasks"), data.line_of("tasks"), "'tasks'")
    for index, raw in enumerate(tasks or []):
        raw = ctx.mapping(raw, tasks.line_of(index), "a task")
        if raw is None:
            continue
        item = _check_task(ctx, raw, topic_id, subtopic, ids)
        if item:
            bank.tasks.append(item)


def _check_task(ctx, raw: LineDict, topic_id, subtopic, ids) -> TaskItem | None:
    before = len(ctx.problems)
    task_id = ctx.item_id(raw, "a task")
    what = f"task '{task_id}'"
    ctx.unknown_fields(raw, TASK_FIELDS, what)
    kind = raw.get("kind")
    if kind not in TASK_KINDS[topic_id]:
        ctx.report(raw.line_of("kind"), f"{what}: kind must be one of {', '.join(TASK_KINDS[topic_id])}")
    if raw.get("difficulty") not in (1, 2, 3) or isinstance(raw.get("difficulty"), bool):
        ctx.report(raw.line_of("difficulty"), f"{what}: difficulty must be 1, 2 or 3")
    if raw.get("status") not in STATUSES:
        ctx.report(raw.line_of("status"), f"{what}: status must be draft or checked")
    prompt = ctx.translated(raw, "prompt", what)
    source = ctx.required_str(raw, "source", what)
    checklist = _check_checklist(ctx, raw, what)
    min_words, max_words = raw.get("min_words"), raw.get("max_words")
    if kind in ("letter", "application"):
        if not (isinstance(min_words, int) and isinstance(max_words, int) and 0 < min_words <= max_words):
            ctx.report(raw.line, f"{what}: a {kind} needs min_words and max_words (whole numbers, min ≤ max)")
        if not raw.get("model_answer"):
            ctx.report(raw.line, f"{what}: missing 'model_answer'")
    fields = _check_translated_list(ctx, raw, "fields", what, with_id=True)
    if kind == "form" and not fields:
        ctx.report(raw.line, f"{what}: a form needs 'fields'")
    picture = {}
    if kind == "picture":
        picture = ctx.translated(raw, "picture", what) or {}
    phrases = _check_translated_list(ctx, raw, "useful_phrases", what, with_id=False)
    if topic_id == "writing" and checklist:
        for problem in model_answer_problems(kind, raw.get("model_answer"), [c["lv"] for c in checklist],
                                             min_words, max_words, fields):
            ctx.report(raw.line_of("model_answer"), f"{what}: {problem}")
    if topic_id == "speaking" and checklist:
        _check_speaking_criteria(ctx, raw, checklist, what)
    if task_id is None or not ids.claim(ctx, task_id, raw.line_of("id")):
        return None
    if len(ctx.problems) > before:
        return None
    return TaskItem(
        id=task_id, topic_id=topic_id, subtopic=subtopic, kind=kind, difficulty=raw["difficulty"],
        status=raw["status"], prompt=prompt, checklist=checklist, source=source, source_file=ctx.file,
        min_words=min_words, max_words=max_words, fields=fields,
        model_answer=(raw.get("model_answer") or "").strip() or None, picture=picture, useful_phrases=phrases,
    )


def _check_checklist(ctx, raw, what) -> list:
    items = ctx.sequence(raw.get("checklist"), raw.line_of("checklist"), f"{what}: 'checklist'")
    result = []
    for index, item in enumerate(items or []):
        item = ctx.mapping(item, items.line_of(index), f"{what}: a checklist item")
        if item is None:
            continue
        points = item.get("points")
        if isinstance(points, bool) or not isinstance(points, int) or points < 1:
            ctx.report(item.line_of("points"), f"{what}: each checklist item needs whole 'points' from 1")
            continue
        texts = _language_part(ctx, item, f"{what}: checklist item '{item.get('id')}'")
        if texts is not None and item.get("id") is not None:
            result.append({"id": str(item["id"]), "points": points, **texts})
    if items is not None and not result:
        ctx.report(raw.line_of("checklist"), f"{what}: the checklist is empty")
    return result


def _check_speaking_criteria(ctx, raw, checklist: list, what: str) -> None:
    """Each of the five criteria once, so a teacher grades what the task asked, not a generic list."""
    starts = [next((name for name in SPEAKING_CRITERIA if c["lv"].startswith(name)), None) for c in checklist]
    if sorted(filter(None, starts)) != sorted(SPEAKING_CRITERIA) or None in starts:
        ctx.report(raw.line_of("checklist"), f"{what}: a speaking checklist has the five criteria, each once and "
                                             f"written for this task, starting {', '.join(SPEAKING_CRITERIA)}")


def check_speaking_checklists_differ(tasks: list, report) -> None:
    """Two speaking tasks never share a checklist, nor the content criterion (what the task must
    cover): a copied checklist grades one task on another's terms. `report(task, message)`."""
    seen_lists, seen_content = {}, {}
    for task in tasks:
        if task.topic_id != "speaking":
            continue
        whole = tuple((c["id"], c["points"], c.get("lv"), c.get("ru"), c.get("en")) for c in task.checklist)
        content = next((c["lv"] for c in task.checklist if c["lv"].startswith(SPEAKING_CRITERIA[0])), None)
        if whole in seen_lists:
            report(task, f"task '{task.id}': the same checklist as task '{seen_lists[whole]}'; write this task's own")
        elif content and content in seen_content:
            report(task, f"task '{task.id}': the same content criterion as task '{seen_content[content]}'")
        seen_lists.setdefault(whole, task.id)
        if content:
            seen_content.setdefault(content, task.id)


def _check_translated_list(ctx, raw, key, what, with_id: bool) -> list:
    if key not in raw:
        return []
    items = ctx.sequence(raw[key], raw.line_of(key), f"{what}: '{key}'")
    result = []
    for index, item in enumerate(items or []):
        item = ctx.mapping(item, items.line_of(index), f"{what}: each of '{key}'")
        if item is None:
            continue
        if with_id and item.get("id") is None:
            ctx.report(item.line, f"{what}: each of '{key}' needs an 'id'")
            continue
        texts = _language_part(ctx, item, f"{what}: '{key}'")
        if texts is not None:
            result.append({"id": str(item["id"]), **texts} if with_id else texts)
    return result


def _language_part(ctx, item: LineDict, what: str) -> dict | None:
    texts = LineDict({k: v for k, v in item.items() if k in LANGUAGES})
    texts.line, texts.key_lines = item.line, item.key_lines
    return ctx.language_map(texts, what)
