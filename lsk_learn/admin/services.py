"""Administration: accounts (create, reset a password, disable or enable, two-step sign-in off)
and the managed lists the reports count by (municipalities, target groups)."""
from sqlalchemy import select

from ..auth import accounts
from ..auth.models import User
from ..auth.services import turn_off_two_factor
from ..core.collation import latvian_key
from ..extensions import db
from ..profiles.models import Municipality, TargetGroup
from ..security.audit import record
from ..security.sessions import end_all_sessions

NEW_ENTRY_POSITION = 50  # after the seeded entries, before "other"


def users_in_order() -> list[User]:
    """Every account, by role and then by name in Latvian order."""
    return sorted(db.session.scalars(select(User)), key=lambda u: (u.role, latvian_key(u.display_name)))


def create_user(username: str, display_name: str, email: str | None, role: str, locale: str) -> tuple[User, str]:
    """A new account and its temporary password, shown once."""
    return accounts.create_account(username, display_name, role, email=email, locale=locale)


def reset_password(user: User) -> str:
    return accounts.reset_password(user)


def toggle_user(user: User) -> None:
    """Disable an enabled account (its sessions end) or enable a disabled one."""
    user.is_enabled = not user.is_enabled
    if not user.is_enabled:
        end_all_sessions(user.id)
    record("account_enabled" if user.is_enabled else "account_disabled", subject_id=user.id)
    db.session.commit()


def two_factor_off(user: User) -> None:
    """For a colleague who lost their phone: every session of theirs ends."""
    turn_off_two_factor(user, this_browser_goes_on=False)


def municipalities() -> list[Municipality]:
    return list(db.session.scalars(select(Municipality).order_by(Municipality.position, Municipality.name)))


def target_groups() -> list[TargetGroup]:
    return list(db.session.scalars(select(TargetGroup).order_by(TargetGroup.position)))


def add_municipality(name: str) -> bool:
    """Add a municipality to the list; False if one of that name is already on it."""
    if db.session.scalar(select(Municipality.id).where(Municipality.name == name)):
        return False
    db.session.add(Municipality(name=name, position=NEW_ENTRY_POSITION, active=True))
    db.session.commit()
    return True


def add_target_group(code: str, names: dict[str, str]) -> bool:
    """Add a target group with its names by language (empty ones left out); False if the code is used."""
    if db.session.get(TargetGroup, code):
        return False
    db.session.add(TargetGroup(code=code, names={k: v for k, v in names.items() if v}, position=NEW_ENTRY_POSITION,
                               active=True))
    db.session.commit()
    return True


def toggle_list_entry(entry: Municipality | TargetGroup) -> None:
    """Hide an entry from new choices (it stays on existing records and in past reports), or show it."""
    entry.active = not entry.active
    db.session.commit()
