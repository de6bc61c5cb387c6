"""Enrolment by CSV and XLSX: preview, every bad row reported, nothing imported until clean; cards."""
import csv
import io
import re

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from lsk_learn.auth.models import User
from lsk_learn.auth.roles import Role
from lsk_learn.cohorts.models import Enrolment
from lsk_learn.extensions import db
from lsk_learn.profiles.models import LearnerProfile

HEADER = ["Vārds, uzvārds", "Dzimšanas gads", "Pašvaldība", "Mērķa grupas", "Valoda", "Tālrunis", "E-pasts"]
GOOD = [["Olga Ivanova", "1958", "Daugavpils valstspilsēta", "Senjori; Nepilsoņi", "krievu", "+371 20000001", ""],
        ["Jānis Bērziņš", "1990", "Krāslava", "", "lv", "", "janis@example.lv"]]
BAD = [["", "1960", "Preiļu novads", "", "", "", ""],
       ["Boriss Petrovs", "sixty", "Rīga", "pensionāri", "", "", "x@"]]


def csv_bytes(rows, delimiter=";", encoding="utf-8-sig") -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows([HEADER] + rows)
    return out.getvalue().encode(encoding)


def xlsx_bytes(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append([int(c) if c.isdigit() and len(c) == 4 else c for c in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client, cohort, data: bytes, name: str):
    return client.post(f"/cohorts/{cohort.id}/import", data={"file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def learner_count() -> int:
    return db.session.scalar(select(func.count(User.id)).where(User.role == Role.LEARNER))


def payload_of(response) -> str:
    return re.search(r'name="payload" value="([^"]+)"', response.get_data(as_text=True)).group(1)


def test_mixed_file_offers_the_good_rows_and_reports_every_bad_row(client, auth, make_user, make_cohort):
    teacher = make_user(Role.TEACHER, locale="en")
    cohort = make_cohort(teacher)
    auth.login(teacher)
    for data, name in ((csv_bytes(GOOD + BAD), "list.csv"), (xlsx_bytes(GOOD + BAD), "list.xlsx")):
        response = upload(client, cohort, data, name)
        text = response.get_data(as_text=True)
        assert response.status_code == 200, name
        problems = re.findall(r"<tr><td>(\d+)</td><td>([^<]+)</td></tr>", text)
        assert [(row, msg.split(" ")[0]) for row, msg in problems] == [
            ("4", "The"), ("5", "“sixty”"), ("5", "“Rīga”"), ("5", "“pensionāri”"), ("5", "“x@”")]
        assert "The name is empty." in text and "is not a municipality on the list" in text
        assert "2 learners are ready to be added" in text
        assert "Import the 2 valid rows, skip the rows with problems (2)" in text
        assert learner_count() == 0  # nothing saved by the preview
    cards = client.post(f"/cohorts/{cohort.id}/import/confirm", data={"payload": payload_of(response), "consent": "y"})
    assert cards.status_code == 200
    assert sorted(db.session.scalars(select(User.display_name).where(User.role == Role.LEARNER))) == \
        ["Jānis Bērziņš", "Olga Ivanova"]


def test_a_file_with_only_bad_rows_imports_nothing(client, auth, make_user, make_cohort):
    teacher = make_user(Role.TEACHER, locale="en")
    cohort = make_cohort(teacher)
    auth.login(teacher)
    response = upload(client, cohort, csv_bytes(BAD), "list.csv")
    text = response.get_data(as_text=True)
    assert response.status_code == 422 and "Nothing was imported." in text
    assert "/import/confirm" not in text and "/import/rejected.csv" in text
    assert learner_count() == 0


def test_rejected_rows_download_with_reasons_in_the_page_language(client, auth, make_user, make_cohort):
    teacher = make_user(Role.TEACHER, locale="lv")
    cohort = make_cohort(teacher)
    auth.login(teacher)
    hostile = ["=HYPERLINK(\"http://x\")", "1960", "Rīga", "", "", "", ""]
    payload = payload_of(upload(client, cohort, csv_bytes(GOOD + BAD + [hostile]), "list.csv"))
    for lang, row_title, problem_title, empty_name in (("lv", "Rinda", "Problēma", "Vārds nav norādīts."),
                                                       ("ru", "Строка", "Проблема", "Имя не указано.")):
        client.post("/language", data={"lang": lang})
        response = client.post(f"/cohorts/{cohort.id}/import/rejected.csv", data={"payload": payload})
        assert response.status_code == 200 and response.mimetype == "text/csv"
        assert "attachment" in response.headers["Content-Disposition"]
        table = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
        assert table[0] == HEADER + [row_title, problem_title]
        assert [row[len(HEADER)] for row in table[1:]] == ["4", "5", "6"]
        assert table[1][-1] == empty_name
        assert table[2][:3] == ["Boriss Petrovs", "sixty", "Rīga"]
        assert all(value in table[2][-1] for value in ("sixty", "Rīga", "pensionāri", "x@"))  # every reason
        assert table[3][0] == "'=HYPERLINK(\"http://x\")"  # a formula stays text
    # the corrected file goes back in as it is: the two added columns are ignored
    fixed = [["Ina Ozola", "1960", "Preiļu novads", "", "", "", ""], ["Boriss Petrovs", "1961", "Preiļu novads", "", "", "", ""],
             ["Ada Liepa", "1962", "Preiļu novads", "", "", "", ""]]
    corrected = [table[0]] + [cells + row[len(HEADER):] for cells, row in zip(fixed, table[1:])]
    out = io.StringIO()
    csv.writer(out).writerows(corrected)
    again = upload(client, cohort, out.getvalue().encode(), "corrected.csv").get_data(as_text=True)
    assert "/import/rejected.csv" not in again and "/import/confirm" in again


def test_import_waits_for_the_consent_box(client, auth, make_user, make_cohort):
    teacher = make_user(Role.TEACHER, locale="en")
    cohort = make_cohort(teacher)
    auth.login(teacher)
    payload = payload_of(upload(client, cohort, csv_bytes(GOOD), "list.csv"))
    refused = client.post(f"/cohorts/{cohort.id}/import/confirm", data={"payload": payload})
    text = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "Tick this box to confirm their consent" in text and 'aria-invalid="true"' in text
    assert payload_of(refused) == payload and "2 learners are ready to be added" in text  # the same list again
    assert learner_count() == 0
    client.post(f"/cohorts/{cohort.id}/import/confirm", data={"payload": payload, "consent": "y"})
    assert learner_count() == 2


def test_a_name_that_fits_several_municipalities_means_the_groups_own_or_is_named(client, auth, make_user, make_cohort):
    teacher = make_user(Role.TEACHER, locale="en")
    city, kraslava = make_cohort(teacher), make_cohort(teacher, name="Krāslava", municipality="Krāslavas novads")
    auth.login(teacher)
    rows = [["Olga Ivanova", "1958", "Daugavpils", "", "", "", ""]]
    preview = upload(client, city, csv_bytes(rows), "list.csv").get_data(as_text=True)
    assert "1 learner is ready to be added" in preview
    assert re.search(r"<td>Olga Ivanova</td><td>1958</td><td>Daugavpils valstspilsēta</td>", preview)
    elsewhere = upload(client, kraslava, csv_bytes(rows), "list.csv").get_data(as_text=True)
    assert "“Daugavpils” matches several municipalities: Daugavpils valstspilsēta, Daugavpils novads." in elsewhere


@pytest.mark.parametrize("lang,groups,language", [("lv", "Nepilsoņi, Senjori", "Krievu"),
                                                  ("ru", "Неграждане, Пожилые люди", "Русский")])
def test_preview_shows_names_in_the_page_language_not_codes(client, auth, make_user, make_cohort, lang, groups, language):
    teacher = make_user(Role.TEACHER, locale=lang)
    cohort = make_cohort(teacher)
    auth.login(teacher)
    rows = [["Olga Ivanova", "1958", "Daugavpils valstspilsēta", "non_citizen; senior", "ru", "", ""]]
    text = upload(client, cohort, csv_bytes(rows), "list.csv").get_data(as_text=True)
    assert f"<td>{groups}</td><td>{language}</td>" in text
    assert "senior" not in text and "<td>ru</td>" not in text


@pytest.mark.parametrize("lang", ["lv", "ru"])
def test_import_page_lists_the_accepted_columns_and_values(client, auth, make_user, make_cohort, lang):
    teacher = make_user(Role.TEACHER, locale=lang)
    cohort = make_cohort(teacher)
    auth.login(teacher)
    text = client.get(f"/cohorts/{cohort.id}/import").get_data(as_text=True)
    for name in ("Daugavpils valstspilsēta", "Daugavpils novads", "Ilūkstes novads", "Krāslavas novads", "Preiļu novads"):
        assert f"<li>{name}</li>" in text
    groups = {"lv": ("Senjori", "Jaunie vecāki", "Nepilsoņi"), "ru": ("Пожилые люди", "Молодые родители", "Неграждане")}
    assert all(f"<li>{g}</li>" in text for g in groups[lang])
    assert "Vārds, uzvārds" in text and "Имя и фамилия" in text and "Dzimšanas gads" in text and "Год рождения" in text
    assert "/import/template.csv?lang=lv" in text and "/import/template.xlsx?lang=ru" in text


@pytest.mark.parametrize("lang,header,groups,language", [
    ("lv", ["Vārds, uzvārds", "Dzimšanas gads", "Pašvaldība", "Mērķa grupas", "Valoda", "Tālrunis", "E-pasts"],
     "Senjori; Nepilsoņi", "Krievu"),
    ("ru", ["Имя и фамилия", "Год рождения", "Самоуправление", "Целевые группы", "Язык", "Телефон", "Эл. почта"],
     "Пожилые люди; Неграждане", "Русский")])
def test_template_files_in_latvian_and_russian_import_as_they_are(client, auth, make_user, make_cohort, lang, header,
                                                                  groups, language):
    teacher = make_user(Role.TEACHER, locale="en")
    cohort = make_cohort(teacher, municipality="Preiļu novads")
    auth.login(teacher)
    csv_file = client.get(f"/cohorts/{cohort.id}/import/template.csv?lang={lang}")
    assert csv_file.status_code == 200 and f"lsk-learners-{lang}.csv" in csv_file.headers["Content-Disposition"]
    table = list(csv.reader(io.StringIO(csv_file.get_data(as_text=True).lstrip("\ufeff"))))
    assert table == [header, ["Olga Ivanova", "1958", "Preiļu novads", groups, language, "20000000", "olga.ivanova@example.lv"]]
    xlsx_file = client.get(f"/cohorts/{cohort.id}/import/template.xlsx?lang={lang}")
    sheet = load_workbook(io.BytesIO(xlsx_file.data)).active
    assert [list(row) for row in sheet.iter_rows(values_only=True)] == \
        [header, ["Olga Ivanova", 1958, "Preiļu novads", groups, language, "20000000", "olga.ivanova@example.lv"]]
    for data, name in ((csv_file.data, "template.csv"), (xlsx_file.data, "template.xlsx")):
        preview = upload(client, cohort, data, name).get_data(as_text=True)
        assert "1 learner is ready to be added" in preview, (lang, name)
        assert "<td>Seniors, Non-citizens</td><td>Russian</td>" in preview


def test_template_language_follows_the_page_by_default(client, auth, make_user, make_cohort):
    teacher = make_user(Role.TEACHER, locale="ru")
    cohort = make_cohort(teacher)
    auth.login(teacher)
    text = client.get(f"/cohorts/{cohort.id}/import/template.csv").get_data(as_text=True)
    assert text.lstrip("\ufeff").startswith("Имя и фамилия,Год рождения")


def test_clean_file_previews_then_imports_on_confirm(client, auth, make_user, make_cohort):
    teacher = make_user(Role.TEACHER, locale="en")
    cohort = make_cohort(teacher)
    auth.login(teacher)
    preview = upload(client, cohort, xlsx_bytes(GOOD), "list.xlsx")
    text = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "2 learners are ready to be added" in text
    assert "Add these learners" in text
    assert learner_count() == 0  # nothing saved by the preview
    cards = client.post(f"/cohorts/{cohort.id}/import/confirm", data={"payload": payload_of(preview), "consent": "yes"})
    assert cards.status_code == 200
    users = {u.username: u for u in db.session.scalars(select(User).where(User.role == Role.LEARNER))}
    assert set(users) == {"olga.ivanova", "janis.berzins"}
    codes = re.findall(r"<code>([^<]+)</code>", cards.get_data(as_text=True))  # user name, then password
    assert users["olga.ivanova"].check_password(codes[codes.index("olga.ivanova") + 1])
    profile = db.session.get(LearnerProfile, users["olga.ivanova"].id)
    assert (profile.birth_year, list(profile.target_groups), profile.main_language) == (1958, ["non_citizen", "senior"], "ru")
    assert profile.consent_at is not None
    assert users["olga.ivanova"].locale == "ru" and users["olga.ivanova"].must_change_password
    assert db.session.scalar(select(func.count(Enrolment.id)).where(Enrolment.cohort_id == cohort.id)) == 2


def test_preview_and_cards_are_in_latvian_alphabetical_order(client, auth, make_user, make_cohort):
    teacher = make_user(Role.TEACHER, locale="lv")
    cohort = make_cohort(teacher)
    auth.login(teacher)
    names = ["Ūna Zariņa", "Zane Ozola", "Ļubova Orlova", "Lidija Kalna", "Čaklā Anna", "Cilda Bērziņa", "Anna Liepa"]
    rows = [[name, "1960", "Preiļu novads", "", "", "", ""] for name in names]
    preview = upload(client, cohort, csv_bytes(rows), "list.csv")
    in_latvian_order = ["Anna Liepa", "Cilda Bērziņa", "Čaklā Anna", "Lidija Kalna", "Ļubova Orlova", "Ūna Zariņa", "Zane Ozola"]
    assert re.findall(r"<tr><td>\d+</td><td>([^<]+)</td>", preview.get_data(as_text=True)) == in_latvian_order
    cards = client.post(f"/cohorts/{cohort.id}/import/confirm", data={"payload": payload_of(preview), "consent": "y"})
    assert re.findall(r'<p class="card-name">([^<]+)</p>', cards.get_data(as_text=True)) == in_latvian_order
    choose = client.get(f"/cohorts/{cohort.id}/cards").get_data(as_text=True)
    assert re.findall(r"<span>([^<(]+?)</span>", choose)[:7] == in_latvian_order


def test_tampered_or_foreign_preview_is_refused(client, auth, make_user, make_cohort):
    teacher = make_user(Role.TEACHER, locale="en")
    cohort, other = make_cohort(teacher), make_cohort(teacher, name="Other")
    auth.login(teacher)
    text = upload(client, cohort, csv_bytes(GOOD), "list.csv").get_data(as_text=True)
    payload = re.search(r'name="payload" value="([^"]+)"', text).group(1)
    for target, data in ((cohort, payload[:-3] + "abc"), (other, payload)):
        response = client.post(f"/cohorts/{target.id}/import/confirm", data={"payload": data}, follow_redirects=True)
        assert "The checked list has expired or was changed" in response.get_data(as_text=True)
    assert learner_count() == 0


def test_unreadable_files_get_a_clear_message(client, auth, make_user, make_cohort):
    teacher = make_user(Role.TEACHER, locale="en")
    cohort = make_cohort(teacher)
    auth.login(teacher)
    cases = [(b"", "empty.csv", "The file is empty."), (b"PK\x03\x04garbage", "broken.xlsx", "not a valid XLSX"),
             (b"\x00\x01\x02\xff\xfe", "binary.csv", "not a text CSV"), (b"a,b\n", "list.pdf", "must be a CSV or XLSX"),
             ("Имя;Телефон\nОльга;+37120000000\n".encode(), "ru.csv", "column “Year of birth” is missing")]
    for data, name, message in cases:
        response = upload(client, cohort, data, name)
        assert message in response.get_data(as_text=True), name
    assert learner_count() == 0


def test_cp1257_csv_from_latvian_excel_is_read(client, auth, make_user, make_cohort):
    teacher = make_user(Role.TEACHER, locale="en")
    cohort = make_cohort(teacher)
    auth.login(teacher)
    data = csv_bytes([GOOD[1]], encoding="cp1257")
    assert "1 learner is ready to be added" in upload(client, cohort, data, "excel.csv").get_data(as_text=True)


def test_add_one_learner_and_print_cards(client, auth, make_user, make_cohort):
    teacher = make_user(Role.TEACHER, locale="en")
    cohort = make_cohort(teacher)
    auth.login(teacher)
    bad = client.post(f"/cohorts/{cohort.id}/learners/new", data={"name": "", "birth_year": "3000", "municipality": 1,
                                                                  "language": "ru", "consent": "yes"})
    assert "Enter the person" in bad.get_data(as_text=True) and "between 1900 and 2021" in bad.get_data(as_text=True)
    ok = client.post(f"/cohorts/{cohort.id}/learners/new", data={"name": "Vera Sokolova", "birth_year": "1950",
                                                                 "municipality": 1, "language": "ru", "consent": "yes",
                                                                 "target_groups": ["senior"]})
    assert ok.status_code == 200 and "vera.sokolova" in ok.get_data(as_text=True)
    vera = db.session.scalar(select(User).where(User.username == "vera.sokolova"))
    cards = client.post(f"/cohorts/{cohort.id}/cards", data={"learner": [str(vera.id)]})
    password = re.findall(r"<code>([^<]+)</code>", cards.get_data(as_text=True))[1]
    db.session.expire_all()
    assert vera.check_password(password)
    none = client.post(f"/cohorts/{cohort.id}/cards", data={})
    assert "Tick at least one learner." in none.get_data(as_text=True)


def test_participant_details_can_be_corrected_and_consent_withdrawn(client, auth, make_user, make_cohort):
    teacher = make_user(Role.TEACHER, locale="en")
    learner = make_user(display_name="Vera")
    cohort = make_cohort(teacher, [learner])
    auth.login(teacher)
    page = client.get(f"/cohorts/{cohort.id}/learners/{learner.id}/details")
    assert page.status_code == 200  # a learner who joined by code gets an empty profile here
    data = {"name": "Vera  Sokolova", "birth_year": "1950", "municipality": 4, "target_groups": ["senior", "low_income"],
            "language": "ru", "phone": "+371 20000002", "email": "", "consent": "yes"}
    assert client.post(f"/cohorts/{cohort.id}/learners/{learner.id}/details", data=data).status_code == 302
    db.session.expire_all()
    profile = db.session.get(LearnerProfile, learner.id)
    assert (learner.display_name, profile.municipality_id, sorted(profile.target_groups)) == ("Vera Sokolova", 4, ["low_income", "senior"])
    assert profile.consent_at is not None
    client.post(f"/cohorts/{cohort.id}/learners/{learner.id}/details", data={**data, "consent": "no"})
    db.session.expire_all()
    assert profile.consent_at is None
    auth.logout()
    auth.login(make_user(Role.TEACHER))
    assert client.get(f"/cohorts/{cohort.id}/learners/{learner.id}/details").status_code == 404
