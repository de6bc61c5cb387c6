"""Reading an uploaded CSV or XLSX file into rows of text, with a reason when it cannot be read."""
import csv
import io
import zipfile

from openpyxl import load_workbook

MAX_BYTES = 2 * 1024 * 1024


class UnreadableFile(ValueError):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code  # too_big | not_text | not_xlsx | empty_file


def read_table(filename: str, data: bytes) -> list[list[str]]:
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
    return [row for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def _read_xlsx(data: bytes) -> list[list[str]]:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise UnreadableFile("not_xlsx") from None
    sheet = workbook.worksheets[0]
    rows = [["" if value is None else _cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    return rows


def _cell_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a year typed as a number comes back as 1958.0
    return str(value)
