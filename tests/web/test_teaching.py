"""Attendance, assignments, the grading queue and the difficult-questions page."""
import re
from collections import Counter

from sqlalchemy import select

from lsk_learn.auth.roles import Role
from lsk_learn.cohorts.models import AttendanceMark, AttendanceSession
from lsk_learn.core.time import utcnow
from lsk_learn.exams.models import ExamAttempt, ExamPartResult
from lsk_learn.extensions import db
from lsk_learn.notifications.models import Notification
from tests.web.test_cohorts import answer


def test_marking_forty_learners_on_one_screen_and_editing_later(client, auth, make_user, make_cohort):
    teacher = make_user(Role.TEACHER, locale="en")
    learners = [make_user(display_name=f"Learner {n:02d}") for n in range(40)]
    cohort = make_cohort(teacher, learners)
    auth.login(teacher)
    created = client.post(f"/cohorts/{cohort.id}/attendance", data={"held_on": "2026-11-24", "topic": "Satversme"})
    session = db.session.scalar(select(AttendanceSession))
    assert created.headers["Location"].endswith(f"/attendance/{session.id}")
    page = client.get(f"/cohorts/{cohort.id}/attendance/{session.id}").get_data(as_text=True)
    assert page.count('type="checkbox" name="present"') == 40
    present = [str(u.id) for u in learners[:35]]
    saved = client.post(f"/cohorts/{cohort.id}/attendance/{session.id}", data={"present": present}, follow_redirects=True)
    assert "35 of 40 present" in saved.get_data(as_text=True)
    # edit later: one more came late
    client.post(f"/cohorts/{cohort.id}/attendance/{session.id}", data={"present": present + [str(learners[39].id)]})
    marks = Counter(m.present for m in db.session.scalars(select(AttendanceMark)))
    assert marks == {True: 36, False: 4}
    export = client.get(f"/cohorts/{cohort.id}/attendance.csv").get_data(as_text=True)
    assert "2026-11-24 Satversme" in export and "Learner 39,1,1" in export and "Learner 36,0,0" in export


def test_attendance_of_another_cohort_is_refused(client, auth, make_user, make_cohort):
    mine = make_cohort(make_user(Role.TEACHER), name="Mine")
    other_teacher = make_user(Role.TEACHER)
    make_cohort(other_teacher, name="Theirs")
    session = AttendanceSession(cohort_id=mine.id, held_on=utcnow().date(), created_by_id=other_teacher.id)
    db.session.add(session)
    db.session.commit()
    auth.login(other_teacher)
    assert client.get(f"/cohorts/{mine.id}/attendance/{session.id}").status_code == 404
    assert client.post(f"/cohorts/{mine.id}/attendance/{session.id}", data={"present": []}).status_code == 404


def test_assignments_are_seen_by_learners_and_completion_is_counted(client, auth, make_user, make_cohort, synced_bank):
    teacher = make_user(Role.TEACHER, locale="en")
    anna, boris = make_user(locale="en", display_name="Anna"), make_user(locale="en", display_name="Boris")
    cohort = make_cohort(teacher, [anna, boris])
    auth.login(teacher)
    missing = client.post(f"/cohorts/{cohort.id}/assignments", data={"kind": "lesson", "lesson": "nope"})
    assert "Choose which lesson, topic or mock exam to assign." in missing.get_data(as_text=True)
    client.post(f"/cohorts/{cohort.id}/assignments", data={"kind": "lesson", "lesson": "t-lesson-proclamation",
                                                           "due_on": "2026-12-01"})
    client.post(f"/cohorts/{cohort.id}/assignments", data={"kind": "practice", "topic": "history",
                                                           "learners": [str(boris.id)]})
    auth.logout()
    auth.login(anna)
    dashboard = client.get("/learn/").get_data(as_text=True)
    assert "Read the lesson: The proclamation of the state" in dashboard and "Practise: History" not in dashboard
    client.post("/learn/lessons/t-lesson-proclamation/done")
    assert re.search(r'assignment-done">\s*<span class="assignment-mark" aria-hidden="true">✓</span>\s*'
                     r'<span class="assignment-text">\s*<a href="/learn/lessons/t-lesson-proclamation"',
                     client.get("/learn/").get_data(as_text=True))
    auth.logout()
    auth.login(teacher)
    page = client.get(f"/cohorts/{cohort.id}/assignments").get_data(as_text=True)
    assert re.search(r"The proclamation of the state.*?<td>1 of 2</td>", page, re.S)
    assert re.search(r"History <span class=\"hint\">\(1 learner\)</span>.*?<td>0 of 1</td>", page, re.S)


