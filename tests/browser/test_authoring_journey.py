"""Issue 14 in a real browser: a teacher writes a question, previews it and sends it for review;
another teacher approves it; a learner then practises it. Works without JavaScript."""
from .conftest import sign_in

QUESTION = "Cik gadu vecs jābūt Saeimas deputātam?"


def test_a_question_goes_from_one_teacher_through_another_to_a_learner(live_server, browser):
    base_url, accounts = live_server
    context = browser.new_context(locale="lv-LV", java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in(page, base_url, *accounts["author"])
    page.click("nav.main-nav a[href='/authoring/']")
    page.click("nav.sub-nav a[href='/authoring/questions/new']")
    page.select_option("#type", "single")
    page.select_option("#topic", "satversme/ch2-saeima")
    page.fill("#text-lv", QUESTION)
    page.fill("#text-ru", "Сколько лет должно быть депутату Сейма?")
    for option, lv, ru in (("a", "Vismaz 21 gadu", "Не менее 21 года"), ("b", "Vismaz 18 gadu", "Не менее 18 лет"),
                           ("c", "Vismaz 25 gadus", "Не менее 25 лет")):
        page.fill(f"#option-{option}-lv", lv)
        page.fill(f"#option-{option}-ru", ru)
    page.check("input[name=correct][value=a]")
    page.fill("#explanation-lv", "Saeimā var ievēlēt Latvijas pilsoni, kas vecāks par 21 gadu.")
    page.fill("#source", "Latvijas Republikas Satversme, 9. pants")
    page.fill("#articles", "9")
    page.click("form.question-editor button[type=submit]")
    assert "/authoring/versions/" in page.url
    assert page.locator("section.preview legend").inner_text() == QUESTION  # the learner's view
    assert page.locator("section.preview label.choice").count() == 3
    page.click("form[action$='/submit'] button")
    version_url = page.url
    context.close()

    context = browser.new_context(locale="lv-LV", java_script_enabled=False)
    page = context.new_page()
    sign_in(page, base_url, *accounts["reviewer"])
    page.goto(base_url + "/authoring/")
    page.click(f"a:has-text('{QUESTION}')")
    assert page.url == version_url
    page.click("form[action$='/approve'] button")
    assert page.locator(".flash-info").count() == 1 and page.locator("form[action$='/approve']").count() == 0
    context.close()

    context = browser.new_context(locale="lv-LV")
    page = context.new_page()
    sign_in(page, base_url, *accounts["settled learner"])
    page.goto(base_url + "/learn/practice")
    page.check("input[name=topic][value=satversme]")
    page.click("input[type=submit].button")
    seen = []
    for _ in range(5):
        if page.locator("h1.verdict").count() == 0 and page.locator(".question-text").count():
            seen.append(page.locator(".question-text").first.inner_text())
            page.locator("label.choice").first.click()
            page.click("form.question-form button[type=submit]")
        if page.locator("a.button").count() == 0 or "/results" in page.url:
            break
        page.locator("a.button").click()
    assert QUESTION in seen
    context.close()
