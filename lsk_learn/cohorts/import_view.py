"""What the enrolment import pages show and hand out: problem messages, the column names in every
language, the accepted values, the signed preview, the template file and the rejected rows."""
import io
from dataclasses import asdict, dataclass

from flask import current_app
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeTimedSerializer
from openpyxl import Workbook
from openpyxl.styles import Font

from ..core.collation import latvian_sorted
from ..core.i18n import LANGUAGES
from ..core.spreadsheet import append_row
from ..domain.enrolment_import import (
    COLUMN_ALIASES, COLUMNS, REQUIRED, Candidate, ImportCheck, Problem, RejectedRow, fold, rejected_table,
)
from . import services
from .forms import LANGUAGE_CHOICES

PREVIEW_MAX_AGE = 3600
# rejected rows travel back in a form field (1 MB at most): no learner's cell is longer than this
MAX_CELL, MAX_CELLS = 300, 30


def column_titles() -> dict[str, str]:
    """The column names the app writes (template file, pages), in the current language."""
    return {"name": _("Full name"), "birth_year": _("Year of birth"), "municipality": _("Municipality"),
            "target_groups": _("Target groups"), "language": _("Language"), "phone": _("Phone"), "email": _("E-mail")}


def titles_in(lang: str) -> dict[str, str]:
    with force_locale(lang):
        return column_titles()


def all_titles() -> dict[str, str]:
    """Every translated column name -> its field: a template in any language imports as it is."""
    return {title: key for lang in LANGUAGES for key, title in titles_in(lang).items()}


def problem_message(code: str, value: str = "", names: tuple[str, ...] = ()) -> str:
    """A problem in the page's language; `names` are what an ambiguous cell could mean."""
    columns = column_titles()
    listed = ", ".join(names)
    messages = {
        "missing_column": lambda: _("The column “%(column)s” is missing from the first row.", column=columns.get(value, value)),
        "empty_file": lambda: _("The file is empty."),
        "no_rows": lambda: _("The file has a header row but no learners."),
        "too_many_rows": lambda: _("The file has more than %(max)s rows; split it into smaller files.", max=value),
        "empty_name": lambda: _("The name is empty."),
        "name_too_long": lambda: _("The name is too long."),
        "bad_year": lambda: _("“%(value)s” is not a year of birth (a year such as 1958).", value=value),
        "missing_municipality": lambda: _("The municipality is empty."),
        "unknown_municipality": lambda: _("“%(value)s” is not a municipality on the list.", value=value),
        "ambiguous_municipality": lambda: _("“%(value)s” matches several municipalities: %(names)s. Write the full name of one.",
                                            value=value, names=listed),
        "unknown_target_group": lambda: _("“%(value)s” is not a target group on the list.", value=value),
        "ambiguous_target_group": lambda: _("“%(value)s” matches several target groups: %(names)s. Write the full name of one.",
                                            value=value, names=listed),
        "bad_phone": lambda: _("“%(value)s” is not a phone number.", value=value),
        "bad_email": lambda: _("“%(value)s” is not an e-mail address.", value=value),
        "duplicate_row": lambda: _("The same person (name and year of birth) is already in row %(row)s.", row=value),
        "too_big": lambda: _("The file is larger than 2 MB."),
        "not_text": lambda: _("The file is not a text CSV file. Save it from your spreadsheet as CSV (UTF-8) or XLSX."),
        "not_xlsx": lambda: _("The file is not a valid XLSX (Excel) file."),
    }
    return messages[code]()


def describer():
    """describe(problem) -> its message, naming municipalities and target groups in the page's language."""
    municipalities = dict(services.municipality_choices())
    groups = dict(services.target_group_choices(str(get_locale())))

    def describe(problem: Problem) -> str:
        names = municipalities if problem.code.endswith("_municipality") else groups
        return problem_message(problem.code, problem.value, tuple(str(names.get(o, o)) for o in problem.options))

    return describe


