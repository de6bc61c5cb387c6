"""Accounts with a temporary password, the one way they are made: by an administrator, from the
command line, or when a teacher enrols learners. The plain password is returned to be shown once
and kept nowhere else; at first sign-in the person must choose their own (auth/required_steps.py)."""
from sqlalchemy import func, select

from ..extensions import db
from ..security.audit import record
from .models import User
from .passwords import temporary_password
from .roles import Role


class NameTaken(Exception):
    """The user name is already used (names are compared ignoring case and surrounding spaces)."""


def username_taken(username: str) -> bool:
    return db.session.scalar(select(User.id).where(func.lower(User.username) == username.strip().lower())) is not None


def add_account(username: str, display_name: str, role: Role | str, email: str | None = None,
                locale: str | None = None) -> tuple[User, str]:
    """A new account with a temporary password, added to the session for the caller to commit
    (enrolment adds many in one transaction); returns it and the password."""
    password = temporary_password()
    user = User(username=username, display_name=display_name, email=email, role=Role(role), locale=locale,
                must_change_password=True)
    user.set_password(password)
    db.session.add(user)
    return user, password


def create_account(username: str, display_name: str, role: Role | str, email: str | None = None,
                   locale: str | None = None) -> tuple[User, str]:
    """One new account, committed; raises NameTaken if the name is used."""
    if username_taken(username):
        raise NameTaken(username)
    user, password = add_account(username.strip(), display_name, role, email, locale)
    db.session.commit()
    return user, password


def give_temporary_password(user: User) -> str:
    """A new temporary password, to be changed at the next sign-in (every session of the account
    ends); not committed, so a batch of sign-in cards commits once. Returns it."""
    password = temporary_password()
    user.set_password(password)
    user.must_change_password = True
    return password


def reset_password(user: User, audited: bool = True) -> str:
    """A new temporary password (every session of the account ends), committed; returns it.
    `audited`: recorded in the audit log as a reset (the command line's reset is not recorded)."""
    password = give_temporary_password(user)
    if audited:
        record("password_reset", subject_id=user.id)
    db.session.commit()
    return password
