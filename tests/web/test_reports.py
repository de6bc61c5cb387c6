"""The funder report on a seeded data set, checked against counts worked out by hand: people in
several target groups, a person who moved cohort, people with no activity, and period edges."""
import csv
import io
import re
from datetime import date, datetime, timezone

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from lsk_learn.auth.roles import Role
from lsk_learn.cohorts.models import AttendanceMark, AttendanceSession, Cohort, Enrolment
from lsk_learn.exams.models import ExamAttempt, ExamPartResult
from lsk_learn.extensions import db
from lsk_learn.learn.models import PracticeAnswer
from lsk_learn.review.models import PracticeSession
from lsk_learn.profiles.models import LearnerProfile, Municipality
from lsk_learn.reports.models import ExamOutcome, ExportLog, Programme
from lsk_learn.reports.services import METRICS, ReportFilters, run_report


def utc(*args):
    return datetime(*args, tzinfo=timezone.utc)


@pytest.fixture
def seeded(app, make_user, synced_bank):
    municipality = {m.name: m.id for m in db.session.scalars(select(Municipality))}
    staff = make_user(Role.COORDINATOR)
    programme = Programme(name="Latgale 2026", min_sessions_attended=2)
    db.session.add(programme)
    db.session.flush()
    cohorts = {}
    for key, town, in_programme in (("A", "Daugavpils valstspilsēta", True), ("B", "Krāslavas novads", True),
                                    ("C", "Preiļu novads", False)):
        cohorts[key] = Cohort(name=f"Cohort {key}", municipality=town, starts_on=date(2026, 8, 1), target_groups=[],
                              programme_id=programme.id if in_programme else None)
        db.session.add(cohorts[key])
    db.session.flush()

    def person(name, town, groups):
        user = make_user(display_name=name)
        db.session.add(LearnerProfile(user_id=user.id, birth_year=1950, municipality_id=municipality[town],
                                      target_groups=groups, exemptions=[], consent_at=utc(2026, 8, 1)))
        return user

    def enrol(user, cohort, start, end=None):
        db.session.add(Enrolment(cohort_id=cohorts[cohort].id, user_id=user.id, enrolled_at=start, left_at=end))

    def practise(user, when):
        session = PracticeSession(user_id=user.id, topic_id="history", question_ids=["t-hist-001"], started_at=when)
        db.session.add(session)
        db.session.flush()
        db.session.add(PracticeAnswer(session_id=session.id, user_id=user.id, question_id="t-hist-001", position=0,
                                      response="a", is_correct=True, score=1.0, answered_at=when))

    sessions = {}

    def attend(cohort, day, *present):
        key = (cohort, day)
        if key not in sessions:
            sessions[key] = AttendanceSession(cohort_id=cohorts[cohort].id, held_on=date(2026, 10, day), created_by_id=staff.id)
            db.session.add(sessions[key])
            db.session.flush()
        for user in present:
            db.session.add(AttendanceMark(session_id=sessions[key].id, user_id=user.id, present=True))

    anna = person("Anna", "Daugavpils valstspilsēta", ["senior", "non_citizen"])
    boris = person("Boris", "Krāslavas novads", ["senior"])
    cilda = person("Cilda", "Preiļu novads", [])
    dmitrijs = person("Dmitrijs", "Daugavpils valstspilsēta", ["low_income"])
    elena = person("Elena", "Krāslavas novads", ["ethnic_minority", "non_citizen", "senior"])
    fjodors = person("Fjodors", "Daugavpils valstspilsēta", ["senior"])
    db.session.flush()
    enrol(anna, "A", utc(2026, 9, 15, 9))
    enrol(boris, "B", utc(2026, 10, 31, 21, 30))             # 23:30 on 31 October in Riga: inside
    enrol(cilda, "A", utc(2026, 9, 1, 9), utc(2026, 10, 10, 9))  # moved from A to B in the period
    enrol(cilda, "B", utc(2026, 10, 10, 9))
    enrol(dmitrijs, "C", utc(2026, 10, 31, 22, 30))          # 00:30 on 1 November in Riga: outside
    enrol(elena, "A", utc(2026, 8, 1, 9), utc(2026, 9, 30, 12))  # left before October
    enrol(fjodors, "C", utc(2026, 10, 2, 9))
    practise(anna, utc(2026, 10, 5, 10))
    practise(cilda, utc(2026, 10, 31, 21, 30))               # the last minutes of the period
    practise(elena, utc(2026, 10, 5, 10))                    # active, but not a participant any more
    attend("A", 6, anna, cilda)
    attend("A", 8, anna)
    attend("B", 20, cilda)
    for day in (3, 10, 17):
        attend("C", day, fjodors)
    attempt = ExamAttempt(user_id=fjodors.id, kind="knowledge", parts=["history", "satversme", "anthem"], settings={},
                          status="submitted", started_at=utc(2026, 10, 15, 9), deadline_at=utc(2026, 10, 15, 10),
                          submitted_at=utc(2026, 10, 15, 9, 40))
    db.session.add(attempt)
    db.session.flush()
    for part in ("history", "satversme", "anthem"):
        db.session.add(ExamPartResult(attempt_id=attempt.id, part=part, score=1, max_score=1, passed=True))
    for user, kind, day, passed in ((anna, "registered", date(2026, 10, 20), None), (anna, "language", date(2026, 10, 25), True),
                                    (cilda, "citizenship", date(2026, 11, 1), None)):
        db.session.add(ExamOutcome(user_id=user.id, kind=kind, happened_on=day, passed=passed, recorded_by_id=staff.id))
    db.session.commit()
    return {"programme": programme, "cohorts": cohorts, "municipality": municipality, "staff": staff,
            "people": {u.display_name: u.id for u in (anna, boris, cilda, dmitrijs, elena, fjodors)}}


