"""Moodle XML question files: bank questions written and read back unchanged, hand-written files
following the published format read with the right outcome and notes, broken files refused whole."""
import base64
import copy
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from lsk_learn.exchange.model import (
    CONVERTED, IMPORTED, MAX_FILE_BYTES, MAX_QUESTIONS, SKIPPED, Attachment, ExchangeFileError,
    ExchangeQuestion,
)
from lsk_learn.exchange.moodle_xml import parse_moodle_xml, split_languages, write_moodle_xml

FIXTURES = Path(__file__).parents[1] / "fixtures" / "exchange" / "moodle"
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGNYLKMNAAJQAOvdxF50AAAAAElFTkSuQmCC")
MP3 = b"ID3\x03\x00\x00\x00\x00\x00\x10 not really audio \x00\xff"
# Moodle's grade options (question_bank::fraction_options_full), as percentages
MOODLE_GRADES = [100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20, 16.66667,
                 14.28571, 12.5, 11.11111, 10, 5, 0]

TRICKY = 'Vai 2 < 3 & "pēdiņas" \'vienpēdiņas\' ]]> *svarīgi* un **ļoti**\nnākamā rinda: ā č ē ģ ī ķ ļ ņ š ū ž'


def read_fixture(name: str):
    return parse_moodle_xml((FIXTURES / name).read_bytes())


