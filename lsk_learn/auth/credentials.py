"""Checking a user name and password with the same work whether or not the name exists, so the
time a sign-in takes does not tell an attacker which names are real; and a bounded number of
password checks at once per process, so a crowd signing in cannot starve everyone else."""
import threading
from functools import cache

from flask import current_app
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import db
from .models import User


def find_user(username: str) -> User | None:
    """Look a user up by name, ignoring case and surrounding spaces."""
    return db.session.scalar(select(User).where(func.lower(User.username) == username.strip().lower()))


class SignInBusy(Exception):
    """No password check could start in time: too many people are signing in at this moment."""


_check_slots: dict[int, threading.BoundedSemaphore] = {}
_check_slots_lock = threading.Lock()


def _slots(size: int) -> threading.BoundedSemaphore:
    with _check_slots_lock:
        return _check_slots.setdefault(size, threading.BoundedSemaphore(size))


def password_matches(stored_hash: str, password: str) -> bool:
    """Check a password against its hash, at most PASSWORD_CHECKS_PER_PROCESS at once.

    scrypt takes ~70 ms of a core and 32 MiB per check and runs outside the GIL: as an exam room
    opens, every thread of every worker could be hashing at once, and answer saves would wait for
    the CPU. Sign-ins beyond the limit wait their turn (at most PASSWORD_CHECK_WAIT_SECONDS, then
    SignInBusy) while the process's other threads go on serving pages and saves."""
    slots = _slots(current_app.config["PASSWORD_CHECKS_PER_PROCESS"])
    if not slots.acquire(timeout=current_app.config["PASSWORD_CHECK_WAIT_SECONDS"]):
        raise SignInBusy()
    try:
        return check_password_hash(stored_hash, password)
    finally:
        slots.release()


@cache
def _decoy_hash(method: str) -> str:
    return generate_password_hash("not a real password, only the same amount of work", method=method)


def check_credentials(username: str, password: str) -> User | None:
    """The enabled user with this name and password, else None. One password hash is checked
    every time: the user's, or a decoy made with the same method. Raises SignInBusy."""
    user = find_user(username)
    stored = user.password_hash if user is not None else _decoy_hash(current_app.config.get("PASSWORD_HASH_METHOD", "scrypt"))
    matches = password_matches(stored, password)
    if user is None or not matches or not user.is_active or user.erased_at is not None:
        return None
    return user
