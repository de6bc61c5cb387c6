"""The shared export writer: text that a spreadsheet would run as a formula is made plain text."""
import csv
import io
from datetime import date

from openpyxl import Workbook, load_workbook

from lsk_learn.core.spreadsheet import append_row, csv_text, neutralise


def test_text_starting_like_a_formula_gets_a_quote():
    for value in ("=1+1", '=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\r=1", "-", "="):
        assert neutralise(value) == "'" + value


def test_other_values_pass_through():
    for value in ("", "Olga Ivanova", "'=already quoted", " =1", "50%", "2026-10-01 – 2026-10-31", None, 0, -3, -2.5,
                  1958, date(2026, 1, 1), True):
        assert neutralise(value) == value
        assert type(neutralise(value)) is type(value)


def test_csv_keeps_numbers_as_numbers():
    text = csv_text([["Name", "Count"], ["-2+3", -3], ['x,=1+1 "y"', None], []])
    assert text.startswith("\ufeff")
    assert text[1:].splitlines() == ["Name,Count", "'-2+3,-3", '"x,=1+1 ""y""",', ""]  # -3 is still a number
    assert list(csv.reader(io.StringIO(text[1:]))) == [["Name", "Count"], ["'-2+3", "-3"], ['x,=1+1 "y"', ""], []]


def test_xlsx_rows_never_hold_formulas_or_errors():
    book = Workbook()
    append_row(book.active, ["=1+1", "#N/A", -3, None, "plain", date(2026, 1, 1)])
    append_row(book.active, [])
    append_row(book.active, ["@x"])
    out = io.BytesIO()
    book.save(out)
    sheet = load_workbook(io.BytesIO(out.getvalue())).active
    cells = {c.coordinate: (c.value, c.data_type) for row in sheet.iter_rows() for c in row if c.value is not None}
    assert cells["A1"] == ("'=1+1", "s") and cells["B1"] == ("#N/A", "s") and cells["C1"] == (-3, "n")
    assert cells["E1"] == ("plain", "s") and cells["F1"][0].date() == date(2026, 1, 1)
    assert cells["A3"] == ("'@x", "s")  # the empty row kept its place


def test_a_formula_after_a_semicolon_inside_a_text_is_quoted_too():
    # Latvian Excel splits CSV files on ";": the part after it would become a cell of its own
    assert neutralise("Anna;=HYPERLINK(1)") == "Anna;'=HYPERLINK(1)"
    assert neutralise("Anna; -2+3") == "Anna; '-2+3"
    assert neutralise("Preiļi; Līvāni") == "Preiļi; Līvāni"
