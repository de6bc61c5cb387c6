"""The teachers' and coordinators' side of the demo: participant details, a programme, a fourth
group, attendance, assignments, lessons read, notes, writing waiting for a grade, and real exam
outcomes, so that dashboards and the funder report have something to show."""
import random
from datetime import datetime, timedelta

from sqlalchemy import select

from .auth.models import User
from .bank.models import BankTask, Lesson
from .cohorts.models import Assignment, AttendanceMark, AttendanceSession, Cohort, CohortTeacher, Enrolment, TeacherNote
from .demo_writing import writing_answers
from .domain.exam_rules import LANGUAGE
from .domain.scoring import ResponseError
from .exams import services as exam_services
from .extensions import db
from .learn.models import LessonProgress
from .profiles.models import LearnerProfile, Municipality
from .reports.models import ExamOutcome, Programme

# username -> (municipality, target groups, main language)
DETAILS = {
    "learner": ("Daugavpils valstspilsēta", ["senior", "non_citizen"], "ru"),
    "svetlana.k": ("Daugavpils valstspilsēta", ["senior", "non_citizen", "low_income"], "ru"),
    "igors.p": ("Daugavpils novads", ["non_citizen"], "ru"),
    "marija.s": ("Daugavpils valstspilsēta", ["young_parent", "ethnic_minority"], "ru"),
    "aleksandrs.v": ("Daugavpils valstspilsēta", ["low_income", "non_citizen"], "ru"),
    "natalja.b": ("Daugavpils novads", ["youth", "ethnic_minority"], "ru"),
    "valentina.m": ("Krāslavas novads", ["senior", "non_citizen"], "ru"),
    "dmitrijs.k": ("Krāslavas novads", ["non_citizen"], "ru"),
    "tatjana.l": ("Krāslavas novads", ["young_parent", "low_income"], "ru"),
    "jevgenija.n": ("Krāslavas novads", ["youth"], "uk"),
    "genadijs.s": ("Preiļu novads", ["senior", "low_income", "non_citizen"], "ru"),
    "ludmila.p": ("Preiļu novads", ["senior"], "be"),
    "sergejs.f": ("Preiļu novads", ["ethnic_minority"], "ru"),
    "irina.z": ("Ilūkstes novads", ["young_parent"], "pl"),
}
EXTRA_NAMES = [
    "Anna Ivanova", "Boriss Kuzņecovs", "Galina Popova", "Vladimirs Sokolovs", "Jeļena Lebedeva", "Nikolajs Kozlovs",
    "Olga Novikova", "Pāvels Morozovs", "Raisa Petrova", "Viktors Volkovs", "Zoja Solovjova", "Andrejs Vasiļjevs",
    "Larisa Zaiceva", "Mihails Pavlovs", "Nadežda Semjonova", "Oļegs Golubevs", "Tamāra Vinogradova", "Jurijs Bogdanovs",
    "Valērija Vorobjova", "Konstantīns Fjodorovs", "Ļubova Mihailova", "Staņislavs Beļajevs", "Inna Tarasova",
    "Vitālijs Beļikovs", "Anastasija Komarova", "Eduards Orlovs", "Svetlana Kiseļova", "Artūrs Makarovs",
    "Ludmila Andrejeva", "Genādijs Kovaļovs", "Natālija Iļjina", "Romāns Gusevs", "Veronika Titova", "Aleksejs Kuzmins",
    "Marina Kudrjavceva", "Deniss Baranovs",
]
GROUP_POOL = ["senior", "youth", "young_parent", "low_income", "ethnic_minority", "non_citizen"]


