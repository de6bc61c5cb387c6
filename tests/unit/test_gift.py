"""GIFT (Moodle's text format): the bank's questions written and read back unchanged; hand-written
files after the published specification read with the right outcome and notes; malformed files
refused whole, naming the line."""
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lsk_learn.exchange.gift import parse_gift, write_gift
from lsk_learn.exchange.model import (
    CONVERTED, IMPORTED, MAX_FILE_BYTES, MAX_QUESTIONS, SKIPPED, ExchangeFileError, ExchangeQuestion,
)

FIXTURES = Path(__file__).parents[1] / "fixtures" / "exchange" / "gift"
TRICKY = "Kas ir = ~ # { } : \\ un \\n? Ā č ē ģ ī ķ ļ ņ š ū ž.\nOtrā rindā: 100 % {x}"
SATVERSME = ["satversme", "ch2-saeima"]


def read(name: str, language: str = "lv"):
    return parse_gift((FIXTURES / name).read_text(encoding="utf-8"), language).entries


def notes(entry) -> str:
    return " | ".join(entry.notes)


def bank_question(qid: str, qtype: str, **fields) -> dict:
    return {"id": qid, "difficulty": 2, "type": qtype, **fields, "topic": SATVERSME[0], "subtopic": SATVERSME[1]}


def every_type() -> list[ExchangeQuestion]:
    options = [{"id": "a", "lv": "a = b ~ c"}, {"id": "b", "lv": "#1 {pirmais}"}, {"id": "c", "lv": "C:\\ceļš"},
               {"id": "d", "lv": "%50% no visa"}]
    questions = [
        bank_question("gift-single", "single", text={"lv": TRICKY}, options=options, answer="d",
                      explanation={"lv": "Tāpēc: 5. pants.\nJā = jā; nē ~ nē; #1 {x}."},
                      source="Latvijas Republikas Satversme, 5. pants"),
        bank_question("gift-multiple", "multiple", text={"lv": "Kuras ir **Baltijas** valstis?"},
                      options=[{"id": "a", "lv": "Latvija"}, {"id": "b", "lv": "Somija"}, {"id": "c", "lv": "Lietuva"},
                               {"id": "d", "lv": "Igaunija"}], answer=["a", "c", "d"],
                      explanation={"lv": "Baltijas valstis: Latvija, Lietuva, Igaunija."}, source="Vēsture"),
        bank_question("gift-true", "true_false", text={"lv": "Saeimā ir 100 deputātu: {T}?"}, answer=True,
                      source="Satversme, 5. pants"),
        bank_question("gift-false", "true_false", text={"lv": "Saeimu ievēl uz 3 gadiem ~ #"}, answer=False,
                      explanation={"lv": "Uz četriem gadiem (10. pants)."}),
        # options in the order of first use, the distractor last: as the writer lays them out
        bank_question("gift-matching", "matching", text={"lv": "Savienojiet: pilsēta -> upe"},
                      prompts=[{"id": "1", "lv": "Rīga = galvaspilsēta"}, {"id": "2", "lv": "Kolka: rags"},
                               {"id": "3", "lv": "Jelgava {Zemgale}"}],
                      options=[{"id": "a", "lv": "Daugava #1"}, {"id": "b", "lv": "Irbes šaurums ~"},
                               {"id": "c", "lv": "Lielupe"}, {"id": "d", "lv": "Venta \\ lieka"}],
                      answer={"1": "a", "2": "b", "3": "c"}),
        bank_question("gift-short", "short_text", text={"lv": "Kurā gadā proklamēja Latviju? (gads)"},
                      answer=["1918", "1918. gadā = {18.11.}"], explanation={"lv": "18.11.1918."}),
    ]
    exchange = [ExchangeQuestion(name=q["id"], question=q, category=list(SATVERSME)) for q in questions]
    task = {"id": "wri-letter-001", "difficulty": 2, "type": "writing",
            "prompt": {"lv": "Uzrakstiet vēstuli draugam: 50–70 vārdi.\nIevērojiet = ~ # { }."},
            "source": "LSK paraugs", "topic": "writing", "subtopic": "letters"}
    return exchange + [ExchangeQuestion(name="Vēstule draugam", question=task, kind="writing_task",
                                        category=["writing", "letters"])]


# ---------------------------------------------------------------------------- round trip

