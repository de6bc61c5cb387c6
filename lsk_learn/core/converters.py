"""Numbers from URLs and forms kept inside the database's integer range, so a huge id is a 404 or
"not chosen", never a database error (PostgreSQL `integer` ends at 2^31 - 1, SQLite at 2^63 - 1)."""
from werkzeug.routing import IntegerConverter

DB_INT_MAX = 2_147_483_647  # PostgreSQL integer, the narrower of the two databases


class BoundedIntConverter(IntegerConverter):
    """`<int:...>` for 0..DB_INT_MAX: ids start at 1, but item positions in URLs start at 0, and an
    id of 0 finds nothing anyway. ASCII digits only (Python's \\d also matches other scripts)."""

    regex = r"[0-9]+"

    def __init__(self, map, fixed_digits: int = 0, min: int | None = 0, max: int | None = DB_INT_MAX,
                 signed: bool = False):
        upper = DB_INT_MAX if max is None or max > DB_INT_MAX else max
        super().__init__(map, fixed_digits, min, upper, signed)


def bounded_int(raw) -> int | None:
    """A form or query value as an id (1..DB_INT_MAX), or None. Also works as `type=` for
    `request.args.get`, which then returns None for anything else."""
    text = str(raw if raw is not None else "").strip()
    if not text.isascii() or not text.isdigit() or len(text) > len(str(DB_INT_MAX)):
        return None
    value = int(text)
    return value if 1 <= value <= DB_INT_MAX else None


def install(app) -> None:
    """Make `<int:...>` bounded; must run before any blueprint is registered (rules bind their
    converters when they are added to the URL map)."""
    app.url_map.converters["int"] = BoundedIntConverter
