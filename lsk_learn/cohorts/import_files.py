"""Reading an uploaded CSV or XLSX file into rows of text, with a reason when it cannot be read."""
import csv
import io
from typing import BinaryIO

from openpyxl import load_workbook

from ..config import Config

MAX_BYTES = Config.UPLOAD_MAX_MB * 1024 * 1024
CHUNK = 64 * 1024


class UnreadableFile(ValueError):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code  # too_big | not_text | not_xlsx | empty_file


def read_limited(stream: BinaryIO, limit: int = MAX_BYTES) -> bytes:
    """At most `limit` bytes of an upload, read in chunks: a larger file is refused after
    limit + 1 bytes instead of being read whole into memory."""
    chunks, size = [], 0
    while size <= limit:
        chunk = stream.read(min(CHUNK, limit + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    if size > limit:
        raise UnreadableFile("too_big")
    return b"".join(chunks)


def read_table(filename: str, data: bytes | BinaryIO) -> list[list[str]]:
    """Rows of the file; `data` is its bytes or the upload's stream (read up to MAX_BYTES + 1)."""
    if not isinstance(data, bytes):
        data = read_limited(data)
    if len(data) > MAX_BYTES:
        raise UnreadableFile("too_big")
    if not data.strip():
        raise UnreadableFile("empty_file")
    if filename.lower().endswith(".xlsx"):
        return _read_xlsx(data)
    return _read_csv(data)


def _read_csv(data: bytes) -> list[list[str]]:
    for encoding in ("utf-8-sig", "cp1257"):  # Excel in Latvia often saves CSV as Windows-1257
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise UnreadableFile("not_text")
    if "\x00" in text:
        raise UnreadableFile("not_text")
    # the header row decides the delimiter: Latvian Excel writes ";", others ","; a header such as
    # "Vārds, uzvārds" holds a comma too, so the most frequent one wins
    first_line = text.lstrip().splitlines()[0] if text.strip() else ""
    delimiter = max((";", ",", "\t"), key=first_line.count)
    # newline="" lets the csv module see every line end as it is: \r\n, \n and a lone \r (old Mac
    # files, or a stray one in a row) all end a row, and line breaks inside quotes stay in the cell
    try:
        return [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error:  # e.g. a quoted cell longer than the csv module's field limit
        raise UnreadableFile("not_text") from None


def _read_xlsx(data: bytes) -> list[list[str]]:
    # openpyxl raises many kinds of errors on a damaged or hostile file (zip, XML, missing parts,
    # wrong types); whichever it is, the file is not an XLSX we can read
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            return [["" if value is None else _cell_text(value) for value in row]
                    for row in sheet.iter_rows(values_only=True)]
        finally:
            workbook.close()
    except Exception:
        raise UnreadableFile("not_xlsx") from None


def _cell_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a year typed as a number comes back as 1958.0
    return str(value)