def test_every_type_reads_back_as_written():
    written = every_type()
    entries = parse_gift(write_gift(written)).entries
    assert [e.outcome for e in entries] == [IMPORTED] * len(written)
    for original, entry in zip(written, entries):
        assert entry.notes == []
        assert entry.question.question == original.question
        assert (entry.question.kind, entry.question.category, entry.name) == \
            (original.kind, original.category, original.name)
    assert [e.position for e in entries] == list(range(1, len(written) + 1))


def test_written_layout():
    question = bank_question("sat-sae-001", "single", text={"lv": "Cik deputātu ir Saeimā?"},
                             options=[{"id": "a", "lv": "50"}, {"id": "b", "lv": "100"}], answer="b",
                             explanation={"lv": "Simts: 5. pants."}, source="Satversme, 5. pants")
    truth = bank_question("sat-sae-002", "true_false", text={"lv": "Saeimu ievēl uz 4 gadiem."}, answer=True)
    assert write_gift([ExchangeQuestion("sat-sae-001", question), ExchangeQuestion("sat-sae-002", truth)]) == (
        "$CATEGORY: satversme/ch2-saeima\n"
        "\n"
        "// [id:sat-sae-001] [tag:difficulty-2]\n"
        "::sat-sae-001::Cik deputātu ir Saeimā?{\n"
        "\t~50\n"
        "\t=100\n"
        "\t####Simts\\: 5. pants.\\n\\nAvots\\: Satversme, 5. pants\n"
        "}\n"
        "\n"
        "// [id:sat-sae-002] [tag:difficulty-2]\n"
        "::sat-sae-002::Saeimu ievēl uz 4 gadiem.{TRUE}\n")


def test_multiple_is_written_with_equal_weights_and_full_penalties():
    question = {"type": "multiple", "text": {"lv": "Kuras?"}, "answer": ["a", "b", "d"],
                "options": [{"id": x, "lv": x.upper()} for x in "abcd"]}
    assert "\t~%33.33333%A\n\t~%33.33333%B\n\t~%-100%C\n\t~%33.33333%D\n" in write_gift([ExchangeQuestion("m", question)])


def test_markdown_text_is_marked_and_options_stay_plain():
    question = {"type": "single", "text": {"lv": "Kurš ir **pareizais**?"}, "answer": "a",
                "options": [{"id": "a", "lv": "*zvaigzne*"}, {"id": "b", "lv": "[1] saite"}, {"id": "c", "lv": "vienkārši"}]}
    text = write_gift([ExchangeQuestion("md", question)])
    assert "::md::[markdown]Kurš ir **pareizais**?{" in text
    assert "\t=[plain]*zvaigzne*\n\t~[plain][1] saite\n\t~vienkārši\n" in text
    assert parse_gift(text).entries[0].question.question == question


def test_only_the_chosen_language_is_written_with_latvian_where_missing():
    question = {"id": "q-1", "type": "single", "text": {"lv": "Cik?", "en": "How many?"}, "answer": "a",
                "options": [{"id": "a", "lv": "simts", "en": "one hundred"}, {"id": "b", "lv": "piecdesmit"}],
                "explanation": {"lv": "Tā ir."}, "source": "Satversme"}
    text = write_gift([ExchangeQuestion("q-1", question)], language="en")
    assert "How many?" in text and "Cik?" not in text
    assert "\t=one hundred\n\t~piecdesmit\n\t####Tā ir.\\n\\nSource\\: Satversme\n" in text
    back = parse_gift(text, language="en").entries[0].question.question
    assert back["text"] == {"en": "How many?"}
    assert back["options"] == [{"id": "a", "en": "one hundred"}, {"id": "b", "en": "piecdesmit"}]
    assert (back["explanation"], back["source"]) == ({"en": "Tā ir."}, "Satversme")


def test_a_category_line_is_written_when_the_category_changes():
    def single(qid, category):
        question = {"id": qid, "type": "single", "text": {"lv": qid}, "answer": "a",
                    "options": [{"id": "a", "lv": "jā"}, {"id": "b", "lv": "nē"}]}
        return ExchangeQuestion(qid, question, category=category)

    written = [single("q1", ["history", "1918"]), single("q2", ["history", "1918"]), single("q3", []),
               single("q4", ["Vēsture/Laiki", "Cits"])]
    text = write_gift(written)
    assert [line for line in text.splitlines() if line.startswith("$CATEGORY")] == [
        "$CATEGORY: history/1918", "$CATEGORY: top", "$CATEGORY: Vēsture//Laiki/Cits"]
    assert [e.question.category for e in parse_gift(text).entries] == [
        ["history", "1918"], ["history", "1918"], [], ["Vēsture/Laiki", "Cits"]]


