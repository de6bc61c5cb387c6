"""The teachers' area: access by cohort, the dashboard's numbers, moves, notes, join codes."""
import re
from datetime import timedelta

from sqlalchemy import event, select

from lsk_learn.auth.roles import Role
from lsk_learn.cohorts.models import Enrolment, TeacherNote
from lsk_learn.core.time import utcnow
from lsk_learn.extensions import db
from lsk_learn.learn.models import PracticeAnswer
from lsk_learn.review.models import PracticeSession


def answer(learner, question_id, right, when=None):
    """One practice answer, stored as the app stores it."""
    session = PracticeSession(user_id=learner.id, topic_id=question_id.split("-")[1] if False else "history",
                              question_ids=[question_id], started_at=when or utcnow())
    db.session.add(session)
    db.session.flush()
    db.session.add(PracticeAnswer(session_id=session.id, user_id=learner.id, question_id=question_id, position=0,
                                  response="a" if right else "c", is_correct=right, score=1.0 if right else 0.0,
                                  answered_at=when or utcnow()))
    db.session.commit()


def test_a_teacher_cannot_open_another_teachers_cohort(client, auth, make_user, make_cohort, synced_bank):
    mine, theirs = make_user(Role.TEACHER), make_user(Role.TEACHER)
    their_learner = make_user()
    cohort = make_cohort(theirs, [their_learner], name="Krāslava B")
    auth.login(mine)
    for url in (f"/cohorts/{cohort.id}", f"/cohorts/{cohort.id}/export.csv", f"/cohorts/{cohort.id}/edit",
                f"/cohorts/{cohort.id}/learners/{their_learner.id}", f"/cohorts/{cohort.id}/questions",
                f"/cohorts/{cohort.id}/attendance", f"/cohorts/{cohort.id}/assignments",
                f"/cohorts/{cohort.id}/import", f"/cohorts/{cohort.id}/cards"):
        assert client.get(url).status_code == 404, url
    for url in (f"/cohorts/{cohort.id}/learners/{their_learner.id}/move", f"/cohorts/{cohort.id}/join-code",
                f"/cohorts/{cohort.id}/import/confirm"):
        assert client.post(url).status_code == 404, url
    assert "Krāslava B" not in client.get("/cohorts/").get_data(as_text=True)


def test_a_teacher_sees_only_learners_of_their_own_cohort(client, auth, make_user, make_cohort, synced_bank):
    teacher = make_user(Role.TEACHER)
    mine, stranger = make_user(), make_user()
    cohort = make_cohort(teacher, [mine])
    make_cohort(make_user(Role.TEACHER), [stranger], name="Other")
    auth.login(teacher)
    assert client.get(f"/cohorts/{cohort.id}/learners/{mine.id}").status_code == 200
    assert client.get(f"/cohorts/{cohort.id}/learners/{stranger.id}").status_code == 404


def test_admin_sees_all_and_coordinator_may_look_but_not_change(client, auth, make_user, make_cohort, synced_bank):
    cohort = make_cohort(make_user(Role.TEACHER), [make_user()])
    auth.login(make_user(Role.ADMIN))
    assert client.get(f"/cohorts/{cohort.id}").status_code == 200
    assert client.get(f"/cohorts/{cohort.id}/edit").status_code == 200
    auth.logout()
    auth.login(make_user(Role.COORDINATOR))
    assert client.get(f"/cohorts/{cohort.id}").status_code == 200
    assert client.get(f"/cohorts/{cohort.id}/edit").status_code == 403


def test_dashboard_numbers_match_hand_computed_values(client, auth, make_user, make_cohort, synced_bank):
    teacher = make_user(Role.TEACHER, locale="en")
    anna, boris, cilda = (make_user(display_name=n) for n in ("Anna", "Boris", "Cilda"))
    make_cohort(teacher, [anna, boris, cilda])
    long_ago = utcnow() - timedelta(days=20)
    # Anna: history 001 wrong then right (latest right), 002 right -> 2/2 = 100 %; Satversme wrong -> 0 %
    answer(anna, "t-hist-001", False, long_ago)
    answer(anna, "t-hist-001", True)
    answer(anna, "t-hist-002", True)
    answer(anna, "t-sat-001", False)
    # Boris: 001 right, 002 wrong, 003 wrong -> 1/3 = 33 %, last active 20 days ago
    for qid, right in (("t-hist-001", True), ("t-hist-002", False), ("t-hist-003", False)):
        answer(boris, qid, right, long_ago)
    auth.login(teacher)
    cohort_id = db.session.scalar(select(Enrolment.cohort_id).where(Enrolment.user_id == anna.id))
    page = client.get(f"/cohorts/{cohort_id}").get_data(as_text=True)
    rows = {name: page.split(f">{name}</a>")[1].split("</tr>")[0] for name in ("Anna", "Boris", "Cilda")}
    cells = {name: re.findall(r'<td class="band band-(\w+)">([^<]*)', row) for name, row in rows.items()}
    # topics in bank order: history, satversme, grammar
    assert cells["Anna"][:2] == [("high", "100 %"), ("low", "0 %")]
    assert cells["Boris"][:2] == [("low", "33 %"), ("none", "—")]
    assert cells["Cilda"][0] == ("none", "—")
    assert "inactive" in rows["Boris"] and "inactive" in rows["Cilda"] and "inactive" not in rows["Anna"]
    csv_text = client.get(f"/cohorts/{cohort_id}/export.csv").get_data(as_text=True)
    assert "Anna,100%,0%" in csv_text and "Boris,33%," in csv_text
    only_inactive = client.get(f"/cohorts/{cohort_id}?flag=inactive").get_data(as_text=True)
    assert ">Anna</a>" not in only_inactive and ">Boris</a>" in only_inactive


