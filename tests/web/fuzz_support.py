"""Helpers for tests/web/test_fuzz.py: a small seeded world, hostile values for URL converters and
form fields, form discovery from the pages themselves, and the row counts of every table."""
import io
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from html.parser import HTMLParser
from itertools import product
from urllib.parse import quote, urlsplit

from hypothesis import strategies as st
from sqlalchemy import select, text
from werkzeug.routing import PathConverter
from werkzeug.routing.converters import NumberConverter

from lsk_learn.auth.models import User
from lsk_learn.bank.models import VocabularyWord
from lsk_learn.auth.roles import Role
from lsk_learn.cohorts.models import Assignment, AttendanceMark, AttendanceSession, CohortTeacher, Enrolment, TeacherNote
from lsk_learn.core.time import utcnow
from lsk_learn.exams.settings import knowledge_settings, language_settings
from lsk_learn.exams.models import SUBMITTED, ExamAnswer, ExamAttempt, ExamItem, ExamPartResult
from lsk_learn.extensions import db
from lsk_learn.learn.models import PracticeAnswer
from lsk_learn.review.models import PracticeSession
from lsk_learn.profiles.models import Municipality, TargetGroup
from lsk_learn.reports.models import ExamOutcome, Programme
from lsk_learn.review.models import QUESTION, WORD_FROM_LATVIAN
from lsk_learn.review.services import record_review
from lsk_learn.notifications.models import Notification
from tests.conftest import PASSWORD

# Rows these tables gain on refusals too (failed sign-ins, 403s, exports): not "half-written" data.
AUDIT_TABLES = {"audit_event", "user_session", "export_log"}

HOSTILE_INTS = (0, 2**31 - 1, 10**30, 2**31, 2**63)
HOSTILE_PATH_STRINGS = (  # the last two are the "few" sent where the role is refused anyway
    "%00", "\x00", "ā" * 3, "\u202eevil\u202c" + "e\u0301" * 40, "' OR 1=1 --", "<script>alert(1)</script>",
    "1" * 40, "²", "٣", "-1", " ", "😀", "../..", "x" * 5000,
)
HOSTILE_VALUES = (
    "", " ", "\x00", "a\x00b", "0", "-1", "1", "2", "99", str(2**31), str(2**63), str(10**30), "-" + str(2**63),
    "1e309", "NaN", "inf", "1.5", "٣", "²", "1²", "１２", "0001-01-01", "9999-12-31", "0000-00-00", "2026-02-30",
    "10000-01-01", "2026-11-24T10:00", "<script>alert(1)</script>", "' OR 1=1 --", "\"; DROP TABLE user; --",
    "\u202eevil\u202c", "e\u0301" * 200, "Ω≈ç√∫˜µ≤≥÷", "ā" * 300, "../../etc/passwd", "%00", "\r\n\r\n",
    "a,b\n\"c\"", "=cmd|' /C calc'!A0", "true", "false", "on", "None", "null", "[]", "{}", "😀" * 50,
    "x" * 100_000, "ž" * 100_000,
)
CSV_LIST = ("Vārds, uzvārds;Dzimšanas gads;Pašvaldība;Tālrunis\n"
            "Anna Bērziņa;1960;Daugavpils valstspilsēta;+371 20000000\nBoris Ivanovs;1975;Preiļu novads;\n").encode()
HOSTILE_CSV = ("Vārds, uzvārds;Dzimšanas gads;Pašvaldība;Mērķa grupas;Valoda;Tālrunis;E-pasts\n"
               "=HYPERLINK(\"x\");19²0;Daugavpils valstspilsēta;²;٣;+371 ²;a@b\n"
               "\u202eevil\u202c;１９６０;' OR 1=1 --;<script>;;" + "9" * 60 + ";\n"
               ";-1;;;;;\n" + "x" * 5000 + ";9999;ā;;;;\n").encode()
# one field at a time (one_hostile_field): two values with a digit int() refuses, then one of these
SINGLE_FIELD_VALUES = ("\x00", "x" * 100_000, "-1", "0001-01-01", "9999-12-31", str(2**63), "1e309", " ")
EXTRA_FIELD_NAMES = ("id", "user_id", "cohort_id", "role", "is_enabled", "next", "position", "answer", "go",
                     "csrf_token", "__proto__", "page", "q", "from", "to", "lang", "retake_of", "text")


