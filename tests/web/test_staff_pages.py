"""Staff pages (issue 11): names in Latvian alphabetical order on pages and in exports, names
instead of internal codes, a question before attendance is saved with nobody present, the
report's charts in the page's language, and a printable page without site navigation."""
import csv
import io
import re
from datetime import date
from pathlib import Path

from sqlalchemy import select

from lsk_learn.auth.roles import Role
from lsk_learn.cohorts.models import AttendanceMark, AttendanceSession
from lsk_learn.core.time import utcnow
from lsk_learn.extensions import db
from lsk_learn.learn.models import PracticeAnswer
from lsk_learn.review.models import PracticeSession
from lsk_learn.profiles.models import LearnerProfile, Municipality
from lsk_learn.reports.models import ExportLog

ROOT = Path(__file__).parents[2]
# Cīrulis before Čaks (č is a letter after c), Ļubova after Laura, Ūna before Zane: neither a
# binary (SQLite) nor an English (PostgreSQL) ORDER BY gives this order
NAMES = ["Zane Ozola", "Ūna Kalniņa", "Ļubova Mihailova", "Laura Liepa", "Čaks Aleksandrs", "Cīrulis Daina", "Anna Ivanova"]
LATVIAN_ORDER = ["Anna Ivanova", "Cīrulis Daina", "Čaks Aleksandrs", "Laura Liepa", "Ļubova Mihailova", "Ūna Kalniņa",
                 "Zane Ozola"]


def order_in(text: str, names=NAMES) -> list[str]:
    assert all(name in text for name in names), [n for n in names if n not in text]
    return sorted(names, key=text.index)


def csv_names(response) -> list[str]:
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    return [row[0] for row in rows[1:] if row and row[0] in NAMES]


def answer(learner, question_id, response, right):
    session = PracticeSession(user_id=learner.id, topic_id="grammar", question_ids=[question_id], started_at=utcnow())
    db.session.add(session)
    db.session.flush()
    db.session.add(PracticeAnswer(session_id=session.id, user_id=learner.id, question_id=question_id, position=0,
                                  response=response, is_correct=right, score=1.0 if right else 0.0, answered_at=utcnow()))
    db.session.commit()


def test_learners_are_in_latvian_order_on_the_grid_attendance_assignments_and_their_exports(
        client, auth, make_user, make_cohort, synced_bank):
    teacher = make_user(Role.TEACHER, locale="en")
    cohort = make_cohort(teacher, [make_user(display_name=name) for name in NAMES])
    auth.login(teacher)
    assert order_in(client.get(f"/cohorts/{cohort.id}").get_data(as_text=True)) == LATVIAN_ORDER
    assert order_in(client.get(f"/cohorts/{cohort.id}?sort=flags").get_data(as_text=True)) == LATVIAN_ORDER
    assert csv_names(client.get(f"/cohorts/{cohort.id}/export.csv")) == LATVIAN_ORDER
    assert order_in(client.get(f"/cohorts/{cohort.id}/assignments").get_data(as_text=True)) == LATVIAN_ORDER
    client.post(f"/cohorts/{cohort.id}/attendance", data={"held_on": "2026-11-24", "topic": ""})
    session = db.session.scalar(select(AttendanceSession))
    assert order_in(client.get(f"/cohorts/{cohort.id}/attendance/{session.id}").get_data(as_text=True)) == LATVIAN_ORDER
    assert csv_names(client.get(f"/cohorts/{cohort.id}/attendance.csv")) == LATVIAN_ORDER


