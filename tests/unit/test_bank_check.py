"""The bank checker on broken files: each problem reported once, as file:line: message."""
import shutil
import textwrap
from pathlib import Path

import pytest

from lsk_learn.bank.loader import load_bank

FIXTURE_BANK = Path(__file__).parent.parent / "fixtures" / "bank"

GOOD_QUESTION = """\
  - id: {id}
    type: single
    difficulty: 1
    status: checked
    text: {{lv: "Cik deputātu ir Saeimā?", ru: "Сколько?", en: "How many?"}}
    options:
      - {{id: a, lv: "100"}}
      - {{id: b, lv: "120"}}
      - {{id: c, lv: "150"}}
    answer: {answer}
    explanation: {{lv: "Satversmes 5. pants."}}
    source: "Satversme, 5. pants"
    articles: [5]
"""


def make_bank(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "bank"
    root.mkdir()
    shutil.copy(FIXTURE_BANK / "topics.yaml", root / "topics.yaml")
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(content), encoding="utf-8")
    return root


def problems(root: Path) -> list[str]:
    return [str(p) for p in load_bank(root).problems]


HEADER = "topic: satversme\nsubtopic: ch2-saeima\nquestions:\n"


def test_the_fixture_bank_is_clean():
    bank = load_bank(FIXTURE_BANK)
    assert bank.problems == []
    assert len(bank.questions) == 9
    assert len(bank.lessons) == 1


def test_missing_key(tmp_path):
    question = GOOD_QUESTION.format(id="q-1", answer="a").replace("    answer: a\n", "")
    root = make_bank(tmp_path, {"questions/satversme/a.yaml": HEADER + question})
    assert problems(root) == ["bank/questions/satversme/a.yaml:4: question 'q-1': no answer given (field 'answer')"]


def test_unknown_option_in_key(tmp_path):
    root = make_bank(tmp_path, {"questions/satversme/a.yaml": HEADER + GOOD_QUESTION.format(id="q-1", answer="d")})
    assert problems(root) == [
        "bank/questions/satversme/a.yaml:13: question 'q-1': answer 'd' is not one of the options (a, b, c)"
    ]


def test_duplicate_id_across_files(tmp_path):
    root = make_bank(tmp_path, {
        "questions/satversme/a.yaml": HEADER + GOOD_QUESTION.format(id="q-1", answer="a"),
        "questions/satversme/b.yaml": HEADER + GOOD_QUESTION.format(id="q-1", answer="b"),
    })
    assert problems(root) == [
        "bank/questions/satversme/b.yaml:4: duplicate id 'q-1' (first used at bank/questions/satversme/a.yaml:4)"
    ]


def test_bad_yaml(tmp_path):
    root = make_bank(tmp_path, {"questions/satversme/a.yaml": HEADER + "  - id: q-1\n    text: [unclosed\n"})
    found = problems(root)
    assert len(found) == 1
    assert found[0].startswith("bank/questions/satversme/a.yaml:6: invalid YAML: ")


def test_problems_in_several_files_are_all_reported(tmp_path):
    root = make_bank(tmp_path, {
        "questions/satversme/a.yaml": HEADER + GOOD_QUESTION.format(id="q-1", answer="x"),
        "questions/satversme/b.yaml": "topic: nonsense\nsubtopic: x\nquestions: []\n",
    })
    assert problems(root) == [
        "bank/questions/satversme/a.yaml:13: question 'q-1': answer 'x' is not one of the options (a, b, c)",
        "bank/questions/satversme/b.yaml:1: unknown topic 'nonsense' (see topics.yaml)",
    ]


@pytest.mark.parametrize("change,message", [
    (("difficulty: 1", "difficulty: 5"), "6: question 'q-1': difficulty must be 1, 2 or 3"),
    (("status: checked", "status: maybe"), "7: question 'q-1': status must be draft or checked"),
    (("type: single", "type: essay"), "5: question 'q-1': type must be one of single, multiple, true_false, matching, short_text"),
    (('    source: "Satversme, 5. pants"\n', ""), "4: question 'q-1': missing 'source'"),
    (("    articles: [5]\n", ""), "4: question 'q-1': Satversme questions must name their article(s) in 'articles'"),
    (("articles: [5]", "articles: [117]"), "16: question 'q-1': '117' is not a Satversme article (1–116)"),
    (("      - {id: c, lv: \"150\"}\n", ""), "5: question 'q-1': knowledge-test questions are single choice with 3–4 options"),
    (('{lv: "Cik deputātu ir Saeimā?", ru: "Сколько?", en: "How many?"}', '{ru: "Сколько?"}'),
     "8: question 'q-1': 'text': the Latvian text 'lv' is required"),
    (("    status: checked\n", "    status: checked\n    colour: red\n"), "8: question 'q-1': unknown field 'colour'"),
])
def test_field_problems(tmp_path, change, message):
    old, new = change
    question = GOOD_QUESTION.format(id="q-1", answer="a")
    assert old in question
    root = make_bank(tmp_path, {"questions/satversme/a.yaml": HEADER + question.replace(old, new)})
    assert problems(root) == [f"bank/questions/satversme/a.yaml:{message}"]


