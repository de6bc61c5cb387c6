"""Issue 15 in a real browser: a teacher records a listening passage with Chromium's fake microphone
and sends it for review; another teacher approves it; a learner plays it in practice (the script is
shown only after answering) and the mock exam stops at its play limit. axe-core and the Nu HTML
Checker find nothing on the new pages."""
import os
import shutil

import pytest
import yaml

from ..servers import waitress
from .checks import PageChecker
from .conftest import CHROMIUM, CHROMIUM_ARGS, _flask, settled_password, sign_in
from tests.web.exam_bank import build_exam_bank

SCRIPT = "Uzmanību, pasažieri! Autobuss uz Krāslavu atiet no piektā perona plkst. 14.50."
FAKE_MICROPHONE = ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream"]


def _bank_with_listening(root):
    """The exam bank (its listening part for the mock exam) plus one real-looking practice passage."""
    build_exam_bank(root)
    content = {"topic": "listening", "subtopic": "dialogues", "passages": [
        {"id": "lis-browser", "kind": "announcement", "title": {"lv": "Paziņojums autoostā"}, "text": SCRIPT}]}
    path = root / "questions" / "listening" / "dialogues.yaml"
    existing = yaml.safe_load(path.read_text())
    existing["passages"] += content["passages"]
    existing["questions"].append({
        "id": "lis-browser-q1", "type": "single", "difficulty": 1, "status": "checked", "passage": "lis-browser",
        "text": {"lv": "No kura perona atiet autobuss?"},
        "options": [{"id": "a", "lv": "No piektā"}, {"id": "b", "lv": "No trešā"}], "answer": "a",
        "explanation": {"lv": "Paziņojumā teikts: no piektā perona."}, "source": "Skripts, 1. rinda"})
    path.write_text(yaml.safe_dump(existing, allow_unicode=True))
    return root


@pytest.fixture(scope="module")
def audio_server(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("audio-live")
    database = workdir / "live.sqlite3"
    bank = _bank_with_listening(workdir / "bank")
    env = {**os.environ, "LSK_DATABASE_URL": f"sqlite:///{database}", "LSK_QUESTION_BANK": str(bank),
           "LSK_SECRET_KEY": "browser-test-key", "LSK_AUDIO_DIR": str(workdir / "audio")}
    _flask(env, "db", "upgrade")
    _flask(env, "bank", "sync")
    _flask(env, "bank", "audio")
    accounts = {}
    for name, role in (("author", "teacher"), ("reviewer", "teacher"), ("learner", "learner")):
        _flask(env, "users", "create", f"a-{name}", "--name", f"Audio {name}", "--role", role)
        accounts[name] = (f"a-{name}", settled_password(env, database, f"a-{name}"))
    with waitress(env, errors=workdir / "server.log") as server:
        yield server.base, accounts


@pytest.fixture(scope="module")
def microphone_browser(playwright_driver):
    """Chromium with a fake microphone (a beep) that needs no permission prompt."""
    if shutil.which("java") is None:
        if os.environ.get("LSK_REQUIRE_BROWSER") == "1":
            pytest.fail("java is required for the Nu HTML Checker (LSK_REQUIRE_BROWSER=1)")
        pytest.skip("java is needed for the Nu HTML Checker")
    instance = playwright_driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS + FAKE_MICROPHONE)
    yield instance
    instance.close()


def _context(browser, base_url):
    context = browser.new_context(locale="lv-LV", viewport={"width": 1200, "height": 900},
                                  bypass_csp=True)  # CSP bypass only to inject axe
    context.grant_permissions(["microphone"], origin=base_url)
    return context


