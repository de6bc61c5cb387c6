"""One clock for the application, so services can take `now` as a parameter."""
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

# The programme runs in Latvia: calendar days, report periods and displayed times are Riga's.
RIGA_TIMEZONE_NAME = "Europe/Riga"
RIGA = ZoneInfo(RIGA_TIMEZONE_NAME)


def utcnow() -> datetime:
    """The current time in UTC, timezone-aware."""
    return datetime.now(timezone.utc)