OCTOBER = ReportFilters(date(2026, 10, 1), date(2026, 10, 31))


def named(seeded, ids):
    by_id = {v: k for k, v in seeded["people"].items()}
    return sorted(by_id[i] for i in ids)


def test_october_counts_by_hand(seeded):
    report = run_report(OCTOBER)
    assert named(seeded, report.people["participants"]) == ["Anna", "Boris", "Cilda", "Fjodors"]
    assert named(seeded, report.people["active"]) == ["Anna", "Cilda", "Fjodors"]
    assert named(seeded, report.people["completed"]) == ["Anna", "Cilda"]  # Cilda: one session in A, one in B
    assert named(seeded, report.people["mock_passed"]) == ["Fjodors"]
    assert named(seeded, report.people["registered"]) == ["Anna"]
    assert named(seeded, report.people["language_passed"]) == ["Anna"]
    assert report.people["citizenship"] == set()  # 1 November is outside
    totals = report.breakdown.totals
    assert (totals["participants"], totals["active"], totals["completed"]) == (4, 3, 2)
    assert report.breakdown.by_group["participants"] == {"senior": 3, "non_citizen": 1, "": 1}
    m = seeded["municipality"]
    assert report.breakdown.by_municipality["participants"] == {m["Daugavpils valstspilsēta"]: 2, m["Krāslavas novads"]: 1,
                                                                m["Preiļu novads"]: 1}
    assert (report.sessions_held, report.attendances) == (6, 7)
    assert report.funnel == [("participants", 4), ("active", 3), ("completed", 2), ("exam_passed", 1)]
    assert report.monthly == [("2026-10", 3, 2)]  # active: Anna, Cilda, Fjodors; new: Boris, Fjodors (Cilda moved)
    assert dict(report.by_cohort) == {"Cohort A": 2, "Cohort B": 2, "Cohort C": 1}