def test_a_passage_question_is_written_with_its_own_text_only():
    question = {"id": "read-notice-01-q1", "passage": "read-notice-01", "type": "true_false",
                "text": {"lv": "Veikals svētdienās ir slēgts."}, "answer": False}
    text = write_gift([ExchangeQuestion("read-notice-01-q1", question)])
    assert "read-notice-01-q1::Veikals svētdienās ir slēgts.{FALSE}" in text
    assert "passage" not in parse_gift(text).entries[0].question.question


def test_a_type_gift_cannot_hold_is_refused_loudly():
    with pytest.raises(ValueError, match="type 'ordering' cannot be written"):
        write_gift([ExchangeQuestion("x", {"id": "x", "type": "ordering", "text": {"lv": "?"}})])


@pytest.mark.parametrize("question", [
    {"id": "x", "type": "single", "text": {"lv": "?"}, "answer": "z", "options": [{"id": "a", "lv": "A"}]},
    {"id": "x", "type": "multiple", "text": {"lv": "?"}, "answer": [], "options": [{"id": "a", "lv": "A"}]},
    {"id": "x", "type": "short_text", "text": {"lv": "?"}, "answer": []},
    {"id": "x", "type": "matching", "text": {"lv": "?"}, "answer": {"1": "a"}, "options": [{"id": "a", "lv": "A"}],
     "prompts": [{"id": "1", "lv": "P"}, {"id": "2", "lv": "Q"}]},
])
def test_a_key_that_would_not_read_back_is_refused_loudly(question):
    with pytest.raises(ValueError, match="does not fit"):
        write_gift([ExchangeQuestion("x", question)])


SPECIAL = st.sampled_from(list("~=#{}:\\n%[]->*_/ `$") + ["::", "->", "\\n", "####", "//", "[html]", "ā", "ž"])
PRINTABLE = st.characters(exclude_categories=("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp", "Zs"))
TEXT = st.lists(st.one_of(SPECIAL, PRINTABLE, st.just(" ")), min_size=1, max_size=30).map(
    lambda parts: "".join(parts).strip()).filter(bool)


@settings(max_examples=300, deadline=None, database=None)
@given(text=TEXT, options=st.lists(TEXT, min_size=2, max_size=4), right=st.integers(0, 3))
def test_any_printable_text_reads_back_unchanged(text, options, right):
    right %= len(options)
    question = {"type": "single", "text": {"lv": text},
                "options": [{"id": "abcd"[i], "lv": option} for i, option in enumerate(options)],
                "answer": "abcd"[right]}
    entries = parse_gift(write_gift([ExchangeQuestion("jautājums", question)])).entries
    assert [(e.outcome, e.name) for e in entries] == [(IMPORTED, "jautājums")]
    assert entries[0].question.question == question


# ---------------------------------------------------------------------------- files after the specification

def test_comments_titles_and_escapes():
    entries = read("basics.gift")
    assert [(e.location, e.outcome, e.name) for e in entries] == [
        ("line 4", IMPORTED, "Saeimas deputāti"),
        ("line 12", IMPORTED, "Kurš no šiem ir Latvijas valsts simbols?"),
        ("line 14", IMPORTED, "Speciālās rakstzīmes: { } = ~ #"),
        ("line 19", IMPORTED, "URL un kols"),
    ]
    first = entries[0].question.question
    assert first == {"type": "single", "text": {"lv": "Cik deputātu ir Saeimā?"}, "answer": "c",
                     "options": [{"id": "a", "lv": "50"}, {"id": "b", "lv": "75"}, {"id": "c", "lv": "100"},
                                 {"id": "d", "lv": "150"}]}
    escaped = entries[2].question.question
    assert escaped["text"]["lv"] == "Ko nozīmē zīmes = ~ # { } : un \\ GIFT failā?\nAtbildiet vienā vārdā."
    assert escaped["options"][0]["lv"] == "Neko = ~ # { } : \\"
    url = entries[3].question.question
    assert url["text"]["lv"] == "Kur atrodama Satversme: likumi.lv vai http://www.saeima.lv?"
    assert [o["lv"] for o in url["options"]] == ["likumi.lv", "saeima.lv"]


def test_a_long_text_without_title_is_named_by_its_first_40_characters():
    entry = parse_gift("Kurš no šiem Latvijas valsts simboliem ir vecākais un kāpēc?{=Karogs ~Himna}").entries[0]
    assert entry.name == "Kurš no šiem Latvijas valsts simboliem i" == entry.question.name