def bank_questions() -> list[ExchangeQuestion]:
    """One question of every supported type, as the bank holds them."""
    single = {
        "id": "sat-sae-001", "type": "single", "difficulty": 1,
        "text": {"lv": TRICKY, "ru": "Сколько депутатов в Сейме? «кавычки» & <теги>",
                 "en": "How many members does the Saeima have?"},
        "options": [{"id": "a", "lv": "50", "ru": "50", "en": "50"},
                    {"id": "b", "lv": "100 <simts> & ]]>", "ru": "100 «сто»", "en": "100 \"one hundred\""},
                    {"id": "c", "lv": "150", "ru": "150", "en": "150"}],
        "answer": "b",
        "explanation": {"lv": "5. pants: „Saeima sastāv no simts tautas priekšstāvjiem.”\n\nOtrā rindkopa ar *uzsvaru*.",
                        "ru": "Статья 5: «Сейм состоит из ста народных представителей».",
                        "en": "Article 5: “The Saeima shall be composed of one hundred representatives.”"},
        "source": "Latvijas Republikas Satversme, 5. pants (likumi.lv & <spēkā esošā> redakcija)",
        "source_url": "https://likumi.lv/ta/id/57980",
        "articles": [5],
    }
    multiple = {
        "id": "sat-sae-010", "type": "multiple", "difficulty": 3,
        "text": {"lv": "Kuras no šīm ir Saeimas tiesības?", "ru": "Какие из этих прав есть у Сейма?",
                 "en": "Which of these are rights of the Saeima?"},
        "options": [{"id": "a", "lv": "Pieņemt likumus", "ru": "Принимать законы", "en": "Pass laws"},
                    {"id": "b", "lv": "Ievēlēt Valsts prezidentu", "ru": "Избирать Президента", "en": "Elect the President"},
                    {"id": "c", "lv": "Spriest tiesu", "ru": "Вершить суд", "en": "Judge cases"},
                    {"id": "d", "lv": "Iecelt bīskapus", "ru": "Назначать епископов", "en": "Appoint bishops"},
                    {"id": "e", "lv": "Apstiprināt budžetu", "ru": "Утверждать бюджет", "en": "Approve the budget"}],
        "answer": ["a", "b", "e"],
        "explanation": {"lv": "Likumdošana, prezidenta vēlēšanas un budžets ir Saeimas darbs.",
                        "ru": "Законы, выборы президента и бюджет — дело Сейма.",
                        "en": "Laws, electing the President and the budget are the Saeima's work."},
        "source": "Latvijas Republikas Satversme, 35., 64. un 66. pants",
        "articles": [35, 64, 66],
    }
    true_statement = {
        "id": "sym-flag-001", "type": "true_false", "difficulty": 1,
        "text": {"lv": "Vai šis ir Latvijas karoga krāsas paraugs? ![Karmīnsarkans](attachment:karogs.png)",
                 "ru": "Это образец цвета флага Латвии?", "en": "Is this a sample of the Latvian flag's colour?"},
        "answer": True,
        "explanation": {"lv": "Jā, karmīnsarkans. [Klausīties izrunu](attachment:izruna.mp3)",
                        "ru": "Да, кармин.", "en": "Yes, carmine red."},
        "source": "Latvijas valsts karoga likums, 2. pants",
    }
    false_statement = {
        "id": "sym-flag-002", "type": "true_false", "difficulty": 2,
        "text": {"lv": "Latvijas karogs ir zils ar baltu svītru.", "ru": "Флаг Латвии синий с белой полосой.",
                 "en": "The Latvian flag is blue with a white stripe."},
        "answer": False,
        "explanation": {"lv": "Karogs ir karmīnsarkans ar baltu svītru.", "ru": "Флаг кармино-красный с белой полосой.",
                        "en": "The flag is carmine red with a white stripe."},
        "source": "Latvijas valsts karoga likums, 2. pants",
    }
    matching = {
        "id": "gra-num-018", "type": "matching", "difficulty": 1,
        "text": {"lv": "Savienojiet skaitli ar vārdu.", "ru": "Соедините число со словом.",
                 "en": "Match each number with the word."},
        "prompts": [{"id": "1", "lv": "11", "ru": "11", "en": "11"},
                    {"id": "2", "lv": "15", "ru": "15", "en": "15"},
                    {"id": "3", "lv": "20", "ru": "20", "en": "20"}],
        # in Latvian alphabetical order, as the reader puts them (Moodle keeps no order of choices)
        "options": [{"id": "a", "lv": "divdesmit", "ru": "двадцать", "en": "twenty"},
                    {"id": "b", "lv": "piecpadsmit", "ru": "пятнадцать", "en": "fifteen"},
                    {"id": "c", "lv": "trīsdesmit", "ru": "тридцать", "en": "thirty"},     # the extra one
                    {"id": "d", "lv": "vienpadsmit", "ru": "одиннадцать", "en": "eleven"}],
        "answer": {"1": "d", "2": "b", "3": "a"},
        "explanation": {"lv": "Skaitļus 11–19 veido ar -padsmit.", "ru": "Числа 11–19 образуются с -padsmit.",
                        "en": "The numbers 11–19 are formed with -padsmit."},
        "source": "Latviešu valodas gramatika (LU Latviešu valodas institūts, 2013)",
    }
    short_text = {
        "id": "his-ind-001", "type": "short_text", "difficulty": 2,
        "text": {"lv": "Kurā gadā proklamēja Latvijas Republiku?", "ru": "В каком году провозгласили Латвийскую Республику?",
                 "en": "In which year was the Republic of Latvia proclaimed?"},
        "answer": ["1918", "1918. gadā"],
        "explanation": {"lv": "1918. gada 18. novembrī.", "ru": "18 ноября 1918 года.", "en": "On 18 November 1918."},
        "source": "Latvijas Nacionālā enciklopēdija",
    }
    writing = {
        "type": "writing", "id": "wri-let-001", "kind": "letter", "difficulty": 1,
        "prompt": {"lv": "Jums drīz būs dzimšanas diena. Uzrakstiet vēstuli draudzenei Marinai:\n\n- kad un kur būs svētki;\n"
                         "- ko jūs darīsiet.",
                   "ru": "Скоро у вас день рождения. Напишите письмо подруге Марине.",
                   "en": "Your birthday is coming soon. Write a letter to your friend Marina."},
        "min_words": 50, "max_words": 70,
        "model_answer": "Sveika, Marina!\n\nNākamajā sestdienā man būs dzimšanas diena.\n\nGaidīšu tevi!\nTava Olga",
        "source": "Naturalizācijas pārbaudījuma paraugs",
    }
    saeima = ["satversme", "ch2-saeima"]
    return [
        ExchangeQuestion('Saeima ]]> & "deputāti"', single, category=saeima),
        ExchangeQuestion("sat-sae-010", multiple, category=saeima),
        ExchangeQuestion("sym-flag-001", true_statement, category=["symbols", "flag"],
                         attachments=[Attachment("karogs.png", "image/png", PNG),
                                      Attachment("izruna.mp3", "audio/mpeg", MP3)]),
        ExchangeQuestion("sym-flag-002", false_statement, category=["symbols", "flag"]),
        ExchangeQuestion("gra-num-018", matching, category=["grammar", "numerals"]),
        ExchangeQuestion("his-ind-001", short_text, category=["history", "independence"]),
        ExchangeQuestion("wri-let-001", writing, kind="writing_task", category=["writing", "letters"]),
    ]


