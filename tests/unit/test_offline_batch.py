"""Reading a batch of offline answers, and the order they reach the schedule in (domain/offline_batch.py)."""
import uuid
from datetime import datetime, timedelta, timezone

import pytest

from lsk_learn.domain.offline_batch import BatchError, OfflineAnswer, parse_batch, rating_time, schedule_order

NOW = datetime(2026, 12, 4, 12, 0, tzinfo=timezone.utc)


def item(**fields):
    return {"client_id": str(uuid.uuid4()), "question_id": "q1", "form": {"answer": ["a"]},
            "answered_at": "2026-12-04T09:30:00+02:00", **fields}


def test_a_good_batch_is_read_in_utc_with_duplicates_dropped():
    first = item()
    answers = parse_batch({"answers": [first, dict(first, question_id="q2"), item(answered_at="2026-12-04T07:00:00Z")]}, NOW)
    assert [a.question_id for a in answers] == ["q1", "q1"]
    assert answers[0].answered_at == datetime(2026, 12, 4, 7, 30, tzinfo=timezone.utc)
    assert answers[1].answered_at == datetime(2026, 12, 4, 7, 0, tzinfo=timezone.utc)
    assert answers[0].client_id == first["client_id"]


def test_a_time_in_the_future_is_now():
    assert parse_batch({"answers": [item(answered_at="2030-01-01T00:00:00Z")]}, NOW)[0].answered_at == NOW


@pytest.mark.parametrize("payload,code", [
    (None, "not_a_batch"), ([], "not_a_batch"), ({"answers": {}}, "not_a_batch"), ({"answers": []}, "empty"),
    ({"answers": [item()] * 201}, "too_many"),
])
def test_a_batch_that_is_not_one_is_refused(payload, code):
    with pytest.raises(BatchError) as refused:
        parse_batch(payload, NOW)
    assert refused.value.code == code


@pytest.mark.parametrize("bad", [
    {"client_id": "123"}, {"client_id": 5}, {"question_id": ""}, {"question_id": "x" * 65}, {"question_id": None},
    {"form": []}, {"form": {"answer": "a"}}, {"form": {"answer": [None]}}, {"form": {"answer": ["a" * 1001]}},
    {"form": {f"f{i}": ["a"] for i in range(21)}}, {"answered_at": "2026-12-04 09:30"}, {"answered_at": 1733300000},
    {"answered_at": "soon"},
])
def test_a_malformed_answer_refuses_the_batch_and_is_named(bad):
    good, broken = item(), item(**bad)
    with pytest.raises(BatchError) as refused:
        parse_batch({"answers": [good, broken]}, NOW)
    assert refused.value.code == "malformed_answer"
    named = broken["client_id"] if isinstance(broken["client_id"], str) else ""
    assert refused.value.client_ids == (named,)


def answer(minute: int, client_id: str) -> OfflineAnswer:
    return OfflineAnswer(client_id, "q1", {}, NOW + timedelta(minutes=minute))


def test_the_schedule_sees_answers_in_answer_time_order_ties_by_client_id():
    given = [answer(5, "b"), answer(1, "z"), answer(5, "a")]
    assert [a.client_id for a in schedule_order(given)] == ["z", "a", "b"]


@pytest.mark.parametrize("answered,last,expected", [
    (NOW, None, NOW),
    (NOW, NOW - timedelta(hours=1), NOW),
    (NOW - timedelta(hours=1), NOW, NOW),   # answered offline before an online answer already rated
])
def test_a_card_is_never_rated_before_its_last_rating(answered, last, expected):
    assert rating_time(answered, last) == expected
