"""domain/lesson_edit.py: the lesson editor's form, the diff by hunks, and the repository's files."""
import pytest
import yaml

from lsk_learn.domain.lesson_edit import MAX_BODY, form_values, lesson_diff, lesson_files, read_lesson_form

BASE = {"course": "history", "topic_id": "history", "position": 2, "title": {}, "body": {}, "question_ids": [],
        "sources": []}


def test_the_form_is_read_cleaned_and_written_back():
    form = {"title-lv": ["  Valsts \x00 svētki "], "body-lv": ["\r\n# Svētki\r\n\r\nTeksts\x07.\r\n"], "body-ru": [" "],
            "questions": ["a-1, b-2\na-1"], "sources": ["likumi.lv\n\n  LSM.lv  "]}
    content, problems = read_lesson_form(form, BASE)
    assert problems == {}
    assert content["title"] == {"lv": "Valsts svētki"} and content["body"] == {"lv": "# Svētki\n\nTeksts."}
    assert content["question_ids"] == ["a-1", "b-2"] and content["sources"] == ["likumi.lv", "LSM.lv"]
    assert content["course"] == "history" and content["position"] == 2  # not the editor's to change
    assert read_lesson_form(form_values(content), BASE)[0] == content


@pytest.mark.parametrize("form, problem", [
    ({"title-lv": ["T"]}, {"body-lv": "required"}),
    ({"body-lv": ["B"]}, {"title-lv": "required"}),
    ({"title-lv": ["T"], "body-lv": ["B"], "body-en": ["x" * (MAX_BODY + 1)]}, {"body-en": "too_long"}),
])
def test_problems_are_codes_per_field(form, problem):
    assert read_lesson_form(form, BASE)[1] == problem


def test_a_body_changes_by_hunks_with_a_line_of_context():
    before = {"body": {"lv": "\n".join(f"Rinda {n}." for n in range(1, 30))}, "title": {"lv": "A"}}
    after = {"body": {"lv": before["body"]["lv"].replace("Rinda 20.", "Rinda divdesmit.").replace("Rinda 3.", "")},
             "title": {"lv": "A", "ru": "Б"}}
    changes = lesson_diff(before, after)
    assert [(c.field, c.language, c.line) for c in changes] == [("title", "ru", None), ("body", "lv", 2), ("body", "lv", 19)]
    assert ("removed", "20") in changes[2].inline and ("added", "divdesmit") in changes[2].inline
    assert "".join(text for kind, text in changes[2].inline if kind != "removed") == "Rinda 19.\nRinda divdesmit.\nRinda 21.\n"
    assert lesson_diff(after, after) == []


def test_the_files_read_back_exactly():
    content = {**BASE, "question_ids": ["a-1"], "title": {"lv": 'Ē "x" \\ \u2028 y\u00ad', "ru": "Ж"},
               "body": {"lv": "# T\n\nText\n---\nmore", "en": "E"}, "sources": ["likumi.lv: \"Par\" — 1. pants"]}
    files = lesson_files("l-1", "02-x", content)
    assert sorted(files) == ["02-x.en.md", "02-x.md"]
    _empty, front, body = files["02-x.md"].split("---\n", 2)
    data = yaml.safe_load(front)
    assert data["title"] == content["title"] and data["sources"] == content["sources"] and data["order"] == 2
    assert data["questions"] == ["a-1"] and data["status"] == "checked" and body.strip() == content["body"]["lv"]