def test_dashboard_query_count_does_not_grow_with_the_cohort(client, auth, make_user, make_cohort, synced_bank):
    def queries_for(size: int) -> int:
        teacher = make_user(Role.TEACHER)
        learners = [make_user() for _ in range(size)]
        for learner in learners:
            answer(learner, "t-hist-001", True)
            answer(learner, "t-sat-001", False)
        cohort = make_cohort(teacher, learners, name=f"Size {size}")
        auth.login(teacher)
        statements = []
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            assert client.get(f"/cohorts/{cohort.id}").status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        auth.logout()
        return len(statements)

    assert queries_for(5) == queries_for(40)


def test_moving_a_learner_keeps_their_history(client, auth, make_user, make_cohort, synced_bank):
    teacher = make_user(Role.TEACHER, locale="en")
    learner = make_user(display_name="Mover")
    source = make_cohort(teacher, [learner], name="Source")
    target = make_cohort(teacher, [], name="Target")
    answer(learner, "t-hist-001", True)
    auth.login(teacher)
    response = client.post(f"/cohorts/{source.id}/learners/{learner.id}/move", data={"move-target": target.id})
    assert response.status_code == 302
    enrolments = db.session.scalars(select(Enrolment).where(Enrolment.user_id == learner.id).order_by(Enrolment.id)).all()
    assert [(e.cohort_id, e.left_at is None) for e in enrolments] == [(source.id, False), (target.id, True)]
    assert ">Mover</a>" in client.get(f"/cohorts/{target.id}").get_data(as_text=True)
    assert ">Mover</a>" not in client.get(f"/cohorts/{source.id}").get_data(as_text=True)
    # the old group's teacher can still open the history; the answers are all there
    page = client.get(f"/cohorts/{source.id}/learners/{learner.id}").get_data(as_text=True)
    assert "Kurā dienā proklamēja Latvijas Republiku?" in page


def test_notes_and_join_codes(client, auth, make_user, make_cohort, synced_bank):
    teacher, learner = make_user(Role.TEACHER), make_user(locale="en")
    cohort = make_cohort(teacher, [], name="Preiļi C")
    auth.login(teacher)
    client.post(f"/cohorts/{cohort.id}/join-code")
    db.session.expire_all()
    code = cohort.join_code
    auth.logout()
    auth.login(learner)
    wrong = client.post("/cohorts/join", data={"code": "NOPE99"})
    assert "There is no group with this code" in wrong.get_data(as_text=True)
    assert client.post("/cohorts/join", data={"code": code.lower()}).status_code == 302
    assert client.post("/cohorts/join", data={"code": code}).status_code == 302  # twice: still one enrolment
    assert len(db.session.scalars(select(Enrolment).where(Enrolment.user_id == learner.id)).all()) == 1
    auth.logout()
    auth.login(teacher)
    assert client.post(f"/cohorts/{cohort.id}/learners/{learner.id}", data={"note-text": "Needs large print."}).status_code == 302
    assert db.session.scalar(select(TeacherNote.text)) == "Needs large print."
    empty = client.post(f"/cohorts/{cohort.id}/learners/{learner.id}", data={"note-text": ""})
    assert empty.status_code == 200 and db.session.scalar(select(db.func.count(TeacherNote.id))) == 1


def test_cohort_create_and_edit(client, auth, make_user, synced_bank):
    teacher = make_user(Role.TEACHER, locale="en")
    auth.login(teacher)
    bad = client.post("/cohorts/new", data={"name": "", "municipality": "Nowhere", "starts_on": "2026-09-01",
                                            "ends_on": "2026-08-01"})
    text = bad.get_data(as_text=True)
    assert "Enter a name." in text and "Not a valid choice" in text and "cannot be before the start date" in text
    ok = client.post("/cohorts/new", data={"name": "Ilūkste D", "municipality": "Ilūkstes novads",
                                           "starts_on": "2026-09-01", "target_groups": ["senior", "non_citizen"]})
    assert ok.status_code == 302
    from lsk_learn.cohorts.models import Cohort
    cohort = db.session.scalar(select(Cohort).where(Cohort.name == "Ilūkste D"))
    assert cohort.target_groups == ["senior", "non_citizen"]
    assert [t.user_id for t in cohort.teachers] == [teacher.id]  # the creating teacher teaches it
    assert len(cohort.join_code) == 6


def test_dashboard_sorts_by_last_activity_with_several_never_active(client, auth, make_user, make_cohort, synced_bank):
    teacher = make_user(Role.TEACHER, locale="en")
    active, idle1, idle2 = (make_user(display_name=n) for n in ("Active", "Idle One", "Idle Two"))
    cohort = make_cohort(teacher, [active, idle1, idle2])
    answer(active, "t-hist-001", True)
    auth.login(teacher)
    page = client.get(f"/cohorts/{cohort.id}?sort=last").get_data(as_text=True)
    order = re.findall(r">(Active|Idle One|Idle Two)</a>", page)
    assert order[-1] == "Active" and set(order[:2]) == {"Idle One", "Idle Two"}
    for sort in ("overall", "flags", "name", "bogus"):
        assert client.get(f"/cohorts/{cohort.id}?sort={sort}").status_code == 200