def questions_of(xml: bytes) -> list[ET.Element]:
    return [q for q in ET.fromstring(xml).findall("question") if q.get("type") != "category"]


# ---------------------------------------------------------------------------- round trip

def test_every_type_survives_a_round_trip():
    originals = bank_questions()
    before = copy.deepcopy(originals)
    preview = parse_moodle_xml(write_moodle_xml(originals))
    assert originals == before                           # the writer changed nothing
    assert [e.outcome for e in preview.entries] == [IMPORTED] * len(originals)
    assert all(e.notes == [] for e in preview.entries)
    for original, entry in zip(originals, preview.entries):
        read = entry.question
        assert read.question == original.question, original.name
        assert (read.name, read.kind, read.category) == (original.name, original.kind, original.category)
        assert sorted(read.attachments, key=lambda a: a.name) == sorted(original.attachments, key=lambda a: a.name)
    assert [e.position for e in preview.entries] == list(range(1, len(originals) + 1))
    assert preview.importable == [e.question for e in preview.entries]


def test_written_file_is_moodle_xml():
    xml = write_moodle_xml(bank_questions())
    assert xml.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<quiz>')
    root = ET.fromstring(xml)                            # well formed for any XML parser
    categories = [q.findtext("category/text") for q in root.findall("question") if q.get("type") == "category"]
    assert categories == ["$course$/top/satversme/ch2-saeima", "$course$/top/symbols/flag",
                          "$course$/top/grammar/numerals", "$course$/top/history/independence",
                          "$course$/top/writing/letters"]
    questions = questions_of(xml)
    assert [q.get("type") for q in questions] == ["multichoice", "multichoice", "truefalse", "truefalse",
                                                  "matching", "shortanswer", "essay"]
    for question in questions:
        assert question.findtext("name/text")
        assert question.find("questiontext").get("format") == "html"
        assert question.find("generalfeedback/text") is not None
        assert question.findtext("defaultgrade") == "1"
        assert question.findtext("hidden") == "0"
        assert float(question.findtext("penalty")) >= 0
    assert [q.findtext("idnumber") for q in questions] == [
        "sat-sae-001", "sat-sae-010", "sym-flag-001", "sym-flag-002", "gra-num-018", "his-ind-001", "wri-let-001"]
    assert [t.findtext("text") for t in questions[0].findall("tags/tag")] == ["difficulty-1", "article-5"]
    assert b"<![CDATA[" in xml                           # HTML in CDATA, as Moodle writes it


def fractions(question: ET.Element) -> list[float]:
    return [float(a.get("fraction")) for a in question.findall("answer")]


def test_choice_fractions_are_moodle_grades_that_add_up():
    single, multiple, true, false = questions_of(write_moodle_xml(bank_questions()))[:4]
    assert single.findtext("single") == "true" and single.findtext("answernumbering") == "abc"
    assert single.findtext("shuffleanswers") in ("true", "false")
    assert fractions(single) == [0, 100, 0]
    assert multiple.findtext("single") == "false"
    right = [f for f in fractions(multiple) if f > 0]
    wrong = [f for f in fractions(multiple) if f < 0]
    assert len(right) == 3 and len(set(right)) == 1 and abs(sum(right) - 100) < 0.001
    assert len(wrong) == 2 and len(set(wrong)) == 1
    for fraction in fractions(single) + fractions(multiple):
        assert any(abs(abs(fraction) - grade) < 0.00001 for grade in MOODLE_GRADES), fraction
    assert [(a.get("fraction"), a.get("format"), a.findtext("text")) for a in true.findall("answer")] == [
        ("100", "moodle_auto_format", "true"), ("0", "moodle_auto_format", "false")]
    assert [(a.get("fraction"), a.findtext("text")) for a in false.findall("answer")] == [("0", "true"), ("100", "false")]


def test_matching_short_answer_and_essay_elements():
    matching, short, essay = questions_of(write_moodle_xml(bank_questions()))[4:]
    subquestions = matching.findall("subquestion")
    assert len(subquestions) == 4                        # three prompts and the extra option
    assert [s.findtext("text") for s in subquestions][-1] == ""
    assert "vienpadsmit" in subquestions[0].findtext("answer/text")
    assert short.findtext("usecase") == "0"
    assert [(a.get("fraction"), a.findtext("text")) for a in short.findall("answer")] == [("100", "1918"), ("100", "1918. gadā")]
    assert essay.findtext("responseformat") == "editor"
    assert (essay.findtext("minwordlimit"), essay.findtext("maxwordlimit")) == ("50", "70")
    assert essay.find("graderinfo").get("format") == "plain_text"


