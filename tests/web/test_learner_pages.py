"""Learner pages from issue 11: the practice parts grouped under their topic, one title per lesson
page over the whole real bank, the "My answers" menu item, and overdue assignments marked."""
import html
import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from sqlalchemy import select

from lsk_learn.bank.models import Question, Topic
from lsk_learn.bank.sync import sync_bank
from lsk_learn.cohorts.assignments import create_assignment
from lsk_learn.core.time import utcnow
from lsk_learn.domain.daily_goal import local_day
from lsk_learn.extensions import db
from lsk_learn.review.models import PracticeSession
from lsk_learn.learn.services import lesson_completed

from ..conftest import real_bank_items


@pytest.fixture
def real_bank(app):
    bank = real_bank_items()
    sync_bank(bank, utcnow())
    return bank


class Outline(HTMLParser):
    """Headings with their text, and the practice page's part groups (visible or hidden)."""

    def __init__(self):
        super().__init__()
        self.headings, self.groups, self._open, self._group = [], [], None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("h1", "h2", "h3", "h4"):
            self._open = [tag, ""]
        if tag == "fieldset" and "topic-parts" in (attrs.get("class") or ""):
            self._group = {"topic": attrs["data-topic"], "hidden": "hidden" in attrs, "parts": [], "label": ""}
            self.groups.append(self._group)
        if tag == "input" and self._group is not None and attrs.get("type") == "radio":
            self._group["parts"].append((attrs["name"], attrs["value"]))

    def handle_endtag(self, tag):
        if self._open and tag == self._open[0]:
            self.headings.append((tag, " ".join(self._open[1].split())))
            self._open = None
        if tag == "fieldset":
            self._group = None

    def handle_data(self, data):
        if self._open:
            self._open[1] += data
        if self._group is not None:
            self._group["label"] += data


def outline(page: str) -> Outline:
    parser = Outline()
    parser.feed(page)
    return parser


# -- the practice parts --------------------------------------------------------------------------

def test_only_the_chosen_topics_parts_are_shown_grouped_under_it(client, auth, make_user, real_bank):
    auth.login(make_user(locale="ru"))
    page = client.get("/learn/practice?topic=satversme").get_data(as_text=True)
    assert 'name="subtopic"' not in page   # no flat list of every topic's parts
    groups = outline(page).groups
    visible = [g for g in groups if not g["hidden"]]
    assert [g["topic"] for g in visible] == ["satversme"]
    satversme = db.session.get(Topic, "satversme")
    with_questions = set(db.session.scalars(select(Question.subtopic).where(Question.topic_id == "satversme")))
    expected = [("part-satversme", "")] + [("part-satversme", s["id"]) for s in satversme.subtopics
                                            if s["id"] in with_questions]
    assert visible[0]["parts"] == expected  # "all parts", then each part once, in the bank's order
    shown = " ".join(visible[0]["label"].split())
    assert "Глава II. Сейм" in shown and "Чтение" not in shown
    for group in groups:  # every other topic's group is hidden and named by its own field
        assert all(name == f"part-{group['topic']}" for name, _value in group["parts"])
        values = [value for _name, value in group["parts"]]
        assert len(values) == len(set(values))


def test_without_javascript_the_parts_follow_the_chosen_topic_and_start_a_practice(client, auth, make_user,
                                                                                   real_bank):
    learner = make_user(locale="lv")
    auth.login(learner)
    shown = client.post("/learn/practice", data={"topic": "grammar", "count": 10, "show_parts": "1"})
    assert shown.status_code == 200
    visible = [g for g in outline(shown.get_data(as_text=True)).groups if not g["hidden"]]
    assert [g["topic"] for g in visible] == ["grammar"]
    assert db.session.scalar(select(PracticeSession.id)) is None   # showing the parts starts nothing
    # a part chosen under another topic earlier on the page is ignored: only the chosen topic's counts
    started = client.post("/learn/practice", data={"topic": "grammar", "count": 10, "part-grammar": "verbs",
                                                   "part-history": "ww2"})
    assert started.status_code == 302
    session = db.session.scalars(select(PracticeSession)).one()
    subtopics = set(db.session.scalars(select(Question.subtopic).where(Question.id.in_(session.question_ids))))
    assert subtopics == {"verbs"} and session.topic_id == "grammar"