def test_participants_list_groups_and_accounts_are_in_latvian_order(client, auth, make_user, make_cohort, synced_bank):
    learners = [make_user(display_name=name) for name in NAMES]
    for learner in learners:
        db.session.add(LearnerProfile(user_id=learner.id, consent_at=utcnow(), consent_purpose="test"))
    groups = ["Zilupe", "Ūdre", "Čiekurkalns", "Cukuri", "Cēsis", "Alūksne"]
    for index, name in enumerate(groups):
        make_cohort(None, learners[index:index + 1], name=name)
    db.session.commit()
    auth.login(make_user(Role.COORDINATOR, locale="en"))
    assert csv_names(client.get("/reports/people.csv")) == [n for n in LATVIAN_ORDER if n in NAMES[:6]]
    by_group = client.get("/reports/").get_data(as_text=True).split("<h2>By group</h2>")[1]
    assert order_in(by_group, groups) == ["Alūksne", "Cēsis", "Cukuri", "Čiekurkalns", "Ūdre", "Zilupe"]
    auth.logout()
    auth.login(make_user(Role.ADMIN, locale="en", display_name="Administrators"))
    assert order_in(client.get("/admin/users").get_data(as_text=True)) == LATVIAN_ORDER


def test_difficult_questions_show_a_wrong_true_false_answer_in_the_page_language(
        client, auth, make_user, make_cohort, synced_bank):
    teacher = make_user(Role.TEACHER, locale="lv")
    learners = [make_user() for _ in range(3)]
    cohort = make_cohort(teacher, learners)
    for learner in learners:
        answer(learner, "t-gra-tf", False, False)  # the key is "true"
    auth.login(teacher)
    page = client.get(f"/cohorts/{cohort.id}/questions").get_data(as_text=True)
    row = page.split("<tbody>")[1].split("</tr>")[0]
    assert "t-gra-tf" in row and "Nepareizi (3)" in row
    assert not re.search(r">\s*false\b", row)


def test_the_learner_page_names_the_main_language(client, auth, make_user, make_cohort, synced_bank):
    teacher = make_user(Role.TEACHER, locale="en")
    learner = make_user(display_name="Ļubova Mihailova")
    db.session.add(LearnerProfile(user_id=learner.id, main_language="ru", consent_at=utcnow(), consent_purpose="test"))
    cohort = make_cohort(teacher, [learner])
    auth.login(teacher)
    page = client.get(f"/cohorts/{cohort.id}/learners/{learner.id}").get_data(as_text=True)
    assert "<dt>Main language</dt><dd>Russian</dd>" in page
    assert page.count('name="lang" value=') == 3  # the page's own language switcher is untouched


