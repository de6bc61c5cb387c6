"""The cohort grid's mastery, bands and flags, from plain numbers."""
from datetime import datetime, timedelta, timezone

from lsk_learn.domain.cohort_grid import Cell, build_rows, mastery_band

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=timezone.utc)


def test_cell_mastery_and_bands():
    assert Cell(0, 0).mastery is None
    assert Cell(10, 7).mastery == 0.7
    assert [mastery_band(m) for m in (None, 0.49, 0.5, 0.79, 0.8)] == ["none", "low", "medium", "medium", "high"]


def test_rows_and_flags():
    learners = {1: "Anna", 2: "boris", 3: "Cilda", 4: "Dana"}
    cells = {(1, "history"): (20, 16), (1, "satversme"): (10, 9),   # 25/30 = 83 %
             (2, "history"): (20, 10),                              # 50 %: 30 points under the median
             (3, "history"): (12, 9),                               # 75 %
             (4, "history"): (4, 0)}                                # too few answers to be "behind"
    last = {1: NOW - timedelta(days=1), 2: NOW - timedelta(days=2), 3: NOW - timedelta(days=7)}
    rows = build_rows(learners, cells, last, {1: 3}, {1: {"history": True}}, NOW)
    by_name = {r.name: r for r in rows}
    assert [r.name for r in rows] == ["Anna", "boris", "Cilda", "Dana"]  # case-insensitive order
    assert by_name["Anna"].overall == 25 / 30 and by_name["Anna"].lessons_done == 3
    assert by_name["Anna"].exam_parts == {"history": True}
    # median of the shares of learners with >= 10 answers: (0.5, 0.75, 0.833) -> 0.75
    assert by_name["boris"].flags == ("behind",)
    assert by_name["Cilda"].flags == ("inactive",)        # exactly 7 days
    assert by_name["Dana"].flags == ("inactive",)         # never active; 4 answers: not judged
    assert by_name["Anna"].flags == ()
