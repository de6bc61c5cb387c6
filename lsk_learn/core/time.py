"""One clock for the application, so services can take `now` as a parameter."""
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

# The programme runs in Latvia: calendar days, report periods and displayed times are Riga's.
RIGA_TIMEZONE_NAME = "Europe/Riga"
RIGA = ZoneInfo(RIGA_TIMEZONE_NAME)


def utcnow() -> datetime:
    """The current time in UTC, timezone-aware."""
    return datetime.now(timezone.utc)


def riga_today(now: datetime | None = None) -> date:
    """Today's date in Latvia. From 22:00 or 21:00 UTC (by DST) Riga is already on the next day:
    a report's default period, a lesson's date or a file name must use Riga's calendar."""
    return (now or utcnow()).astimezone(RIGA).date()
