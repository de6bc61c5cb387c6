"""A learner signs in and completes a practice quiz in a real browser, reloading mid-way."""
import re

from .conftest import sign_in


def test_learner_completes_a_practice_quiz(live_server, page):
    base_url, accounts = live_server
    username, temporary = accounts["learner"]
    sign_in(page, base_url, username, temporary)
    assert page.url.endswith("/auth/profile")  # a temporary password must be replaced first
    page.goto(base_url + "/learn/practice")
    assert page.url.endswith("/auth/profile")  # ... before any other page opens
    page.fill("#password-current_password", temporary)
    page.fill("#password-new_password", "mana jaunā parole")
    page.fill("#password-confirm", "mana jaunā parole")
    page.click("#password-submit")
    page.goto(base_url + "/learn/practice")
    page.check("input[name=topic][value=history]")
    page.check("input[name=count][value='5']")
    page.click("input[type=submit].button")
    for number in range(1, 4):
        assert page.locator(".progress-line").inner_text().startswith(f"{number}. jautājums no 3")
        if number == 2:
            page.reload()  # a reload mid-quiz shows the same unanswered question
            assert page.locator(".progress-line").inner_text().startswith("2. jautājums no 3")
        page.locator("label.choice").first.click()
        page.click("button.button")
        assert page.locator("h1.verdict").is_visible()
        page.locator("a.button").click()
    assert "/results" in page.url
    assert re.search(r"\d+ no 3 pareizi", page.locator(".lead").inner_text())


def test_practice_works_with_javascript_off(live_server, browser):
    """The whole practice flow, translation help included, is links and forms: no script needed."""
    base_url, accounts = live_server
    context = browser.new_context(locale="ru-RU", java_script_enabled=False)
    page = context.new_page()
    sign_in(page, base_url, *accounts["settled learner"])
    page.goto(base_url + "/learn/practice")
    page.click("input[type=submit].button")
    page.click("a.help-link")
    assert page.locator("p.help-text[lang=ru]").is_visible()
    page.locator("label.choice").first.click()
    page.click("form.question-form button[type=submit]")
    assert page.locator("h1.verdict").is_visible()
    context.close()


def test_a_question_can_be_answered_with_the_keyboard_alone(live_server, browser):
    base_url, accounts = live_server
    context = browser.new_context(locale="lv-LV")
    page = context.new_page()
    sign_in(page, base_url, *accounts["settled learner"])
    page.goto(base_url + "/learn/practice")
    with page.expect_navigation():  # Tab only once the question's page has loaded (a busy machine is slow)
        page.click("input[type=submit].button")
    for _ in range(40):  # Tab through the page to the first answer
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "answer":
            break
    else:
        raise AssertionError("no answer can be reached with Tab")
    page.keyboard.press("Space")
    assert page.evaluate("document.activeElement.checked") is True
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Atbildēt":
            break
    else:
        raise AssertionError("the Answer button cannot be reached with Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1.verdict").is_visible()
    context.close()


def test_large_text_on_a_360px_phone_does_not_overflow(live_server, browser):
    """WCAG reflow: with the large-text setting on a 360 px screen, no page scrolls sideways."""
    base_url, accounts = live_server
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="ru-RU")
    page = context.new_page()
    sign_in(page, base_url, *accounts["settled learner"])
    page.goto(base_url + "/auth/profile")
    page.check("#profile-large_text")
    page.click("#profile-submit")
    assert page.locator("html").get_attribute("class") == "large-text"
    page.goto(base_url + "/learn/practice")
    page.click("input[type=submit].button")
    for path in ("/learn/", "/learn/lessons", "/learn/practice", "/learn/history", "/review/", "/exams/", page.url):
        page.goto(path if path.startswith("http") else base_url + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} is {overflow}px wider than the screen"
    context.close()
