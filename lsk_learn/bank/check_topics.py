"""Checks topics.yaml and anthem.yaml."""
from .check_common import FileContext
from .items import TopicItem

EXAMS = ("knowledge", "language")


def check_topics_file(ctx: FileContext, data, bank) -> None:
    if data is None:
        return
    data = ctx.mapping(data, 1, "topics.yaml")
    topics = ctx.sequence(data.get("topics"), data.line_of("topics"), "'topics'") if data is not None else None
    seen = set()
    for index, raw in enumerate(topics or []):
        raw = ctx.mapping(raw, topics.line_of(index), "a topic")
        if raw is None:
            continue
        topic_id = ctx.item_id(raw, "a topic")
        what = f"topic '{topic_id}'"
        if topic_id in seen:
            ctx.report(raw.line_of("id"), f"duplicate topic id '{topic_id}'")
            continue
        if raw.get("exam") not in EXAMS:
            ctx.report(raw.line_of("exam"), f"{what}: exam must be knowledge or language")
        name = ctx.translated(raw, "name", what)
        subtopics = []
        for sub_index, sub in enumerate(ctx.sequence(raw.get("subtopics"), raw.line_of("subtopics"), f"{what}: 'subtopics'") or []):
            sub = ctx.mapping(sub, raw.line_of("subtopics"), f"{what}: a subtopic")
            if sub is None:
                continue
            sub_id = ctx.item_id(sub, f"{what}: a subtopic")
            names = {k: v for k, v in sub.items() if k != "id"}
            if sub_id and names.get("lv"):
                subtopics.append({"id": sub_id, **names})
            elif sub_id:
                ctx.report(sub.line, f"{what}: subtopic '{sub_id}' needs a Latvian name 'lv'")
        if topic_id and name:
            seen.add(topic_id)
            bank.topics.append(TopicItem(topic_id, raw.get("exam"), name, subtopics, index))


def check_anthem_file(ctx: FileContext, data, bank) -> None:
    if data is None:
        return
    data = ctx.mapping(data, 1, "anthem.yaml")
    if data is None:
        return
    text = ctx.required_str(data, "text", "the anthem")
    title = ctx.required_str(data, "title", "the anthem")
    source = ctx.required_str(data, "source", "the anthem")
    if text and title and source:
        bank.anthem = {"title": title, "text": text, "source": source,
                       "author": data.get("author"), "source_url": data.get("source_url")}
