"""Reading the audit log: filters from the query string, one page of events, the people named."""
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from ..auth.models import User
from ..extensions import db
from ..reports.services import period_bounds
from ..security.audit import ACTIONS
from ..security.models import AuditEvent

PAGE_SIZE = 100


@dataclass(frozen=True)
class AuditFilters:
    action: str | None = None
    actor_id: int | None = None
    subject_id: int | None = None
    start: date | None = None
    end: date | None = None
    page: int = 1


def parse_date(raw: str) -> date | None:
    """A YYYY-MM-DD date; raises ValueError for anything else (years 1–9999 only, as Python's)."""
    return date.fromisoformat(raw) if raw else None


def find_person(raw: str) -> int | None:
    """A person given by user name (any case) or by number; -1 if nobody matches, so the filter
    shows nothing rather than everything."""
    raw = raw.strip()
    if not raw:
        return None
    if raw.isascii() and raw.isdigit() and len(raw) < 10:
        return int(raw) if db.session.get(User, int(raw)) else -1
    return db.session.scalar(select(User.id).where(func.lower(User.username) == raw.lower())) or -1


def _conditions(filters: AuditFilters) -> list:
    conditions = []
    if filters.action in ACTIONS:
        conditions.append(AuditEvent.action == filters.action)
    if filters.actor_id is not None:
        conditions.append(AuditEvent.actor_id == filters.actor_id)
    if filters.subject_id is not None:
        conditions.append(AuditEvent.subject_id == filters.subject_id)
    if filters.start is not None:
        conditions.append(AuditEvent.at >= period_bounds(filters.start, filters.start)[0])
    if filters.end is not None:
        conditions.append(AuditEvent.at <= period_bounds(filters.end, filters.end)[1])
    return conditions


@dataclass
class AuditPage:
    events: list
    names: dict          # user id -> display name and user name, for actors and subjects
    total: int
    page: int
    pages: int


def audit_page(filters: AuditFilters) -> AuditPage:
    conditions = _conditions(filters)
    total = db.session.scalar(select(func.count(AuditEvent.id)).where(*conditions)) or 0
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, filters.page), pages)
    events = list(db.session.scalars(select(AuditEvent).where(*conditions)
                                     .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
                                     .offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)))
    ids = {e.actor_id for e in events} | {e.subject_id for e in events}
    ids.discard(None)
    names = {uid: (name, username) for uid, name, username in db.session.execute(
        select(User.id, User.display_name, User.username).where(User.id.in_(ids or {-1})))}
    return AuditPage(events, names, total, page, pages)