def test_attachments_are_embedded_where_the_text_shows_them():
    true = questions_of(write_moodle_xml(bank_questions()))[2]
    text = true.find("questiontext")
    assert '<img src="@@PLUGINFILE@@/karogs.png" alt="Karmīnsarkans">' in text.findtext("text")
    [image] = text.findall("file")
    assert (image.get("name"), image.get("path"), image.get("encoding")) == ("karogs.png", "/", "base64")
    assert base64.b64decode(image.text) == PNG
    feedback = true.find("generalfeedback")
    assert '<a href="@@PLUGINFILE@@/izruna.mp3">Klausīties izrunu</a>' in feedback.findtext("text")
    assert [f.get("name") for f in feedback.findall("file")] == ["izruna.mp3"]


def test_translations_are_multilang_spans_and_the_source_the_last_paragraph():
    single = questions_of(write_moodle_xml(bank_questions()))[0]
    text = single.findtext("questiontext/text")
    assert text.startswith('<span lang="lv" class="multilang"><p>Vai 2 &lt; 3 &amp; ')
    assert '<span lang="ru" class="multilang">' in text and '<span lang="en" class="multilang">' in text
    assert single.findall("answer")[1].findtext("text") == (
        '<span lang="lv" class="multilang">100 &lt;simts&gt; &amp; ]]&gt;</span>'
        '<span lang="ru" class="multilang">100 «сто»</span><span lang="en" class="multilang">100 "one hundred"</span>')
    assert single.findtext("generalfeedback/text").endswith(
        '<p class="lsk-source">Avots: <a href="https://likumi.lv/ta/id/57980">Latvijas Republikas Satversme, 5. pants '
        '(likumi.lv &amp; &lt;spēkā esošā&gt; redakcija)</a></p>')


def test_latvian_only_text_is_written_plainly_and_read_in_the_chosen_language():
    question = {"type": "true_false", "text": {"lv": "Rīga ir galvaspilsēta."}, "answer": True}
    xml = write_moodle_xml([ExchangeQuestion("q", question)])
    assert "multilang" not in xml.decode()
    assert b"$course$" not in xml                        # no category given, none written
    assert parse_moodle_xml(xml).entries[0].question.question == question
    assert parse_moodle_xml(xml, language="ru").entries[0].question.question["text"] == {"ru": "Rīga ir galvaspilsēta."}


def test_literal_asterisks_in_short_answers_and_slashes_in_categories():
    question = {"type": "short_text", "text": {"lv": "Cik ir 5 reiz 3?"}, "answer": ["15", "5*3"]}
    xml = write_moodle_xml([ExchangeQuestion("q", question, category=["Matemātika/Loģika", "Reizināšana"])])
    assert "<text>5\\*3</text>" in xml.decode()          # Moodle reads a bare * as a wildcard
    assert "$course$/top/Matemātika//Loģika/Reizināšana" in xml.decode()
    entry = parse_moodle_xml(xml).entries[0]
    assert (entry.outcome, entry.question.question, entry.question.category) == (
        IMPORTED, question, ["Matemātika/Loģika", "Reizināšana"])


def test_unknown_question_type_cannot_be_written():
    with pytest.raises(ValueError):
        write_moodle_xml([ExchangeQuestion("q", {"type": "ordering", "text": {"lv": "x"}})])
    with pytest.raises(ValueError):
        parse_moodle_xml(b"<quiz/>", language="de")


# ---------------------------------------------------------------------------- hand-written files

