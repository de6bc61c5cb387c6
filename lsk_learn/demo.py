"""Demo data: accounts for every role, cohorts in the programme's municipalities, and weeks of
plausible practice, so dashboards show something real on first start."""
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select

from .auth.models import User
from .auth.passwords import temporary_password
from .auth.roles import Role
from .bank.keys import question_key
from .bank.models import AnthemText, Question
from .cohorts.models import Cohort, CohortTeacher, Enrolment
from .domain.draw import draw_questions
from .domain.exam_rules import KNOWLEDGE
from .exams import services as exam_services
from .domain.scoring import grade
from .extensions import db
from .learn.models import PracticeAnswer
from .profiles.models import LearnerProfile
from .review.models import QUESTION, PracticeSession
from .review.services import record_review
from .demo_teaching import EXTRA_NAMES, add_teaching_data
from .demo_authoring import add_authoring_data

STAFF = [
    ("admin", "Administrators", Role.ADMIN, "lv"),
    ("coordinator", "Inese Koordinatore", Role.COORDINATOR, "lv"),
    ("teacher", "Ilze Skolotāja", Role.TEACHER, "lv"),
    ("teacher2", "Jānis Pasniedzējs", Role.TEACHER, "ru"),
]
COHORTS = [
    ("Daugavpils — latviešu valoda un vēsture, rudens 2026", "Daugavpils valstspilsēta", "teacher"),
    ("Krāslava — Satversme un vēsture", "Krāslavas novads", "teacher2"),
    ("Preiļi — sagatavošanās naturalizācijai", "Preiļu novads", "teacher"),
]
# (username, name, locale, ability 0..1, cohort index, birth year, planned exam in days or None);
# "learner" is the one the README names
LEARNERS = [
    ("learner", "Olga Demo", "ru", 0.62, 0, 1958, 40),
    ("svetlana.k", "Svetlana Kuzņecova", "ru", 0.78, 0, 1949, 21),
    ("igors.p", "Igors Petrovs", "ru", 0.45, 0, 1987, None),
    ("marija.s", "Marija Smirnova", "ru", 0.70, 0, 1994, 60),
    ("aleksandrs.v", "Aleksandrs Vasiļjevs", "ru", 0.35, 0, 1971, None),
    ("natalja.b", "Natalja Belova", "lv", 0.85, 0, 2001, 14),
    ("valentina.m", "Valentina Morozova", "ru", 0.55, 1, 1955, 75),
    ("dmitrijs.k", "Dmitrijs Kozlovs", "ru", 0.66, 1, 1979, 35),
    ("tatjana.l", "Tatjana Lebedeva", "ru", 0.40, 1, 1990, None),
    ("jevgenija.n", "Jevgeņija Novikova", "en", 0.74, 1, 1998, 28),
    ("genadijs.s", "Genādijs Sokolovs", "ru", 0.30, 2, 1952, None),
    ("ludmila.p", "Ludmila Pavlova", "ru", 0.58, 2, 1961, 50),
    ("sergejs.f", "Sergejs Fjodorovs", "ru", 0.81, 2, 1984, 18),
    ("irina.z", "Irina Zaiceva", "lv", 0.50, 2, 1996, None),
]
ACTIVITY_DAYS = 42


@dataclass
class DemoResult:
    accounts: list = field(default_factory=list)
    cohorts: int = 0
    learners: int = 0
    answers: int = 0
    mock_exams: int = 0
    sessions: int = 0
    outcomes: int = 0


def create_demo_data(now: datetime, seed: int) -> DemoResult | None:
    """Create the demo data once; None if it already exists (nothing is changed then)."""
    if db.session.scalar(select(User.id).where(User.username == "learner")):
        return None
    rng = random.Random(seed)
    result = DemoResult()
    users = {}
    for username, name, role, locale in STAFF:
        users[username] = _user(username, name, role, locale, result)
    cohorts = []
    for index, (name, municipality, teacher) in enumerate(COHORTS):
        cohort = Cohort(name=name, municipality=municipality,
                        starts_on=(now - timedelta(days=ACTIVITY_DAYS + 7)).date(),
                        ends_on=(now + timedelta(days=60 + 14 * index)).date())
        db.session.add(cohort)
        db.session.flush()
        db.session.add(CohortTeacher(cohort_id=cohort.id, user_id=users[teacher].id))
        cohorts.append(cohort)
    result.cohorts = len(cohorts)
    questions = list(db.session.scalars(
        select(Question).where(Question.status == "checked", Question.retired_at.is_(None))
    ))
    for username, name, locale, ability, cohort_index, birth_year, exam_in in LEARNERS:
        learner = _user(username, name, Role.LEARNER, locale, result)
        db.session.add(Enrolment(cohort_id=cohorts[cohort_index].id, user_id=learner.id,
                                 enrolled_at=now - timedelta(days=ACTIVITY_DAYS + 3)))
        db.session.add(LearnerProfile(user_id=learner.id, birth_year=birth_year, exemptions=[],
                                      planned_exam_date=(now + timedelta(days=exam_in)).date() if exam_in else None))
        result.answers += _practice_history(learner, ability, questions, now, rng)
        result.learners += 1
    db.session.commit()
    def make_learner(username, name, locale):
        return _user(username, name, Role.LEARNER, locale, result, show=False)

    def practice(user):
        result.answers += _practice_history(user, rng.uniform(0.3, 0.8), questions, now, rng)

    teaching = add_teaching_data(now, rng, make_learner, practice)
    add_authoring_data(users, now)
    result.learners += len(EXTRA_NAMES)
    result.cohorts += 1
    result.sessions, result.outcomes = teaching["sessions"], teaching["outcomes"]
    # the mock exams commit answer by answer, as the app does: start them with an empty session
    db.session.commit()
    db.session.expunge_all()
    for username, _name, _locale, ability, *_rest in LEARNERS:
        if ability >= 0.5:
            learner = db.session.scalar(select(User).where(User.username == username))
            result.mock_exams += _mock_exams(learner, ability, now, rng)
    return result