def test_filters(seeded):
    programme = run_report(ReportFilters(date(2026, 10, 1), date(2026, 10, 31), programme_id=seeded["programme"].id))
    assert named(seeded, programme.people["participants"]) == ["Anna", "Boris", "Cilda"]
    assert (programme.sessions_held, programme.attendances) == (3, 4)
    seniors = run_report(ReportFilters(date(2026, 10, 1), date(2026, 10, 31), target_group="senior"))
    assert named(seeded, seniors.people["participants"]) == ["Anna", "Boris", "Fjodors"]
    kraslava = run_report(ReportFilters(date(2026, 10, 1), date(2026, 10, 31),
                                        municipality_id=seeded["municipality"]["Krāslavas novads"]))
    assert named(seeded, kraslava.people["participants"]) == ["Boris"]
    cohort_b = run_report(ReportFilters(date(2026, 10, 1), date(2026, 10, 31), cohort_id=seeded["cohorts"]["B"].id))
    assert named(seeded, cohort_b.people["participants"]) == ["Boris", "Cilda"]


def test_september_edges(seeded):
    report = run_report(ReportFilters(date(2026, 9, 1), date(2026, 9, 30)))
    assert named(seeded, report.people["participants"]) == ["Anna", "Cilda", "Elena"]
    assert report.people["active"] == set() and report.people["completed"] == set()
    november = run_report(ReportFilters(date(2026, 11, 1), date(2026, 11, 30)))
    assert named(seeded, november.people["citizenship"]) == ["Cilda"]
    assert "Dmitrijs" in named(seeded, november.people["participants"])


def test_report_page_and_exports(client, auth, make_user, seeded):
    auth.login(make_user(Role.COORDINATOR, locale="en"))
    query = "start=2026-10-01&end=2026-10-31"
    page = client.get(f"/reports/?{query}").get_data(as_text=True)
    assert "A person in two target groups is counted in each group, but only once in every total." in page
    assert '<svg class="chart bar-rows chart-funnel" role="img"' in page and "Participants: 4." in page
    xlsx = client.get(f"/reports/export.xlsx?{query}")
    book = load_workbook(io.BytesIO(xlsx.data))
    assert book.sheetnames == ["Filters and definitions", "Summary", "Municipality × group", "By group", "By month"]
    about = book["Filters and definitions"]
    assert about["A2"].value == "Period" and about["B2"].value == "2026-10-01 – 2026-10-31"
    summary = book["Summary"]
    assert [c.value for c in summary[1]] == ["Measure", "People"] and summary["A1"].font.bold
    assert [[c.value for c in row] for row in summary.iter_rows(min_row=2)] == [
        ["Participants", 4], ["Active learners", 3], ["Completed the programme", 2], ["Passed a mock exam", 1],
        ["Registered for the exam", 1], ["Passed the language test", 1], ["Passed the knowledge test", 0],
        ["Granted citizenship", 0], ["Sessions held", 6], ["Attendances", 7]]
    grid = book["Municipality × group"]
    rows = {(r[0], r[1]): r[2:] for r in grid.iter_rows(min_row=2, values_only=True)}
    assert rows[("Daugavpils valstspilsēta", "Seniors")][0] == 2
    assert rows[("Daugavpils valstspilsēta", "Non-citizens")][0] == 1
    assert rows[("Preiļu novads", "No target group")][0] == 1
    assert rows[("Total (each person once)", None)][0] == 4
    assert [r for r in book["By month"].iter_rows(min_row=2, values_only=True)] == [("2026-10", 3, 2)]
    text = client.get(f"/reports/export.csv?{query}").get_data(as_text=True)
    assert "Participants,4" in text
    people = list(csv.reader(io.StringIO(client.get(f"/reports/people.csv?{query}").get_data(as_text=True).lstrip("\ufeff"))))
    assert [r[0] for r in people[1:]] == ["Anna", "Boris", "Cilda", "Fjodors"]
    assert people[1][3] == "Non-citizens; Seniors"
    logs = db.session.scalars(select(ExportLog).order_by(ExportLog.id)).all()
    assert [(l.format, l.scope) for l in logs] == [("xlsx", "summary"), ("csv", "summary"), ("csv", "people")]
    assert logs[0].filters["start"] == "2026-10-01"
    assert client.get(f"/reports/print?{query}").status_code == 200


def test_bad_report_input_is_explained(client, auth, make_user, seeded):
    auth.login(make_user(Role.COORDINATOR, locale="en"))
    page = client.get("/reports/?start=yesterday&municipality=999&group=nobody&end=2026-01-01")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "“yesterday” is not a date" in text and "“999” is not one of the choices." in text
    assert client.get("/reports/export.pdf").status_code == 404


