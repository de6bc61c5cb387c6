"""The pure parts of the privacy code: calendar months back, scrubbing audit details, which
fields changed, and the written answers blanked on erasure."""
from datetime import datetime, timezone

from lsk_learn.privacy.erasure import _blank_free_text, scrub
from lsk_learn.privacy.retention import months_before
from lsk_learn.security.tracking import changed_fields


def test_months_before_keeps_the_day_or_takes_the_months_last():
    at = datetime(2029, 3, 31, 12, 0, tzinfo=timezone.utc)
    assert months_before(at, 1) == datetime(2029, 2, 28, 12, 0, tzinfo=timezone.utc)
    assert months_before(at, 36) == datetime(2026, 3, 31, 12, 0, tzinfo=timezone.utc)
    assert months_before(datetime(2028, 3, 30, tzinfo=timezone.utc), 1) == datetime(2028, 2, 29, tzinfo=timezone.utc)
    assert months_before(datetime(2026, 1, 15, tzinfo=timezone.utc), 13) == datetime(2024, 12, 15, tzinfo=timezone.utc)


def test_scrub_replaces_strings_naming_the_person_anywhere_in_the_details():
    details = {"username": "Anna.K", "filters": {"q": "about anna.k here", "n": 3}, "list": ["x", "ANNA.K"], "ok": "x"}
    assert scrub(details, ["anna.k"], "#") == {"username": "#", "filters": {"q": "#", "n": 3}, "list": ["x", "#"], "ok": "x"}


def test_changed_fields_names_fields_not_values():
    assert changed_fields({"phone": "1", "name": "A"}, {"phone": "2", "name": "A"}) == ["phone"]


def test_written_answers_keep_their_shape_without_the_text():
    assert _blank_free_text({"text": "Mani sauc Anna"}) == {"text": ""}
    assert _blank_free_text({"fields": {"name": "Anna", "city": "Daugavpils"}}) == {"fields": {"name": "", "city": ""}}
    assert _blank_free_text("a") == "a" and _blank_free_text(["a", "b"]) == ["a", "b"]