def test_every_type_from_a_moodle_export():
    preview = read_fixture("all_types.xml")
    assert [(e.position, e.location, e.outcome) for e in preview.entries] == [
        (1, "quiz/question[2]", IMPORTED), (2, "quiz/question[4]", IMPORTED), (3, "quiz/question[5]", IMPORTED),
        (4, "quiz/question[7]", IMPORTED), (5, "quiz/question[8]", IMPORTED), (6, "quiz/question[9]", IMPORTED)]
    single, flag, blue, matching, short, essay = [e.question for e in preview.entries]
    assert single.name == "Saeimas deputātu skaits"
    assert single.category == ["Satversme", "Saeima"]
    assert single.question == {
        "id": "sat-sae-001", "type": "single", "difficulty": 1, "articles": [5],
        # &#257; and &nbsp; decoded, <p dir style>, <span style> and <br> gone, <strong> kept
        "text": {"lv": "Cik deputātu ir Latvijas Saeimā? Izvēlieties **vienu** atbildi."},
        "options": [{"id": "a", "lv": "50"}, {"id": "b", "lv": "100"}, {"id": "c", "lv": "150"}],
        "answer": "b",
        "explanation": {"lv": "5. pants: „Saeima sastāv no simts tautas priekšstāvjiem.” Likums & kārtība."},
        "source": "Latvijas Republikas Satversme, 5. pants",
    }
    assert flag.category == blue.category == ["Valsts simboli"]
    assert flag.question["answer"] is True and blue.question["answer"] is False
    assert blue.question == {"type": "true_false", "text": {"lv": "Latvijas karogs ir zils ar baltu svītru."}, "answer": False}
    assert matching.category == ["Latviešu valoda", "Skaitļa vārds"]
    assert matching.question["prompts"] == [{"id": "1", "lv": "11"}, {"id": "2", "lv": "15"}, {"id": "3", "lv": "20"}]
    assert matching.question["options"] == [{"id": "a", "lv": "divdesmit"}, {"id": "b", "lv": "piecpadsmit"},
                                            {"id": "c", "lv": "trīsdesmit"}, {"id": "d", "lv": "vienpadsmit"}]
    assert matching.question["answer"] == {"1": "d", "2": "b", "3": "a"}
    assert short.question["answer"] == ["1918", "1918. gadā"]
    assert short.question["source"] == "Latvijas Nacionālā enciklopēdija"
    assert essay.kind == "writing_task"
    assert essay.question == {
        "type": "writing", "id": "wri-let-106", "difficulty": 2, "kind": "letter",
        "prompt": {"lv": "Jums drīz būs dzimšanas diena. Uzrakstiet vēstuli draudzenei Marinai un ielūdziet viņu.\n\n"
                         "- kad un kur būs svētki;\n- ko jūs darīsiet.\n\nRakstiet 50–70 vārdus."},
        "min_words": 50, "max_words": 70,
        "model_answer": "Sveika, Marina!\n\nNākamajā sestdienā man būs dzimšanas diena.",
        "source": "Naturalizācijas pārbaudījuma paraugs",
    }


def test_an_embedded_image_becomes_an_attachment():
    flag = read_fixture("all_types.xml").entries[1].question
    assert flag.question["text"] == {"lv": "Vai šis ir Latvijas karoga krāsas paraugs? ![Karmīnsarkans](attachment:karogs.png)"}
    assert flag.attachments == [Attachment("karogs.png", "image/png", PNG)]
    assert flag.question["explanation"] == {"lv": "Karoga krāsa ir karmīnsarkana."}
    assert flag.question["source"] == "Latvijas valsts karoga likums, 2. pants"


