"""The funder report. Activity is counted by aggregate SQL (EXISTS / COUNT DISTINCT on indexed
columns), never by loading answers into Python: practice answers, first lesson openings and mock
exams through daily_activity (one row per person and Latvian day, activity/), class attendance
through its marks. What comes back is at most one row per person (who counts for which metric,
and their municipality and groups) or per month, which domain/report_counting.py turns into
totals and breakdowns."""
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import case, exists, func, or_, select, union

from ..activity.services import active_between, active_days
from ..auth.models import User
from ..core.collation import latvian_sorted
from ..core.time import RIGA
from ..domain.report_counting import (
    Breakdown, CompletionFacts, CompletionRule, count_breakdown, is_complete,
)
from ..exams.models import SUBMITTED, ExamAttempt, ExamPartResult
from ..extensions import db
from ..learn.models import LessonProgress
from ..profiles.models import LearnerProfile, LearnerTargetGroup, Municipality, TargetGroup
from ..cohorts.models import Assignment, AttendanceMark, AttendanceSession, Cohort, Enrolment
from ..security.audit import record
from .models import ExamOutcome, ExportLog, Programme

METRICS = ("participants", "active", "completed", "mock_passed", "registered", "language_passed",
           "knowledge_passed", "citizenship")
FUNNEL = ("participants", "active", "completed", "exam_passed")


@dataclass(frozen=True)
class ReportFilters:
    start: date
    end: date
    municipality_id: int | None = None
    target_group: str | None = None
    cohort_id: int | None = None
    programme_id: int | None = None

    def as_dict(self) -> dict:
        return {"start": self.start.isoformat(), "end": self.end.isoformat(), "municipality_id": self.municipality_id,
                "target_group": self.target_group, "cohort_id": self.cohort_id, "programme_id": self.programme_id}


@dataclass
class Report:
    filters: ReportFilters
    breakdown: Breakdown
    funnel: list
    monthly: list                 # [(YYYY-MM, active learners, new participants)]
    sessions_held: int
    attendances: int
    by_cohort: list               # [(cohort name, participants)]
    people: dict = field(default_factory=dict)  # metric -> set of user ids


def period_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """The period's first and last moment in Latvia, in UTC."""
    first = datetime.combine(start, time.min, RIGA).astimezone(timezone.utc)
    last = datetime.combine(end, time.max, RIGA).astimezone(timezone.utc)
    return first, last


def _cohort_conditions(filters: ReportFilters) -> list:
    conditions = []
    if filters.cohort_id:
        conditions.append(Cohort.id == filters.cohort_id)
    if filters.programme_id:
        conditions.append(Cohort.programme_id == filters.programme_id)
    return conditions


def participants_select(filters: ReportFilters):
    """Distinct people enrolled, at any time in the period, in a cohort matching the filters."""
    first, last = period_bounds(filters.start, filters.end)
    query = (select(Enrolment.user_id).join(Cohort, Cohort.id == Enrolment.cohort_id)
             .where(Enrolment.enrolled_at <= last, or_(Enrolment.left_at.is_(None), Enrolment.left_at >= first),
                    *_cohort_conditions(filters)))
    if filters.municipality_id:
        query = query.where(Enrolment.user_id.in_(select(LearnerProfile.user_id).where(
            LearnerProfile.municipality_id == filters.municipality_id)))
    if filters.target_group:
        query = query.where(Enrolment.user_id.in_(select(LearnerTargetGroup.user_id).where(
            LearnerTargetGroup.code == filters.target_group)))
    return query.distinct()


def _ids(query) -> set[int]:
    return set(db.session.scalars(query))


def run_report(filters: ReportFilters) -> Report:
    first, last = period_bounds(filters.start, filters.end)
    participants = participants_select(filters).cte("participants")
    person = participants.c.user_id
    people: dict[str, set[int]] = {"participants": _ids(select(person))}
    people["active"] = _ids(select(person).where(_active_condition(person, filters.start, filters.end)))
    people["mock_passed"] = _ids(
        select(ExamAttempt.user_id).join(participants, person == ExamAttempt.user_id)
        .where(ExamAttempt.status == SUBMITTED, ExamAttempt.submitted_at.between(first, last),
               _fully_passed(ExamAttempt.id)).distinct())
    for metric, kind in (("registered", "registered"), ("language_passed", "language"),
                         ("knowledge_passed", "knowledge"), ("citizenship", "citizenship")):
        condition = [ExamOutcome.passed.is_(True)] if kind in ("language", "knowledge") else []
        people[metric] = _ids(
            select(ExamOutcome.user_id).join(participants, person == ExamOutcome.user_id)
            .where(ExamOutcome.kind == kind, ExamOutcome.happened_on.between(filters.start, filters.end), *condition)
            .distinct())
    people["completed"] = _completers(filters, people["participants"])
    people["exam_passed"] = people["language_passed"] | people["knowledge_passed"]
    breakdown = count_breakdown({m: people[m] for m in METRICS}, _attributes(participants))
    sessions_held, attendances = _attendance_totals(filters, participants)
    return Report(filters, breakdown, [(m, len(people[m])) for m in FUNNEL], _monthly(filters, participants),
                  sessions_held, attendances, _by_cohort(filters), people)