def test_grading_updates_the_learners_language_result(client, auth, make_user, make_cohort, exam_bank):
    teacher = make_user(Role.TEACHER, locale="en")
    learner = make_user(locale="en")
    make_cohort(teacher, [learner])
    auth.login(learner)
    client.post("/exams/start/language")
    attempt = db.session.scalar(select(ExamAttempt))
    for item in attempt.items:
        data = {"answer": "a"} if item.question_id else {"text": "Labdien! " * 30, "field-name": "Olga", "field-city": "Preiļi"}
        client.post(f"/exams/{attempt.id}/item/{item.position}", data=data)
    client.post(f"/exams/{attempt.id}/submit")
    auth.logout()
    auth.login(teacher)
    queue = client.get("/cohorts/grading").get_data(as_text=True)
    ids = [int(i) for i in re.findall(r'/cohorts/grading/(\d+)"', queue)]
    assert len(ids) == 2  # writing and speaking
    writing = db.session.scalar(select(ExamPartResult).where(ExamPartResult.part == "writing"))
    form = {f"points-{task}-c1": "4" for task in ("x-form", "x-letter")}
    form.update({f"points-{task}-c2": "1" for task in ("x-form", "x-letter")})
    too_many = client.post(f"/cohorts/grading/{writing.id}", data={**form, "points-x-form-c1": "9"})
    assert too_many.status_code == 422 and "cannot be more than" in too_many.get_data(as_text=True)
    missing = client.post(f"/cohorts/grading/{writing.id}", data={"points-x-form-c1": "4"})
    assert "Give points for every criterion." in missing.get_data(as_text=True)
    ok = client.post(f"/cohorts/grading/{writing.id}", data={**form, "comment": "Labi!"})
    assert ok.status_code == 302
    db.session.expire_all()
    assert (writing.score, writing.max_score, writing.passed) == (10, 12, True)  # 10/12 >= 2/3
    assert writing.details["comment"] == "Labi!" and writing.graded_by_id == teacher.id
    assert db.session.scalar(select(Notification.user_id)) == learner.id
    speaking = db.session.scalar(select(ExamPartResult).where(ExamPartResult.part == "speaking"))
    remaining = [int(i) for i in re.findall(r'/cohorts/grading/(\d+)"', client.get("/cohorts/grading").get_data(as_text=True))]
    assert remaining == [speaking.id]
    auth.logout()
    auth.login(learner)
    dashboard = client.get("/learn/").get_data(as_text=True)
    assert "Your teacher has graded the Writing part of your mock exam." in dashboard
    results = client.get(f"/exams/{attempt.id}/results").get_data(as_text=True)
    assert "10 / 12" in results
    assert "graded the Writing part" not in client.get("/learn/").get_data(as_text=True)  # read now


def test_the_speaking_grading_page_shows_each_tasks_own_criteria(client, auth, make_user, make_cohort, exam_bank):
    """A monologue (x-intro) and a role-play (x-situation) are graded on what each asked (issue 16)."""
    teacher, learner = make_user(Role.TEACHER, locale="en"), make_user(locale="en")
    make_cohort(teacher, [learner])
    auth.login(learner)
    client.post("/exams/start/language")
    attempt = db.session.scalar(select(ExamAttempt))
    client.post(f"/exams/{attempt.id}/submit")
    auth.logout()
    auth.login(teacher)
    speaking = db.session.scalar(select(ExamPartResult).where(ExamPartResult.part == "speaking"))
    page = client.get(f"/cohorts/grading/{speaking.id}").get_data(as_text=True)
    sections = dict(re.findall(r'<section class="card grade-task">\s*<h2 lang="lv">([^<]+)</h2>(.*?)</section>', page, re.S))
    monologue, role_play = sections["Pastāstiet par sevi."], sections["Jūs esat pie ārsta."]
    assert "Saturs: vārds, ģimene, darbs" in monologue and "kas sāp" not in monologue
    assert "Saturs: kas sāp, kopš kura laika" in role_play and "ģimene" not in role_play
    for section in (monologue, role_play):  # the five criteria, each with its own points field
        assert [name for name in ("Saziņa", "Vārdu krājums", "Gramatika", "Raitums un izruna") if name in section] == [
            "Saziņa", "Vārdu krājums", "Gramatika", "Raitums un izruna"]
        assert section.count('type="number"') == 5
    assert "Maximum 12 points; two thirds are needed to pass." in page


def test_grading_items_of_other_teachers_learners_are_refused(client, auth, make_user, make_cohort, exam_bank):
    learner = make_user()
    make_cohort(make_user(Role.TEACHER), [learner])
    auth.login(learner)
    client.post("/exams/start/language")
    attempt = db.session.scalar(select(ExamAttempt))
    client.post(f"/exams/{attempt.id}/submit")
    auth.logout()
    stranger = make_user(Role.TEACHER)
    auth.login(stranger)
    result = db.session.scalar(select(ExamPartResult).where(ExamPartResult.part == "writing"))
    assert client.get(f"/cohorts/grading/{result.id}").status_code == 404
    assert client.post(f"/cohorts/grading/{result.id}", data={}).status_code == 404
    assert "/cohorts/grading/" not in client.get("/cohorts/grading").get_data(as_text=True)


def test_difficult_questions_page(client, auth, make_user, make_cohort, synced_bank):
    teacher = make_user(Role.TEACHER, locale="en")
    learners = [make_user() for _ in range(4)]
    cohort = make_cohort(teacher, learners)
    for learner in learners[:3]:
        answer(learner, "t-hist-002", False)   # key b; "answer" stores "c" when wrong
    answer(learners[3], "t-hist-002", True)
    for learner in learners:
        answer(learner, "t-hist-001", True)
    auth.login(teacher)
    page = client.get(f"/cohorts/{cohort.id}/questions").get_data(as_text=True)
    first_row = page.split("<tbody>")[1].split("</tr>")[0]
    assert "Kas bija pirmais Latvijas Valsts prezidents?" in first_row
    assert "<td>75 %</td>" in first_row and "Gustavs Zemgals (3)" in first_row and "<td>0.25</td>" in first_row
