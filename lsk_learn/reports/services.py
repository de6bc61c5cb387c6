"""The funder report. Activity is counted by aggregate SQL (EXISTS / COUNT DISTINCT on indexed
columns), never by loading answers into Python: practice answers, first lesson openings, mock
exams and class attendance through monthly_activity (one row per person and month, activity/)
for the whole months of the period, and for the days at its edges through daily_activity (one
row per person and Latvian day) and the attendance marks. What comes back is at most one row per
person (which measures count them, their municipality; their groups) or per month, which
domain/report_counting.py turns into totals and breakdowns."""
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from itertools import compress, groupby
from operator import itemgetter

from sqlalchemy import case, exists, func, or_, select, union, union_all

from ..activity.services import active_between, active_days, active_in_months, active_months
from ..auth.models import User
from ..core.collation import latvian_sorted
from ..core.time import RIGA
from ..domain.activity import month_of, split_into_months
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
    query = select(Enrolment.user_id)
    if conditions := _cohort_conditions(filters):  # no join otherwise: every enrolment has its cohort (a foreign key)
        query = query.join(Cohort, Cohort.id == Enrolment.cohort_id).where(*conditions)
    query = query.where(Enrolment.enrolled_at <= last, or_(Enrolment.left_at.is_(None), Enrolment.left_at >= first))
    if filters.municipality_id:
        query = query.where(Enrolment.user_id.in_(select(LearnerProfile.user_id).where(
            LearnerProfile.municipality_id == filters.municipality_id)))
    if filters.target_group:
        query = query.where(Enrolment.user_id.in_(select(LearnerTargetGroup.user_id).where(
            LearnerTargetGroup.code == filters.target_group)))
    return query.distinct()


def _rows(query) -> list:
    """All rows of a query, run as Core on the session's connection (so in its transaction): for
    rows of plain columns the ORM's per-row handling costs three times as much (10,000 ids: 25 ms
    instead of 8), and the report reads tens of thousands (issue 13)."""
    return db.session.connection().execute(query).all()


OUTCOMES = (("registered", "registered"), ("language_passed", "language"), ("knowledge_passed", "knowledge"),
            ("citizenship", "citizenship"))


def run_report(filters: ReportFilters) -> Report:
    db.session.flush()  # _rows() bypasses the ORM's autoflush: what the session holds counts too
    participants = participants_select(filters).cte("participants")
    people, municipality = _people(filters, participants)
    people["completed"] = _completers(filters, people["participants"])
    people["exam_passed"] = people["language_passed"] | people["knowledge_passed"]
    breakdown = count_breakdown({m: people[m] for m in METRICS}, _attributes(participants, municipality))
    sessions_held, attendances = _attendance_totals(filters, participants)
    return Report(filters, breakdown, [(m, len(people[m])) for m in FUNNEL], _monthly(filters, participants),
                  sessions_held, attendances, _by_cohort(filters), people)


def _measures(filters: ReportFilters, person) -> dict:
    """The measures counted per participant (besides completion), each a condition on `person`."""
    first, last = period_bounds(filters.start, filters.end)
    measures = {
        "active": _active_condition(person, filters.start, filters.end),
        "mock_passed": exists().where(ExamAttempt.user_id == person, ExamAttempt.status == SUBMITTED,
                                      ExamAttempt.submitted_at.between(first, last), _fully_passed(ExamAttempt.id)),
    }
    for metric, kind in OUTCOMES:
        condition = [ExamOutcome.passed.is_(True)] if kind in ("language", "knowledge") else []
        measures[metric] = exists().where(ExamOutcome.user_id == person, ExamOutcome.kind == kind,
                                          ExamOutcome.happened_on.between(filters.start, filters.end), *condition)
    return measures


def _people(filters: ReportFilters, participants) -> tuple[dict[str, set[int]], dict[int, int | None]]:
    """({measure: the participants it counts}, {participant: municipality}), from one query with a
    row per participant: whose participants CTE is computed once, not once per measure."""
    person = participants.c.user_id
    measures = _measures(filters, person)
    rows = _rows(select(person, LearnerProfile.municipality_id, *(c.label(m) for m, c in measures.items()))
                 .select_from(participants).outerjoin(LearnerProfile, LearnerProfile.user_id == person))
    ids, municipalities, *flags = zip(*rows) if rows else ((), (), *((),) * len(measures))
    people = {"participants": set(ids)} | {m: set(compress(ids, f)) for m, f in zip(measures, flags)}
    return people, dict(zip(ids, municipalities))