def test_conversions_are_noted():
    preview = read_fixture("conversions.xml")
    assert [e.outcome for e in preview.entries] == [CONVERTED, CONVERTED, CONVERTED, CONVERTED, SKIPPED]
    script, weighted, short, missing_file, no_key = preview.entries

    assert script.notes == ["question text: HTML converted to Markdown, removed <script> with its content",
                            "partial credit dropped: b (50%) scores nothing in the bank",
                            "feedback on answers added to the explanation"]
    question = script.question.question
    assert question["text"] == {"lv": "Kad proklamēja Latvijas Republiku?"}
    assert "document.cookie" not in str(question)
    assert question["answer"] == "a"
    assert question["explanation"] == {"lv": "Tautas padome proklamēja valsti Nacionālajā teātrī.\n\n"
                                             "1918. gada 18. novembrī: Pareizi.\n\n"
                                             "1918. gada 11. novembrī: Gandrīz: 11. novembris ir Lāčplēša diena."}
    assert (question["source"], question["source_url"]) == ("Nacionālā enciklopēdija", "https://enciklopedija.lv/skirklis/2")
    assert script.question.category == ["Vēsture"]

    assert weighted.question.question["type"] == "multiple"
    assert weighted.question.question["answer"] == ["a", "b"]
    assert weighted.notes[0].startswith("unequal credit dropped: a (60%), b (40%)")
    assert weighted.notes[1].startswith("marks for wrong options changed") and "c (-100%), d (0%)" in weighted.notes[1]

    assert short.question.question["answer"] == ["Rīga"]
    assert "answers with partial or no credit dropped: 'Riga' (50%), '*' (0%)" in short.notes
    assert "Moodle compared this answer case-sensitively; the bank compares ignoring case" in short.notes
    assert any("'Q 17' is not a bank id" in note for note in short.notes)
    assert "id" not in short.question.question
    assert short.question.question["explanation"] == {
        "lv": "Riga: Rakstiet ar garumzīmi: *Rīga*.\n\nCitas atbildes: Galvaspilsēta ir Rīga."}

    assert missing_file.question.question["text"] == {"lv": "Kas attēlots ģerbonī? ![Ģerbonis](attachment:gerbonis%20liels.png)"}
    assert missing_file.question.attachments == []
    assert missing_file.notes == ["overall feedback for right, partly right and wrong answers dropped",
                                  "hints dropped (the bank shows the explanation instead)",
                                  "question text: the file 'gerbonis liels.png' is referred to but not embedded in the file"]

    assert (no_key.question, no_key.name) == (None, "Bez atslēgas")
    assert no_key.notes == ["no answer gives full marks (fraction 100), so the key is not clear"]
    assert preview.count(CONVERTED) == 4 and len(preview.importable) == 4


def test_multilang_spans_and_mlang_blocks_give_translations():
    preview = read_fixture("multilang.xml")
    spans, mlang = preview.entries
    assert spans.notes == ["text in language 'de' dropped (the bank keeps lv, ru and en)"]
    question = spans.question.question
    assert question["text"] == {"lv": "Uz cik gadiem ievēlē Valsts prezidentu?",
                                "ru": "На сколько лет избирается Президент государства?",
                                "en": "For how many years is the President elected?"}
    assert question["options"][1] == {"id": "b", "lv": "Uz 4 gadiem", "ru": "На 4 года", "en": "4 years"}   # en_us is en
    assert question["explanation"] == {"lv": "38. pants: uz četriem gadiem.", "ru": "Статья 38: на четыре года.",
                                       "en": "Article 38: for four years."}
    assert question["source"] == "Latvijas Republikas Satversme, 38. pants"
    assert (question["articles"], question["difficulty"]) == ([38], 1)
    assert mlang.question.question["text"] == {"lv": "Rīga ir Latvijas galvaspilsēta. (1918)",
                                               "ru": "Рига — столица Латвии. (1918)",
                                               "en": "Riga is the capital of Latvia. (1918)"}
    assert mlang.question.question["explanation"] == {"lv": "Pareizi: Jā, kopš 1918. gada.", "en": "True: Yes, since 1918."}
    assert mlang.notes == ["feedback on answers added to the explanation"]


def test_split_languages():
    assert split_languages("Tikai latviski") is None
    assert split_languages('<span lang="lv" class="multilang">A</span> <span lang="ru" class="multilang">Б</span>!') == {
        "lv": "A!", "ru": "Б!"}
    # a plain <span lang> is not multilang markup; nested editor spans stay inside their language
    assert split_languages('<span lang="lv">A</span>') is None
    assert split_languages('<span lang="lv" class="multilang"><span style="x">A</span>a</span>'
                           '<span lang="en" class="multilang">B</span>') == {"lv": '<span style="x">A</span>a', "en": "B"}
    assert split_languages("{mlang lv}A{mlang}{mlang other}Z{mlang}") == {"lv": "A"}
    assert split_languages("{mlang lv,ru}A{mlang} {mlang en}B{mlang}") == {"lv": "A", "ru": "A", "en": "B"}