def _fully_passed(attempt_id):
    """An attempt none of whose parts failed or still waits for a grade."""
    return ~exists().where(ExamPartResult.attempt_id == attempt_id,
                           or_(ExamPartResult.passed.is_(False), ExamPartResult.passed.is_(None)))


def _attributes(participants) -> dict[int, tuple[int | None, frozenset]]:
    """Each person's municipality and target groups (one row per person and group)."""
    attributes: dict[int, tuple[int | None, set]] = {}
    rows = db.session.execute(
        select(LearnerProfile.user_id, LearnerProfile.municipality_id, LearnerTargetGroup.code)
        .join(participants, participants.c.user_id == LearnerProfile.user_id)
        .outerjoin(LearnerTargetGroup, LearnerTargetGroup.user_id == LearnerProfile.user_id))
    for user_id, municipality_id, code in rows:
        entry = attributes.setdefault(user_id, (municipality_id, set()))
        if code:
            entry[1].add(code)
    return {uid: (mid, frozenset(codes)) for uid, (mid, codes) in attributes.items()}


def _completers(filters: ReportFilters, participants: set[int]) -> set[int]:
    """People who meet the completion definition of a programme of one of their cohorts, by the
    period's end. Activity is aggregated in SQL per person; the rule is applied by is_complete()."""
    programmes = {p.id: p for p in db.session.scalars(select(Programme))}
    if filters.programme_id:
        programmes = {k: v for k, v in programmes.items() if k == filters.programme_id}
    _first, last = period_bounds(filters.start, filters.end)
    completed: set[int] = set()
    for programme in programmes.values():
        rule = CompletionRule(programme.min_sessions_attended, programme.min_lessons_percent,
                              programme.require_knowledge_mock_pass, programme.require_language_mock_pass)
        if rule.is_empty:
            continue
        cohort_ids = select(Cohort.id).where(Cohort.programme_id == programme.id)
        members = select(Enrolment.user_id).where(Enrolment.cohort_id.in_(cohort_ids)).distinct()
        candidates = participants & _ids(members)
        if not candidates:
            continue
        sessions = dict(db.session.execute(
            select(AttendanceMark.user_id, func.count()).join(AttendanceSession, AttendanceSession.id == AttendanceMark.session_id)
            .where(AttendanceSession.cohort_id.in_(cohort_ids), AttendanceMark.present.is_(True),
                   AttendanceSession.held_on <= filters.end, AttendanceMark.user_id.in_(members))
            .group_by(AttendanceMark.user_id)).all())
        assigned, done = _lesson_counts(cohort_ids, members, last)
        mocks = {(uid, kind) for uid, kind in db.session.execute(
            select(ExamAttempt.user_id, ExamAttempt.kind).where(
                ExamAttempt.user_id.in_(members), ExamAttempt.status == SUBMITTED, ExamAttempt.submitted_at <= last,
                _fully_passed(ExamAttempt.id)).distinct())}
        for uid in candidates:
            facts = CompletionFacts(sessions.get(uid, 0), assigned.get(uid, 0), done.get(uid, 0),
                                    (uid, "knowledge") in mocks, (uid, "language") in mocks)
            if is_complete(facts, rule):
                completed.add(uid)
    return completed


