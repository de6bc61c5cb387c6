"""Numbers from URLs, forms and uploads kept inside what the database and memory can take."""
import io

import pytest
from werkzeug.exceptions import NotFound
from werkzeug.routing import Map, Rule

from lsk_learn.cohorts.import_files import MAX_BYTES, UnreadableFile, read_limited, read_table
from lsk_learn.core.converters import DB_INT_MAX, BoundedIntConverter, bounded_int


def test_bounded_int():
    assert [bounded_int(v) for v in ("1", " 42 ", "2147483647", 7)] == [1, 42, DB_INT_MAX, 7]
    for bad in ("0", "2147483648", str(2**63), "9" * 5000, "-1", "1.5", "abc", "", None, "١٢", "²"):
        assert bounded_int(bad) is None, bad


def test_int_urls_stop_at_the_database_range():
    urls = Map([Rule("/c/<int:cohort_id>", endpoint="c"), Rule("/p/<int(max=99):n>", endpoint="p")],
               converters={"int": BoundedIntConverter}).bind("x")
    assert urls.match("/c/0") == ("c", {"cohort_id": 0})  # positions in a list start at 0
    assert urls.match(f"/c/{DB_INT_MAX}") == ("c", {"cohort_id": DB_INT_MAX})
    assert urls.match("/p/99") == ("p", {"n": 99})
    for url in (f"/c/{DB_INT_MAX + 1}", f"/c/{2**63}", "/c/" + "9" * 5000, "/c/-1", "/c/١", "/p/100"):
        with pytest.raises(NotFound):
            urls.match(url)


class CountingStream(io.BytesIO):
    def __init__(self, data: bytes):
        super().__init__(data)
        self.bytes_read = 0

    def read(self, size=-1):
        chunk = super().read(size)
        self.bytes_read += len(chunk)
        return chunk


def test_an_upload_is_read_only_up_to_one_byte_past_the_limit():
    stream = CountingStream(b"x" * (10 * MAX_BYTES))
    with pytest.raises(UnreadableFile) as error:
        read_table("big.csv", stream)
    assert error.value.code == "too_big" and stream.bytes_read == MAX_BYTES + 1
    assert read_limited(io.BytesIO(b"x" * MAX_BYTES)) == b"x" * MAX_BYTES  # exactly the limit is fine


@pytest.mark.parametrize("newline", ["\r\n", "\n", "\r"])
def test_rows_split_on_every_newline_convention(newline):
    data = newline.join(["a;b", "1;2", '"x\ny";3', ""]).encode()
    assert read_table("list.csv", data) == [["a", "b"], ["1", "2"], ["x\ny", "3"]]


def test_a_damaged_csv_or_xlsx_is_unreadable_not_a_crash():
    with pytest.raises(UnreadableFile) as error:
        read_table("list.csv", b'"' + b"x" * 200_000 + b'"')  # longer than the csv module's field limit
    assert error.value.code == "not_text"
    for data in (b"PK\x03\x04 not really a zip", b"PK\x05\x06" + b"\x00" * 18):
        with pytest.raises(UnreadableFile) as error:
            read_table("list.xlsx", data)
        assert error.value.code == "not_xlsx"