def add_teaching_data(now: datetime, rng: random.Random, make_learner, practice) -> dict:
    """`make_learner(username, name, locale)` creates a learner; `practice(user)` gives them history."""
    municipalities = {m.name: m.id for m in db.session.scalars(select(Municipality))}
    programme = Programme(name="Latgale 2026: valoda, vēsture un Satversme", min_sessions_attended=4,
                          min_lessons_percent=50, starts_on=(now - timedelta(days=60)).date())
    db.session.add(programme)
    db.session.flush()
    teacher2 = db.session.scalar(select(User).where(User.username == "teacher2"))
    ilukste = Cohort(name="Ilūkste — senjoru grupa", municipality="Ilūkstes novads", join_code="ILUKST",
                     starts_on=(now - timedelta(days=35)).date(), ends_on=(now + timedelta(days=90)).date(),
                     schedule="Pirmdienās 11.00–12.30, Ilūkstes bibliotēka", target_groups=["senior"])
    db.session.add(ilukste)
    db.session.flush()
    db.session.add(CohortTeacher(cohort_id=ilukste.id, user_id=teacher2.id))
    cohorts = list(db.session.scalars(select(Cohort).order_by(Cohort.id)))
    for cohort in cohorts:
        cohort.programme_id = programme.id
    for username, (town, groups, language) in DETAILS.items():
        user = db.session.scalar(select(User).where(User.username == username))
        profile = db.session.get(LearnerProfile, user.id)
        profile.municipality_id, profile.target_groups, profile.main_language = municipalities[town], groups, language
        profile.consent_at, profile.consent_purpose = now - timedelta(days=45), "programme participation and funder reporting"
    towns = list(municipalities)[:5]
    for index, name in enumerate(EXTRA_NAMES):
        cohort = cohorts[index % len(cohorts)]
        user = make_learner(f"demo{index + 1:02d}", name, rng.choice(["ru", "ru", "lv"]))
        groups = rng.sample(GROUP_POOL, rng.choice((1, 1, 2, 3)))
        if cohort is ilukste and "senior" not in groups:
            groups.append("senior")
        db.session.add(LearnerProfile(user_id=user.id, birth_year=rng.randint(1944, 2003), exemptions=[],
                                      municipality_id=municipalities[cohort.municipality if cohort.municipality in municipalities else rng.choice(towns)],
                                      target_groups=groups, main_language="ru", consent_at=now - timedelta(days=40),
                                      consent_purpose="programme participation and funder reporting"))
        db.session.add(Enrolment(cohort_id=cohort.id, user_id=user.id, enrolled_at=now - timedelta(days=rng.randint(20, 45))))
        if rng.random() < 0.8:  # some never start: they show up as inactive
            practice(user)
    db.session.flush()
    counts = {"sessions": 0, "outcomes": 0}
    lessons = list(db.session.scalars(select(Lesson.id).where(Lesson.status == "checked").order_by(Lesson.course, Lesson.position)))
    for cohort in cohorts:
        members = list(db.session.scalars(select(Enrolment.user_id).where(Enrolment.cohort_id == cohort.id)))
        teacher_id = db.session.scalar(select(CohortTeacher.user_id).where(CohortTeacher.cohort_id == cohort.id))
        for week in range(6):
            for day in (1, 3):
                held = (now - timedelta(days=42 - 7 * week - day)).date()
                if held > now.date():
                    continue
                session = AttendanceSession(cohort_id=cohort.id, held_on=held, topic=None, created_by_id=teacher_id)
                db.session.add(session)
                db.session.flush()
                counts["sessions"] += 1
                for uid in members:
                    db.session.add(AttendanceMark(session_id=session.id, user_id=uid, present=rng.random() < 0.75))
        if lessons:
            db.session.add(Assignment(cohort_id=cohort.id, kind="lesson", target=lessons[0], created_by_id=teacher_id,
                                      due_on=(now - timedelta(days=7)).date(), learner_ids=[], created_at=now - timedelta(days=20)))
            db.session.add(Assignment(cohort_id=cohort.id, kind="practice", target="satversme", created_by_id=teacher_id,
                                      due_on=(now + timedelta(days=7)).date(), learner_ids=[], created_at=now - timedelta(days=3)))
        for uid in members:
            for lesson_id in rng.sample(lessons, min(len(lessons), rng.randint(0, 6))):
                opened = now - timedelta(days=rng.randint(1, 30))
                db.session.add(LessonProgress(user_id=uid, lesson_id=lesson_id, opened_at=opened,
                                              completed_at=opened + timedelta(minutes=12) if rng.random() < 0.8 else None))
        if members:
            db.session.add(TeacherNote(learner_id=members[0], author_id=teacher_id, cohort_id=cohort.id,
                                       text="Lūdz izdrukāt nodarbības lielākā burtu izmērā.", created_at=now - timedelta(days=9)))
    coordinator = db.session.scalar(select(User).where(User.username == "coordinator"))
    for username, kind, days_ago, passed in (("svetlana.k", "registered", 20, None), ("natalja.b", "registered", 30, None),
                                             ("natalja.b", "language", 12, True), ("sergejs.f", "registered", 25, None),
                                             ("sergejs.f", "language", 8, False), ("marija.s", "registered", 15, None)):
        user = db.session.scalar(select(User).where(User.username == username))
        db.session.add(ExamOutcome(user_id=user.id, kind=kind, happened_on=(now - timedelta(days=days_ago)).date(),
                                   passed=passed, parts={}, recorded_by_id=coordinator.id, recorded_at=now - timedelta(days=days_ago)))
        counts["outcomes"] += 1
    db.session.commit()
    for username in ("natalja.b", "sergejs.f", "marija.s", "svetlana.k", "ludmila.p"):  # writing waits for the teacher
        _language_mock(db.session.scalar(select(User).where(User.username == username)), now, rng)
    return counts


def _language_mock(user, now, rng) -> None:
    started = now - timedelta(days=2, hours=3)
    try:
        attempt = exam_services.start_attempt(user.id, LANGUAGE, started, rng)
    except exam_services.ExamError:
        return
    # a writing answer only makes sense under its own prompt: the learner's writing items are the
    # tasks their prepared answers were written for (a draw of those); any other stays unanswered
    prepared = writing_answers(user.username, started.date())
    for item in attempt.items:
        if item.part == "writing":
            item.task_id = _prepared_task(item.task_id, prepared) or item.task_id
    db.session.commit()
    for item in attempt.items:
        when = started + timedelta(minutes=1 + item.position)
        if item.question_id:
            form = {"answer": ["a"]}
        elif item.part == "writing" and item.task_id in prepared:
            form = prepared[item.task_id]
        else:
            continue
        try:
            exam_services.save_answer(attempt, item, form, when)
        except ResponseError:  # a question that is not single choice ("a") stays unanswered
            continue
    exam_services.submit(attempt, started + timedelta(minutes=70))


def _prepared_task(drawn_id: str, prepared: dict) -> str | None:
    """The prepared task of the same kind as the drawn one (a form for a form, a letter or an
    application for either), if the bank has it."""
    drawn = db.session.get(BankTask, drawn_id)
    for task_id in prepared:
        task = db.session.get(BankTask, task_id)
        if (task is not None and task.status == "checked" and task.retired_at is None
                and (task.kind == "form") == (drawn.kind == "form")):
            return task_id
    return None