@dataclass
class World:
    """Ids of the seeded objects; accounts as (id, user name), so nothing is bound to a session."""

    accounts: dict[Role, tuple[int, str]]
    ids: dict[str, list[int]]            # converter name (or "endpoint:name") -> real ids, own object first
    strings: dict[str, list[str]]        # converter name (or "endpoint:name") -> real values
    memberships: dict[str, list[tuple[int, int]]]
    password_hashes: dict[int, str] = field(default_factory=dict)

    def restore(self) -> bool:
        """Undo what a successful fuzzed POST may have done to the seeded accounts and memberships,
        so later examples still reach the handlers as each role. True if an account was changed."""
        db.session.remove()
        ids = [user_id for user_id, _name in self.accounts.values()]
        state = {row.id: row for row in db.session.execute(
            select(User.id, User.is_enabled, User.must_change_password, User.password_hash, User.totp_secret)
            .where(User.id.in_(ids)))}
        changed = [user_id for user_id in ids if not state[user_id].is_enabled or state[user_id].must_change_password
                   or state[user_id].totp_secret or state[user_id].password_hash != self.password_hashes[user_id]]
        for user_id in changed:
            user = db.session.get(User, user_id)
            user.is_enabled, user.must_change_password, user.totp_secret = True, False, None
            user.set_password(PASSWORD)
            self.password_hashes[user_id] = user.password_hash
        teaching = set(db.session.execute(select(CohortTeacher.cohort_id, CohortTeacher.user_id)).tuples())
        for cohort_id, teacher_id in set(self.memberships["teachers"]) - teaching:
            db.session.add(CohortTeacher(cohort_id=cohort_id, user_id=teacher_id))
        enrolled = set(db.session.execute(select(Enrolment.cohort_id, Enrolment.user_id)
                                          .where(Enrolment.left_at.is_(None))).tuples())
        for cohort_id, learner_id in set(self.memberships["learners"]) - enrolled:
            db.session.add(Enrolment(cohort_id=cohort_id, user_id=learner_id, enrolled_at=utcnow()))
        db.session.commit()
        db.session.remove()
        return bool(changed)


