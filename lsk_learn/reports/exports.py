"""The report as CSV and as XLSX (a sheet per breakdown; filters and definitions on the first),
written through core.spreadsheet so no name becomes a formula."""
import io

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ..core.collation import latvian_key
from ..core.spreadsheet import append_row
from ..domain.report_counting import NO_GROUP
from .labels import METRIC_DEFINITIONS, METRIC_NAMES
from .services import METRICS, Report

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="8A1538")


def filter_lines(report: Report, names: dict) -> list[tuple[str, str]]:
    f = report.filters
    return [
        (_("Period"), f"{f.start.isoformat()} – {f.end.isoformat()}"),
        (_("Municipality"), names["municipality"].get(f.municipality_id, _("All")) if f.municipality_id else _("All")),
        (_("Target group"), names["group"].get(f.target_group, f.target_group) if f.target_group else _("All")),
        (_("Group"), names["cohort"].get(f.cohort_id, "") if f.cohort_id else _("All")),
        (_("Programme"), names["programme"].get(f.programme_id, "") if f.programme_id else _("All")),
    ]


def breakdown_rows(report: Report, names: dict) -> tuple[list[str], list[list]]:
    """Municipality × target group: one row per cell, a column per metric."""
    header = [_("Municipality"), _("Target group")] + [str(METRIC_NAMES[m]) for m in METRICS]
    keys = sorted({key for metric in METRICS for key in report.breakdown.cells[metric]},
                  key=lambda k: (latvian_key(names["municipality"].get(k[0], "")), k[1]))
    rows = [[names["municipality"].get(mid, _("Not recorded")), names["group"].get(code, _("No target group")) if code != NO_GROUP else _("No target group")]
            + [report.breakdown.cells[m].get((mid, code), 0) for m in METRICS] for mid, code in keys]
    rows.append([_("Total (each person once)"), ""] + [report.breakdown.totals[m] for m in METRICS])
    return header, rows


def csv_rows(report: Report, names: dict) -> list[list]:
    """The CSV export's rows: filters, summary, then the breakdown."""
    header, rows = breakdown_rows(report, names)
    return ([list(line) for line in filter_lines(report, names)] + [[], [_("Summary")]]
            + [[str(METRIC_NAMES[metric]), report.breakdown.totals[metric]] for metric in METRICS]
            + [[_("Sessions held"), report.sessions_held], [_("Attendances"), report.attendances], [], header]
            + rows)


def people_rows(report: Report, names: dict, ids: list[int], users: dict, profiles: dict) -> list[list]:
    """The per-person CSV: a row per person (by name in Latvian order), a 1/0 column per measure."""
    rows = [[_("Name"), _("Year of birth"), _("Municipality"), _("Target groups")] + [str(METRIC_NAMES[m]) for m in METRICS[1:]]]
    for uid in sorted(ids, key=lambda i: latvian_key(users[i].display_name)):
        profile = profiles.get(uid)
        rows.append([users[uid].display_name, profile.birth_year if profile else "",
                     names["municipality"].get(profile.municipality_id, "") if profile else "",
                     "; ".join(names["group"].get(c, c) for c in (profile.target_groups if profile else []))]
                    + ["1" if uid in report.people[m] else "0" for m in METRICS[1:]])
    return rows


def _sheet(book, title: str, header: list, rows: list) -> None:
    sheet = book.create_sheet(title[:31])
    append_row(sheet, header)
    for cell in sheet[1]:
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        append_row(sheet, row)
    for index, column in enumerate(header, start=1):
        width = max([len(str(column))] + [len(str(r[index - 1])) for r in rows if index - 1 < len(r)])
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 10), 60)
    sheet.freeze_panes = "A2"


def to_xlsx(report: Report, names: dict) -> bytes:
    book = Workbook()
    about = book.active
    about.title = _("Filters and definitions")[:31]
    append_row(about, [_("LSK Learn report")])
    about["A1"].font = Font(bold=True, size=14)
    for label, value in filter_lines(report, names):
        append_row(about, [label, value])
    append_row(about, [])
    append_row(about, [_("Measure"), _("Definition")])
    for cell in about[about.max_row]:
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    for metric in METRICS:
        append_row(about, [str(METRIC_NAMES[metric]), str(METRIC_DEFINITIONS[metric])])
    append_row(about, [_("Note"), _("A person in two target groups is counted in each group, but only once in every total.")])
    about.column_dimensions["A"].width, about.column_dimensions["B"].width = 32, 100
    _sheet(book, _("Summary"), [_("Measure"), _("People")],
           [[str(METRIC_NAMES[m]), report.breakdown.totals[m]] for m in METRICS]
           + [[_("Sessions held"), report.sessions_held], [_("Attendances"), report.attendances]])
    header, rows = breakdown_rows(report, names)
    _sheet(book, _("Municipality × group"), header, rows)
    _sheet(book, _("By group"), [_("Group"), _("Participants")], [list(r) for r in report.by_cohort])
    _sheet(book, _("By month"), [_("Month"), _("Active learners"), _("New participants")], [list(r) for r in report.monthly])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