def test_the_group_export_names_flags_in_the_page_language(client, auth, make_user, make_cohort, synced_bank):
    teacher = make_user(Role.TEACHER, locale="lv")
    cohort = make_cohort(teacher, [make_user(display_name="Ūna Kalniņa")])  # never active: inactive
    auth.login(teacher)
    rows = list(csv.reader(io.StringIO(client.get(f"/cohorts/{cohort.id}/export.csv").get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[1][0] == "Ūna Kalniņa" and rows[1][-1] == "neaktīvs"


def test_attendance_with_nobody_present_is_asked_about_first(client, auth, make_user, make_cohort):
    teacher = make_user(Role.TEACHER, locale="en")
    learners = [make_user(display_name=f"Learner {n:02d}") for n in range(15)]
    cohort = make_cohort(teacher, learners)
    auth.login(teacher)
    client.post(f"/cohorts/{cohort.id}/attendance", data={"held_on": "2026-11-24", "topic": ""})
    session = db.session.scalar(select(AttendanceSession))
    url = f"/cohorts/{cohort.id}/attendance/{session.id}"
    asked = client.post(url, data={})
    page = asked.get_data(as_text=True)
    assert asked.status_code == 200 and "Nobody is marked present" in page
    assert "all 15 learners would be saved as absent" in page
    assert 'name="nobody_came" value="yes"' in page and f'action="{url}"' in page
    assert db.session.scalars(select(AttendanceMark)).all() == []  # nothing saved yet
    saved = client.post(url, data={"nobody_came": "yes"}, follow_redirects=True)
    assert "0 of 15 present" in saved.get_data(as_text=True)
    assert [m.present for m in db.session.scalars(select(AttendanceMark))] == [False] * 15
    # with someone present nothing is asked
    again = client.post(url, data={"present": [str(learners[0].id)]})
    assert again.status_code == 302


def test_the_export_log_names_the_filters_and_its_columns_differ(client, auth, make_user, synced_bank):
    preili = db.session.scalar(select(Municipality).where(Municipality.name == "Preiļu novads"))
    coordinator = make_user(Role.COORDINATOR, locale="en")
    auth.login(coordinator)
    client.get(f"/reports/export.csv?start=2026-01-01&end=2026-11-30&municipality={preili.id}&group=senior")
    assert db.session.scalar(select(ExportLog)).filters["municipality_id"] == preili.id
    page = client.get("/reports/exports").get_data(as_text=True)
    assert "municipality_id" not in page and "target_group" not in page
    assert "Municipality: Preiļu novads" in page and "Target group: Seniors" in page
    assert "Jan 1, 2026 – Nov 30, 2026" in page
    coordinator.locale = "lv"
    db.session.commit()
    headers = re.findall(r'<th scope="col">([^<]*)</th>', client.get("/reports/exports").get_data(as_text=True))
    assert len(headers) == 4 and len(set(headers)) == 4, headers  # not two columns called "Kas"


def test_the_monthly_chart_names_months_and_years_and_shows_new_participants(client, auth, make_user, make_cohort,
                                                                             synced_bank):
    make_cohort(None, [make_user(display_name="Anna Ivanova")])
    auth.login(make_user(Role.COORDINATOR, locale="ru"))
    today = utcnow().date()
    page = client.get(f"/reports/?start={today.year - 1}-11-01&end={today.isoformat()}").get_data(as_text=True)
    chart = page.split('<svg class="chart bar-rows chart-months"')[1].split("</svg>")[0]
    assert ">нояб.</text>" in chart and ">дек.</text>" in chart and ">янв.</text>" in chart  # month names, not "11"
    assert f">{today.year - 1}</text>" in chart and f">{today.year}</text>" in chart      # each year above its months
    assert chart.count("series-1") == chart.count("series-0") > 12                         # new as well as active
    table = page.split('<table class="monthly">')[1].split("</table>")[0]
    assert f"ноябрь {today.year - 1}" in table and re.search(r"\d{4}-\d{2}", table) is None
    # the text is sized for the chart's width, which the page lets scale with the screen
    assert re.search(r'viewBox="0 0 400 [\d.]+"', chart) and 'font-size="16"' in chart and "width=" not in chart.split(">")[0]


def test_the_print_page_has_no_site_navigation_and_print_css_sets_the_page(client, auth, make_user, synced_bank):
    auth.login(make_user(Role.COORDINATOR, locale="en"))
    page = client.get("/reports/print?start=2026-01-01&end=2026-11-30").get_data(as_text=True)
    assert 'class="wrap main-nav"' not in page and 'aria-label="Main menu"' not in page
    assert '<main id="main" class="wrap print-page"' in page
    assert "Prepared on" in page and ". Prepared" not in page
    assert "@page" in (ROOT / "static" / "css" / "print.css").read_text()


def test_must_confirm_only_a_whole_group_absent():
    from lsk_learn.cohorts.attendance import must_confirm

    assert must_confirm({1, 2}, set(), confirmed=False)
    assert not must_confirm({1, 2}, set(), confirmed=True)
    assert not must_confirm({1, 2}, {1}, confirmed=False)
    assert not must_confirm(set(), set(), confirmed=False)  # nobody to mark


def test_periods_of_logged_exports_as_dates():
    from lsk_learn.reports.labels import logged_period as _period

    assert _period({"start": "2026-01-01", "end": "2026-11-30"}) == (date(2026, 1, 1), date(2026, 11, 30))
    assert _period({"start": "?"}) == (None, None)


def test_the_grid_shows_no_pass_chance_for_a_learner_who_never_practised(client, auth, make_user, make_cohort,
                                                                          synced_bank):
    teacher = make_user(Role.TEACHER, locale="en")
    cohort = make_cohort(teacher, [make_user(display_name="Ūna Kalniņa")])
    auth.login(teacher)
    page = client.get(f"/cohorts/{cohort.id}").get_data(as_text=True)
    parts = page.split('<td class="parts-cell">', 1)[1].split("</td>", 1)[0]
    assert "not enough answers yet" in parts and "%" not in parts  # the learner page says the same