def seed_world(make_user, make_cohort) -> World:
    """Two teachers with a cohort each, a learner in each, a coordinator and an admin; for each
    learner practice sessions (grammar with every question type, history half answered), review
    cards due today, mock exams (one in progress, one waiting to be graded), attendance, a note, an
    assignment, an outcome and a notification; a programme. Needs the fixture bank."""
    learner = make_user(Role.LEARNER, display_name="Anna Bērziņa")
    other_learner = make_user(Role.LEARNER, display_name="Boris Ivanovs")
    teacher, other_teacher = make_user(Role.TEACHER), make_user(Role.TEACHER)
    coordinator, admin = make_user(Role.COORDINATOR), make_user(Role.ADMIN)
    mine = make_cohort(teacher, [learner], name="Daugavpils A")
    theirs = make_cohort(other_teacher, [other_learner], name="Krāslava B", municipality="Krāslavas novads")
    now = utcnow()

    programme = Programme(name="Fuzz programme", min_sessions_attended=1)
    db.session.add(programme)
    db.session.flush()
    mine.programme_id = programme.id

    sessions, attendance, attempts, results = [], [], [], []
    for who, cohort, staff in ((learner, mine, teacher), (other_learner, theirs, other_teacher)):
        practice = PracticeSession(user_id=who.id, topic_id="history", question_ids=["t-hist-001", "t-hist-002"],
                                   started_at=now)
        db.session.add(practice)
        db.session.flush()
        db.session.add(PracticeAnswer(session_id=practice.id, user_id=who.id, question_id="t-hist-001", position=0,
                                      response="a", is_correct=True, score=1.0, answered_at=now))
        # a grammar practice with every question type, not answered yet: the first of the role's sessions
        grammar = PracticeSession(user_id=who.id, topic_id="grammar", started_at=now,
                                  question_ids=["t-gra-match", "t-gra-multi", "t-gra-tf", "t-gra-text"])
        db.session.add(grammar)
        db.session.flush()
        sessions += [grammar.id, practice.id]
        # review cards due today: a question answered wrongly and a word, three days ago
        first_word = db.session.scalars(select(VocabularyWord.id).where(VocabularyWord.deck == "family")
                                        .order_by(VocabularyWord.id)).first()
        record_review(who.id, QUESTION, "t-hist-003", False, now - timedelta(days=3))
        record_review(who.id, WORD_FROM_LATVIAN, first_word, False, now - timedelta(days=3))
        meeting = AttendanceSession(cohort_id=cohort.id, held_on=now.date(), topic="Satversme", created_by_id=staff.id)
        db.session.add(meeting)
        db.session.flush()
        db.session.add(AttendanceMark(session_id=meeting.id, user_id=who.id, present=True))
        attendance.append(meeting.id)
        db.session.add(TeacherNote(learner_id=who.id, author_id=staff.id, cohort_id=cohort.id, text="Labi strādā"))
        db.session.add(Assignment(cohort_id=cohort.id, kind="lesson", target="t-lesson-proclamation",
                                  due_on=now.date(), learner_ids=[], created_by_id=staff.id))
        # a knowledge mock in progress and a language mock submitted, its writing part waiting for a grade
        running = ExamAttempt(user_id=who.id, kind="knowledge", parts=["history", "satversme", "anthem"],
                              settings=asdict(knowledge_settings()), started_at=now,
                              deadline_at=now + timedelta(minutes=45))
        done = ExamAttempt(user_id=who.id, kind="language", parts=["reading", "writing"],
                           settings=asdict(language_settings()),
                           started_at=now - timedelta(hours=2), deadline_at=now - timedelta(hours=1),
                           submitted_at=now - timedelta(hours=1), status=SUBMITTED)
        db.session.add_all([running, done])
        db.session.flush()
        for position, (part, question_id) in enumerate((("history", "t-hist-001"), ("satversme", "t-sat-001"),
                                                        ("anthem", None))):
            db.session.add(ExamItem(attempt_id=running.id, part=part, position=position, question_id=question_id))
        reading = ExamItem(attempt_id=done.id, part="reading", position=0, question_id="t-gra-multi")
        writing = ExamItem(attempt_id=done.id, part="writing", position=1, task_id="t-wri-001")
        db.session.add_all([reading, writing])
        db.session.flush()
        db.session.add(ExamAnswer(attempt_id=done.id, item_id=writing.id, response={"text": "Labdien! " * 20},
                                  answered_at=now - timedelta(hours=1)))
        read_result = ExamPartResult(attempt_id=done.id, part="reading", score=0, max_score=1, passed=False)
        write_result = ExamPartResult(attempt_id=done.id, part="writing", max_score=12, passed=None)
        db.session.add_all([read_result, write_result])
        db.session.flush()
        attempts += [running.id, done.id]
        results += [write_result.id, read_result.id]
        db.session.add(Notification(user_id=who.id, kind="graded", payload={"attempt_id": done.id}))
        db.session.add(ExamOutcome(user_id=who.id, kind="knowledge", happened_on=now.date(), parts={"history": True},
                                   recorded_by_id=coordinator.id))
    db.session.commit()
    municipality = db.session.scalars(select(Municipality.id).order_by(Municipality.id)).first()
    group = db.session.scalars(select(TargetGroup.code).order_by(TargetGroup.code)).first()
    people = [u.id for u in (learner, other_learner, teacher, other_teacher, coordinator, admin)]
    world = World(
        accounts={role: (u.id, u.username) for role, u in ((Role.LEARNER, learner), (Role.TEACHER, teacher),
                                                           (Role.COORDINATOR, coordinator), (Role.ADMIN, admin))},
        ids={"cohort_id": [mine.id, theirs.id], "learner_id": [learner.id, other_learner.id, teacher.id],
             "user_id": people, "session_id": sessions, "cohorts.attendance_mark:session_id": attendance,
             "attempt_id": attempts, "position": [0, 1, 2], "result_id": results, "programme_id": [programme.id]},
        strings={"kind": ["knowledge", "language"], "admin.toggle_list_entry:kind": ["municipality", "group"],
                 "key": [str(municipality), group], "lesson_id": ["t-lesson-proclamation"], "deck": ["family"],
                 "fmt": ["csv", "xlsx"]},
        memberships={"teachers": [(mine.id, teacher.id), (theirs.id, other_teacher.id)],
                     "learners": [(mine.id, learner.id), (theirs.id, other_learner.id)]},
    )
    world.password_hashes = {u.id: u.password_hash for u in (learner, teacher, coordinator, admin)}
    db.session.remove()
    return world


def is_int_converter(converter) -> bool:
    return isinstance(converter, NumberConverter) or getattr(converter, "regex", "") in (r"\d+", "[0-9]+")


