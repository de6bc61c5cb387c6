"""A writing task's model answer against its own checklist (domain/model_answers.py, issue 16)."""
from lsk_learn.domain.model_answers import count_words, model_answer_problems, required_parts

APPLICATION_CHECKLIST = [
    "Saturs: uzrakstīti visi trīs uzdevumā prasītie punkti (1 punkts par katru).",
    "Ir iesnieguma daļas: adresāts (kam?), iesniedzējs un adrese, nosaukums „Iesniegums”, datums, paraksts.",
    "Apjoms 50–70 vārdu; teksts ir loģisks un saprotams.",
]
LETTER_CHECKLIST = ["Ir uzruna, nobeigums un paraksts; stils atbilst adresātam (draugs vai iestāde).",
                    "Apjoms 15–40 vārdu."]
BODY = "Lūdzu izsniegt man izziņu par nodarbinātību naturalizācijas dokumentiem. " * 5  # 35 words


def application(address_line: str) -> str:
    return (f"SIA „Dzintars Latgalē”\npersonāla daļas vadītājai Inesei Liepiņai\ngrāmatvedes Jeļenas Kozlovas\n"
            f"{address_line}IESNIEGUMS\n\n{BODY}\n\nDaugavpilī 2025. gada 6. oktobrī\nJ. Kozlova\n")


def test_words_are_counted_as_a_reader_counts_them():
    assert count_words("Labdien! Es – Olga, 62 gadi.") == 5
    assert count_words("") == 0


def test_the_parts_come_from_the_checklist_and_an_addressee_is_not_an_address():
    assert required_parts(APPLICATION_CHECKLIST) == {"address", "date", "signature", "title"}
    assert required_parts(LETTER_CHECKLIST) == {"greeting", "closing", "signature"}  # „adresātam” is no address


def test_an_application_without_the_applicants_address_breaks_its_own_checklist():
    # wri-let-013 as it was: the checklist asks for the applicant's address, the model had none
    assert model_answer_problems("application", application(""), APPLICATION_CHECKLIST, 50, 70) == [
        "the checklist asks for an address but the model answer has none (a street and house number, or a postcode)"]
    fixed = application("18. novembra iela 40–16, Daugavpils, LV-5401\n\n")
    assert model_answer_problems("application", fixed, APPLICATION_CHECKLIST, 50, 70) == []


def test_word_limits_title_date_and_signature_are_counted():
    text = "Labdien!\n\nLūdzu izziņu.\n\nAr cieņu\nJ. Kozlova"
    problems = model_answer_problems("application", text, APPLICATION_CHECKLIST, 40, 60)
    assert problems[0] == "the checklist asks for 50–70 words but min_words/max_words are 40–60"
    assert "the model answer has 7 words; the task asks for 40–60" in problems
    assert any("a date" in p for p in problems) and any("„Iesniegums”" in p for p in problems)
    unsigned = application("Raiņa iela 3, Daugavpils\n").replace("J. Kozlova\n", "Paldies par sapratni.\n")
    assert any("does not end with a name" in p for p in model_answer_problems("application", unsigned,
                                                                              APPLICATION_CHECKLIST, 50, 70))


def test_a_letter_needs_a_greeting_and_a_closing_of_its_own():
    body = "Es ļoti priecājos par tavu vēstuli un gribu tev pastāstīt par mūsu jauno dzīvokli Daugavpilī. "
    signed = f"Sveiks, Igor!\n\n{body}\n\nUz tikšanos!\nTavs Sergejs"
    assert model_answer_problems("letter", signed, LETTER_CHECKLIST, 15, 40) == []
    no_closing = f"Sveiks, Igor!\n\n{body}\n\nTavs Sergejs"
    assert [p[:40] for p in model_answer_problems("letter", no_closing, LETTER_CHECKLIST, 15, 40)] == [
        "the checklist asks for a closing but the"]
    no_greeting = f"{body}\n\nUz tikšanos!\nTavs Sergejs"
    assert any("greeting" in p for p in model_answer_problems("letter", no_greeting, LETTER_CHECKLIST, 15, 40))


def test_a_form_answers_every_field_and_signs_where_it_asks():
    fields = [{"id": "name", "lv": "Vārds, uzvārds"}, {"id": "address", "lv": "Adrese (iela, māja, pasta indekss)"},
              {"id": "sign", "lv": "Datums, paraksts"}]
    checklist = ["Adrese ir pilnīga (iela, māja, pasta indekss).", "Ir datums un paraksts."]
    good = "Vārds, uzvārds: Olga Ivanova\nAdrese: Rīgas iela 10–5, Daugavpils, LV-5401\nDatums, paraksts: 2025. gada 3. martā, O. Ivanova"
    assert model_answer_problems("form", good, checklist, fields=fields) == []
    empty = good.replace("Olga Ivanova", "")
    assert model_answer_problems("form", empty, checklist, fields=fields) == [
        "field 1 (Vārds, uzvārds): the model answer leaves it empty"]
    undated = good.replace("2025. gada 3. martā, ", "").replace("LV-5401", "Daugavpils")
    assert model_answer_problems("form", undated, checklist, fields=fields) == [
        "field 3 (Datums, paraksts): the model answer needs a date",
        "the checklist asks for a postcode but the model answer has none (LV-1234)",
        "the checklist asks for a date but the model answer has none („2025. gada 6. oktobrī”)"]
    assert model_answer_problems("form", good.rsplit("\n", 1)[0], checklist, fields=fields)[0].startswith(
        "the form has 3 fields but the model answer has 2 lines")
