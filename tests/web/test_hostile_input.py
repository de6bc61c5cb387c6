"""Hostile input that used to give 500s: huge ids, far-off report dates, any newline convention in
an uploaded CSV, uploads far over the limit; and HSTS when the site runs on HTTPS."""
import csv
import io
import time
from datetime import date

import pytest
from sqlalchemy.exc import DataError
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from lsk_learn.auth.access import public
from lsk_learn.auth.roles import Role
from lsk_learn.cohorts.import_files import MAX_BYTES
from lsk_learn.core.time import riga_today
from tests.web.test_enrolment import GOOD, HEADER, upload

INT4_OVER, INT8_OVER = 2**31, 2**63  # one past PostgreSQL integer; one past SQLite's 64-bit integer


@pytest.mark.parametrize("big", [INT4_OVER, INT8_OVER, 10**30])
def test_huge_ids_in_urls_are_not_found(client, auth, make_user, make_cohort, big):
    teacher = make_user(Role.TEACHER)
    cohort = make_cohort(teacher)
    auth.login(teacher)
    for url in (f"/cohorts/{big}", f"/cohorts/{big}/export.csv", f"/cohorts/{cohort.id}/learners/{big}",
                f"/cohorts/{cohort.id}/attendance/{big}", f"/cohorts/grading/{big}"):
        assert client.get(url).status_code == 404, url
    auth.logout()
    auth.login(make_user())
    for url in (f"/learn/practice/{big}", f"/exams/{big}/results", f"/exams/1/item/{big}"):
        assert client.get(url).status_code == 404, url
    assert client.post("/exams/start/knowledge", data={"retake_of": str(big)}).status_code == 404


def test_the_largest_database_id_is_still_a_valid_url(client, auth, make_user):
    auth.login(make_user())
    assert client.get("/learn/practice/2147483647").status_code == 404  # routed, looked up, not found


@pytest.mark.parametrize("error", [DataError("SELECT", {}, Exception("integer out of range")),
                                   OverflowError("Python int too large to convert to SQLite INTEGER")])
def test_a_value_beyond_the_database_range_is_a_bad_request(app, client, monkeypatch, error):
    """The safety net for checks not yet written: the database's complaint is a 400 page, not a 500."""
    @public
    def broken():
        raise error
    monkeypatch.setitem(app.view_functions, "auth.login", broken)
    response = client.get("/auth/login")
    assert response.status_code == 400
    assert "<h1>" in response.get_data(as_text=True)


@pytest.fixture
def coordinator(client, auth, make_user):
    user = make_user(Role.COORDINATOR, locale="en")
    auth.login(user)
    return user


@pytest.mark.parametrize("query, message", [
    ("start=0001-01-01", "is outside the dates a report can cover"),
    ("end=9999-12-31", "is outside the dates a report can cover"),
    ("start=1999-12-31&end=2000-06-01", "is outside the dates a report can cover"),
    ("start=2001-01-01&end=2026-01-01", "A report can cover at most 10 years"),
])
def test_report_dates_out_of_range_fall_back_with_a_message(client, coordinator, query, message):
    started = time.monotonic()
    page = client.get(f"/reports/?{query}")
    assert page.status_code == 200
    assert message in page.get_data(as_text=True)
    # the fallback is this year in Riga's calendar, which runs ahead of UTC by two or three hours
    today = riga_today()
    this_year = f"{date(today.year, 1, 1).isoformat()} – {today.isoformat()}"
    for url in (f"/reports/print?{query}", f"/reports/export.csv?{query}", f"/reports/export.xlsx?{query}",
                f"/reports/people.csv?{query}"):
        response = client.get(url)
        assert response.status_code == 200, url
    csv_text = client.get(f"/reports/export.csv?{query}").get_data(as_text=True)
    if "end=9999" in query or "at most" in message:
        assert this_year in csv_text  # the same filters, so the same fallback, in the exports
    assert time.monotonic() - started < 10


def test_ten_years_within_range_is_a_valid_period(client, coordinator):
    end = riga_today()
    start = date(end.year - 9, 1, 1)
    page = client.get(f"/reports/?start={start.isoformat()}&end={end.isoformat()}")
    assert page.status_code == 200
    assert 'role="alert"' not in page.get_data(as_text=True)


@pytest.fixture
def teacher_cohort(client, auth, make_user, make_cohort):
    teacher = make_user(Role.TEACHER, locale="en")
    cohort = make_cohort(teacher)
    auth.login(teacher)
    return cohort


def csv_file(line_end: str | list[str]) -> bytes:
    rows = []
    for row in [HEADER] + GOOD:
        out = io.StringIO()
        csv.writer(out, delimiter=";", lineterminator="").writerow(row)
        rows.append(out.getvalue())
    ends = line_end if isinstance(line_end, list) else [line_end] * len(rows)
    return "".join(row + end for row, end in zip(rows, ends)).encode("utf-8-sig")


@pytest.mark.parametrize("line_end", ["\r\n", "\n", "\r", ["\r", "\n", "\r\n"], ["\r\n", "\r", ""]],
                         ids=["crlf", "lf", "cr", "mixed", "mixed-no-final"])
def test_any_newline_convention_is_read(client, teacher_cohort, line_end):
    response = upload(client, teacher_cohort, csv_file(line_end), "list.csv")
    assert response.status_code == 200
    assert "2 learners are ready to be added" in response.get_data(as_text=True)


def test_a_carriage_return_inside_a_row_is_reported_not_a_crash(client, teacher_cohort):
    data = csv_file("\r\n").replace(b"Olga Ivanova;", b"Olga\rIvanova;")
    response = upload(client, teacher_cohort, data, "list.csv")
    assert response.status_code == 200  # the row is split in two: the broken half is reported, nothing saved yet
    assert "Rows with problems" in response.get_data(as_text=True)


def test_a_line_break_inside_quotes_stays_in_the_cell(client, teacher_cohort):
    data = csv_file("\r\n").replace(b"Senjori; Nepilso\xc5\x86i", b"Senjori;\rNepilso\xc5\x86i")  # quoted by csv
    response = upload(client, teacher_cohort, data, "list.csv")
    assert response.status_code == 200
    assert "2 learners are ready to be added" in response.get_data(as_text=True)


def upload_in_memory(client, cohort, data: bytes, name: str):
    """As `upload`, but the body is built in memory: the test client would spool a large body to a
    temporary file it never closes (a ResourceWarning, an error under this suite's settings)."""
    boundary, body = encode_multipart({"file": FileStorage(io.BytesIO(data), filename=name)})
    return client.post(f"/cohorts/{cohort.id}/import", data=body,
                       content_type=f"multipart/form-data; boundary={boundary}")


def test_an_upload_far_over_the_limit_is_refused_before_it_is_read(client, teacher_cohort):
    response = upload_in_memory(client, teacher_cohort, b"x" * (5 * 1024 * 1024), "list.csv")
    assert response.status_code == 413
    text = response.get_data(as_text=True)
    assert "The file is too large" in text and "Files of up to 2 MB can be uploaded." in text


def test_a_file_just_over_the_limit_gets_the_import_message(client, teacher_cohort):
    response = upload_in_memory(client, teacher_cohort, b"x" * (MAX_BYTES + 1), "list.csv")
    assert response.status_code == 422
    assert "The file is larger than 2 MB." in response.get_data(as_text=True)


def test_hsts_only_when_cookies_are_secure(app, client, monkeypatch):
    assert "Strict-Transport-Security" not in client.get("/auth/login").headers
    monkeypatch.setitem(app.config, "SESSION_COOKIE_SECURE", True)
    assert client.get("/auth/login").headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
