"""Sign-in throttling: failed sign-ins are counted per account and per network address in the
Flask-Limiter storage (Redis when LSK_REDIS_URL is set, so every app server shares the counts;
memory otherwise). The pause grows with the failures: 5 in a minute pause the account for up to a
minute, 10 in 15 minutes for up to 15, 20 in an hour for up to an hour. While paused, even the
right password is refused, and the message says when to try again."""
from datetime import datetime, timezone

from limits import parse_many

from ..extensions import limiter

ACCOUNT_FAILURES = parse_many("5 per minute; 10 per 15 minutes; 20 per hour")
# an address may be a classroom behind one router: a wider allowance, still far below guessing speed
ADDRESS_FAILURES = parse_many("30 per 5 minutes; 100 per hour")


def _keys(username: str, address: str | None):
    account = ("signin-account", username.strip().casefold()[:64])
    yield from ((limit, account) for limit in ACCOUNT_FAILURES)
    yield from ((limit, ("signin-address", address or "unknown")) for limit in ADDRESS_FAILURES)


def paused_until(username: str, address: str | None) -> datetime | None:
    """When sign-in for this name from this address may be tried again, if it is paused now."""
    strategy = limiter.limiter
    until = None
    for limit, key in _keys(username, address):
        if not strategy.test(limit, *key):
            reset = datetime.fromtimestamp(strategy.get_window_stats(limit, *key).reset_time, timezone.utc)
            until = reset if until is None else max(until, reset)
    return until


def count_failure(username: str, address: str | None) -> None:
    strategy = limiter.limiter
    for limit, key in _keys(username, address):
        strategy.hit(limit, *key)


def forget_account_failures(username: str) -> None:
    """After a successful sign-in the account starts afresh (the address keeps its count)."""
    strategy = limiter.limiter
    for limit in ACCOUNT_FAILURES:
        strategy.clear(limit, "signin-account", username.strip().casefold()[:64])
