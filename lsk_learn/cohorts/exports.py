"""The teacher's CSV files: the cohort grid and the attendance register, as rows of cells."""
from flask_babel import gettext as _

from ..core.i18n import translate_content
from ..core.time import RIGA


def _flag_name(flag: str) -> str:
    # the same words as on the page, never the internal code
    return _("inactive") if flag == "inactive" else _("behind")


def _percent(share: float | None) -> str:
    return "" if share is None else f"{round(100 * share)}%"


def grid_rows(rows: list, topics: list) -> list[list]:
    """One row per learner (in the grid's order): mastery per topic, overall, last activity (Riga's
    date), lessons done and flags."""
    table = [[_("Name")] + [translate_content(t.name) for t in topics] +
             [_("Answered correctly"), _("Last activity"), _("Lessons done"), _("Flags")]]
    for row in rows:
        cells = [_percent(row.cells[t.id].mastery if row.cells.get(t.id) is not None else None) for t in topics]
        table.append([row.name] + cells + [
            _percent(row.overall),
            row.last_active_at.astimezone(RIGA).date().isoformat() if row.last_active_at else "",
            row.lessons_done, ", ".join(_flag_name(f) for f in row.flags)])
    return table


def attendance_rows(sessions: list, learners: list, marks: dict) -> list[list]:
    """One column per session (date and topic), 1 present / 0 absent / empty unmarked, and the total."""
    table = [[_("Name")] + [s.held_on.isoformat() + (f" {s.topic}" if s.topic else "") for s in sessions] + [_("Present")]]
    for learner in learners:
        cells = [{True: "1", False: "0"}.get(marks.get((s.id, learner.id)), "") for s in sessions]
        table.append([learner.display_name] + cells + [cells.count("1")])
    return table
