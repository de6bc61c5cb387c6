"""The real question bank: clean, complete, sourced, translated and free of duplicates."""
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from lsk_learn.bank.items import KNOWLEDGE_TOPICS
from lsk_learn.bank.loader import load_bank
from lsk_learn.bank.stats import bank_stats

BANK = Path(__file__).parents[2] / "question_bank"
DELETED_ARTICLES = {81}  # Article 81 (government decrees between sessions) was deleted in 2007


@pytest.fixture(scope="module")
def bank():
    return load_bank(BANK)


def test_the_bank_has_no_problems(bank):
    """The check `flask bank check` runs (the same `load_bank`), on the whole real bank; scripts/test.sh
    relies on this test instead of running the command."""
    assert [str(p) for p in bank.problems] == []


def test_the_check_reads_every_file_of_the_bank(bank):
    """Every question, vocabulary, task and lesson file gave the checker items (none was passed over)."""
    read = {item.source_file for item in [*bank.questions, *bank.vocabulary, *bank.tasks, *bank.lessons]}
    files = {str(path.relative_to(BANK.parent)) for folder in ("questions", "vocabulary", "tasks")
             for path in (BANK / folder).rglob("*.yaml")}
    files |= {str(path.relative_to(BANK.parent)) for path in (BANK / "lessons").rglob("*.md")
              if not path.name.endswith((".ru.md", ".en.md"))}
    assert len(files) > 50 and files - read == set()
    assert bank.topics and bank.anthem and bank.passages


def test_a_problem_planted_in_a_copy_of_the_real_bank_is_reported(tmp_path):
    """The check above would fail: a question of the real bank without its answer is reported."""
    import shutil

    copy = tmp_path / "question_bank"
    shutil.copytree(BANK, copy)
    target = copy / "questions" / "history" / sorted(p.name for p in (BANK / "questions" / "history").glob("*.yaml"))[0]
    text = target.read_text()
    answer = re.search(r"^ +answer: .*\n", text, re.MULTILINE)
    target.write_text(text[:answer.start()] + text[answer.end():])
    problems = [str(p) for p in load_bank(copy).problems]
    assert problems and problems[0].startswith(f"question_bank/questions/history/{target.name}:"), problems
    assert "no answer given" in problems[0]


@pytest.mark.parametrize("topic,minimum", [
    ("history", 180), ("satversme", 140), ("symbols", 40), ("reading", 100), ("grammar", 120),
    ("listening", 60),
])
def test_question_counts(bank, topic, minimum):
    assert bank_stats(bank)["questions by topic"][topic] >= minimum


def test_other_counts(bank):
    stats = bank_stats(bank)
    assert stats["passages by topic"]["reading"] >= 25
    assert stats["passages by topic"]["listening"] >= 20
    assert len(bank.vocabulary) >= 600
    tasks = stats["tasks by topic and kind"]
    assert sum(n for (topic, _kind), n in tasks.items() if topic == "writing") >= 25
    assert sum(n for (topic, _kind), n in tasks.items() if topic == "speaking") >= 40
    assert len(bank.lessons) >= 25
    assert set(stats["lessons by course"]) == {"history", "satversme", "symbols", "language"}
    assert bank.anthem is not None


def test_every_subtopic_of_the_knowledge_test_is_covered(bank):
    covered = Counter((q.topic_id, q.subtopic) for q in bank.questions)
    for topic in bank.topics:
        if topic.exam == "knowledge":
            for subtopic in topic.subtopics:
                assert covered[(topic.id, subtopic["id"])] >= 5, f"{topic.id}/{subtopic['id']}"


def test_knowledge_questions_have_three_or_four_options_and_one_key(bank):
    for q in bank.questions:
        if q.topic_id in KNOWLEDGE_TOPICS:
            assert q.type == "single" and 3 <= len(q.options) <= 4, q.id


