"""The one writer every CSV and XLSX export uses, so no cell reaches a spreadsheet as a formula.

Names come from teachers' uploads and free text, so a cell such as `=HYPERLINK(...)` or `@SUM(A1)`
must stay text (OWASP "CSV Injection"): a text cell that starts with = + - @, a tab or a carriage
return gets a leading single quote. Numbers, dates and None are left alone, so -3 stays a number.
"""
import csv
import io
import re
from collections.abc import Iterable

from flask import Response
from openpyxl.cell import Cell

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# Latvian Excel splits CSV on ";", so "Anna;=cmd" in one of our comma-separated fields would open
# as two cells, the second a formula: a dangerous start after a ";" inside a text is quoted too.
_AFTER_SEMICOLON = re.compile(r"(;\s*)([=+\-@\t\r])")


def neutralise(value):
    """A text cell made safe to open in a spreadsheet; any other value unchanged."""
    if not isinstance(value, str):
        return value
    value = _AFTER_SEMICOLON.sub(r"\1'\2", value)
    if value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_text(rows: Iterable[Iterable]) -> str:
    """Rows as CSV text with a BOM (Excel then reads UTF-8); the csv module quotes a field holding
    a comma, a quote or a line break, so none of those can start a new cell."""
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([neutralise(value) for value in row])
    return "\ufeff" + out.getvalue()


def csv_response(rows: Iterable[Iterable], filename: str) -> Response:
    return Response(csv_text(rows), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def xlsx_response(data: bytes, filename: str) -> Response:
    return Response(data, mimetype=XLSX_MIMETYPE, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def append_row(sheet, values: Iterable) -> None:
    """Append a row to an openpyxl sheet with every text cell stored as a string. openpyxl would
    store "=..." as a formula and "#N/A" as an error; the type is forced to text. The quote prefix
    is kept in XLSX too (it shows in the cell): a user who re-saves the sheet as CSV gets the quote
    in the file, so the CSV stays safe as well."""
    sheet.append([_text_cell(sheet, neutralise(value)) for value in values])


def _text_cell(sheet, value):
    if not isinstance(value, str):
        return value
    cell = Cell(sheet, value=value)
    cell.data_type = "s"
    return cell