def test_teachers_and_learners_are_refused_the_reports(client, auth, make_user, seeded):
    for role in (Role.TEACHER, Role.LEARNER):
        auth.login(make_user(role))
        for url in ("/reports/", "/reports/export.xlsx", "/reports/people.csv", "/reports/print"):
            assert client.get(url).status_code == 403
        auth.logout()
    assert db.session.scalar(select(func.count(ExportLog.id))) == 0


def test_recording_outcomes(client, auth, make_user, make_cohort, seeded):
    teacher = make_user(Role.TEACHER, locale="en")
    mine = make_user(display_name="Mine")
    make_cohort(teacher, [mine], name="T")
    auth.login(teacher)
    page = client.get("/reports/outcomes").get_data(as_text=True)
    assert ">Mine<" in page and ">Anna<" not in page  # only the teacher's own learners
    missing = client.post("/reports/outcomes", data={"learner": mine.id, "kind": "knowledge", "happened_on": "2026-10-10"})
    assert "Choose whether the test was passed." in missing.get_data(as_text=True)
    ok = client.post("/reports/outcomes", data={"learner": mine.id, "kind": "knowledge", "happened_on": "2026-10-10",
                                               "result": "failed", "history": "y", "satversme": ""})
    assert ok.status_code == 302
    outcome = db.session.scalar(select(ExamOutcome).where(ExamOutcome.user_id == mine.id))
    assert (outcome.passed, outcome.parts) == (False, {"history": True, "satversme": False, "anthem": False})
    stranger = client.post("/reports/outcomes", data={"learner": seeded["people"]["Anna"], "kind": "registered",
                                                     "happened_on": "2026-10-10"})
    assert "Not a valid choice" in stranger.get_data(as_text=True)


def test_programme_definition_form(client, auth, make_user, seeded):
    auth.login(make_user(Role.COORDINATOR, locale="en"))
    bad = client.post("/reports/programmes/new", data={"name": "Latgale 2026", "min_lessons_percent": "150"})
    text = bad.get_data(as_text=True)
    assert "Enter a percentage from 1 to 100." in text
    ok = client.post("/reports/programmes/new", data={"name": "Preiļi pilot", "min_sessions_attended": "3",
                                                      "cohorts": [str(seeded["cohorts"]["C"].id)]})
    assert ok.status_code == 302
    pilot = db.session.scalar(select(Programme).where(Programme.name == "Preiļi pilot"))
    db.session.expire_all()
    assert seeded["cohorts"]["C"].programme_id == pilot.id
    report = run_report(OCTOBER)
    assert named(seeded, report.people["completed"]) == ["Anna", "Cilda", "Fjodors"]  # three sessions in C


# Every figure of the October report under every filter, counted by hand from the seeded world:
# participants, active, completed, mock passed, registered, language passed, knowledge passed,
# citizenship (people), then sessions held and attendances. Sessions held under a person filter
# are those of the groups the matching participants were in (issue 11: it ignored the filter).
EVERY_FIGURE = {
    "no filter": ({}, (["Anna", "Boris", "Cilda", "Fjodors"], ["Anna", "Cilda", "Fjodors"], ["Anna", "Cilda"],
                       ["Fjodors"], ["Anna"], ["Anna"], [], []), (6, 7)),
    "Preiļu novads": ({"municipality": "Preiļu novads"}, (["Cilda"], ["Cilda"], ["Cilda"], [], [], [], [], []), (3, 2)),
    "Daugavpils": ({"municipality": "Daugavpils valstspilsēta"},
                   (["Anna", "Fjodors"], ["Anna", "Fjodors"], ["Anna"], ["Fjodors"], ["Anna"], ["Anna"], [], []), (5, 5)),
    "Krāslava": ({"municipality": "Krāslavas novads"}, (["Boris"], [], [], [], [], [], [], []), (1, 0)),
    "seniors": ({"target_group": "senior"},
                (["Anna", "Boris", "Fjodors"], ["Anna", "Fjodors"], ["Anna"], ["Fjodors"], ["Anna"], ["Anna"], [], []),
                (6, 5)),
    "non-citizens": ({"target_group": "non_citizen"}, (["Anna"], ["Anna"], ["Anna"], [], ["Anna"], ["Anna"], [], []),
                     (2, 2)),
    "Daugavpils seniors": ({"municipality": "Daugavpils valstspilsēta", "target_group": "senior"},
                           (["Anna", "Fjodors"], ["Anna", "Fjodors"], ["Anna"], ["Fjodors"], ["Anna"], ["Anna"], [], []),
                           (5, 5)),
    "low income": ({"target_group": "low_income"}, ([], [], [], [], [], [], [], []), (0, 0)),
    "group C": ({"cohort": "C"}, (["Fjodors"], ["Fjodors"], [], ["Fjodors"], [], [], [], []), (3, 3)),
    "programme": ({"programme": True}, (["Anna", "Boris", "Cilda"], ["Anna", "Cilda"], ["Anna", "Cilda"], [], ["Anna"],
                                        ["Anna"], [], []), (3, 4)),
}