def converter_values(rule, world: World, few: bool = False) -> dict[str, tuple[list[str], list[str]]]:
    """For every variable of a rule: (real values, the role's own object first; hostile values), quoted
    for the path. Real values are looked up as "endpoint:name" first, then "name". With `few`, one
    real and two hostile values."""
    values = {}
    for name, converter in rule._converters.items():
        if is_int_converter(converter):
            ids = world.ids.get(f"{rule.endpoint}:{name}") or world.ids.get(name, [1])
            real, hostile = [str(v) for v in ids], [str(v) for v in HOSTILE_INTS]
        else:
            safe = "/" if isinstance(converter, PathConverter) else ""
            strings = world.strings.get(f"{rule.endpoint}:{name}") or world.strings.get(name, ["x"])
            real = [quote(v, safe="") for v in strings]
            hostile = [quote(v, safe=safe) for v in HOSTILE_PATH_STRINGS]
        values[name] = (real[:1], hostile[-2:]) if few else (real, hostile)
    return values


def build_url(rule, chosen: dict[str, str]) -> str:
    """Fill the rule's variables textually (url_for would refuse hostile values)."""
    url = rule.rule
    for name, converter in rule._converters.items():
        start = url.index("<")
        end = url.index(">", start)
        assert url[start + 1:end].split(":")[-1] == name
        url = url[:start] + chosen[name] + url[end + 1:]
    return url


def url_variants(rule, world: World, few: bool = False) -> list[str]:
    """The URL with the role's own objects first, then every combination of real values (other
    people's objects), then each variable in turn swapped for every hostile value."""
    values = converter_values(rule, world, few)
    names = list(values)
    base = {name: real[0] for name, (real, _hostile) in values.items()}
    urls = [build_url(rule, dict(zip(names, combo))) for combo in product(*(values[n][0] for n in names))]
    for name, (_real, hostile) in values.items():
        urls += [build_url(rule, {**base, name: candidate}) for candidate in hostile]
    return list(dict.fromkeys(urls))


@dataclass
class FormField:
    name: str
    kind: str                       # text, hidden, checkbox, radio, file, select, textarea, date, number, ...
    values: set = field(default_factory=set)


