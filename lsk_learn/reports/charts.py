"""The report's two charts with their labels in the page's language (month names from the
locale's calendar, never "2026-09"). Plain functions of the report and a locale."""
from dataclasses import dataclass
from datetime import date

from babel.dates import format_date, format_skeleton

from ..domain.report_charts import Chart, bar_rows, year_headings

MONTH_LABEL_WIDTH = 56  # the longest short month name ("сент.", "febr.") at the chart's font size


@dataclass
class ReportCharts:
    funnel: Chart
    monthly: Chart
    months: list[tuple[str, int, int]]  # (month and year in words, active, new), for the table and the chart's text


def month_start(key: str) -> date:
    """The report's months are keyed "YYYY-MM"."""
    return date.fromisoformat(f"{key}-01")


def report_charts(monthly: list[tuple[str, int, int]], funnel: list[tuple[str, int]], locale: str) -> ReportCharts:
    """`monthly` is the report's (YYYY-MM, active, new) rows; `funnel` is (measure's name, people)."""
    starts = [month_start(key) for key, _active, _new in monthly]
    # standalone short month names ("janv.", "янв."): the year is written above each year's first month
    month_chart = bar_rows([(format_date(day, "LLL", locale=locale), [active, new])
                            for day, (_key, active, new) in zip(starts, monthly)],
                           year_headings(starts), label_width=MONTH_LABEL_WIDTH)
    in_words = [(format_skeleton("yMMMM", day, locale=locale), active, new)
                for day, (_key, active, new) in zip(starts, monthly)]
    return ReportCharts(bar_rows([(name, [n]) for name, n in funnel]), month_chart, in_words)
