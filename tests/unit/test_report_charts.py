"""The report's bar charts: geometry (domain/report_charts.py) and labels in the page's language
(reports/charts.py)."""
from datetime import date

import pytest

from lsk_learn.domain.report_charts import (
    BAR_HEIGHT, CHART_WIDTH, FONT_SIZE, VALUE_FONT_SIZE, VALUE_WIDTH, bar_rows, year_headings,
)
from lsk_learn.reports.charts import report_charts

PHONE_CONTENT_WIDTH = 326  # a 360 px screen less the page's side padding


def test_bars_share_one_scale_and_leave_room_for_their_numbers():
    chart = bar_rows([("a", [10, 5]), ("b", [0, 2])], label_width=50)
    (a_active, a_new), (b_active, b_new) = (row.bars for row in chart.rows)
    longest = CHART_WIDTH - 50 - 4 - VALUE_WIDTH
    assert a_active.width == pytest.approx(longest) and a_new.width == pytest.approx(longest / 2)
    assert b_active.width == 0 and b_new.width == pytest.approx(longest / 5)
    assert a_active.value_x == pytest.approx(a_active.x + a_active.width + 4)
    assert all(bar.value_x + 3 * VALUE_FONT_SIZE * 0.6 <= CHART_WIDTH for row in chart.rows for bar in row.bars)
    assert [bar.series for bar in chart.rows[0].bars] == [0, 1]


def test_rows_do_not_overlap_and_the_chart_is_as_tall_as_its_rows():
    chart = bar_rows([("janv.", [3, 1]), ("febr.", [4, 2]), ("marts", [1, 0])], {0: "2026"}, label_width=56)
    bottoms = [row.bars[-1].y + BAR_HEIGHT for row in chart.rows]
    tops = [row.bars[0].y for row in chart.rows]
    assert all(bottom < top for bottom, top in zip(bottoms, tops[1:]))
    assert chart.rows[0].heading == "2026" and chart.rows[0].heading_y < tops[0]
    assert chart.rows[1].heading is None
    assert chart.height >= bottoms[-1]


def test_long_labels_sit_above_their_bar():
    chart = bar_rows([("Nokārtojuši īsto pārbaudi", [1]), ("Dalībnieki", [50])])
    for row in chart.rows:
        assert row.label_x == 0 and row.label_y <= row.bars[0].y and row.bars[0].x == 0


def test_an_empty_period_draws_nothing_and_zero_everywhere_still_draws():
    assert bar_rows([]).rows == []
    chart = bar_rows([("a", [0, 0])], label_width=50)
    assert [bar.width for bar in chart.rows[0].bars] == [0, 0]


def test_text_stays_legible_on_a_phone():
    scale = PHONE_CONTENT_WIDTH / CHART_WIDTH
    assert FONT_SIZE * scale >= 12 and VALUE_FONT_SIZE * scale >= 12


def test_year_headings_above_each_year_first_month():
    months = [date(2025, 11, 1), date(2025, 12, 1), date(2026, 1, 1), date(2026, 2, 1)]
    assert year_headings(months) == {0: "2025", 2: "2026"}
    assert year_headings([]) == {}


@pytest.mark.parametrize("locale,short,words", [
    ("lv", ["nov.", "dec.", "janv."], "2025. g. novembris"),
    ("ru", ["нояб.", "дек.", "янв."], "ноябрь 2025\u202fг."),
    ("en", ["Nov", "Dec", "Jan"], "November 2025"),
])
def test_months_are_named_in_the_page_language(locale, short, words):
    monthly = [("2025-11", 3, 1), ("2025-12", 2, 0), ("2026-01", 5, 2)]
    charts = report_charts(monthly, [("Participants", 9)], locale)
    assert [row.label for row in charts.monthly.rows] == short
    assert [row.heading for row in charts.monthly.rows] == ["2025", None, "2026"]
    assert [[bar.value for bar in row.bars] for row in charts.monthly.rows] == [[3, 1], [2, 0], [5, 2]]
    assert charts.months[0] == (words, 3, 1)
    assert [row.label for row in charts.funnel.rows] == ["Participants"]