@pytest.mark.parametrize("name", EVERY_FIGURE)
def test_every_figure_under_every_filter_by_hand(seeded, name):
    given, people, (held, attended) = EVERY_FIGURE[name]
    filters = ReportFilters(
        date(2026, 10, 1), date(2026, 10, 31),
        municipality_id=seeded["municipality"][given["municipality"]] if "municipality" in given else None,
        target_group=given.get("target_group"),
        cohort_id=seeded["cohorts"][given["cohort"]].id if "cohort" in given else None,
        programme_id=seeded["programme"].id if given.get("programme") else None)
    report = run_report(filters)
    assert tuple(named(seeded, report.people[m]) for m in METRICS) == people
    assert (report.sessions_held, report.attendances) == (held, attended)
    assert [report.breakdown.totals[m] for m in METRICS] == [len(p) for p in people]


def test_sessions_held_follows_the_filter_on_the_page_the_xlsx_and_the_print_page(client, auth, make_user, seeded):
    auth.login(make_user(Role.COORDINATOR, locale="en"))
    query = f"start=2026-10-01&end=2026-10-31&municipality={seeded['municipality']['Preiļu novads']}"
    for path in ("/reports/", "/reports/print"):
        page = client.get(f"{path}?{query}").get_data(as_text=True)
        figure = re.search(r"Sessions held</t[hd]>\s*<td[^>]*>(\d+)<", page)
        assert figure and figure.group(1) == "3", path
    book = load_workbook(io.BytesIO(client.get(f"/reports/export.xlsx?{query}").data))
    summary = {row[0]: row[1] for row in book.worksheets[1].iter_rows(values_only=True)}
    assert summary["Sessions held"] == 3


def test_the_default_period_ends_on_rigas_today_not_utcs(client, auth, make_user, make_cohort, monkeypatch):
    """At 00:30 in Riga (22:30 UTC the day before) a person enrolled a minute ago is a participant
    of the default period (1 January to today). It used UTC's date, so from 22:00 UTC to midnight
    the report left out everyone enrolled since Riga's midnight (CI caught it at that hour)."""
    import lsk_learn.core.time as clock
    from datetime import timedelta

    late_evening = (clock.utcnow() + timedelta(days=1)).replace(hour=22, minute=30, second=0, microsecond=0)
    monkeypatch.setattr(clock, "utcnow", lambda: late_evening)
    learner = make_user(display_name="Anna Bērziņa")
    db.session.add(LearnerProfile(user_id=learner.id, consent_at=late_evening, consent_purpose="test"))
    cohort = make_cohort(None, [])
    db.session.add(Enrolment(cohort_id=cohort.id, user_id=learner.id, enrolled_at=late_evening - timedelta(minutes=1)))
    db.session.commit()
    auth.login(make_user(Role.COORDINATOR, locale="en"))
    rows = list(csv.reader(io.StringIO(client.get("/reports/people.csv").get_data(as_text=True).lstrip("\ufeff"))))
    assert [row[0] for row in rows[1:]] == ["Anna Bērziņa"]
