"""The mock exam in a real browser with its script (static/js/exam-client.js): the next question
shows without a page load once the server has stored the answer, Back shows the previous one as
the learner left it, a failed connection keeps the learner on the question with a message and the
answer as chosen, and every answer the page said was saved is in the database."""
import json
import sqlite3

import pytest
from playwright.sync_api import expect

from tests.web.exam_bank import build_exam_bank

from .checks import PageChecker
from .conftest import learner_server, sign_in


@pytest.fixture(scope="module")
def exam_server(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("exam-client")
    with learner_server(workdir, build_exam_bank(workdir / "bank"), "e-learner", "Exam learner") as server:
        yield server


def stored_answers(database, attempt_id: int) -> dict[int, str]:
    with sqlite3.connect(database) as connection:
        return {position: json.loads(response) for position, response in connection.execute(
            "SELECT i.position, a.response FROM exam_answer a JOIN exam_item i ON i.id = a.item_id "
            "WHERE a.attempt_id = ?", (attempt_id,))}


def choose(page, n: int) -> str:
    """Click the n-th option of the question shown; its value."""
    page.locator(".exam-item label.choice").nth(n).click()
    return page.locator(".exam-item input[type=radio]").nth(n).get_attribute("value")


@pytest.mark.parametrize("lang,width", [("ru", 360), ("lv", 1280)])
def test_questions_follow_each_other_without_page_loads_and_nothing_is_lost(exam_server, browser, lang, width):
    base_url, account, database = exam_server
    context = browser.new_context(locale={"lv": "lv-LV", "ru": "ru-RU"}[lang], viewport={"width": width, "height": 800},
                                  bypass_csp=True)  # CSP bypass only to inject axe
    page = context.new_page()
    checker = PageChecker(f"exam-client-{lang}-{width}")
    sign_in(page, base_url, *account)
    page.goto(base_url + "/exams/start/knowledge")
    page.click("form[action$='/exams/start/knowledge'] button[type=submit]")
    page.wait_for_load_state("load")
    attempt_path = page.url.removeprefix(base_url).rsplit("/item/", 1)[0]
    expect(page.locator("[data-exam-items][data-ready]")).to_have_count(1)
    page.evaluate("window.sameDocument = true")  # gone with any page load

    chosen = {}
    for position in range(3):
        chosen[position] = choose(page, 1)
        page.click(".exam-nav button[value=next]")
        page.wait_for_url(f"**{attempt_path}/item/{position + 1}")
        expect(page.locator(".exam-item")).to_have_attribute("data-position", str(position + 1))
    assert page.evaluate("window.sameDocument") is True
    assert page.evaluate("document.activeElement.className") == "progress-line"  # read out first
    expect(page.locator(".exam-progress")).to_contain_text("3")
    assert page.locator(".exam-item progress").get_attribute("value") == "3"
    assert page.locator("#answer-form").count() == 1
    checker.check(page, "third-question-shown-by-the-script")

    page.go_back()
    page.wait_for_url(f"**{attempt_path}/item/2")
    assert page.locator(".exam-item input[type=radio]").nth(1).is_checked()  # as the learner left it
    page.go_forward()
    page.wait_for_url(f"**{attempt_path}/item/3")
    assert page.evaluate("window.sameDocument") is True

    # the connection fails: the learner stays, with the answer as chosen and a message
    page.route("**/item/3", lambda route: route.abort() if route.request.method == "POST" else route.continue_())
    chosen[3] = choose(page, 2)
    page.click(".exam-nav button[value=next]")
    expect(page.locator(".exam-item [role=alert]")).to_be_visible()
    assert page.url.endswith("/item/3") and page.locator(".exam-item input[type=radio]").nth(2).is_checked()
    checker.check(page, "answer-not-sent")
    page.unroute("**/item/3")
    page.click(".exam-nav button[value=next]")  # now the ordinary way: a page load
    page.wait_for_url(f"**{attempt_path}/item/4")
    page.wait_for_load_state("load")
    assert page.evaluate("window.sameDocument") is None

    assert stored_answers(database, int(attempt_path.rsplit("/", 1)[1])) == chosen
    page.goto(base_url + f"{attempt_path}/item/1")
    assert page.locator(".exam-item input[type=radio]").nth(1).is_checked()  # the server has it
    page.goto(base_url + f"{attempt_path}/submit")
    page.click("form[action$='/submit'] button[type=submit]")
    context.close()
    assert checker.axe_problems == [], "\n".join(checker.axe_problems)
    assert checker.html_errors() == []