def test_matching_key_must_cover_every_prompt(tmp_path):
    root = make_bank(tmp_path, {"questions/grammar/m.yaml": """\
        topic: grammar
        subtopic: mixed
        questions:
          - id: m-1
            type: matching
            difficulty: 1
            status: checked
            text: {lv: "Savieno"}
            prompts:
              - {id: "1", lv: "galds"}
              - {id: "2", lv: "māja"}
            options:
              - {id: a, lv: "galdi"}
              - {id: b, lv: "mājas"}
            answer: {"1": a}
            explanation: {lv: "x"}
            source: "gramatika"
        """})
    assert problems(root) == [
        "bank/questions/grammar/m.yaml:15: question 'm-1': the answer must match every prompt (1, 2) exactly once"
    ]


def test_lesson_front_matter_problems(tmp_path):
    root = make_bank(tmp_path, {"lessons/history/01-x.md": """\
        ---
        id: lesson-x
        course: history
        topic: history
        order: 0
        title: {lv: "Virsraksts"}
        questions: [no-such-question]
        ---
        Teksts.
        """})
    assert problems(root) == [
        "bank/lessons/history/01-x.md:5: the lesson: order must be a whole number from 1",
    ]


def test_lesson_linking_unknown_question(tmp_path):
    root = make_bank(tmp_path, {"lessons/history/01-x.md": """\
        ---
        id: lesson-x
        course: history
        topic: history
        order: 1
        title: {lv: "Virsraksts"}
        questions: [no-such-question]
        ---
        Teksts.
        """})
    assert problems(root) == ["bank/lessons/history/01-x.md:1: lesson 'lesson-x' links to unknown question(s): no-such-question"]


def test_lesson_without_front_matter(tmp_path):
    root = make_bank(tmp_path, {"lessons/history/01-x.md": "# Tikai teksts\n"})
    assert problems(root) == ["bank/lessons/history/01-x.md:1: a lesson must start with front matter between '---' lines"]


def test_the_fixture_bank_has_vocabulary_tasks_and_anthem():
    bank = load_bank(FIXTURE_BANK)
    assert [w.id for w in bank.vocabulary] == ["t-voc-001", "t-voc-002", "t-voc-003"]
    assert bank.tasks[0].max_points == 5
    assert bank.anthem["text"].splitlines()[0] == "Dievs, svētī Latviju,"


DECK = """\
    topic: vocabulary
    deck: {deck}
    title: {{lv: "Ģimene"}}
    source: "Tēzaurs.lv"
    status: checked
    difficulty: 1
    words:
      - {{id: w-1, lv: "māte", pos: noun, gender: {gender}, declension: {declension}, ru: "мать", en: "mother"}}
      - {{id: w-2, lv: "dzīvot", pos: verb, gender: m, ru: "жить", en: "to live"}}
    """


def test_vocabulary_problems(tmp_path):
    root = make_bank(tmp_path, {"vocabulary/family.yaml": DECK.format(deck="family", gender="x", declension=9)})
    assert problems(root) == [
        "bank/vocabulary/family.yaml:8: word 'w-1': a noun needs gender m or f",
        "bank/vocabulary/family.yaml:8: word 'w-1': a noun needs declension 1–6 (0 if indeclinable)",
        "bank/vocabulary/family.yaml:9: word 'w-2': only nouns have gender and declension",
    ]


def test_deck_needs_a_status_and_difficulty(tmp_path):
    deck = DECK.format(deck="family", gender="f", declension=5).replace(", gender: m", "")
    root = make_bank(tmp_path, {"vocabulary/family.yaml": deck.replace("status: checked", "status: final")
                                .replace("difficulty: 1", "difficulty: 7")})
    assert problems(root) == ["bank/vocabulary/family.yaml:5: the deck: status must be draft or checked",
                              "bank/vocabulary/family.yaml:6: the deck: difficulty must be 1, 2 or 3"]


def test_deck_must_match_its_file_name(tmp_path):
    root = make_bank(tmp_path, {"vocabulary/home.yaml": DECK.format(deck="family", gender="f", declension=5)
                                .replace(", gender: m", "")})
    assert problems(root) == ["bank/vocabulary/home.yaml:2: the deck id 'family' must match the file name 'home'"]


