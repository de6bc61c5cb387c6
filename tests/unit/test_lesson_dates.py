"""Every date and ordinal written in a lesson of the bank is shown as written: "1920. gada" never
becomes a list numbered "1." (issue 11)."""
import html
import re
from pathlib import Path

import pytest

from lsk_learn.bank.loader import load_bank
from lsk_learn.core.markdown import render_markdown

BANK = Path(__file__).parents[2] / "question_bank"
# a number with a dot followed by a lower-case word: "1920. gada", "12. gadsimta", "18. novembrī"
ORDINAL = re.compile(r"(?<![\d\\.])(\d{1,4})\.[ \t]+\**([a-zāčēģīķļņšūžа-яё]+)")


def _lessons():
    bank = load_bank(BANK)
    return [(lesson.id, lang, text) for lesson in bank.lessons for lang, text in lesson.body.items()]


LESSONS = _lessons()


def _visible_text(markup: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", markup)))


def test_the_bank_has_lessons_with_dates():
    with_dates = {lesson_id for lesson_id, _lang, text in LESSONS if ORDINAL.search(text)}
    assert len(with_dates) >= 8  # the issue found at least 8 lessons with a year at a line start


@pytest.mark.parametrize("lesson_id, lang, text", LESSONS, ids=[f"{i}-{lang}" for i, lang, _t in LESSONS])
def test_every_date_of_the_lesson_is_in_its_page(lesson_id, lang, text):
    shown = _visible_text(str(render_markdown(text)))
    missing = [f"{n}. {word}" for n, word in ORDINAL.findall(text) if f"{n}. {word}" not in shown]
    assert missing == [], f"{lesson_id} ({lang}) shows these as list numbers: {missing[:5]}"
    assert '<ol start="' not in str(render_markdown(text))


@pytest.mark.parametrize("source, shown", [
    ("- 1920. gada aprīlī tauta ievēlēja", "1920. gada aprīlī"),
    ("12. gadsimta beigās vācu krustneši", "12. gadsimta beigās"),
    ("1922. gada 15. februārī pieņēma Satversmi", "1922. gada 15. februārī"),
    ("> 18. novembris ir valsts svētki", "18. novembris"),
    ("1. **Saeima** pieņem likumu.\n2. Prezidents izsludina.", "Saeima"),
])
def test_ordinals_stay_text_and_real_lists_stay_lists(source, shown):
    rendered = str(render_markdown(source))
    assert shown in _visible_text(rendered)
    assert ("<ol>" in rendered) == source.startswith("1. **")