def _lesson_counts(cohort_ids, members, last) -> tuple[dict[int, int], dict[int, int]]:
    """Per person: lessons assigned to them in these cohorts, and how many of those they finished."""
    assignments = list(db.session.execute(select(Assignment.cohort_id, Assignment.target, Assignment.learner_ids)
                                          .where(Assignment.cohort_id.in_(cohort_ids), Assignment.kind == "lesson")))
    if not assignments:
        return {}, {}
    lessons_by_cohort: dict[int, list[tuple[str, list]]] = {}
    for assigned_cohort, lesson_id, learner_ids in assignments:
        lessons_by_cohort.setdefault(assigned_cohort, []).append((lesson_id, learner_ids))
    enrolments = db.session.execute(select(Enrolment.user_id, Enrolment.cohort_id).where(
        Enrolment.cohort_id.in_(cohort_ids), Enrolment.user_id.in_(members)))
    lessons_of: dict[int, set[str]] = {}
    for uid, cohort_id in enrolments:
        for lesson_id, learner_ids in lessons_by_cohort.get(cohort_id, ()):
            if not learner_ids or uid in learner_ids:
                lessons_of.setdefault(uid, set()).add(lesson_id)
    finished: dict[int, set[str]] = {}
    for uid, lesson_id in db.session.execute(select(LessonProgress.user_id, LessonProgress.lesson_id).where(
            LessonProgress.user_id.in_(members), LessonProgress.completed_at <= last,
            LessonProgress.lesson_id.in_({a[1] for a in assignments}))):
        finished.setdefault(uid, set()).add(lesson_id)
    assigned = {uid: len(lessons) for uid, lessons in lessons_of.items()}
    done = {uid: len(lessons & finished.get(uid, set())) for uid, lessons in lessons_of.items()}
    return assigned, done


def _attendance_totals(filters: ReportFilters, participants) -> tuple[int, int]:
    """Sessions held in the period by the matching groups, and participants' attendances at them
    (joins, not IN-lists: SQLite plans those badly on large tables). With a municipality or target
    group filter, the groups are those in which a matching participant was enrolled in the period:
    a group counts for the people it taught, not for everyone's sessions."""
    in_period = [AttendanceSession.held_on.between(filters.start, filters.end), *_cohort_conditions(filters)]
    held_query = (select(func.count(AttendanceSession.id))
                  .join(Cohort, Cohort.id == AttendanceSession.cohort_id).where(*in_period))
    if filters.municipality_id or filters.target_group:
        first, last = period_bounds(filters.start, filters.end)
        taught = (select(Enrolment.cohort_id).join(participants, participants.c.user_id == Enrolment.user_id)
                  .where(Enrolment.enrolled_at <= last, or_(Enrolment.left_at.is_(None), Enrolment.left_at >= first))
                  .distinct())
        held_query = held_query.where(AttendanceSession.cohort_id.in_(taught))
    held = db.session.scalar(held_query)
    present = db.session.scalar(
        select(func.count(AttendanceMark.id))
        .join(participants, participants.c.user_id == AttendanceMark.user_id)
        .join(AttendanceSession, AttendanceSession.id == AttendanceMark.session_id)
        .join(Cohort, Cohort.id == AttendanceSession.cohort_id)
        .where(AttendanceMark.present.is_(True), *in_period))
    return held, present


def _active_condition(person, start: date, end: date):
    """A participant did something on a Latvian day from `start` to `end`: practised, opened a
    lesson for the first time or started a mock exam (daily_activity), or attended a class."""
    return or_(active_between(person, start, end), _attended(person, start, end))


def _attended(person, start: date, end: date):
    return exists().where(AttendanceMark.user_id == person, AttendanceMark.present.is_(True),
                          AttendanceMark.session_id == AttendanceSession.id, AttendanceSession.held_on.between(start, end))


def _months(start: date, end: date) -> list[tuple[date, date]]:
    months, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
        months.append((max(start, date(year, month, 1)), min(end, following - timedelta(days=1))))
        year, month = following.year, following.month
    return months