def test_unsupported_types_are_skipped_and_positions_kept():
    preview = read_fixture("unsupported.xml")
    assert [(e.position, e.location, e.outcome, e.name) for e in preview.entries] == [
        (1, "quiz/question[1]", SKIPPED, "Deputātu skaits skaitļos"),
        (2, "quiz/question[3]", SKIPPED, "Iztrūkstošie vārdi"),
        (3, "quiz/question[4]", SKIPPED, "Ievads"),
        (4, "quiz/question[5]", SKIPPED, "Velciet vārdus"),
        (5, "quiz/question[6]", IMPORTED, "Daugava")]
    assert preview.entries[0].notes == [
        "Moodle question type 'numerical' is not supported by the bank (a numerical answer with a tolerance)"]
    assert "'cloze'" in preview.entries[1].notes[0] and "'description'" in preview.entries[2].notes[0]
    assert all(e.question is None for e in preview.entries[:4])
    assert preview.entries[4].question.category == ["Vēsture"]            # $system$/top stripped
    assert preview.count(SKIPPED) == 4 and len(preview.importable) == 1


def test_an_empty_quiz_has_no_entries():
    assert parse_moodle_xml(b'<?xml version="1.0" encoding="UTF-8"?>\n<quiz></quiz>').entries == []


# ---------------------------------------------------------------------------- broken files

@pytest.mark.parametrize("fixture, location, message", [
    ("broken_not_well_formed.xml", "line 8, column 37", "not well-formed XML (mismatched tag)"),
    ("broken_billion_laughs.xml", "line 3", "the file declares entities, which are not accepted"),
    ("broken_external_entity.xml", "line 3", "the file declares entities, which are not accepted"),
    ("broken_wrong_root.xml", "questions", "not a Moodle XML question file: the root element is <questions>, not <quiz>"),
    ("broken_no_answers.xml", "quiz/question[2]", "the multichoice question has no <answer>"),
    ("broken_answer_without_text.xml", "quiz/question[2]/answer[2]", "<answer> has no <text>"),
    ("broken_base64.xml", "quiz/question[1]/questiontext/file[1]", "the embedded file 'karogs.png' is not valid base64"),
])
def test_broken_files_are_refused_whole(fixture, location, message):
    with pytest.raises(ExchangeFileError) as raised:
        read_fixture(fixture)
    assert (raised.value.location, raised.value.message) == (location, message)
    assert str(raised.value) == f"{location}: {message}"


def test_a_document_type_declaration_is_refused():
    with pytest.raises(ExchangeFileError) as raised:
        parse_moodle_xml(b'<?xml version="1.0"?>\n<!DOCTYPE quiz SYSTEM "http://example.com/quiz.dtd">\n<quiz/>')
    assert raised.value.location == "line 2"


def test_an_undeclared_html_entity_outside_cdata_is_not_well_formed():
    with pytest.raises(ExchangeFileError) as raised:
        parse_moodle_xml(b"<quiz>\n<question type='essay'><name><text>a&nbsp;b</text></name></question></quiz>")
    assert raised.value.location == "line 2, column 37" and "undefined entity" in raised.value.message


def test_an_oversized_file_is_refused_before_parsing():
    with pytest.raises(ExchangeFileError) as raised:
        parse_moodle_xml(b"<quiz>" + b" " * MAX_FILE_BYTES + b"</quiz>")
    assert raised.value.message == "the file is larger than 20 MB"


def test_too_many_questions_are_refused():
    question = ("<question type='truefalse'><name><text>q</text></name><questiontext><text>t</text></questiontext>"
                "<answer fraction='100'><text>true</text></answer><answer fraction='0'><text>false</text></answer></question>")
    category = "<question type='category'><category><text>$course$/top/a</text></category></question>"
    at_limit = ("<quiz>" + category + question * MAX_QUESTIONS + "</quiz>").encode()
    assert len(parse_moodle_xml(at_limit).entries) == MAX_QUESTIONS
    with pytest.raises(ExchangeFileError) as raised:
        parse_moodle_xml(("<quiz>" + question * (MAX_QUESTIONS + 1) + "</quiz>").encode())
    assert (raised.value.location, raised.value.message) == (
        "quiz", f"the file has {MAX_QUESTIONS + 1} questions; at most {MAX_QUESTIONS} can be imported at once")


