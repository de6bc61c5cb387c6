"""Teacher, coordinator and administrator pages fit the screen at 360 and 1280 px, in Latvian and
Russian: the page itself never scrolls sideways (the learners × topics grid may, inside its own
region, with its names column fixed), the report's chart labels stay legible on a phone, and the
printable report fits A4 portrait and landscape without the site navigation (issue 11)."""
import os
import sqlite3
from datetime import datetime

import pyotp
import pytest

from ..servers import waitress
from .checks import AXE, VNU
from .conftest import _flask, sign_in

WIDTHS = (360, 1280)
LANGUAGES = ("lv", "ru")
A4 = {"portrait": (794, 1123), "landscape": (1123, 794)}  # CSS pixels at 96 dpi
NEW_PASSWORD = "page-width-password-1"
MIN_CHART_TEXT_PX = 12


@pytest.fixture(scope="module")
def staff_site(tmp_path_factory):
    """The app with its demo data (as the journeys use it), served by waitress."""
    if not (AXE.exists() and VNU.exists()):
        message = "run `npm ci` for axe-core and vnu-jar"
        if os.environ.get("LSK_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    workdir = tmp_path_factory.mktemp("page-width")
    database = workdir / "demo.sqlite3"
    env = {**os.environ, "LSK_DATABASE_URL": f"sqlite:///{database}", "LSK_SECRET_KEY": "page-width"}
    _flask(env, "db", "upgrade")
    _flask(env, "demo")
    passwords = {name: _flask(env, "users", "reset-password", name).strip().rsplit(": ", 1)[-1]
                 for name in ("teacher", "coordinator", "admin")}
    with waitress(env, errors=workdir / "server.log") as server:
        yield server.base, passwords, database


def _signed_in(browser, base, username, password):
    """A page signed in for the first time: the temporary password is replaced first."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="lv-LV")
    page = context.new_page()
    sign_in(page, base, username, password)
    assert page.url.endswith("/auth/profile")
    page.fill("#password-current_password", password)
    page.fill("#password-new_password", NEW_PASSWORD)
    page.fill("#password-confirm", NEW_PASSWORD)
    page.click("#password-submit")
    return context, page


def _language(page, base, lang):
    page.goto(base + "/auth/profile")
    page.click(f"form.language-switcher button[value={lang}]")
    assert page.locator("html").get_attribute("lang") == lang


def _assert_fits(page, label):
    scroll, client = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert scroll <= client, f"{label} is {scroll} px wide in a {client} px window"


def _check_pages(page, base, paths, checks=None):
    problems = []
    for lang in LANGUAGES:
        _language(page, base, lang)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            for name, path in paths:
                page.goto(base + path)
                label = f"{name} ({lang}, {width} px, {path})"
                try:
                    _assert_fits(page, label)
                    if checks and name in checks:
                        checks[name](page, width, label)
                except AssertionError as problem:
                    problems.append(str(problem))
    assert problems == [], "\n".join(problems)


def _grid_checks(page, width, label):
    """The grid scrolls in its own region with the names fixed; at 1280 px every topic shows."""
    region = page.locator("table.grid").locator("xpath=ancestor::*[@role='region'][1]")
    assert region.evaluate("e => getComputedStyle(e).overflowX") == "auto", label
    name_cell = page.locator("table.grid tbody th[scope=row]").first
    assert name_cell.evaluate("e => getComputedStyle(e).position") == "sticky", label
    if width == 1280:
        right = region.evaluate("e => e.getBoundingClientRect().right")
        topics = page.locator("table.grid thead th").count() - 6  # learner, then 5 columns after the topics
        last_topic = page.locator("table.grid thead th").nth(topics)
        assert last_topic.evaluate("e => e.getBoundingClientRect().right") <= right + 1, f"{label}: topics cut off"
        # two lines of text a row (a few more where mock results are listed), not seven
        tallest = page.evaluate("Math.max(...[...document.querySelectorAll('table.grid tbody tr')]"
                                ".map(r => r.getBoundingClientRect().height))")
        line = page.evaluate("parseFloat(getComputedStyle(document.querySelector('table.grid td')).lineHeight)")
        assert tallest <= 4.5 * line, f"{label}: a row is {tallest} px tall ({line} px lines)"


def _chart_checks(page, width, label):
    """Chart text is drawn at a legible size however the chart scales."""
    for chart in page.locator("svg.chart").all():
        scale = chart.evaluate("e => e.getBoundingClientRect().width / e.viewBox.baseVal.width")
        sizes = chart.evaluate("e => [...e.querySelectorAll('text')].map(t => parseFloat(t.getAttribute('font-size')))")
        assert sizes and min(sizes) * scale >= MIN_CHART_TEXT_PX, f"{label}: chart text at {min(sizes) * scale:.1f} px"


def _print_checks(page, width, label):
    assert page.locator("nav.main-nav").count() == 0, f"{label}: site navigation on the print page"


def test_teacher_pages_fit(staff_site, browser):
    base, passwords, database = staff_site
    context, page = _signed_in(browser, base, "teacher", passwords["teacher"])
    page.goto(base + "/cohorts/")
    cohort = page.locator("table a[href^='/cohorts/']").first.get_attribute("href")
    page.goto(base + cohort)
    learner = page.locator("table.grid tbody th a").first.get_attribute("href")
    page.goto(base + cohort + "/attendance")
    page.click("form.inline-fields input[type=submit]")
    marking = page.url.replace(base, "")
    paths = [("groups", "/cohorts/"), ("grid", cohort), ("grid-sorted", cohort + "?sort=flags"), ("learner", learner),
             ("questions", cohort + "/questions"), ("assignments", cohort + "/assignments"),
             ("attendance", cohort + "/attendance"), ("attendance-mark", marking), ("grading", "/cohorts/grading"),
             ("question-bank", "/authoring/"), ("all-bank-questions", "/authoring/questions?topic=satversme/ch2-saeima"),
             ("question-editor", "/authoring/questions/new"), ("bank-question", "/authoring/questions/sat-sae-001"),
             ("bank-version", "/authoring/versions/1"), ("import", "/authoring/import"), ("export", "/authoring/export"),
             ("lessons", "/authoring/lessons"), ("lesson", "/authoring/lessons/lesson-satversme-intro"),
             ("lesson-editor", "/authoring/lessons/lesson-satversme-intro/edit"),
             ("lesson-version", "/authoring/lesson-versions/1"), ("listening-audio", "/authoring/audio"),
             ("passage-audio", "/authoring/audio/lis-announcement-01")]
    _check_pages(page, base, paths, {"grid": _grid_checks, "grid-sorted": _grid_checks})
    # the question asked before a whole group is saved as absent
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(base + marking)
        page.click("form.attendance-form button[type=submit]")
        assert page.locator("button[name=nobody_came]").count() == 1
        _assert_fits(page, f"attendance question ({width} px)")
    context.close()


def test_coordinator_pages_fit_and_the_print_page_fits_a4(staff_site, browser):
    base, passwords, database = staff_site
    context, page = _signed_in(browser, base, "coordinator", passwords["coordinator"])
    page.request.get(base + "/reports/export.csv?group=senior")  # so the export log lists one
    page.goto(base + "/reports/programmes")
    programme = page.locator("ul a[href^='/reports/programmes/']").first.get_attribute("href")
    paths = [("report", "/reports/"), ("report-seniors", "/reports/?group=senior"), ("print", "/reports/print"),
             ("export-log", "/reports/exports"), ("programmes", "/reports/programmes"), ("programme", programme),
             ("outcomes", "/reports/outcomes"), ("all-questions", "/cohorts/questions")]
    _check_pages(page, base, paths, {"report": _chart_checks, "report-seniors": _chart_checks, "print": _print_checks})
    problems = []
    for lang in LANGUAGES:
        _language(page, base, lang)
        page.emulate_media(media="print")
        for orientation, (width, height) in A4.items():
            page.set_viewport_size({"width": width, "height": height})
            page.goto(base + "/reports/print")
            label = f"print page ({lang}, A4 {orientation})"
            try:
                _assert_fits(page, label)
                assert page.locator("nav.main-nav").count() == 0, f"{label}: site navigation"
                assert not page.locator("header.site-header").is_visible(), f"{label}: site header printed"
            except AssertionError as problem:
                problems.append(str(problem))
        page.emulate_media(media="screen")
    assert problems == [], "\n".join(problems)
    context.close()


def test_admin_pages_fit(staff_site, browser):
    base, passwords, database = staff_site
    context, page = _signed_in(browser, base, "admin", passwords["admin"])
    # administrators set up two-step sign-in before anything else
    page.goto(base + "/admin/users")
    assert page.url.endswith("/auth/two-factor/setup")
    secret = page.locator("code.secret-key").inner_text().replace(" ", "")
    page.fill("#code", pyotp.TOTP(secret).at(datetime.now()))
    page.click("#submit")
    with sqlite3.connect(database) as connection:  # the demo has several people per list
        assert connection.execute("SELECT count(*) FROM user").fetchone()[0] > 40
    _check_pages(page, base, [("users", "/admin/users"), ("lists", "/admin/lists")])
    context.close()
