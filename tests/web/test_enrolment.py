"""Enrolment by CSV and XLSX: preview, every bad row reported, nothing imported until clean; cards."""
import csv
import io
import re

from openpyxl import Workbook
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


def test_mixed_file_imports_nothing_and_reports_every_bad_row(client, auth, make_user, make_cohort):
    teacher = make_user(Role.TEACHER, locale="en")
    cohort = make_cohort(teacher)
    auth.login(teacher)
    for data, name in ((csv_bytes(GOOD + BAD), "list.csv"), (xlsx_bytes(GOOD + BAD), "list.xlsx")):
        response = upload(client, cohort, data, name)
        text = response.get_data(as_text=True)
        assert response.status_code == 422, name
        assert "Nothing was imported." in text
        problems = re.findall(r"<tr><td>(\d+)</td><td>([^<]+)</td></tr>", text)
        assert [(row, msg.split(" ")[0]) for row, msg in problems] == [
            ("4", "The"), ("5", "“sixty”"), ("5", "“Rīga”"), ("5", "“pensionāri”"), ("5", "“x@”")]
        assert "The name is empty." in text and "is not a municipality on the list" in text
        assert learner_count() == 0


def test_clean_file_previews_then_imports_on_confirm(client, auth, make_user, make_cohort):
    teacher = make_user(Role.TEACHER, locale="en")
    cohort = make_cohort(teacher)
    auth.login(teacher)
    preview = upload(client, cohort, xlsx_bytes(GOOD), "list.xlsx")
    text = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "2 learners are ready to be added" in text
    assert learner_count() == 0  # nothing saved by the preview
    payload = re.search(r'name="payload" value="([^"]+)"', text).group(1)
    cards = client.post(f"/cohorts/{cohort.id}/import/confirm", data={"payload": payload, "consent": "yes"})
    assert cards.status_code == 200
    users = {u.username: u for u in db.session.scalars(select(User).where(User.role == Role.LEARNER))}
    assert set(users) == {"olga.ivanova", "janis.berzins"}
    passwords = re.findall(r"<code>([^<]+)</code>", cards.get_data(as_text=True))
    assert users["olga.ivanova"].check_password(passwords[1])  # cards list user name, then password
    profile = db.session.get(LearnerProfile, users["olga.ivanova"].id)
    assert (profile.birth_year, list(profile.target_groups), profile.main_language) == (1958, ["non_citizen", "senior"], "ru")
    assert profile.consent_at is not None
    assert users["olga.ivanova"].locale == "ru" and users["olga.ivanova"].must_change_password
    assert db.session.scalar(select(func.count(Enrolment.id)).where(Enrolment.cohort_id == cohort.id)) == 2


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