def _user(username, name, role, locale, result, show=True) -> User:
    """An account with a random password; `show` lists it among the printed demo accounts."""
    password = temporary_password()
    user = User(username=username, display_name=name, role=role, locale=locale)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    if show:
        result.accounts.append((username, role.value, password))
    return user


def _practice_history(learner, ability, questions, now, rng) -> int:
    """A few sessions a week over six weeks; a learner slowly gets better at what they repeat."""
    by_topic = {}
    for question in questions:
        by_topic.setdefault(question.topic_id, []).append(question)
    if not by_topic:
        return 0
    seen: set[str] = set()
    count = 0
    day = ACTIVITY_DAYS
    while day > 0:
        day -= rng.choice((1, 2, 2, 3, 4))
        if day <= 0 or rng.random() > 0.35 + ability * 0.5:
            continue
        topic_id = rng.choice(sorted(by_topic))
        pool = {q.id: q for q in by_topic[topic_id]}
        chosen = draw_questions(sorted(pool), seen, rng.choice((5, 10, 10, 20)), rng)
        # classes and homework happen in the daytime: 09:00–19:00 in Latvia is 07:00–17:00 UTC in winter
        started = (now - timedelta(days=day)).replace(hour=rng.randint(7, 17), minute=rng.randint(0, 59))
        session = PracticeSession(user_id=learner.id, topic_id=topic_id, question_ids=chosen, started_at=started)
        db.session.add(session)
        db.session.flush()
        abandons = rng.random() < 0.08
        for position, question_id in enumerate(chosen):
            if abandons and position >= len(chosen) // 2:
                break
            question = pool[question_id]
            practised = 0.08 if question_id in seen else 0.0
            chance = ability + practised - 0.12 * (question.difficulty - 2)
            response = _response(question, rng.random() < chance, rng)
            result = grade(question_key(question), response)
            answered_at = started + timedelta(seconds=40 * (position + 1))
            db.session.add(PracticeAnswer(
                session_id=session.id, user_id=learner.id, question_id=question_id, position=position,
                response=response, is_correct=result.correct, score=result.score, answered_at=answered_at,
            ))
            record_review(learner.id, QUESTION, question_id, result.correct, answered_at)
            seen.add(question_id)
            count += 1
        if not abandons:
            session.finished_at = started + timedelta(seconds=40 * len(chosen) + 5)
    return count


def _mock_exams(learner, ability, now, rng) -> int:
    """One or two knowledge mock exams in the last weeks, answered at the learner's level."""
    anthem = db.session.get(AnthemText, "anthem")
    count = 0
    for days_ago in sorted(rng.sample(range(3, 20), rng.choice((1, 2))), reverse=True):
        started = (now - timedelta(days=days_ago)).replace(hour=rng.randint(8, 15))
        try:
            attempt = exam_services.start_attempt(learner.id, KNOWLEDGE, started, rng)
        except exam_services.ExamError:
            return count
        for item in attempt.items:
            when = started + timedelta(minutes=1 + item.position)
            if item.question_id:
                question = db.session.get(Question, item.question_id)
                form = {"answer": [_response(question, rng.random() < ability + 0.05, rng)]}
            elif anthem is not None:
                text = anthem.text if rng.random() < ability else anthem.text.replace("svētī", "sveti", 1)
                form = {"text": [text]}
            else:
                continue
            exam_services.save_answer(attempt, item, form, when)
        exam_services.submit(attempt, started + timedelta(minutes=30))
        count += 1
    return count


def _response(question: Question, right: bool, rng: random.Random):
    """A plausible response: the key, or a wrong choice of the right shape."""
    if question.type == "single":
        if right:
            return question.answer
        return rng.choice([o["id"] for o in question.options if o["id"] != question.answer])
    if question.type == "true_false":
        return question.answer if right else not question.answer
    if question.type == "multiple":
        return question.answer if right else [question.options[0]["id"]]
    if question.type == "matching":
        if right:
            return dict(question.answer)
        first = question.options[0]["id"]
        return {p["id"]: first for p in question.prompts}
    if question.type == "short_text":
        return question.answer[0] if right else "?"
    raise ValueError(question.type)