def test_task_problems(tmp_path):
    root = make_bank(tmp_path, {"tasks/writing/letters.yaml": """\
        topic: writing
        subtopic: letters
        tasks:
          - id: wr-1
            kind: letter
            difficulty: 2
            status: checked
            prompt: {lv: "Uzrakstiet vēstuli."}
            checklist:
              - {id: c1, points: 0, lv: "Saturs"}
            source: "x"
        """})
    assert problems(root) == [
        "bank/tasks/writing/letters.yaml:10: task 'wr-1': each checklist item needs whole 'points' from 1",
        "bank/tasks/writing/letters.yaml:9: task 'wr-1': the checklist is empty",
        "bank/tasks/writing/letters.yaml:4: task 'wr-1': a letter needs min_words and max_words (whole numbers, min ≤ max)",
        "bank/tasks/writing/letters.yaml:4: task 'wr-1': missing 'model_answer'",
    ]


def test_a_lesson_line_that_a_list_would_renumber_is_reported(tmp_path):
    lesson = textwrap.dedent("""\
        ---
        id: les-dates
        course: history
        topic: history
        order: 1
        title: {lv: Datumi, ru: Даты, en: Dates}
        status: checked
        ---
        Teksts.

        1918. Gads, kad dibināja valsti.
        """)
    root = make_bank(tmp_path, {"lessons/history/01-dates.md": lesson})
    found = [p for p in problems(root) if "a list starts at 1918" in p]
    assert len(found) == 1 and found[0].startswith("bank/lessons/history/01-dates.md:11:"), problems(root)


SPEAKING_TASK = """\
  - id: {id}
    kind: situation
    difficulty: 1
    status: checked
    prompt: {{lv: "Jūs esat aptiekā."}}
    checklist:
      - {{id: c1, points: 3, lv: "Saturs: {content}"}}
      - {{id: c2, points: 2, lv: "Saziņa: jautā farmaceitam un atbild"}}
      - {{id: c3, points: 2, lv: "Vārdu krājums: zāles, recepte, tabletes"}}
      - {{id: c4, points: 2, lv: "Gramatika: „man sāp”, „es gribētu”"}}
      - {{id: c5, points: 1, lv: "Raitums un izruna: runā pilnos teikumos"}}
    source: "x"
"""
SPEAKING_HEADER = "topic: speaking\nsubtopic: situations\ntasks:\n"


def test_two_speaking_tasks_never_share_a_checklist(tmp_path):
    same = SPEAKING_TASK.format(id="sp-1", content="nosaukts, kas sāp") + SPEAKING_TASK.format(id="sp-2", content="nosaukts, kas sāp")
    root = make_bank(tmp_path, {"tasks/speaking/situations.yaml": SPEAKING_HEADER + same})
    assert problems(root) == [
        "bank/tasks/speaking/situations.yaml:16: task 'sp-2': the same checklist as task 'sp-1'; write this task's own"]
    different = SPEAKING_TASK.format(id="sp-1", content="nosaukts, kas sāp") + SPEAKING_TASK.format(id="sp-2", content="pajautāts, cik maksā")
    (tmp_path / "other").mkdir()
    root = make_bank(tmp_path / "other", {"tasks/speaking/situations.yaml": SPEAKING_HEADER + different})
    assert problems(root) == []


def test_a_speaking_checklist_has_the_five_criteria(tmp_path):
    generic = SPEAKING_TASK.format(id="sp-1", content="x").replace("Saziņa: jautā farmaceitam un atbild", "Pieklājība")
    root = make_bank(tmp_path, {"tasks/speaking/situations.yaml": SPEAKING_HEADER + generic})
    assert problems(root) == [
        "bank/tasks/speaking/situations.yaml:9: task 'sp-1': a speaking checklist has the five criteria, each once and "
        "written for this task, starting Saturs:, Saziņa:, Vārdu krājums:, Gramatika:, Raitums un izruna:"]


def test_a_model_answer_that_breaks_its_own_checklist_is_reported(tmp_path):
    root = make_bank(tmp_path, {"tasks/writing/letters.yaml": """\
        topic: writing
        subtopic: letters
        tasks:
          - id: wr-1
            kind: application
            difficulty: 2
            status: checked
            prompt: {lv: "Uzrakstiet iesniegumu."}
            min_words: 5
            max_words: 30
            model_answer: |
              SIA „Dzintars”
              grāmatvedes Jeļenas Kozlovas

              IESNIEGUMS

              Lūdzu izsniegt man izziņu par nodarbinātību.

              Daugavpilī 2025. gada 6. oktobrī
              J. Kozlova
            checklist:
              - {id: c1, points: 2, lv: "Ir iesniedzējs un adrese, nosaukums „Iesniegums”, datums, paraksts."}
            source: "x"
        """})
    assert problems(root) == [
        "bank/tasks/writing/letters.yaml:11: task 'wr-1': the checklist asks for an address but the model answer "
        "has none (a street and house number, or a postcode)"]
