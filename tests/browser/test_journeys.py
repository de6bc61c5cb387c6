"""The learner, teacher and coordinator journeys in a real browser, in Latvian and Russian, on a
desktop and a 360 px phone screen. Every page they visit must have no axe-core violation and no Nu
HTML Checker error."""
import os
from datetime import datetime

import pyotp
import pytest

from ..servers import waitress
from .checks import AXE, VNU, PageChecker
from .conftest import _flask, settled_password, sign_in

VARIANTS = [("lv", 1280), ("ru", 1280), ("lv", 360), ("ru", 360)]
NEW_PASSWORD = "journey-password-1"
LEARNERS = {("lv", 1280): "learner", ("ru", 1280): "svetlana.k", ("lv", 360): "marija.s", ("ru", 360): "natalja.b"}
STAFF = ("teacher", "coordinator")


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory):
    """The app with its full demo data (the real question bank), served by waitress. Yields the
    address and the passwords: temporary ones (to be replaced at the first sign-in) for the learners
    and the administrator, whose journeys start there, each with an account of its own; settled ones
    for the staff, whose journeys (one per variant, in any order or alone) sign in directly."""
    if not (AXE.exists() and VNU.exists()):
        message = "run `npm ci` for axe-core and vnu-jar"
        if os.environ.get("LSK_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    workdir = tmp_path_factory.mktemp("demo-site")
    database = workdir / "demo.sqlite3"
    env = {**os.environ, "LSK_DATABASE_URL": f"sqlite:///{database}", "LSK_SECRET_KEY": "journeys"}
    _flask(env, "db", "upgrade")
    _flask(env, "demo")
    passwords = {username: _flask(env, "users", "reset-password", username).strip().rsplit(": ", 1)[-1]
                 for username in (*LEARNERS.values(), "admin")}
    passwords |= {username: settled_password(env, database, username) for username in STAFF}
    with waitress(env, errors=workdir / "server.log") as server:
        yield server.base, passwords


def _context(browser, lang, width):
    return browser.new_context(viewport={"width": width, "height": 900}, locale={"lv": "lv-LV", "ru": "ru-RU"}[lang],
                               bypass_csp=True, accept_downloads=True)  # CSP bypass only to inject axe


def _sign_in_first_time(page, base, username, password, lang, checker):
    page.goto(base + "/auth/login")
    checker.check(page, "login")
    sign_in(page, base, username, password)
    # a temporary password: the profile page asks for a new one
    assert page.url.endswith("/auth/profile")
    page.click(f"form.language-switcher button[value={lang}]")
    checker.check(page, "profile")
    page.fill("#password-current_password", password)
    page.fill("#password-new_password", NEW_PASSWORD)
    page.fill("#password-confirm", NEW_PASSWORD)
    page.click("#password-submit")
    assert page.locator("html").get_attribute("lang") == lang


def _sign_in_staff(page, base, username, passwords, lang, checker):
    """Staff accounts are settled by demo_site: sign in, then choose the language on the profile page."""
    sign_in(page, base, username, passwords[username])
    assert not page.url.endswith("/auth/profile"), "the staff account still has to change its password"
    page.goto(base + "/auth/profile")
    page.click(f"form.language-switcher button[value={lang}]")
    assert page.locator("html").get_attribute("lang") == lang
    checker.check(page, "profile")


def _finish(checker):
    assert checker.axe_problems == [], "\n".join(checker.axe_problems)
    errors = checker.html_errors()
    assert errors == [], "\n".join(errors)


@pytest.mark.parametrize("lang,width", VARIANTS, ids=[f"{l}-{w}" for l, w in VARIANTS])
def test_learner_journey(demo_site, browser, lang, width):
    base, passwords = demo_site
    username = LEARNERS[(lang, width)]
    checker = PageChecker(f"learner-{lang}-{width}")
    context = _context(browser, lang, width)
    page = context.new_page()
    _sign_in_first_time(page, base, username, passwords[username], lang, checker)
    page.goto(base + "/learn/")
    checker.check(page, "dashboard")
    page.goto(base + "/learn/lessons")
    checker.check(page, "lessons")
    page.locator(".lesson-list a").first.click()
    checker.check(page, "lesson")
    done = page.locator("form[action$='/done'] button")
    if done.count():
        done.click()
        checker.check(page, "lesson-read")
    page.goto(base + "/learn/practice")
    checker.check(page, "practice-start")
    page.click("input[type=submit].button")
    checker.check(page, "question")
    if lang == "ru" and page.locator("a.help-link").count():
        page.locator("a.help-link").last.click()
        checker.check(page, "question-translated")
    page.locator("label.choice").first.click()
    page.click("form.question-form button[type=submit]")
    checker.check(page, "feedback")
    page.goto(base + "/learn/history")
    checker.check(page, "history")
    page.goto(base + "/review/")
    checker.check(page, "review")
    page.locator("a[href*='/review/words/']").first.click()
    checker.check(page, "word-card")
    page.locator("a.button[href*='show=']").click()
    checker.check(page, "word-card-revealed")
    page.click("button[name=knew][value=yes]")
    page.goto(base + "/exams/")
    checker.check(page, "exams")
    page.goto(base + "/exams/profile")
    checker.check(page, "exam-profile")
    page.goto(base + "/exams/")
    page.click("a.button[href$='/exams/start/knowledge']")
    checker.check(page, "exam-intro")  # the clock starts only from the intro's button
    page.click("form[action$='/exams/start/knowledge'] button[type=submit]")
    checker.check(page, "exam-question")
    # a reduced exam header instead of the site menu (which took 198 px of a 360 px phone screen)
    assert page.locator("nav.main-nav").count() == 0
    assert page.locator("header.site-header").bounding_box()["height"] <= 900 / 5
    page.locator("label.choice").first.click()
    page.click("nav.exam-bar button[name=go][value=leave]")  # the way out saves and warns
    checker.check(page, "exam-leave")
    page.click("main a.button[href$='/overview']")
    checker.check(page, "exam-overview")
    page.click("main a.button[href$='/submit']")
    checker.check(page, "exam-confirm")  # submitting asks first, listing the 18 unanswered
    assert page.locator("main ol.item-grid a").count() == 18
    page.click("form[action$='/submit'] button[type=submit]")
    checker.check(page, "exam-results")
    assert "/results" in page.url
    # the results table stacks on a phone: every verdict is inside the screen
    verdicts = page.locator("table.part-results td.verdict")
    assert verdicts.count() == 3
    for cell in verdicts.all():
        box = cell.bounding_box()
        assert cell.is_visible() and box["x"] >= 0 and box["x"] + box["width"] <= width, box
    page.click("a.button[href*='retake_of=']")
    checker.check(page, "exam-retake-intro")
    context.close()
    _finish(checker)


@pytest.mark.parametrize("lang,width", VARIANTS, ids=[f"{l}-{w}" for l, w in VARIANTS])
def test_teacher_journey(demo_site, browser, lang, width):
    base, passwords = demo_site
    checker = PageChecker(f"teacher-{lang}-{width}")
    context = _context(browser, lang, width)
    page = context.new_page()
    _sign_in_staff(page, base, "teacher", passwords, lang, checker)
    page.goto(base + "/cohorts/")
    checker.check(page, "groups")
    page.locator("table a[href^='/cohorts/']").first.click()
    checker.check(page, "group-dashboard")
    cohort_url = page.url.split("?")[0]
    page.goto(cohort_url + "?flag=inactive&sort=last")
    checker.check(page, "group-filtered")
    page.goto(cohort_url)
    page.locator("table.grid tbody th a").first.click()
    checker.check(page, "learner")
    page.goto(cohort_url + "/questions")
    checker.check(page, "difficult-questions")
    page.goto(cohort_url + "/assignments")
    checker.check(page, "assignments")
    page.goto(cohort_url + "/attendance")
    checker.check(page, "attendance")
    page.click("form.inline-fields input[type=submit]")
    checker.check(page, "attendance-mark")
    boxes = page.locator("input[name=present]")
    for i in range(0, boxes.count(), 2):
        boxes.nth(i).check()
    page.click("form.attendance-form button[type=submit]")
    checker.check(page, "attendance-saved")
    page.goto(cohort_url + "/learners/new")
    checker.check(page, "add-learner")
    page.goto(cohort_url + "/import")
    checker.check(page, "import")
    # a list with one bad row: the preview offers the good rows and the bad one to download (nothing saved yet)
    rows = "Vārds, uzvārds;Dzimšanas gads;Pašvaldība\nĻubova Orlova;1950;Daugavpils\nBoriss;sixty;Rīga\n"
    page.set_input_files("#file", files=[{"name": "list.csv", "mimeType": "text/csv", "buffer": rows.encode()}])
    page.click("#submit")
    checker.check(page, "import-preview")
    assert page.locator("form.import-confirm").count() == 1 and page.locator("form.import-download").count() == 1
    page.goto(base + "/cohorts/grading")
    checker.check(page, "grading-queue")
    grade_links = page.locator("a[href^='/cohorts/grading/']")
    if grade_links.count():
        grade_links.first.click()
        checker.check(page, "grade")
        for field in page.locator("input[type=number]").all():
            field.fill("1")
        page.click("form button.button[type=submit]")
        checker.check(page, "graded")
    context.close()
    _finish(checker)


@pytest.mark.parametrize("lang,width", VARIANTS, ids=[f"{l}-{w}" for l, w in VARIANTS])
def test_coordinator_journey(demo_site, browser, lang, width):
    base, passwords = demo_site
    checker = PageChecker(f"coordinator-{lang}-{width}")
    context = _context(browser, lang, width)
    page = context.new_page()
    _sign_in_staff(page, base, "coordinator", passwords, lang, checker)
    page.goto(base + "/reports/")
    checker.check(page, "report")
    with page.expect_download() as download:
        page.click("a[href*='/reports/export.xlsx']")
    assert download.value.suggested_filename.endswith(".xlsx")
    page.goto(base + "/reports/?group=senior")
    checker.check(page, "report-seniors")
    page.goto(base + "/reports/print")
    checker.check(page, "report-print")
    page.goto(base + "/reports/outcomes")
    checker.check(page, "outcomes")
    page.goto(base + "/reports/programmes")
    checker.check(page, "programmes")
    page.locator("ul a[href^='/reports/programmes/']").first.click()
    checker.check(page, "programme")
    page.goto(base + "/reports/exports")
    checker.check(page, "export-log")
    page.goto(base + "/cohorts/")
    checker.check(page, "groups")
    context.close()
    _finish(checker)


def test_admin_pages(demo_site, browser):
    base, passwords = demo_site
    checker = PageChecker("admin-lv-1280")
    context = _context(browser, "lv", 1280)
    page = context.new_page()
    _sign_in_first_time(page, base, "admin", passwords["admin"], "lv", checker)
    # administrators must turn on two-step sign-in before anything else
    page.goto(base + "/admin/users")
    assert page.url.endswith("/auth/two-factor/setup")
    checker.check(page, "two-factor-setup")
    secret = page.locator("code.secret-key").inner_text().replace(" ", "")
    totp = pyotp.TOTP(secret)
    used = totp.timecode(datetime.now())
    page.fill("#code", totp.at(datetime.now()))
    page.click("#submit")
    assert page.url.endswith("/auth/profile")
    # sign out and in again: password, then a new code (the one just used is refused)
    page.click("form[action$='/auth/logout'] button")
    sign_in(page, base, "admin", NEW_PASSWORD)
    assert page.url.endswith("/auth/two-factor")
    checker.check(page, "two-factor-code")
    page.fill("#code", totp.generate_otp(used + 1))  # the next step's code is accepted a little early
    page.click("#submit")
    assert not page.url.endswith("/auth/two-factor")
    for name, path in (("users", "/admin/users"), ("new-user", "/admin/users/new"), ("lists", "/admin/lists"),
                       ("index", "/"), ("missing", "/no-such-page")):
        page.goto(base + path)
        checker.check(page, name)
    page.goto(base + "/admin/users/new")
    page.fill("#username", "jauns.lietotajs")
    page.fill("#display_name", "Jauns Lietotājs")
    page.click("input[type=submit].button")
    checker.check(page, "password-shown")
    context.close()
    _finish(checker)