def test_categories():
    entries = read("categories.gift")
    assert [e.question.category for e in entries] == [
        ["satversme", "ch2-saeima"], ["Vēsture", "Neatkarības laiks", "1918–1940"], ["symbols"]]
    # a path of two bank ids is the question's topic and subtopic; other paths are left to the importer
    assert (entries[0].question.question["topic"], entries[0].question.question["subtopic"]) == tuple(SATVERSME)
    assert "topic" not in entries[1].question.question and "topic" not in entries[2].question.question
    assert entries[2].location == "line 11"            # the question right below its $CATEGORY line


def test_a_file_with_only_a_category_is_an_empty_preview():
    preview = parse_gift((FIXTURES / "category_only.gift").read_text(encoding="utf-8"))
    assert preview.entries == [] and preview.importable == []
    assert parse_gift("").entries == [] and parse_gift("// tikai komentārs\n\n\n").entries == []


def test_text_formats():
    html, markdown, plain, moodle = read("formats.gift")
    assert html.outcome == CONVERTED
    assert html.notes == ["HTML converted to Markdown", "HTML converted to plain text"]
    assert html.question.question["text"] == {"lv": "Kurā pilsētā atrodas **Saeima**? Izvēlieties vienu atbildi."}
    assert [o["lv"] for o in html.question.question["options"]] == ["Rīga", "Daugavpils & Liepāja", "Jelgava"]
    assert html.question.question["explanation"] == {"lv": "Saeimas nams ir Rīgā, Jēkaba ielā 11."}
    assert html.name == "HTML teksts"
    assert (markdown.outcome, markdown.question.question["text"]["lv"]) == (
        IMPORTED, "Kurš ir **Satversmes** *pirmais* pants?")
    assert (plain.outcome, plain.question.question) == (IMPORTED, {
        "type": "true_false", "text": {"lv": 'Latvijas himnas nosaukums ir "Dievs, svētī Latviju!"'}, "answer": True})
    assert (moodle.outcome, moodle.question.question["answer"]) == (IMPORTED, ["Saeima", "saeima"])


def test_weighted_multiple_answers():
    equal, thirds, unequal, short_sum, one_full, partial_single, two_right = read("weighted.gift")
    assert (equal.outcome, equal.notes) == (IMPORTED, [])                 # 50/50 and -100 % penalties: as the bank
    assert equal.question.question["type"] == "multiple"
    assert equal.question.question["answer"] == ["a", "b"]
    assert (thirds.outcome, thirds.question.question["answer"]) == (IMPORTED, ["a", "b", "c"])
    assert unequal.outcome == CONVERTED
    assert unequal.notes == [
        "unequal weights (70 % for 'Saeima', 30 % for 'Valsts prezidents') dropped: the bank scores all or "
        "nothing, every right option must be chosen",
        "penalty -50 % for 'Pašvaldību savienība' replaced: in the bank a wrong choice makes the whole answer wrong"]
    assert unequal.question.question["answer"] == ["a", "b"]
    assert short_sum.outcome == CONVERTED and "add up to 80 %, not 100 %" in notes(short_sum)
    assert (one_full.outcome, one_full.question.question["type"], one_full.question.question["answer"]) == (
        IMPORTED, "multiple", ["a"])                                     # ~%100% counts as right
    assert partial_single.outcome == CONVERTED
    assert partial_single.question.question["type"] == "single" and partial_single.question.question["answer"] == "a"
    assert partial_single.notes == [
        "partial credit 50 % for '43' dropped: the bank scores all or nothing",
        "penalty -25 % for '110' dropped: a wrong answer scores zero in the bank"]
    assert (two_right.outcome, two_right.question) == (SKIPPED, None)
    assert "2 right answers ('Valsts prezidents', 'Prezidents')" in notes(two_right)


def test_feedback():
    per_answer, general, russian = read("feedback.gift")
    assert (per_answer.outcome, per_answer.notes) == (CONVERTED, ["per-answer feedback added to the explanation"])
    assert per_answer.question.question["explanation"] == {"lv": (
        "Valsts prezidentu ievēl Saeima uz četriem gadiem.\n\n"
        "Saeima: Pareizi: 35. pants.\n\n"
        "Tauta: Nē, tautas vēlēšanas nav paredzētas.")}
    assert per_answer.question.question["source"] == "Latvijas Republikas Satversme, 35. pants"
    assert general.outcome == IMPORTED
    assert general.question.question["explanation"] == {
        "lv": "Satversmes 9. pants: ievēlēt var pilsoni, kurš sasniedzis 21 gada vecumu."}
    assert general.question.question["source"] == "Satversme, 9. pants"
    assert "explanation" not in russian.question.question
    assert russian.question.question["source"] == "Сатверсме, 5-я статья"