# -- lessons: one title ------------------------------------------------------------------------------

def _lesson_ids():
    return [lesson.id for lesson in real_bank_items().lessons]


@pytest.mark.parametrize("lang", ["lv", "ru", "en"])
def test_every_lesson_page_shows_its_title_once(client, auth, make_user, real_bank, lang):
    auth.login(make_user(locale=lang))
    checked = 0
    for lesson in real_bank.lessons:
        if lesson.status != "checked":
            continue
        page = client.get(f"/learn/lessons/{lesson.id}")
        assert page.status_code == 200, lesson.id
        headings = outline(page.get_data(as_text=True)).headings
        titles = {" ".join(t.split()) for t in lesson.title.values()}
        h1 = [text for tag, text in headings if tag == "h1"]
        assert len(h1) == 1 and h1[0] in titles, (lesson.id, h1)
        repeated = [text for tag, text in headings if tag != "h1" and text in titles]
        assert repeated == [], f"{lesson.id} ({lang}) repeats its title as {repeated}"
        levels = [int(tag[1]) for tag, _text in headings]
        skips = [(a, b) for a, b in zip(levels, levels[1:]) if b > a + 1]
        assert skips == [], f"{lesson.id} ({lang}) skips a heading level: {skips}"
        checked += 1
    assert checked >= 26


# -- the menu ----------------------------------------------------------------------------------------

def test_the_menu_names_the_practice_log_my_answers(client, auth, make_user, synced_bank):
    auth.login(make_user(locale="en"))
    page = client.get("/learn/").get_data(as_text=True)
    nav = page[page.index('class="wrap main-nav"'):page.index("</nav>")]
    assert '<a href="/learn/history">My answers</a>' in nav
    assert ">History<" not in nav
    history = client.get("/learn/history").get_data(as_text=True)
    assert [t for tag, t in outline(history).headings if tag == "h1"] == ["My answers"]


# -- assignments --------------------------------------------------------------------------------------

def test_overdue_assignments_are_marked_and_done_ones_too(client, auth, make_user, make_cohort, synced_bank):
    from lsk_learn.auth.roles import Role

    teacher, learner = make_user(Role.TEACHER), make_user(locale="en")
    cohort = make_cohort(teacher, [learner])
    today, now = local_day(utcnow()), utcnow()
    create_assignment(cohort.id, "practice", "satversme", today + timedelta(days=3), [], teacher.id, now)
    create_assignment(cohort.id, "practice", "history", today - timedelta(days=2), [], teacher.id, now)
    create_assignment(cohort.id, "lesson", "t-lesson-proclamation", today - timedelta(days=5), [], teacher.id, now)
    create_assignment(cohort.id, "practice", "grammar", today, [], teacher.id, now)   # due today: not late
    lesson_completed(learner.id, "t-lesson-proclamation", now)
    auth.login(learner)
    page = html.unescape(client.get("/learn/").get_data(as_text=True))
    section = page[page.index('id="assignments-heading"'):page.index("</section>")]
    items = re.findall(r'<li class="assignment assignment-(\w+)">(.*?)</li>', section, re.S)
    states = [(state, re.search(r">([^<]*: [^<]*)</a>", body).group(1)) for state, body in items]
    assert states == [("overdue", "Practise: History"), ("open", "Practise: Grammar"),
                      ("open", "Practise: Satversme"), ("done", "Read the lesson: The proclamation of the state")]
    overdue = items[0][1]
    assert "Overdue: it was due by" in overdue and "tag-overdue" in overdue
    assert "Overdue" not in items[1][1] and "Overdue" not in items[2][1]
    assert 'class="assignment-tag tag-done">Done<' in items[3][1]