def _fully_passed(attempt_id):
    """An attempt none of whose parts failed or still waits for a grade."""
    return ~exists().where(ExamPartResult.attempt_id == attempt_id,
                           or_(ExamPartResult.passed.is_(False), ExamPartResult.passed.is_(None)))


def _attributes(participants, municipality: dict[int, int | None]) -> dict[int, tuple[int | None, frozenset]]:
    """Each participant's municipality and target groups (a row per participant and group)."""
    rows = _rows(select(LearnerTargetGroup.user_id, LearnerTargetGroup.code)
                 .join(participants, participants.c.user_id == LearnerTargetGroup.user_id)
                 .where(LearnerTargetGroup.code != "").order_by(LearnerTargetGroup.user_id))
    codes = {uid: tuple(code for _uid, code in group) for uid, group in groupby(rows, key=itemgetter(0))}
    shared: dict = {}  # one (municipality, groups) per combination: thousands of people, hundreds of kinds
    return {uid: shared.setdefault(kind := (mid, codes.get(uid, ())), (mid, frozenset(kind[1])))
            for uid, mid in municipality.items()}


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
        enrolments = _rows(select(Enrolment.user_id, Enrolment.cohort_id).where(Enrolment.cohort_id.in_(cohort_ids)))
        candidates = participants & {uid for uid, _cohort in enrolments}
        if not candidates:
            continue
        members = select(Enrolment.user_id).where(Enrolment.cohort_id.in_(cohort_ids)).distinct()
        sessions = dict(_rows(  # read for the candidates only: no join to tell members from others
            select(AttendanceMark.user_id, func.count())
            .join(AttendanceSession, AttendanceSession.id == AttendanceMark.session_id)
            .where(AttendanceSession.cohort_id.in_(cohort_ids), AttendanceMark.present.is_(True),
                   AttendanceSession.held_on <= filters.end)
            .group_by(AttendanceMark.user_id)))
        assigned, done = _lesson_counts(cohort_ids, members, enrolments, last)
        mocks = {tuple(row) for row in _rows(
            select(ExamAttempt.user_id, ExamAttempt.kind).where(
                ExamAttempt.user_id.in_(members), ExamAttempt.status == SUBMITTED, ExamAttempt.submitted_at <= last,
                _fully_passed(ExamAttempt.id)).distinct())}
        for uid in candidates:
            facts = CompletionFacts(sessions.get(uid, 0), assigned.get(uid, 0), done.get(uid, 0),
                                    (uid, "knowledge") in mocks, (uid, "language") in mocks)
            if is_complete(facts, rule):
                completed.add(uid)
    return completed