def test_true_false_variants():
    entries = read("true_false.gift")
    assert [e.question.question["answer"] for e in entries] == [True, True, False, False]
    assert [e.outcome for e in entries] == [IMPORTED, IMPORTED, IMPORTED, CONVERTED]
    # {FALSE#for a wrong answer#for a right answer}: the wrong answer here is "true"
    assert entries[3].question.question["explanation"] == {"lv": (
        "Satversmes 35. pants.\n\nPatiesi: Nē, to ievēl Saeima.\n\nNepatiesi: Pareizi, to ievēl Saeima.")}
    russian = parse_gift("Рига — столица.{T#Нет.#Да.}", language="ru").entries[0].question.question
    assert russian["explanation"] == {"ru": "Неверно: Нет.\n\nВерно: Да."}


def test_missing_word():
    choice, short, several, partial = read("missing_word.gift")
    assert choice.outcome == CONVERTED and choice.notes == ["missing word: the blank is shown as ___ in the text"]
    assert choice.question.question["text"] == {"lv": "Latvija atguva neatkarību ___ gadā."}
    assert (choice.question.question["type"], choice.question.question["answer"]) == ("single", "a")
    assert short.question.question["text"] == {"lv": "Latvijas valsti proklamēja ___ gada 18. novembrī."}
    assert short.question.question["answer"] == ["1918.", "1918"]
    assert several.outcome == SKIPPED and "a blank takes one answer" in notes(several)
    assert partial.outcome == CONVERTED and "partial credit 50 % for '4' dropped" in notes(partial)


def test_short_answers():
    two, partial, only_partial = read("short_answer.gift")
    assert (two.outcome, two.question.question) == (IMPORTED, {
        "type": "short_text", "text": {"lv": "Kā sauc Latvijas parlamentu?"},
        "answer": ["Saeima", "Latvijas Republikas Saeima"]})
    assert partial.outcome == CONVERTED
    assert partial.question.question["answer"] == ["1922"]
    assert partial.notes == [
        "partial credit 50 % for '1920' dropped: the bank scores all or nothing",
        "per-answer feedback added to the explanation",
        "answer '*' (0 %) dropped: the bank lists the accepted answers only"]
    assert partial.question.question["explanation"]["lv"].startswith("1920: Tuvu, bet")
    assert (only_partial.outcome, only_partial.question) == (SKIPPED, None)
    assert "no answer with full credit" in notes(only_partial)


def test_matching():
    rivers, symbols = read("matching.gift")
    assert rivers.outcome == IMPORTED
    question = rivers.question.question
    assert [p["lv"] for p in question["prompts"]] == ["Rīga", "Jelgava", "Daugavpils", "Cēsis"]
    assert question["options"] == [{"id": "a", "lv": "Daugava"}, {"id": "b", "lv": "Lielupe"},
                                   {"id": "c", "lv": "Gauja"}, {"id": "d", "lv": "Venta"}]   # "Venta": the extra
    assert question["answer"] == {"1": "a", "2": "b", "3": "a", "4": "c"}
    assert question["explanation"] == {"lv": "Daugava plūst caur Rīgu un Daugavpili."}
    assert symbols.outcome == CONVERTED
    assert [p["lv"] for p in symbols.question.question["prompts"]] == ["Karogs", "Ģerbonis"]


def test_skipped_items_and_the_essay():
    description, numerical, numerical_range, essay = read("skipped.gift")
    assert [e.outcome for e in (description, numerical, numerical_range)] == [SKIPPED] * 3
    assert "a description, not a question" in notes(description)
    assert "numerical" in notes(numerical) and "numerical" in notes(numerical_range)
    assert (essay.outcome, essay.question.kind) == (IMPORTED, "writing_task")
    assert essay.question.question == {"type": "writing",
                                       "prompt": {"lv": "Uzrakstiet īsu vēstuli draugam par savu pilsētu."}}
    assert [e.position for e in (description, numerical, numerical_range, essay)] == [1, 2, 3, 4]


