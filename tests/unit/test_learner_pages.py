"""Pure logic of the learner's pages (issue 11): assignment states, the practice parts, lesson titles."""
from datetime import date
from types import SimpleNamespace

from lsk_learn.domain.assignment_state import DONE, OPEN, OVERDUE, assignment_state, for_learner
from lsk_learn.domain.lesson_text import heading_offset, without_title_heading
from lsk_learn.domain.practice_parts import parts_by_topic, valid_part

TODAY = date(2026, 11, 13)


def test_an_assignment_is_overdue_from_the_day_after_its_deadline():
    assert assignment_state(date(2026, 11, 12), False, TODAY) == OVERDUE
    assert assignment_state(date(2026, 11, 13), False, TODAY) == OPEN   # "by 13 November": still today
    assert assignment_state(None, False, TODAY) == OPEN
    assert assignment_state(date(2026, 11, 1), True, TODAY) == DONE     # done late is done


def item(name, due_on, done):
    return SimpleNamespace(name=name, done=done, assignment=SimpleNamespace(due_on=due_on))


def test_overdue_first_then_open_by_deadline_then_done():
    items = [item("done", date(2026, 11, 1), True), item("later", None, False),
             item("soon", date(2026, 11, 20), False), item("late", date(2026, 11, 10), False),
             item("later late", date(2026, 11, 12), False)]
    shown = for_learner(items, TODAY)
    assert [(a.item.name, a.state) for a in shown] == [
        ("late", OVERDUE), ("later late", OVERDUE), ("soon", OPEN), ("later", OPEN), ("done", DONE)]


def sub(id_, lv):
    return {"id": id_, "lv": lv, "ru": lv, "en": lv}


def test_parts_are_per_topic_only_with_questions_and_each_once():
    topics = [("reading", [sub("notices", "Paziņojumi"), sub("letters", "Vēstules"), sub("news", "Ziņas")]),
              ("writing", [sub("letters", "Vēstules un iesniegumi")]),
              ("grammar", [sub("cases", "Locījumi"), sub("cases", "Locījumi"), sub("verbs", "Darbības vārdi")])]
    counts = {("reading", "notices"): 4, ("reading", "news"): 2, ("writing", "letters"): 3,
              ("grammar", "cases"): 5, ("grammar", "verbs"): 1}
    parts = parts_by_topic(topics, counts)
    assert [(p.id, p.questions) for p in parts["reading"]] == [("notices", 4), ("news", 2)]  # letters: none
    assert [p.names["lv"] for p in parts["writing"]] == ["Vēstules un iesniegumi"]  # the same id, its own name
    assert [p.id for p in parts["grammar"]] == ["cases", "verbs"]
    assert valid_part(parts["reading"], "") and valid_part(parts["reading"], None)
    assert valid_part(parts["reading"], "news")
    assert not valid_part(parts["reading"], "letters") and not valid_part(parts["grammar"], "news")


def test_the_title_heading_is_dropped_once_and_only_when_it_is_the_title():
    titles = ["Saeima", "Сейм", "The Saeima"]
    assert without_title_heading("# Saeima\n\nTeksts.\n\n## Saeima\n", titles) == "\nTeksts.\n\n## Saeima\n"
    assert without_title_heading("\n#  Сейм  \nТекст", titles) == "Текст"
    assert without_title_heading("# the  saeima #\nText", titles) == "Text"
    assert without_title_heading("# Vēlēšanas\n\nTeksts", titles) == "# Vēlēšanas\n\nTeksts"
    assert without_title_heading("Teksts\n# Saeima", titles) == "Teksts\n# Saeima"
    assert without_title_heading("#Saeima", titles) == "#Saeima"  # not a heading in CommonMark
    assert without_title_heading("", titles) == ""


def test_the_body_headings_start_at_h2_under_the_page_title():
    assert heading_offset("\nTeksts.\n\n## Daļa\n\n### Sīkāk\n") == 0    # ## stays h2
    assert heading_offset("# Cits virsraksts\n\n## Daļa\n") == 1        # # becomes h2, ## h3
    assert heading_offset("### Tikai trešais līmenis\n") == 0          # never shifted up
    assert heading_offset("Teksts bez virsrakstiem") == 1
    assert heading_offset("```\n# not a heading\n```\n## Daļa\n") == 0
