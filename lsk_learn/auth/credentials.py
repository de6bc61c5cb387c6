"""Checking a user name and password with the same work whether or not the name exists, so the
time a sign-in takes does not tell an attacker which names are real."""
from functools import cache

from flask import current_app
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import db
from .models import User


def find_user(username: str) -> User | None:
    """Look a user up by name, ignoring case and surrounding spaces."""
    return db.session.scalar(select(User).where(func.lower(User.username) == username.strip().lower()))


@cache
def _decoy_hash(method: str) -> str:
    return generate_password_hash("not a real password, only the same amount of work", method=method)


def check_credentials(username: str, password: str) -> User | None:
    """The enabled user with this name and password, else None. One password hash is checked
    every time: the user's, or a decoy made with the same method."""
    user = find_user(username)
    stored = user.password_hash if user is not None else _decoy_hash(current_app.config.get("PASSWORD_HASH_METHOD", "scrypt"))
    matches = check_password_hash(stored, password)
    if user is None or not matches or not user.is_active or user.erased_at is not None:
        return None
    return user
