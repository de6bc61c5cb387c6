"""The field-by-field diff of two versions of a question's content."""
import copy
import unicodedata

from lsk_learn.domain.version_diff import Change, content_diff, inline_diff

QUESTION = {
    "topic_id": "constitution", "subtopic": "saeima", "type": "single", "difficulty": 2,
    "text": {"lv": "Cik deputātu ir Saeimā?", "ru": "Сколько депутатов в Сейме?",
             "en": "How many members does the Saeima have?"},
    "options": [{"id": "a", "lv": "100", "ru": "100", "en": "100"},
                {"id": "b", "lv": "120", "ru": "120", "en": "120"}],
    "prompts": [],
    "answer": "a",
    "explanation": {"lv": "Satversmes 5. pants.", "ru": "Статья 5 Сатверсме.", "en": "Article 5."},
    "source": "Satversme", "source_url": None, "articles": [5], "passage_id": None, "review_by": None,
}


def edited(**changes):
    content = copy.deepcopy(QUESTION)
    content.update(changes)
    return content


def fields(changes):
    return [c.field for c in changes]


def joined(inline, *kinds):
    return "".join(text for kind, text in inline if kind in kinds)


def test_unchanged_content_has_no_changes():
    assert content_diff(QUESTION, copy.deepcopy(QUESTION)) == []


def test_empty_and_missing_values_are_the_same():
    assert content_diff(QUESTION, edited(source_url="", articles=[5], review_by=None)) == []
    assert content_diff(edited(prompts=None), edited(prompts=[])) == []


def test_a_typo_fix_in_latvian_text_is_a_word_diff():
    after = edited(text={**QUESTION["text"], "lv": "Cik deputātu ir Saeimā šobrīd?"})
    typo = edited(text={**QUESTION["text"], "lv": "Cik deputatu ir Saeimā?"})
    [change] = content_diff(typo, after)
    assert change.field == "text.lv"
    assert change.before == "Cik deputatu ir Saeimā?" and change.after == "Cik deputātu ir Saeimā šobrīd?"
    assert ("removed", "deputatu") in change.inline and ("added", "deputātu") in change.inline
    assert change.inline[-3:] == (("same", " ir Saeimā"), ("added", " šobrīd"), ("same", "?"))
    assert change.inline[0] == ("same", "Cik ")
    assert joined(change.inline, "same", "removed") == change.before
    assert joined(change.inline, "same", "added") == change.after


def test_a_changed_key_single():
    [change] = content_diff(QUESTION, edited(answer="b"))
    assert change == Change("answer", "a", "b", (("removed", "a"), ("added", "b")))


def test_readable_answers_of_every_type():
    multiple = edited(type="multiple", answer=["a"])
    [change] = content_diff(multiple, edited(type="multiple", answer=["c", "a"]))
    assert (change.field, change.before, change.after) == ("answer", "a", "a, c")
    assert content_diff(edited(type="multiple", answer=["a", "c"]), edited(type="multiple", answer=["c", "a"])) == []

    [change] = content_diff(edited(type="true_false", answer=True), edited(type="true_false", answer=False))
    assert (change.before, change.after) == ("true", "false")

    matching = edited(type="matching", answer={"2": "a", "1": "b"})
    [change] = content_diff(matching, edited(type="matching", answer={"1": "b", "2": "c", "10": "a"}))
    assert (change.before, change.after) == ("1 → b, 2 → a", "1 → b, 2 → c, 10 → a")

    [change] = content_diff(edited(type="short_text", answer=["1918"]),
                            edited(type="short_text", answer=["1918", "1918. gadā"]))
    assert (change.before, change.after) == ("1918", "1918, 1918. gadā")
    assert change.inline == (("same", "1918"), ("added", ", 1918. gadā"))


def test_an_added_option_is_one_change():
    options = QUESTION["options"] + [{"id": "c", "lv": "150", "ru": "150", "en": "150"}]
    [change] = content_diff(QUESTION, edited(options=options))
    assert change == Change("options", "", "c: 150 / 150 / 150", (("added", "c: 150 / 150 / 150"),))


def test_a_removed_option_is_one_change():
    [change] = content_diff(QUESTION, edited(options=QUESTION["options"][:1], answer="a"))
    assert (change.field, change.before, change.after) == ("options", "b: 120 / 120 / 120", "")
    assert change.inline == (("removed", "b: 120 / 120 / 120"),)


def test_an_added_prompt_of_a_matching_question():
    before = edited(type="matching", prompts=[{"id": "1", "lv": "Saeima", "ru": "Сейм", "en": "Parliament"}],
                    answer={"1": "a"})
    after = edited(type="matching", prompts=before["prompts"] + [{"id": "2", "lv": "Valsts prezidents"}],
                   answer={"1": "a", "2": "b"})
    assert [(c.field, c.after) for c in content_diff(before, after)] == [
        ("prompts", "2: Valsts prezidents"), ("answer", "1 → a, 2 → b")]


