"""Riga's calendar day, across midnight and both DST changes."""
from datetime import date, datetime, timezone

import pytest

from lsk_learn.core.time import riga_today


@pytest.mark.parametrize("moment, day", [
    (datetime(2026, 12, 2, 21, 59, tzinfo=timezone.utc), date(2026, 12, 2)),   # 23:59 EET
    (datetime(2026, 12, 2, 22, 0, tzinfo=timezone.utc), date(2026, 12, 3)),    # 00:00 EET
    (datetime(2026, 7, 1, 20, 59, tzinfo=timezone.utc), date(2026, 7, 1)),     # 23:59 EEST
    (datetime(2026, 7, 1, 21, 0, tzinfo=timezone.utc), date(2026, 7, 2)),      # 00:00 EEST
    (datetime(2026, 3, 28, 22, 0, tzinfo=timezone.utc), date(2026, 3, 29)),    # the night clocks go forward
    (datetime(2026, 10, 24, 21, 0, tzinfo=timezone.utc), date(2026, 10, 25)),  # the night clocks go back
])
def test_riga_today_turns_over_at_rigas_midnight(moment, day):
    assert riga_today(moment) == day
