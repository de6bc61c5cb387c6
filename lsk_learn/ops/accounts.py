"""Creating an account from the command line, with a temporary password shown once."""
from sqlalchemy import func, select

from ..auth.models import User
from ..auth.passwords import temporary_password
from ..auth.roles import Role
from ..extensions import db


class NameTaken(Exception):
    pass


def create_account(username: str, display_name: str, role: Role | str) -> tuple[User, str]:
    """A new account that must choose its own password at first sign-in; returns it and the
    temporary password (kept nowhere but in the returned value)."""
    if db.session.scalar(select(User.id).where(func.lower(User.username) == username.strip().lower())):
        raise NameTaken(username)
    password = temporary_password()
    user = User(username=username.strip(), display_name=display_name, role=Role(role), must_change_password=True)
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    return user, password
