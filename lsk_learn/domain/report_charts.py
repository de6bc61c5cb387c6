"""Geometry of the report's bar charts, drawn as SVG on the server (no JavaScript).

The bars run sideways, one row per month or measure, so a chart of any length keeps its labels
level and readable. Its viewBox is sized for the text (CHART_WIDTH units with FONT_SIZE labels)
and the page lets it scale with the screen: on a 360 px phone, about 326 px wide, labels stay near
13 px and values above 12 px; a 12-month chart is as readable as a 3-month one.
"""
from dataclasses import dataclass, field
from datetime import date

CHART_WIDTH = 400
FONT_SIZE = 16        # labels and headings
VALUE_FONT_SIZE = 15  # the number at the end of each bar
BAR_HEIGHT = 14
BAR_GAP = 3           # between the bars of one row
ROW_GAP = 12          # between rows
VALUE_WIDTH = 48      # room for the number after the longest bar
PAD = 4


@dataclass(frozen=True)
class Bar:
    series: int       # which series (0: the first, e.g. active learners)
    value: int
    x: float
    y: float
    width: float
    height: float
    value_x: float    # where the number is written, just after the bar
    value_y: float


@dataclass(frozen=True)
class Row:
    label: str
    label_x: float
    label_y: float
    bars: tuple[Bar, ...]
    heading: str | None = None  # e.g. the year, written above its first month
    heading_y: float = 0


@dataclass
class Chart:
    width: int
    height: float
    rows: list[Row] = field(default_factory=list)
    font_size: int = FONT_SIZE
    value_font_size: int = VALUE_FONT_SIZE


def bar_rows(rows: list[tuple[str, list[int]]], headings: dict[int, str] | None = None,
             label_width: float = 0, width: int = CHART_WIDTH) -> Chart:
    """Rows of one or more bars each. With `label_width` the label sits left of the bars (short
    labels such as months); with 0 it sits on its own line above them (long labels). `headings[i]`
    is written on a line of its own above row i. All bars share one scale, so they compare."""
    headings = headings or {}
    top = max([v for _label, values in rows for v in values] + [1])
    bar_left = label_width + (PAD if label_width else 0)
    scale = (width - bar_left - VALUE_WIDTH) / top
    y = 0.0
    result = []
    for index, (label, values) in enumerate(rows):
        heading = headings.get(index)
        heading_y = 0.0
        if heading is not None:
            y += FONT_SIZE + PAD
            heading_y = y
            y += PAD
        if label_width:
            block = len(values) * BAR_HEIGHT + (len(values) - 1) * BAR_GAP
            label_y = y + block / 2 + FONT_SIZE * 0.35  # the text's middle on the bars' middle
            bars_top = y
        else:
            label_y = y + FONT_SIZE
            bars_top = y + FONT_SIZE + PAD
        bars = []
        for series, value in enumerate(values):
            bar_y = bars_top + series * (BAR_HEIGHT + BAR_GAP)
            length = value * scale
            bars.append(Bar(series, value, bar_left, bar_y, length, BAR_HEIGHT, bar_left + length + PAD,
                            bar_y + BAR_HEIGHT - 2))
        result.append(Row(label, 0, label_y, tuple(bars), heading, heading_y))
        y = (bars[-1].y + BAR_HEIGHT if bars else label_y) + ROW_GAP
    return Chart(width, max(y - ROW_GAP + PAD, 1), result)


def year_headings(months: list[date]) -> dict[int, str]:
    """The year above the first month shown of each year (and above the very first month)."""
    result = {}
    for index, month in enumerate(months):
        if index == 0 or months[index - 1].year != month.year:
            result[index] = str(month.year)
    return result
