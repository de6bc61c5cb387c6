"""Issue 15's offline practice in a real browser: the service worker installs, a learner downloads
a practice pack, goes offline (the page itself then comes from the worker), answers ten questions,
comes back online, and the ten answers are stored once each; sending them all again stores nothing
new. Signing out deletes the phone's offline data. axe-core and the Nu HTML Checker find nothing."""
import sqlite3

import pytest

from .checks import PageChecker
from .conftest import FIXTURE_BANK, learner_server, sign_in


@pytest.fixture(scope="module")
def offline_server(tmp_path_factory):
    with learner_server(tmp_path_factory.mktemp("offline-live"), FIXTURE_BANK, "o-learner", "Offline learner") as server:
        yield server


def stored_answers(database) -> list[tuple]:
    with sqlite3.connect(database) as connection:
        return connection.execute(
            "SELECT a.client_id, a.question_id, a.question_version_id FROM practice_answer a "
            "JOIN user u ON u.id = a.user_id WHERE u.username = 'o-learner'").fetchall()


def answer_the_question(page) -> None:
    """Whatever the type: the first choice, the first option of every list, or a typed word."""
    form = page.locator("#practice-area form")
    if form.locator("select").count():
        for select in form.locator("select").all():
            select.select_option(index=1)
    elif form.locator("input[type=text]").count():
        form.locator("input[type=text]").fill("Rīgā")
    else:
        form.locator("label.choice").first.click()
    form.locator("button[type=submit]").click()
    page.wait_for_selector("#practice-area .verdict")


def test_practise_offline_and_sync_once(offline_server, browser):
    base_url, (username, password), database = offline_server
    checker = PageChecker("offline")
    context = browser.new_context(locale="lv-LV", viewport={"width": 1200, "height": 900},
                                  service_workers="allow", bypass_csp=True)  # CSP bypass only to inject axe
    page = context.new_page()
    sign_in(page, base_url, username, password)

    # the worker installs (from any learner page) and takes control; the offline page is then kept
    page.goto(base_url + "/learn/offline")
    page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=20000)
    page.reload()
    assert page.evaluate("caches.open('lsk-offline-shell').then(c => c.match('/learn/offline')).then(Boolean)")
    strings = page.evaluate("JSON.parse(document.getElementById('offline-strings').textContent)")

    # a pack of every topic
    page.wait_for_selector("#topic-list input[type=checkbox]")
    for box in page.locator("#topic-list input[type=checkbox]").all():
        box.check()
    checker.check(page, "offline-page")
    page.click("#pack-form button[type=submit]")
    page.wait_for_function("document.getElementById('pack-message').textContent === %r" % strings["downloaded"])
    assert page.locator("#start-practice").is_visible()

    # no connection: the page comes from the worker, the pack from IndexedDB
    context.set_offline(True)
    page.reload()
    page.wait_for_selector("#start-practice", state="visible")
    page.click("#start-practice")
    for number in range(10):
        answer_the_question(page)
        if number == 0:
            checker.check(page, "offline-feedback")
        page.click("#next-question")
    assert strings["waiting"].replace("%(n)s", "10") in page.locator("#sync-status").inner_text()
    assert stored_answers(database) == []
    queued = page.evaluate("LskOffline.waiting()")
    assert len({a["client_id"] for a in queued}) == 10

    # back online: sent at once, all ten stored once each, on the version of the question answered
    context.set_offline(False)
    page.wait_for_function("document.getElementById('sync-status').textContent === %r" % strings["all_sent"],
                           timeout=20000)
    rows = stored_answers(database)
    assert sorted(r[0] for r in rows) == sorted(a["client_id"] for a in queued)
    assert all(r[2] is not None for r in rows)
    page.reload()  # a fresh page for the checks (axe, injected above, stays in the page until then)
    page.wait_for_function("document.getElementById('sync-status').textContent === %r" % strings["all_sent"])
    checker.check(page, "offline-all-sent")

    # the reply was lost, say: the phone sends the same ten again, and nothing new is stored
    result = page.evaluate("""async (answers) => {
        for (const a of answers) { await LskOffline.queueAnswer(a); }
        return LskOffline.sync();
    }""", queued)
    assert result == {"state": "sent", "waiting": 0, "refused": None}
    assert len(stored_answers(database)) == 10

    # without a connection any other page is the offline page, never a kept copy of itself
    page.goto(base_url + "/auth/profile")  # visited online while the worker is in control
    context.set_offline(True)
    page.goto(base_url + "/learn/history")
    assert page.locator("#offline-app").is_visible()
    context.set_offline(False)
    kept = page.evaluate("""async () => {
        const urls = [];
        for (const name of await caches.keys()) {
            for (const request of await (await caches.open(name)).keys()) { urls.push(new URL(request.url).pathname); }
        }
        return urls;
    }""")
    assert kept and all(url.startswith("/static/") or url == "/learn/offline" for url in kept), kept

    # signing out deletes the pack, the queue and the worker's caches
    page.goto(base_url + "/learn/practice")
    page.click("nav form[action$='/auth/logout'] button")
    page.wait_for_url("**/auth/login")
    page.wait_for_function("""async () => {
        const names = (await indexedDB.databases()).map(d => d.name);
        return !names.includes('lsk-offline') && (await caches.keys()).length === 0;
    }""", timeout=10000)
    context.close()

    assert checker.axe_problems == [], "\n".join(checker.axe_problems)
    assert checker.html_errors() == []


def test_the_offline_page_says_what_to_do_without_javascript(offline_server, browser):
    base_url, (username, password), _database = offline_server
    context = browser.new_context(locale="lv-LV", java_script_enabled=False)
    page = context.new_page()
    sign_in(page, base_url, username, password)
    page.goto(base_url + "/learn/offline")
    assert not page.locator("#offline-app").is_visible()
    assert page.locator("main a[href$='/learn/practice']").is_visible()  # practice online, as always
    page.goto(base_url + "/learn/practice")
    assert page.locator("a[href$='/learn/offline']").is_visible()
    context.close()
