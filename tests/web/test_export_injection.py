"""Spreadsheet formula injection: hostile names in every CSV and XLSX export arrive as text."""
import csv
import io
from datetime import timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from lsk_learn.auth.roles import Role
from lsk_learn.cohorts.models import AttendanceMark, AttendanceSession
from lsk_learn.core.time import utcnow
from lsk_learn.extensions import db
from lsk_learn.profiles.models import LearnerProfile, Municipality
from lsk_learn.reports.models import Programme

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")  # OWASP's list, kept here so the test does not trust the code
LEARNERS = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\tcmd"]
COHORT, PROGRAMME, MUNICIPALITY, TOPIC = "=1+1", "@Programme", "-Preiļi", "=cmd|' /C calc'!A0"
RENAMED = "Preiļu novads"  # a seeded municipality, renamed for the test and restored after


@pytest.fixture
def hostile(app, make_user, make_cohort):
    municipality = db.session.scalar(select(Municipality).where(Municipality.name == RENAMED))
    municipality.name = MUNICIPALITY
    programme = Programme(name=PROGRAMME)
    db.session.add(programme)
    db.session.commit()
    teacher = make_user(Role.TEACHER, locale="en")
    learners = [make_user(display_name=name) for name in LEARNERS]
    cohort = make_cohort(teacher, learners, name=COHORT)
    cohort.programme_id = programme.id
    for learner in learners:  # consent given, so the people list may hold them
        db.session.add(LearnerProfile(user_id=learner.id, birth_year=1950, municipality_id=municipality.id,
                                      exemptions=[], consent_at=utcnow()))
    session = AttendanceSession(cohort_id=cohort.id, held_on=utcnow().date(), topic=TOPIC, created_by_id=teacher.id)
    db.session.add(session)
    db.session.flush()
    db.session.add_all(AttendanceMark(session_id=session.id, user_id=learner.id, present=True) for learner in learners)
    db.session.commit()
    yield {"teacher": teacher, "cohort": cohort, "programme": programme, "held_on": session.held_on,
           "coordinator": make_user(Role.COORDINATOR, locale="en")}
    db.session.rollback()
    db.session.execute(db.update(Municipality).where(Municipality.name == MUNICIPALITY).values(name=RENAMED))
    db.session.commit()


def report_query(hostile) -> str:
    today = utcnow().date()
    start, end = today - timedelta(days=400), today + timedelta(days=1)
    return (f"start={start.isoformat()}&end={end.isoformat()}&programme={hostile['programme'].id}"
            f"&cohort={hostile['cohort'].id}")


def assert_text_cells_safe(cells: list[str], expected: list[str]) -> None:
    """No cell starts like a formula, and every hostile value is there, quoted (so the check is not vacuous)."""
    risky = [c for c in cells if c.startswith(DANGEROUS)]
    assert risky == []
    for value in expected:
        assert "'" + value in cells or any(("'" + value) in c for c in cells), value


def csv_cells(response) -> list[str]:
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return [cell for row in csv.reader(io.StringIO(text[1:])) for cell in row]


def test_cohort_csv_quotes_formula_names(client, auth, hostile, synced_bank):
    auth.login(hostile["teacher"])
    cells = csv_cells(client.get(f"/cohorts/{hostile['cohort'].id}/export.csv"))
    assert_text_cells_safe(cells, LEARNERS)


def test_attendance_csv_quotes_formula_names(client, auth, hostile):
    auth.login(hostile["teacher"])
    cells = csv_cells(client.get(f"/cohorts/{hostile['cohort'].id}/attendance.csv"))
    assert_text_cells_safe(cells, LEARNERS)
    assert f"{hostile['held_on'].isoformat()} {TOPIC}" in cells  # the topic follows the date: harmless


def test_report_csv_quotes_cohort_programme_and_municipality(client, auth, hostile):
    auth.login(hostile["coordinator"])
    cells = csv_cells(client.get(f"/reports/export.csv?{report_query(hostile)}"))
    assert_text_cells_safe(cells, [COHORT, PROGRAMME, MUNICIPALITY])


def test_people_csv_quotes_formula_names(client, auth, hostile):
    auth.login(hostile["coordinator"])
    cells = csv_cells(client.get(f"/reports/people.csv?{report_query(hostile)}"))
    assert_text_cells_safe(cells, LEARNERS + [MUNICIPALITY])


def test_report_xlsx_has_no_formula_cells(client, auth, hostile):
    auth.login(hostile["coordinator"])
    response = client.get(f"/reports/export.xlsx?{report_query(hostile)}")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    book = load_workbook(io.BytesIO(response.data))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    texts = [c.value for c in cells if isinstance(c.value, str)]
    assert_text_cells_safe(texts, [COHORT, PROGRAMME, MUNICIPALITY])
    numbers = [c.value for c in cells if isinstance(c.value, int)]
    assert len(LEARNERS) in numbers  # counts are still numbers, not text