def test_a_moodle_export_keeps_id_difficulty_and_source():
    single, truth, essay = read("moodle_export.gift")
    assert single.location == "line 7"
    assert single.notes == ["HTML converted to Markdown", "Moodle tags dropped: eksāmens"]
    assert single.question.question == {
        "id": "sat-sae-001", "difficulty": 1, "type": "single", "text": {"lv": "Cik deputātu ir Saeimā?"},
        "options": [{"id": "a", "lv": "50"}, {"id": "b", "lv": "75"}, {"id": "c", "lv": "100"}, {"id": "d", "lv": "150"}],
        "answer": "c", "explanation": {"lv": "5. pants."}, "source": "Latvijas Republikas Satversme, 5. pants"}
    assert single.question.category == ["Noklusējums kursam LSK", "satversme"]
    assert (truth.question.question["id"], truth.question.question["difficulty"]) == ("sat-sae-002", 3)
    assert essay.question.kind == "writing_task"
    assert essay.question.question == {"id": "wri-letter-009", "type": "writing",
                                       "prompt": {"lv": "Uzrakstiet vēstuli kaimiņam."}, "source": "LSK uzdevums"}


def test_byte_order_mark_and_windows_line_ends_are_accepted():
    text = "\ufeff// komentārs\r\n::T::Rīga ir galvaspilsēta.{T}\r\n\r\n::F::Tallina ir Latvijā.{F}\r\n"
    entries = parse_gift(text).entries
    assert [(e.location, e.name, e.question.question["answer"]) for e in entries] == [
        ("line 2", "T", True), ("line 4", "F", False)]


# ---------------------------------------------------------------------------- files refused whole

@pytest.mark.parametrize("name, line, message", [
    ("broken_unclosed.gift", 4, "'{' is not closed"),
    ("broken_garbage.gift", 4, "unknown answer syntax 'Rīga, Daugavpils'"),
    ("broken_lowercase_true.gift", 2, "true/false is written T, TRUE, F or FALSE"),
    ("broken_no_right_answer.gift", 4, "no right answer"),
    ("broken_matching.gift", 3, "a matching answer without '->': 'Jelgava'"),
    ("broken_title.gift", 1, "the title '::' is not closed"),
    ("broken_stray_brace.gift", 1, "'}' without an opening '{'"),
])
def test_a_malformed_file_is_refused_naming_the_line(name, line, message):
    with pytest.raises(ExchangeFileError) as refused:
        read(name)
    assert refused.value.location == f"line {line}"
    assert message in refused.value.message


@pytest.mark.parametrize("text, line, message", [
    ("Q?{=a ~b {c}", 1, "'{' inside the answer block opened on line 3"),
    ("Q?\n{=a ~b}\nun {=c ~d}", 3, "a second answer block"),
    ("::A::Q?{\n=a\n~%150%b\n}", 3, "weight 150 % is outside -100 % to 100 %"),
    ("::A::Q?{=a ~}", 1, "an empty answer after '~'"),
    ("::A::Q?{~tikai viena}", 1, "at least 2 answers"),
    ("::A::Q?{=%0%nē =%-50%arī nē}", 1, "no right answer"),
    ("::A::Savienojiet.{= -> a = -> b}", 1, "needs a pair"),
])
def test_malformed_answers(text, line, message):
    with pytest.raises(ExchangeFileError) as refused:
        parse_gift("::Labs::Rīga ir galvaspilsēta.{T}\n\n" + text)
    assert refused.value.location == f"line {line + 2}"
    assert message in refused.value.message


def test_a_file_over_the_size_limit_is_refused():
    text = "ā" * (MAX_FILE_BYTES // 2 + 1)                # fewer characters than the limit, more bytes
    assert len(text) < MAX_FILE_BYTES
    with pytest.raises(ExchangeFileError, match="more than the limit of 20 MB"):
        parse_gift(text)


def test_a_file_over_the_question_limit_is_refused_at_the_first_question_too_many():
    questions = ["Rīga ir galvaspilsēta.{T}"] * MAX_QUESTIONS
    assert len(parse_gift("\n\n".join(questions)).entries) == MAX_QUESTIONS
    with pytest.raises(ExchangeFileError) as refused:
        parse_gift("$CATEGORY: history\n\n" + "\n\n".join(questions + ["Tallina ir Latvijā.{F}"]))
    assert refused.value.location == f"line {2 * MAX_QUESTIONS + 3}"
    assert f"more than {MAX_QUESTIONS} questions" in refused.value.message

