"""One clock for the application, so services can take `now` as a parameter."""
from datetime import datetime, timezone


def utcnow() -> datetime:
    """The current time in UTC, timezone-aware."""
    return datetime.now(timezone.utc)