def test_translations_are_compared_per_language_and_per_choice():
    options = copy.deepcopy(QUESTION["options"])
    options[1]["ru"] = "сто двадцать"
    after = edited(options=options, text={**QUESTION["text"], "en": "How many MPs sit in the Saeima?"},
                   explanation={**QUESTION["explanation"], "ru": ""})
    changes = content_diff(QUESTION, after)
    assert fields(changes) == ["text.en", "options.b.ru", "explanation.ru"]
    assert (changes[1].before, changes[1].after) == ("120", "сто двадцать")
    assert (changes[2].before, changes[2].after) == ("Статья 5 Сатверсме.", "")
    assert changes[2].inline == (("removed", "Статья 5 Сатверсме."),)


def test_an_added_translation_is_a_change_from_nothing():
    before = edited(text={"lv": QUESTION["text"]["lv"]})
    [change] = content_diff(before, edited(text={"lv": QUESTION["text"]["lv"], "ru": "Сколько?"}))
    assert (change.field, change.before, change.after, change.inline) == ("text.ru", "", "Сколько?",
                                                                          (("added", "Сколько?"),))


def test_changes_come_in_field_order_then_lv_ru_en():
    options = copy.deepcopy(QUESTION["options"])
    options[0].update(en="one hundred", lv="simts")
    after = edited(review_by="2026-01-01", source="Satversme, 5. pants", articles=[5, 10], answer="b",
                   text={"en": "?", "ru": "?", "lv": "?"}, difficulty=3, topic_id="state", options=options)
    assert fields(content_diff(QUESTION, after)) == [
        "topic_id", "difficulty", "text.lv", "text.ru", "text.en", "options.a.lv", "options.a.en",
        "answer", "source", "articles", "review_by"]
    assert next(c for c in content_diff(QUESTION, after) if c.field == "articles").after == "5, 10"


def test_the_first_version_shows_every_non_empty_field_as_added():
    changes = content_diff(None, QUESTION)
    assert fields(changes) == [
        "topic_id", "subtopic", "type", "difficulty", "text.lv", "text.ru", "text.en", "options", "options",
        "answer", "explanation.lv", "explanation.ru", "explanation.en", "source", "articles"]
    assert all(c.before == "" and c.inline == (("added", c.after),) for c in changes)
    assert [c.after for c in changes if c.field == "options"] == ["a: 100 / 100 / 100", "b: 120 / 120 / 120"]
    assert next(c for c in changes if c.field == "difficulty").after == "2"
    assert content_diff(None, QUESTION) == content_diff({}, QUESTION)


def test_latvian_diacritics_stay_whole_in_the_word_diff():
    before = "ā č ē ģ ī ķ ļ ņ š ū ž: Ģederts Ķēniņš šūpojas"
    after = "ā č ē ģ ī ķ ļ ņ š ū ž: Ģederts Ķēniņš žūžo"
    inline = inline_diff(before, after)
    assert inline == (("same", "ā č ē ģ ī ķ ļ ņ š ū ž: Ģederts Ķēniņš "), ("removed", "šūpojas"), ("added", "žūžo"))
    # one letter changed: the whole word is replaced, never a half of "ā"
    assert inline_diff("Saeima", "Saeimā") == (("removed", "Saeima"), ("added", "Saeimā"))
    # a letter written decomposed (a + combining macron) is not split from its mark either
    decomposed = unicodedata.normalize("NFD", "Ķēniņš dzied")
    assert inline_diff(decomposed, unicodedata.normalize("NFD", "Ķēniņš dziedāja")) == (
        ("same", unicodedata.normalize("NFD", "Ķēniņš ")), ("removed", "dzied"),
        ("added", unicodedata.normalize("NFD", "dziedāja")))


def test_a_letter_written_decomposed_is_no_change():
    decomposed = unicodedata.normalize("NFD", QUESTION["text"]["lv"])
    assert decomposed != QUESTION["text"]["lv"]
    assert content_diff(QUESTION, edited(text={**QUESTION["text"], "lv": decomposed})) == []
    [change] = content_diff(QUESTION, edited(text={**QUESTION["text"], "lv": decomposed + "!"}))
    assert change.after == QUESTION["text"]["lv"] + "!"  # shown composed


def test_whitespace_is_kept_in_the_word_diff():
    inline = inline_diff("Rīga  ir\ngalvaspilsēta", "Rīga ir\ngalvaspilsēta")
    assert joined(inline, "same", "removed") == "Rīga  ir\ngalvaspilsēta"
    assert joined(inline, "same", "added") == "Rīga ir\ngalvaspilsēta"
    assert ("removed", "  ") in inline and ("added", " ") in inline
    assert inline_diff("", "") == ()


def test_an_unknown_key_still_shows():
    [change] = content_diff({**QUESTION, "note": "old"}, {**QUESTION, "note": "new"})
    assert change.field == "note"
