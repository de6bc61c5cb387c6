"""Reading an imported question as an edit of the bank's (domain/imported_edit.py)."""
from lsk_learn.domain.imported_edit import merged_with

CURRENT = {
    "type": "matching", "text": {"lv": "Savieno.", "ru": "Соедините.", "en": "Match."},
    "prompts": [{"id": "1", "lv": "galds", "ru": "стол"}, {"id": "2", "lv": "māja", "ru": "дом"}],
    "options": [{"id": "a", "lv": "mājas", "ru": "дома"}, {"id": "b", "lv": "galdi", "ru": "столы"},
                {"id": "c", "lv": "galdas", "ru": "—"}],
    "answer": {"1": "b", "2": "a"}, "explanation": {"lv": "Daudzskaitlis.", "ru": "Множественное число."},
    "articles": [], "source_url": "https://example.org", "passage_id": None, "review_by": "2027-01-01",
}


def test_choices_renumbered_by_the_file_keep_the_bank_ids_and_translations():
    imported = {"type": "matching", "text": {"lv": "Savieno."},
                "prompts": [{"id": "1", "lv": "galds"}, {"id": "2", "lv": "māja"}],
                "options": [{"id": "a", "lv": "galdi"}, {"id": "b", "lv": "mājas"}, {"id": "c", "lv": "galdas"}],
                "answer": {"1": "a", "2": "b"}, "explanation": {"lv": "Daudzskaitlis."}}
    merged = merged_with(CURRENT, imported, "lv")
    assert merged["options"] == CURRENT["options"] and merged["answer"] == CURRENT["answer"]
    assert merged["text"] == CURRENT["text"] and merged["explanation"] == CURRENT["explanation"]
    assert (merged["source_url"], merged["review_by"]) == ("https://example.org", "2027-01-01")


def test_a_changed_text_drops_the_translations_that_no_longer_fit():
    imported = {**CURRENT, "text": {"lv": "Savieno vārdus."}, "explanation": {"lv": "Daudzskaitlis."},
                "prompts": [{"id": "1", "lv": "galds"}, {"id": "2", "lv": "māja"}],
                "options": [{"id": "a", "lv": "mājas"}, {"id": "b", "lv": "galdi"}, {"id": "c", "lv": "galdiņi"}]}
    merged = merged_with(CURRENT, imported, "lv")
    assert merged["text"] == {"lv": "Savieno vārdus."}  # the old ru/en would be wrong now
    assert merged["explanation"] == CURRENT["explanation"]
    assert merged["options"] == imported["options"]  # not the same choices: taken as they come
    assert merged["answer"] == CURRENT["answer"]