def articles_named_in(source: str) -> set[int]:
    """Article numbers a source names: "5. pants", "1.–5. pants", "35., 36. un 40. pants"."""
    named = set()
    for first, last in re.findall(r"(\d+)\.\s*[–-]\s*(\d+)\.", source):
        named.update(range(int(first), int(last) + 1))
    named.update(int(n) for n in re.findall(r"(\d+)\.", source))
    return named


@pytest.mark.parametrize("source,expected", [
    ("Satversme, 5. pants", {5}),
    ("Satversme, 1.–4. pants", {1, 2, 3, 4}),
    ("Satversme, 35., 36. un 40. pants", {35, 36, 40}),
])
def test_articles_named_in(source, expected):
    assert articles_named_in(source) == expected


def test_satversme_questions_name_existing_articles(bank):
    for q in bank.questions:
        if q.topic_id != "satversme":
            continue
        if q.subtopic != "preamble":
            assert q.articles, q.id
        for article in q.articles:
            assert 1 <= article <= 116, q.id
            if article in DELETED_ARTICLES:
                assert "izslēgt" in q.explanation["lv"], f"{q.id} cites deleted Article {article}"
        if q.subtopic != "preamble":
            named = articles_named_in(q.source)
            assert set(q.articles) <= named, f"{q.id}: the source names {sorted(named)}, not all of {q.articles}"


def test_every_item_has_a_source(bank):
    for q in bank.questions:
        assert len(q.source) >= 10, q.id
    for t in bank.tasks:
        assert len(t.source) >= 10, t.id
    for w in bank.vocabulary:
        assert len(w.source) >= 10, w.id
    for lesson in bank.lessons:
        assert lesson.sources or lesson.course == "language", lesson.id


def _all_languages(texts: dict) -> bool:
    return all(texts.get(lang) for lang in ("lv", "ru", "en"))


def test_every_item_is_translated(bank):
    for q in bank.questions:
        assert _all_languages(q.text) and _all_languages(q.explanation), q.id
        for option in q.options + q.prompts:
            assert _all_languages(option), f"{q.id} option {option['id']}"
    for p in bank.passages:
        assert p.translation.get("ru") and p.translation.get("en"), p.id
    for lesson in bank.lessons:
        assert _all_languages(lesson.title) and _all_languages(lesson.body), lesson.id
    for t in bank.tasks:
        assert _all_languages(t.prompt), t.id
        assert all(_all_languages(c) for c in t.checklist), t.id


def test_every_lesson_links_to_what_it_prepares_for(bank):
    for lesson in bank.lessons:
        assert lesson.question_ids, lesson.id


def test_every_item_has_a_review_status_and_difficulty(bank):
    items = bank.questions + bank.tasks + bank.vocabulary
    assert all(item.status in ("draft", "checked") and item.difficulty in (1, 2, 3) for item in items)
    assert all(lesson.status in ("draft", "checked") for lesson in bank.lessons)
    statuses = Counter(item.status for item in items)
    assert statuses["checked"] >= 0.95 * len(items)


def _normalise(text: str) -> str:
    return re.sub(r"\W+", " ", unicodedata.normalize("NFC", text).casefold()).strip()


GENERIC_STEMS = {"kurš teikums ir pareizs"}


def test_no_duplicate_questions(bank):
    by_text, by_options = {}, {}
    for q in bank.questions:
        text_key = (q.passage_id, _normalise(q.text["lv"]))  # passage questions are about their own text
        if text_key[1] in GENERIC_STEMS:  # "which sentence is correct?": the options are the question
            text_key += (frozenset(_normalise(o["lv"]) for o in q.options),)
        assert text_key not in by_text, f"{q.id} repeats the text of {by_text.get(text_key)}"
        by_text[text_key] = q.id
        if q.options:
            key_text = tuple(_normalise(o["lv"]) for o in q.options if o["id"] in (q.answer if isinstance(q.answer, list) else [q.answer]))
            options_key = (frozenset(_normalise(o["lv"]) for o in q.options), key_text)
            assert options_key not in by_options, f"{q.id} has the same options and key as {by_options.get(options_key)}"
            by_options[options_key] = q.id
