"""Password policy, when sessions end, and one-time codes: plain functions, no app."""
from datetime import datetime, timedelta, timezone

import pyotp
import pytest

from lsk_learn.domain.password_policy import password_problem
from lsk_learn.domain.session_rules import SessionLimits, session_end_reason
from lsk_learn.security.two_factor import matching_step

COMMON = frozenset({"password", "qwertyuiop", "iloveyou", "daugavpils"})


@pytest.mark.parametrize("password, problem", [
    ("short", "too_short"), ("elevenchars", "too_short"), ("x" * 129, "too_long"),
    ("password1234", "common"), ("!!qwertyuiop", "common"), ("Daugavpils2024!", "common"),
    ("123456789012", "common"), ("098765432109", "common"), ("abcabcabcabc", "common"), ("111111111111", "common"),
    ("ilze.berzina", "user_name"), ("ilze.berzina2024", "user_name"),
    ("zaļš ābols uz galda", None), ("correct horse battery", None), ("пароль для занятий 7", None),
])
def test_password_problems(password, problem):
    assert password_problem(password, "ilze.berzina", COMMON) == problem


NOW = datetime(2026, 12, 2, 12, 0, tzinfo=timezone.utc)
LIMITS = SessionLimits(timedelta(minutes=30), timedelta(hours=2), timedelta(hours=12))


@pytest.mark.parametrize("created_ago, seen_ago, staff, exam, reason", [
    (timedelta(hours=1), timedelta(minutes=29), True, False, None),
    (timedelta(hours=1), timedelta(minutes=31), True, False, "idle"),
    (timedelta(hours=3), timedelta(minutes=119), False, False, None),
    (timedelta(hours=3), timedelta(minutes=121), False, False, "idle"),
    (timedelta(hours=12, seconds=1), timedelta(0), False, False, "absolute"),
    (timedelta(hours=13), timedelta(hours=3), False, True, None),  # a running exam is never interrupted
])
def test_when_a_session_ends(created_ago, seen_ago, staff, exam, reason):
    assert session_end_reason(NOW - created_ago, NOW - seen_ago, NOW, staff, LIMITS, exam) == reason


def test_a_one_time_code_is_taken_once_and_only_near_its_time():
    secret = pyotp.random_base32()
    totp = pyotp.TOTP(secret)
    now = 1_800_000_000.0
    step = int(now // 30)
    assert matching_step(secret, totp.at(now), None, now) == step
    assert matching_step(secret, totp.at(now - 30), None, now) == step - 1  # a slow phone clock
    assert matching_step(secret, totp.at(now - 90), None, now) is None
    assert matching_step(secret, totp.at(now), step, now) is None  # replayed
    assert matching_step(secret, totp.at(now)[:3] + " " + totp.at(now)[3:], None, now) == step  # "123 456"
    assert matching_step(secret, "12345", None, now) is None
