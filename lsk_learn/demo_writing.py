"""The demo's writing answers waiting for a grade: each is written by one demo learner, signed
with their own name, for one task of the bank, so the grading page shows a believable answer to
the prompt above it (never another person's text under a learner's name)."""
from datetime import date

# Latvian month names in the locative, as a date is written under a form or a letter
_MONTHS = ("janvārī", "februārī", "martā", "aprīlī", "maijā", "jūnijā", "jūlijā", "augustā", "septembrī",
           "oktobrī", "novembrī", "decembrī")


def _on(day: date) -> str:
    return f"{day.year}. gada {day.day}. {_MONTHS[day.month - 1]}"


def _natalja(day: date) -> dict[str, dict]:
    return {
        "wri-form-008": {
            "name": "Natalja Belova", "birth_date": "2001. gada 17. marts",
            "contacts": "26 000 101, natalja.b@example.lv",
            "address": "Skolas iela 4–7, Naujene, Daugavpils novads, LV-5451",
            "position": "pārdevēja-kasiere", "education": "vidējā izglītība, Naujenes vidusskola (2020)",
            "experience": "2021.–2025. gads, kafejnīca Daugavpilī, viesmīle",
            "languages": "krievu – dzimtā, latviešu – labi, angļu – nedaudz",
            "start": "no nākamā mēneša", "date_signature": f"{_on(day)}, N. Belova"},
        "wri-let-015": (
            "Sveika, Ilze!\n\n"
            "Ļoti priecājos, ka tu gribi apmeklēt Daugavpili! No Rīgas vislabāk braukt ar vilcienu, ceļā būs "
            "apmēram četras stundas. Es tevi sagaidīšu stacijā. Kopā apskatīsim cietoksni un Marka Rotko mākslas "
            "centru. Vakarā varam aiziet uz kafejnīcu Rīgas ielā, bet svētdien pastaigāsimies gar Daugavu. "
            "Ja gribi, vari palikt pie manis. Raksti, kurā dienā tu brauksi!\n\n"
            "Tava Natalja"),
    }


def _sergejs(day: date) -> dict[str, dict]:
    return {
        "wri-form-004": {
            "name": "Sergejs Fjodorovs", "birth_date": "1984. gada 9. oktobris", "status": "Latvijas nepilsonis",
            "id_document": "nepilsoņa pase, Nr. LC0000001 (paraugs)", "address": "Raiņa iela 12–3, Preiļi, LV-5301",
            "contacts": "26 000 113, sergejs.f@example.lv", "employer": "kokapstrādes uzņēmums Preiļos, autovadītājs",
            "income": "darba alga", "purpose": "algas saņemšanai un maksājumiem internetā",
            "date_signature": f"{_on(day)}, S. Fjodorovs"},
        "wri-let-004": (
            "Preiļu novada pašvaldībai\nSergeja Fjodorova\nRaiņa iela 12–3, Preiļi, LV-5301\n\n"
            "IESNIEGUMS\n\n"
            "Lūdzu salabot ielas apgaismojumu Raiņa ielā pie 12. mājas. Laternas nedeg jau mēnesi. Vakaros ietve "
            "ir pilnīgi tumša, bet pa to bērni iet uz skolu un veci cilvēki uz veikalu. Turpat ir arī krustojums, "
            "tāpēc tas ir bīstami. Lūdzu atbildi sūtīt uz manu e-pastu.\n\n"
            f"Preiļos {_on(day)}\nS. Fjodorovs"),
    }


def _marija(day: date) -> dict[str, dict]:
    return {
        "wri-form-005": {
            "name": "Marija Smirnova", "birth_date": "1994. gada 3. februāris", "phone": "26 000 104",
            "email": "marija.s@example.lv", "native_language": "krievu", "level": "nedaudz",
            "time": "sestdienās no pulksten desmitiem līdz divpadsmitiem",
            "goal": "Es gribu runāt latviski ar bērnu skolotājiem un nokārtot naturalizācijas pārbaudi.",
            "heard_from": "Daugavpils bibliotēkā redzēju sludinājumu.",
            "date_signature": f"{_on(day)}, M. Smirnova"},
        "wri-let-005": (
            "Labdien, Ozolas kundze!\n\n"
            "Mans dēls Artjoms no 2.b klases ir saslimis. Vakar vakarā viņam sākās augsta temperatūra, un stipri "
            "sāp kakls. Ārste teica, ka viņam jāpaliek mājās līdz piektdienai, tāpēc šonedēļ viņš skolā nebūs. "
            "Lūdzu, atsūtiet man mājasdarbus pa e-pastu, lai Artjoms varētu mācīties mājās. Kad viņš atveseļosies, "
            "viņš visu izdarīs.\n\n"
            "Paldies!\nAr cieņu\nMarija Smirnova"),
    }


_AUTHORS = {"natalja.b": _natalja, "sergejs.f": _sergejs, "marija.s": _marija}


def writing_answers(username: str, day: date) -> dict[str, dict]:
    """{task id: form values as the exam page posts them} for the learner's own answers, dated `day`."""
    author = _AUTHORS.get(username)
    if author is None:
        return {}
    forms = {}
    for task_id, answer in author(day).items():
        if isinstance(answer, str):
            forms[task_id] = {"text": [answer]}
        else:
            forms[task_id] = {f"field-{key}": [value] for key, value in answer.items()}
    return forms