def accepted_values() -> dict:
    """The columns (with every heading the importer recognises) and the values it accepts."""
    lang = str(get_locale())
    titles = {code: titles_in(code) for code in LANGUAGES}
    columns = []
    for key in COLUMNS:
        spellings: dict[str, str] = {}
        for spelling in [titles[code][key] for code in (lang, *LANGUAGES)] + list(COLUMN_ALIASES[key]):
            spellings.setdefault(fold(spelling), spelling)
        columns.append({"title": titles[lang][key], "required": key in REQUIRED, "spellings": list(spellings.values())})
    return {"columns": columns,
            "municipalities": [name for _id, name in services.municipality_choices()],
            "target_groups": [name for _code, name in services.target_group_choices(lang)],
            "languages": [str(label) for code, label in LANGUAGE_CHOICES if code != "other"]}


def preview_rows(candidates: list[Candidate]) -> list[dict]:
    """The checked rows as the page shows them, in Latvian alphabetical order of the name (the row
    number points back to the file): names, never codes, in the page's language."""
    municipalities = dict(services.municipality_choices())
    groups = dict(services.target_group_choices(str(get_locale())))
    languages = {code: str(label) for code, label in LANGUAGE_CHOICES}
    return [{"row": c.row, "name": c.name, "birth_year": c.birth_year,
             "municipality": municipalities.get(c.municipality_id, ""),
             "target_groups": ", ".join(groups.get(code, code) for code in c.target_groups),
             "language": languages.get(c.language, c.language or "")}
            for c in latvian_sorted(candidates, lambda c: c.name)]


@dataclass
class Preview:
    candidates: list
    header: list
    rejected: list


def _signer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="enrolment-import")


def dump_preview(cohort_id: int, result: ImportCheck) -> str:
    """The checked list, signed: the confirm step and the rejected-rows download trust only this."""
    def cut(cells):
        return [cell[:MAX_CELL] for cell in cells[:MAX_CELLS]]

    return _signer().dumps({
        "cohort": cohort_id, "rows": [asdict(c) for c in result.candidates], "header": cut(result.header),
        "rejected": [{"row": r.row, "cells": cut(r.cells), "problems": [[p.code, p.value, list(p.options)] for p in r.problems]}
                     for r in result.rejected]})


def load_preview(payload: str, cohort_id: int) -> Preview | None:
    """The list the page was shown, or None if it has expired, was changed or is another group's."""
    try:
        data = _signer().loads(payload or "", max_age=PREVIEW_MAX_AGE)
    except BadSignature:
        return None
    if data.get("cohort") != cohort_id:
        return None
    rejected = [RejectedRow(r["row"], r["cells"], [Problem(r["row"], code, value, tuple(options))
                                                   for code, value, options in r["problems"]])
                for r in data.get("rejected", [])]
    return Preview([Candidate(**row) for row in data["rows"]], data.get("header", []), rejected)


def rejected_rows_table(preview: Preview) -> list[list[str]]:
    return rejected_table(preview.header, preview.rejected, describer(), _("Row"), _("Problem"))


def template_rows(cohort, lang: str) -> list[list]:
    """The header in `lang` and one example row (the group's municipality, names in `lang`)."""
    groups = dict(services.target_group_choices(lang))
    examples = [groups[code] for code in ("senior", "non_citizen") if code in groups] or list(groups.values())[:1]
    with force_locale(lang):
        header = [column_titles()[key] for key in COLUMNS]
        russian = str(dict(LANGUAGE_CHOICES)["ru"])
    return [header, ["Olga Ivanova", 1958, cohort.municipality, "; ".join(examples), russian, "20000000",
                     "olga.ivanova@example.lv"]]


def template_xlsx(rows: list[list]) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        append_row(sheet, row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column in "ABCDEFG":
        sheet.column_dimensions[column].width = 24
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