def _monthly(filters: ReportFilters, participants) -> list[tuple[str, int, int]]:
    """Per month: active learners (the "active" measure's activity; one query for the whole period
    over the participants' active days and class attendances, each labelled with its month) and new
    participants (whose first enrolment falls in that month)."""
    person = participants.c.user_id
    months = _months(filters.start, filters.end)
    firsts = (select(Enrolment.user_id, func.min(Enrolment.enrolled_at).label("first"))
              .join(participants, participants.c.user_id == Enrolment.user_id)
              .group_by(Enrolment.user_id).subquery())
    days = active_days(person, filters.start, filters.end).subquery()
    attended = (select(AttendanceMark.user_id, AttendanceSession.held_on.label("day"))
                .join(AttendanceSession, AttendanceSession.id == AttendanceMark.session_id)
                .join(participants, person == AttendanceMark.user_id)
                .where(AttendanceMark.present.is_(True), AttendanceSession.held_on.between(filters.start, filters.end))
                .subquery())
    labelled = []
    for source in (days, attended):  # each side grouped first: fewer rows for the union to sort out
        month = _month_index(source.c.day, [last for _first, last in months])
        labelled.append(select(source.c.user_id, month.label("month")).group_by(source.c.user_id, month))
    pairs = union(*labelled).subquery()  # (person, month), once each
    counts = dict(db.session.execute(select(pairs.c.month, func.count()).group_by(pairs.c.month)).all())
    joined_counts = dict(db.session.execute(
        select(_month_index(firsts.c.first, [period_bounds(a, b)[1] for a, b in months]).label("month"), func.count())
        .where(firsts.c.first.between(*period_bounds(filters.start, filters.end))).group_by("month")).all())
    return [(month_start.strftime("%Y-%m"), counts.get(i, 0), joined_counts.get(i, 0))
            for i, (month_start, _month_end) in enumerate(months)]


def _month_index(value, month_ends: list):
    """CASE: the index of the month `value` falls in, given each month's last day or moment; for
    values already limited to the period (portable: no date functions; one comparison a month)."""
    return case(*((value <= last, i) for i, last in enumerate(month_ends)), else_=None)


def _by_cohort(filters: ReportFilters) -> list[tuple[str, int]]:
    first, last = period_bounds(filters.start, filters.end)
    participants = participants_select(filters)
    rows = db.session.execute(
        select(Cohort.name, func.count(func.distinct(Enrolment.user_id)))
        .join(Enrolment, Enrolment.cohort_id == Cohort.id)
        .where(Enrolment.user_id.in_(participants), Enrolment.enrolled_at <= last,
               or_(Enrolment.left_at.is_(None), Enrolment.left_at >= first), *_cohort_conditions(filters))
        .group_by(Cohort.id, Cohort.name))
    return latvian_sorted([(name, n) for name, n in rows], lambda row: row[0])


def by_name(query) -> list:
    """Groups or programmes in Latvian order of their names (SQL cannot sort Latvian portably)."""
    return latvian_sorted(db.session.scalars(query), lambda item: item.name)


def filter_names(lang: str) -> dict:
    """What the report's filters can choose, id -> name, in the page's language."""
    return {
        "municipality": {m.id: m.name for m in db.session.scalars(select(Municipality).order_by(Municipality.position))},
        "group": {g.code: g.names.get(lang) or g.names.get("lv") for g in db.session.scalars(select(TargetGroup).order_by(TargetGroup.position))},
        "cohort": {c.id: c.name for c in by_name(select(Cohort))},
        "programme": {p.id: p.name for p in by_name(select(Programme))},
    }


def log_export(user_id: int, fmt: str, scope: str, filters: ReportFilters, now: datetime) -> None:
    """Every export is logged with its filters, and audited as an export of personal data."""
    db.session.add(ExportLog(user_id=user_id, exported_at=now, format=fmt, scope=scope, filters=filters.as_dict()))
    record("personal_data_exported", format=fmt, scope=scope, filters=filters.as_dict())
    db.session.commit()


def export_log(limit: int = 200) -> list[tuple[ExportLog, str]]:
    """The latest exports with the name of who made each."""
    return list(db.session.execute(select(ExportLog, User.display_name).join(User, User.id == ExportLog.user_id)
                                   .order_by(ExportLog.exported_at.desc()).limit(limit)).tuples())


def exportable_people(user_ids) -> list[int]:
    """Of the given people, those who may be listed by name, sorted: their consent is recorded and
    they are not erased. Withdrawing consent (participant details, "no") clears `consent_at`."""
    ids = sorted(set(user_ids))
    if not ids:
        return []
    return sorted(db.session.scalars(
        select(LearnerProfile.user_id).join(User, User.id == LearnerProfile.user_id)
        .where(LearnerProfile.user_id.in_(ids), LearnerProfile.consent_at.is_not(None), User.erased_at.is_(None))))


def listable_people(user_ids) -> tuple[list[int], dict[int, User], dict[int, LearnerProfile]]:
    """Of the given people, those who may be listed by name (exportable_people), with their
    accounts and participant profiles by id."""
    ids = exportable_people(user_ids)
    users = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(ids or [-1])))}
    profiles = {p.user_id: p for p in db.session.scalars(select(LearnerProfile).where(LearnerProfile.user_id.in_(ids or [-1])))}
    return ids, users, profiles