def test_record_review_and_listen(audio_server, microphone_browser):
    base_url, accounts = audio_server
    checker = PageChecker("audio")

    # the author records and sends the recording
    context = _context(microphone_browser, base_url)
    page = context.new_page()
    sign_in(page, base_url, *accounts["author"])
    page.goto(base_url + "/authoring/audio")
    checker.check(page, "audio-list")
    page.click("a[href='/authoring/audio/lis-browser']")
    assert page.locator(".passage-text").inner_text() == SCRIPT
    page.click("[data-record]")
    page.wait_for_timeout(2500)
    page.click("[data-stop]")
    page.wait_for_selector("[data-listen-back]:not([hidden])")
    assert page.evaluate("document.querySelector('#recording').files.length") == 1
    checker.check(page, "recorded")
    page.click("form[data-recording-form] button[type=submit]")
    page.wait_for_selector(".flash-success")
    assert page.locator("article.recording").count() == 1
    checker.check(page, "sent")
    context.close()

    # another teacher listens and approves
    context = _context(microphone_browser, base_url)
    page = context.new_page()
    sign_in(page, base_url, *accounts["reviewer"])
    page.goto(base_url + "/authoring/audio/lis-browser")
    duration = page.evaluate("""() => new Promise(done => { const a = document.querySelector('article.recording audio');
        a.preload = 'auto'; a.addEventListener('loadedmetadata', () => done(a.duration)); a.load(); })""")
    assert duration > 0
    checker.check(page, "review")
    page.click("article.recording input[value=approve] ~ button")
    page.wait_for_selector(".flash-success")
    context.close()

    # the learner hears it in practice, with the speed control; the script comes after answering
    context = _context(microphone_browser, base_url)
    page = context.new_page()
    sign_in(page, base_url, *accounts["learner"])
    page.goto(base_url + "/learn/practice")
    page.check("input[name=topic][value=listening]")
    page.check("input[name=count][value='20']")  # the topic's 17 questions: the passage's is among them
    page.click("input[type=submit].button")
    for _ in range(20):  # the passage's question comes somewhere in the session
        page.wait_for_load_state("load")
        assert "/learn/practice/" in page.url, page.locator("main").inner_text()[:1000]
        if page.locator("text=No kura perona atiet autobuss?").count():
            break
        page.locator("label.choice").first.click()
        page.click("form.question-form button[type=submit]")
        page.locator("a.button").click()
    assert page.locator(".listening-player audio").count() == 1
    assert SCRIPT not in page.content() and page.locator(".synthetic-note").count() == 0
    page.click("[data-rate='0.75']")
    played = page.evaluate("""async () => { const a = document.querySelector('.listening-player audio');
        a.muted = true; await a.play(); await new Promise(r => setTimeout(r, 700));
        return {time: a.currentTime, rate: a.playbackRate}; }""")
    assert played["time"] > 0 and played["rate"] == 0.75
    checker.check(page, "practice-question")
    page.locator("label.choice").first.click()
    page.click("form.question-form button[type=submit]")
    assert SCRIPT in page.locator("section.passage .passage-text").inner_text()
    checker.check(page, "practice-feedback")

    # the mock exam: plays counted by the server, refused past the limit
    page.goto(base_url + "/exams/start/language")
    page.click("form[action$='/exams/start/language'] button[type=submit], form[action$='/exams/start/language'] input[type=submit]")
    while page.locator("[data-play]").count() == 0:
        page.click(".exam-nav button[value=next]")
    checker.check(page, "exam-listening")
    for expected in ("1", "0"):
        page.click("[data-play]")
        page.wait_for_function("document.querySelector('[data-plays-left]').textContent.trim().endsWith(%s)" % repr(expected))
        page.evaluate("document.querySelector('.listening-player audio').muted = true")
        page.wait_for_function("document.querySelector('.listening-player audio').ended", timeout=30000)
    assert page.locator("[data-play]").is_disabled()
    refused = page.evaluate("""async () => { const p = document.querySelector('[data-player]');
        const r = await fetch(p.dataset.playUrl, {method: 'POST', headers: {'X-CSRFToken': p.dataset.csrf}});
        return [r.status, (await r.json()).message]; }""")
    assert refused[0] == 403 and "2 reizes" in refused[1]  # the learner reads Latvian
    context.close()

    assert checker.axe_problems == [], "\n".join(checker.axe_problems)
    assert checker.html_errors() == []