class FormParser(HTMLParser):
    """Every <form>: its method, its action and its fields, with the values the page offers."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[tuple[str, str, dict[str, FormField]]] = []
        self._form = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = {}
            self.forms.append(((attrs.get("method") or "get").upper(), attrs.get("action") or "", self._form))
            return
        if tag == "option" and self._select is not None:
            if attrs.get("value") is not None:
                self._select.values.add(attrs["value"])
            return
        if self._form is None or not attrs.get("name"):
            return
        name = attrs["name"]
        if tag in ("input", "button"):
            kind = (attrs.get("type") or ("submit" if tag == "button" else "text")).lower()
            entry = self._form.setdefault(name, FormField(name, kind))
            if attrs.get("value") is not None:
                entry.values.add(attrs["value"])
        elif tag == "select":
            self._select = self._form.setdefault(name, FormField(name, "select"))
        elif tag == "textarea":
            self._form.setdefault(name, FormField(name, "textarea"))

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def forms_on(page: str, page_path: str) -> list[tuple[str, str, dict[str, FormField]]]:
    """(method, path it is sent to, fields) of every form on a page."""
    parser = FormParser()
    parser.feed(page)
    return [(method, urlsplit(action).path or page_path, fields) for method, action, fields in parser.forms]


@lru_cache(maxsize=None)
def _count_statement(dialect_name: str) -> tuple[list[str], object]:
    names = [t.name for t in db.metadata.sorted_tables if t.name not in AUDIT_TABLES]
    preparer = db.engine.dialect.identifier_preparer
    return names, text("SELECT " + ", ".join(f"(SELECT count(*) FROM {preparer.quote(n)})" for n in names))


def table_counts(connection=None) -> dict[str, int]:
    """Committed rows in every table but the audit ones, in one statement of one count per table;
    `connection` (in autocommit mode, so each count sees what is committed now) saves a checkout."""
    names, sql = _count_statement(db.engine.dialect.name)
    if connection is not None:
        return dict(zip(names, connection.execute(sql).one()))
    with db.engine.connect() as fresh:
        return dict(zip(names, fresh.execute(sql).one()))


# --- hypothesis strategies -------------------------------------------------------------------

hostile_text = st.one_of(
    st.sampled_from(HOSTILE_VALUES),
    st.text(max_size=40),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)).map(date.isoformat),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)


PLAUSIBLE = {"date": "2026-11-24", "number": "5", "email": "anna@example.com", "tel": "+371 20000000",
             "checkbox": "y", "password": PASSWORD, "textarea": "Labdien! " * 12}
plausible_text = st.sampled_from(("Anna", "Labdien! " * 12, "5", "1", "2026-11-24", "1955", "y", "a", "history",
                                   "Daugavpils valstspilsēta", "anna@example.com", "J1234567"))


def usual_value(entry: FormField) -> str:
    """What a person filling the form in would most likely send."""
    offered = sorted(entry.values - {""})
    return offered[0] if offered else PLAUSIBLE.get(entry.kind, "Anna")


def field_value(entry: FormField):
    """A value for one field: mostly one the page offers (or a plausible one), so that the handler
    gets past its first checks, else a hostile one, or several values for one name."""
    if entry.kind == "file":
        return st.one_of(st.binary(max_size=2000), hostile_text.map(lambda t: t.encode("utf-8", "surrogatepass")),
                         st.just(CSV_LIST)).map(lambda data: (io.BytesIO(data), "list.csv"))
    offered = sorted(entry.values - {""})
    usual = st.sampled_from(offered) if offered else st.one_of(st.just(usual_value(entry)), plausible_text)
    return st.integers(0, 9).flatmap(lambda n: usual if n < 7 else hostile_text if n < 9
                                     else st.lists(st.one_of(usual, hostile_text), min_size=2, max_size=4))


def one_hostile_field(fields: dict[str, FormField]) -> list[dict]:
    """The usual form with one field at a time made hostile: ["12345²", its usual value] (two values
    for one name, the first one that str.isdigit() accepts but int() refuses, six characters like a
    one-time code), then one value of SINGLE_FIELD_VALUES in turn; for a file, a CSV full of such
    values, and random bytes."""
    usual = usual_form(fields)
    forms = []
    for index, name in enumerate(sorted(usual)):
        entry = fields[name]
        if entry.kind == "file":
            variants = [(io.BytesIO(HOSTILE_CSV), "list.csv"), (io.BytesIO(b"\xff\xfe\x00PK\x03\x04" * 50), "list.xlsx")]
        else:
            variants = [["12345²", usual[name]], SINGLE_FIELD_VALUES[index % len(SINGLE_FIELD_VALUES)]]
        for value in variants:
            form = {key: (io.BytesIO(CSV_LIST), "list.csv") if fields[key].kind == "file" else val
                    for key, val in usual.items()}
            form[name] = value
            forms.append(form)
    return forms


def usual_form(fields: dict[str, FormField]) -> dict:
    """The form as a person would fill it in: the explicit first example of every POST."""
    data = {}
    for name, entry in sorted(fields.items()):
        if name == "csrf_token" or (entry.kind in ("submit", "button") and not entry.values):
            continue
        data[name] = (io.BytesIO(CSV_LIST), "list.csv") if entry.kind == "file" else usual_value(entry)
    return data


@st.composite
def form_data(draw, fields: dict[str, FormField]):
    """Each known field left out (one time in eight), or sent with a value from `field_value`; plus
    up to three extra fields."""
    data = {}
    for name, entry in sorted(fields.items()):
        if name == "csrf_token" or (entry.kind in ("submit", "button") and not entry.values):
            continue
        if draw(st.integers(0, 7)) == 0:
            continue
        data[name] = draw(field_value(entry))
    extras = draw(st.lists(st.tuples(st.one_of(st.sampled_from(EXTRA_FIELD_NAMES), st.text(min_size=1, max_size=20)),
                                     hostile_text), max_size=3))
    for name, value in extras:
        data.setdefault(name, value)
    return data


query_strings = st.lists(st.tuples(st.one_of(st.sampled_from(EXTRA_FIELD_NAMES + ("municipality", "group", "cohort",
                                                                                 "programme", "deck", "direction",
                                                                                 "topic", "subtopic", "period")),
                                             st.text(min_size=1, max_size=10)),
                                   hostile_text), max_size=4)


def describe(data) -> str:
    """A short printable form of fuzzed data for failure reports."""
    def short(value):
        if isinstance(value, tuple):
            return f"<file {len(value[0].getvalue())} bytes>"
        if isinstance(value, list):
            return [short(v) for v in value]
        return value if len(value) <= 60 else f"{value[:30]!r}…({len(value)} chars)"
    if isinstance(data, dict):
        return repr({k: short(v) for k, v in data.items()})
    return repr([(k, short(v)) for k, v in data])