@pytest.mark.parametrize("body, location, message", [
    ("<question><name><text>q</text></name></question>", "quiz/question[1]", "the question has no type attribute"),
    ("<question type='category'><category/></question>", "quiz/question[1]/category", "missing <text> with the category path"),
    ("<question type='truefalse'><questiontext><text>t</text></questiontext></question>", "quiz/question[1]",
     "<question> has no <name>"),
    ("<question type='shortanswer'><name><text>q</text></name></question>", "quiz/question[1]",
     "<question> has no <questiontext>"),
    ("<question type='matching'><name><text>q</text></name><questiontext><text>t</text></questiontext></question>",
     "quiz/question[1]", "the matching question has no <subquestion>"),
    ("<question type='matching'><name><text>q</text></name><questiontext><text>t</text></questiontext>"
     "<subquestion><text>a</text></subquestion></question>", "quiz/question[1]/subquestion[1]", "<subquestion> has no <answer>"),
    ("<question type='multichoice'><name><text>q</text></name><questiontext><text>t</text></questiontext>"
     "<answer fraction='lots'><text>a</text></answer></question>", "quiz/question[1]/answer[1]",
     "the fraction 'lots' is not a number"),
])
def test_missing_required_elements_are_reported_by_path(body, location, message):
    with pytest.raises(ExchangeFileError) as raised:
        parse_moodle_xml(f"<quiz>{body}</quiz>".encode())
    assert (raised.value.location, raised.value.message) == (location, message)


@pytest.mark.parametrize("body, location", [
    # in a type the bank skips, and in answer feedback: still a broken export, refused whole
    ("<question type='numerical'><name><text>q</text></name><questiontext><text>t</text>"
     "<file name='a.png' encoding='base64'>@@@</file></questiontext></question>", "quiz/question[1]/questiontext/file[1]"),
    ("<question type='truefalse'><name><text>q</text></name><questiontext><text>t</text></questiontext>"
     "<answer fraction='100'><text>true</text><feedback><text>f</text><file name='b.png'>%%</file></feedback></answer>"
     "<answer fraction='0'><text>false</text></answer></question>", "quiz/question[1]/answer[1]/feedback/file[1]"),
])
def test_a_broken_embedded_file_anywhere_in_a_question_is_refused(body, location):
    with pytest.raises(ExchangeFileError) as raised:
        parse_moodle_xml(f"<quiz>{body}</quiz>".encode())
    assert raised.value.location == location and "is not valid base64" in raised.value.message


def test_files_in_a_folder_and_with_spaces_keep_their_reference():
    body = ("<question type='essay'><name><text>q</text></name><questiontext format='html'>"
            "<text><![CDATA[<p><a href=\"@@PLUGINFILE@@/audio/Saruna%201.mp3\">Saruna</a></p>]]></text>"
            f"<file name='Saruna 1.mp3' path='/audio/' encoding='base64'>{base64.b64encode(MP3).decode()}</file>"
            "</questiontext></question>")
    entry = parse_moodle_xml(f"<quiz>{body}</quiz>".encode()).entries[0]
    assert entry.outcome == IMPORTED
    assert entry.question.question["prompt"] == {"lv": "[Saruna](attachment:audio/Saruna%201.mp3)"}
    assert entry.question.attachments == [Attachment("audio/Saruna 1.mp3", "audio/mpeg", MP3)]
    again = parse_moodle_xml(write_moodle_xml([entry.question])).entries[0].question
    assert (again.question, again.attachments) == (entry.question.question, entry.question.attachments)


def test_plain_text_format_is_escaped_for_markdown():
    body = ("<question type='truefalse'><name><text>q</text></name><questiontext format='plain_text'>"
            "<text>5 * 3 &lt;b&gt; 15\n\nOtrā rindkopa</text></questiontext>"
            "<answer fraction='100'><text>true</text></answer><answer fraction='0'><text>false</text></answer></question>")
    question = parse_moodle_xml(f"<quiz>{body}</quiz>".encode()).entries[0].question.question
    assert question["text"] == {"lv": "5 \\* 3 <b> 15\n\nOtrā rindkopa"}


def test_attachments_not_shown_in_any_text_are_kept_and_control_characters_dropped():
    question = {"type": "true_false", "text": {"lv": "Rīga\x00 ir\x1b galvaspilsēta.\ud800"}, "answer": True}
    files = [Attachment("a.png", "image/png", PNG), Attachment("b.mp3", "audio/mpeg", MP3),
             Attachment("c.pdf", "application/pdf", b"%PDF-1.4")]
    xml = write_moodle_xml([ExchangeQuestion("q", question, attachments=files)])
    assert [f.get("name") for f in questions_of(xml)[0].findall("questiontext/file")] == ["a.png", "b.mp3", "c.pdf"]
    read = parse_moodle_xml(xml).entries[0].question
    assert read.attachments == files
    assert read.question["text"] == {"lv": "Rīga ir galvaspilsēta."}
