"""Issue 14's lesson editor in a real browser: a teacher edits a lesson and sees the live preview
(the learners' renderer, through the preview endpoint) follow the typing, and the lesson-date
rule's message appear and go; saves and sends it for review; another teacher approves it without
JavaScript; the learner then reads the new text."""
from playwright.sync_api import expect

from .conftest import sign_in

LESSON = "t-lesson-proclamation"
ADDED = "Proklamēšanas aktu nolasīja Gustavs Zemgals."


def test_a_lesson_edit_goes_from_one_teacher_through_another_to_a_learner(live_server, browser):
    base_url, accounts = live_server
    context = browser.new_context(locale="lv-LV", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors = []
    # (Chromium's own favicon request may log a 404 that is no page's resource: 404s are counted by URL)
    page.on("console", lambda message: errors.append(message.text) if "Content Security Policy" in message.text else None)
    page.on("response", lambda response: errors.append(response.url) if response.status == 404 else None)
    sign_in(page, base_url, *accounts["author"])
    page.goto(base_url + "/authoring/")
    page.click("nav.sub-nav a[href='/authoring/lessons']")
    page.click(f"a[href='/authoring/lessons/{LESSON}/edit']")
    # a click waits for the navigation to begin, not for the page's scripts: typing before the
    # preview script has run would change nothing (CI once saw the preview never follow)
    page.wait_for_load_state("load")
    body = page.locator("#body-lv")
    original = body.input_value()
    assert ADDED not in page.locator(".lesson-preview").inner_text()

    body.fill(original + "\n\n1991. Latvija atguva neatkarību.")  # a year read as a list: the date rule
    expect(page.locator(".lesson-preview .flash-error")).to_contain_text("1991\\.")
    body.fill(original + "\n\n" + ADDED)
    expect(page.locator(".lesson-preview .lesson-body[lang=lv]")).to_contain_text(ADDED)
    preview = page.locator(".lesson-preview")
    assert "1991" not in preview.inner_text()
    assert preview.locator(".lesson-body[lang=lv] p").last.inner_text() == ADDED  # rendered, not the source
    page.fill("#note", "Zemgals")
    page.click("form.lesson-editor button[value=save]")
    assert "/authoring/lesson-versions/" in page.url
    assert ADDED in page.locator("table.changes ins").first.inner_text()
    page.click("form[action$='/submit'] button")
    version_url = page.url
    assert errors == []  # the script ran under the Content-Security-Policy without complaint
    context.close()

    context = browser.new_context(locale="lv-LV", java_script_enabled=False)
    page = context.new_page()
    sign_in(page, base_url, *accounts["reviewer"])
    page.goto(base_url + "/authoring/")
    page.click(f"section[aria-labelledby=lessons-title] a[href='{version_url.removeprefix(base_url)}']")
    page.click("form[action$='/approve'] button")
    assert page.locator(".flash-info").count() == 1 and page.locator("form[action$='/approve']").count() == 0
    context.close()

    context = browser.new_context(locale="lv-LV")
    page = context.new_page()
    sign_in(page, base_url, *accounts["settled learner"])
    page.goto(base_url + f"/learn/lessons/{LESSON}")
    assert ADDED in page.locator(".lesson-body").inner_text()
    context.close()


def test_the_preview_button_works_without_javascript(live_server, browser):
    base_url, accounts = live_server
    context = browser.new_context(locale="lv-LV", java_script_enabled=False)
    page = context.new_page()
    sign_in(page, base_url, *accounts["reviewer"])
    page.goto(base_url + f"/authoring/lessons/{LESSON}/edit")
    page.fill("#body-lv", "Teksts ar **treknu** vārdu.")
    page.click("form.lesson-editor button[value=preview]")
    assert page.locator(".lesson-preview .lesson-body[lang=lv] strong").inner_text() == "treknu"
    assert page.locator("#body-lv").input_value() == "Teksts ar **treknu** vārdu."  # nothing lost, nothing saved
    context.close()