def _lesson_counts(cohort_ids, members, enrolments: list, last) -> tuple[dict[int, int], dict[int, int]]:
    """Per person: lessons assigned to them in these cohorts (`enrolments`: their (person, cohort)
    rows), and how many of those they finished."""
    assignments = _rows(select(Assignment.cohort_id, Assignment.target, Assignment.learner_ids)
                        .where(Assignment.cohort_id.in_(cohort_ids), Assignment.kind == "lesson"))
    if not assignments:
        return {}, {}
    for_all: dict[int, set[str]] = {}                  # cohort -> lessons set for the whole cohort
    for_some: dict[int, list[tuple[str, list]]] = {}  # cohort -> [(lesson, the learners it is set for)]
    for cohort_id, lesson_id, learner_ids in assignments:
        if learner_ids:
            for_some.setdefault(cohort_id, []).append((lesson_id, learner_ids))
        else:
            for_all.setdefault(cohort_id, set()).add(lesson_id)
    lessons_of: dict[int, set[str]] = {}
    for uid, cohort_id in enrolments:
        chosen = {lesson for lesson, learners in for_some.get(cohort_id, ()) if uid in learners}
        lessons = for_all.get(cohort_id, set()) | chosen
        if lessons:
            lessons_of.setdefault(uid, set()).update(lessons)
    finished: dict[int, set[str]] = {}
    for uid, lesson_id in _rows(select(LessonProgress.user_id, LessonProgress.lesson_id).where(
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
    held_query = _with_cohort(select(func.count(AttendanceSession.id)), filters).where(*in_period)
    if filters.municipality_id or filters.target_group:
        first, last = period_bounds(filters.start, filters.end)
        taught = (select(Enrolment.cohort_id).join(participants, participants.c.user_id == Enrolment.user_id)
                  .where(Enrolment.enrolled_at <= last, or_(Enrolment.left_at.is_(None), Enrolment.left_at >= first))
                  .distinct())
        held_query = held_query.where(AttendanceSession.cohort_id.in_(taught))
    held = db.session.scalar(held_query)
    present = db.session.scalar(_with_cohort(
        select(func.count(AttendanceMark.id))
        .join(participants, participants.c.user_id == AttendanceMark.user_id)
        .join(AttendanceSession, AttendanceSession.id == AttendanceMark.session_id), filters)
        .where(AttendanceMark.present.is_(True), *in_period))
    return held, present


def _with_cohort(query, filters: ReportFilters):
    """The query joined with the sessions' groups when the filters need them: a join less over
    every attendance mark of the period otherwise (each session has its group: a foreign key)."""
    return query.join(Cohort, Cohort.id == AttendanceSession.cohort_id) if _cohort_conditions(filters) else query


def _active_condition(person, start: date, end: date):
    """A participant did something on a Latvian day from `start` to `end`: practised, opened a
    lesson for the first time or started a mock exam (daily_activity), or attended a class. The
    whole months of the period are read from monthly_activity, the days at its edges as they are."""
    whole, edges = split_into_months(start, end)
    conditions = [active_in_months(person, *whole)] if whole else []
    for first, last in edges:
        conditions += [active_between(person, first, last), _attended(person, first, last)]
    return or_(*conditions)


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
    """Per month: active learners (the "active" measure's activity) and new participants (whose
    first enrolment falls in that month)."""
    months = _months(filters.start, filters.end)
    active = _active_per_month(participants.c.user_id, filters)
    joined = _joined_per_month(participants, filters, months)
    return [(month_start.strftime("%Y-%m"), active.get(month_of(month_start), 0), joined.get(i, 0))
            for i, (month_start, _month_end) in enumerate(months)]


def _active_per_month(person, filters: ReportFilters) -> dict[date, int]:
    """{month (its first day): active participants}, in one query: the whole months from
    monthly_activity (a row per person and month already), the days at the period's edges from
    their activity and class attendances."""
    whole, edges = split_into_months(filters.start, filters.end)
    counts = []
    if whole:
        pairs = active_months(person, *whole).subquery()
        counts.append(select(pairs.c.month, func.count()).group_by(pairs.c.month))
    if edges:
        pairs = union(*_edge_pairs(person, edges)).subquery()  # (person, month), once each
        counts.append(select(pairs.c.month, func.count()).group_by(pairs.c.month))
    query = counts[0] if len(counts) == 1 else union_all(*counts)  # the months of the two never overlap
    return dict(_rows(query))


def _edge_pairs(person, edges: list[tuple[date, date]]) -> list:
    """SELECTs of (person, month) for the active days and the class attendances in each of the
    day ranges, each side grouped first: fewer rows for the union to sort out."""
    labelled = []
    for first, last in edges:
        days = active_days(person, first, last).subquery()
        attended = (select(AttendanceMark.user_id, AttendanceSession.held_on.label("day"))
                    .join(AttendanceSession, AttendanceSession.id == AttendanceMark.session_id)
                    .join(person.table, person == AttendanceMark.user_id)
                    .where(AttendanceMark.present.is_(True), AttendanceSession.held_on.between(first, last))
                    .subquery())
        for source in (days, attended):
            month = _month_start(source.c.day, first, last)
            labelled.append(select(source.c.user_id, month.label("month")).group_by(source.c.user_id, month))
    return labelled


def _month_start(day, start: date, end: date):
    """CASE: the first day of the month of `day`, a date from `start` to `end` (portable: no date
    functions; one comparison a month)."""
    return case(*((day <= last, month_of(first)) for first, last in _months(start, end)))


def _joined_per_month(participants, filters: ReportFilters, months: list) -> dict[int, int]:
    """{month index: participants whose first enrolment falls in it}."""
    firsts = (select(Enrolment.user_id, func.min(Enrolment.enrolled_at).label("first"))
              .join(participants, participants.c.user_id == Enrolment.user_id)
              .group_by(Enrolment.user_id).subquery())
    month = _month_index(firsts.c.first, [period_bounds(a, b)[1] for a, b in months]).label("month")
    return dict(db.session.execute(
        select(month, func.count()).where(firsts.c.first.between(*period_bounds(filters.start, filters.end)))
        .group_by("month")).all())


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
