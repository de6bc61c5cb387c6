"""Checking a list of learners to enrol (rows read from CSV or XLSX), before anything is saved.

Columns are recognised by their header in Latvian, Russian or English. Every bad row is reported
with its row number (as the spreadsheet shows it: the header is row 1) and a reason code. A problem
with the file itself (a missing column, no rows) stops everything; bad rows only stop themselves,
so the caller can import the good rows and hand the bad ones back with their reasons.
"""
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Iterable, Mapping, Sequence

MAX_ROWS = 500

# the fields in the order of the template file
COLUMNS = ("name", "birth_year", "municipality", "target_groups", "language", "phone", "email")
COLUMN_ALIASES = {
    "name": ("name", "full name", "vārds", "vārds, uzvārds", "vārds uzvārds", "имя", "фио", "имя, фамилия", "имя фамилия",
             "имя и фамилия"),
    "birth_year": ("year of birth", "birth year", "dzimšanas gads", "gads", "год рождения"),
    "municipality": ("municipality", "pašvaldība", "novads", "самоуправление", "муниципалитет", "край"),
    "target_groups": ("target groups", "target group", "mērķa grupas", "mērķgrupas", "mērķa grupa", "целевые группы", "целевая группа"),
    "language": ("language", "main language", "valoda", "dzimtā valoda", "язык", "родной язык"),
    "phone": ("phone", "telephone", "tālrunis", "telefons", "телефон"),
    "email": ("email", "e-mail", "e-pasts", "эл. почта", "электронная почта", "email адрес"),
}
REQUIRED = ("name", "birth_year", "municipality")
LANGUAGES = {
    "lv": ("lv", "latviešu", "latviski", "latvian", "латышский"),
    "ru": ("ru", "krievu", "krieviski", "russian", "русский"),
    "uk": ("uk", "ukraiņu", "ukrainian", "украинский"),
    "be": ("be", "baltkrievu", "belarusian", "белорусский"),
    "pl": ("pl", "poļu", "polish", "польский"),
    "lt": ("lt", "lietuviešu", "lithuanian", "литовский"),
    "en": ("en", "angļu", "english", "английский"),
}
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE = re.compile(r"^\+?[\d\s-]{7,20}$")


def fold(text: str) -> str:
    """Lower case, single spaces, no diacritics: how cells are compared with known values."""
    decomposed = unicodedata.normalize("NFD", " ".join(str(text).split()).casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# problems of the file as a whole: nothing in it can be imported
FILE_PROBLEMS = frozenset({"missing_column", "empty_file", "no_rows", "too_many_rows"})


@dataclass(frozen=True)
class Problem:
    row: int          # 1 is the header row
    code: str         # what is wrong, for a translated message
    value: str = ""   # the offending cell, or the column name
    options: tuple = ()  # for an ambiguous cell: the ids or codes it could mean, to name them


@dataclass
class Candidate:
    row: int
    name: str
    birth_year: int
    municipality_id: int
    target_groups: list = field(default_factory=list)
    language: str | None = None
    phone: str | None = None
    email: str | None = None


@dataclass
class RejectedRow:
    row: int
    cells: list       # as read from the file, to hand back for correcting
    problems: list    # of Problem


@dataclass
class ImportCheck:
    candidates: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    header: list = field(default_factory=list)
    rejected: list = field(default_factory=list)  # of RejectedRow, in file order

    @property
    def ok(self) -> bool:
        """Every row is good."""
        return not self.problems and bool(self.candidates)

    @property
    def file_problems(self) -> list:
        return [p for p in self.problems if p.code in FILE_PROBLEMS]

    @property
    def importable(self) -> bool:
        """Some rows can be imported (perhaps skipping the rejected ones)."""
        return not self.file_problems and bool(self.candidates)


def map_columns(header: Sequence[str], titles: Mapping[str, str] | None = None) -> tuple[dict[str, int], list[Problem]]:
    """Which column holds which field; problems for missing required columns. `titles` maps more
    header names to fields (the app passes its translated column names, which the template uses)."""
    known = {fold(alias): key for key, aliases in COLUMN_ALIASES.items() for alias in aliases}
    known.update({fold(title): key for title, key in (titles or {}).items()})
    columns: dict[str, int] = {}
    for index, title in enumerate(header):
        key = known.get(fold(title or ""))
        if key and key not in columns:
            columns[key] = index
    problems = [Problem(1, "missing_column", key) for key in REQUIRED if key not in columns]
    return columns, problems


_ENDINGS = ("as", "es", "is", "us", "s", "a", "e", "i", "u")


def _stem(word: str) -> str:
    """A Latvian place name without its case ending: "Preiļi", "Preiļu" -> "preil"."""
    return next((word[: -len(e)] for e in _ENDINGS if word.endswith(e) and len(word) > len(e) + 2), word)


def _match(value: str, choices: Mapping[str, object], preferred: object = None) -> tuple[object | None, str | None, tuple]:
    """A cell matched to one known value: the same folded text, a unique prefix of one, or (for a
    single word) the same stem as its first word, so "Preiļi" finds "Preiļu novads". When several
    fit and `preferred` is one of them, it wins: "Daugavpils" in a city group is the city.
    Returns (value, None, ()) or (None, "unknown"|"ambiguous", the values that fit, in choice order)."""
    wanted = fold(value)
    if wanted in choices:
        return choices[wanted], None, ()
    found = [target for name, target in choices.items() if name.startswith(wanted)]
    if not found and " " not in wanted:
        found = [target for name, target in choices.items() if _stem(name.split(" ")[0]) == _stem(wanted)]
    found = list(dict.fromkeys(found))  # several names (languages) of one value count once
    if len(found) == 1:
        return found[0], None, ()
    if preferred is not None and preferred in found:
        return preferred, None, ()
    return None, ("ambiguous" if found else "unknown"), tuple(found)


def check_rows(rows: Iterable[Sequence[object]], municipalities: Mapping[str, int],
               target_groups: Mapping[str, str], this_year: int, preferred_municipality: int | None = None,
               titles: Mapping[str, str] | None = None) -> ImportCheck:
    """`rows` includes the header. `municipalities` maps names to ids; `target_groups` maps names
    (any language) and codes to codes; `preferred_municipality` (the group's) settles a name that
    fits several; `titles` are more header names (see map_columns)."""
    rows = [[("" if cell is None else str(cell).strip()) for cell in row] for row in rows]
    result = ImportCheck()
    if not rows:
        result.problems.append(Problem(1, "empty_file"))
        return result
    result.header = rows[0]
    columns, problems = map_columns(rows[0], titles)
    result.problems += problems
    if problems:
        return result
    data = [(number, row) for number, row in enumerate(rows[1:], start=2) if any(row)]
    if not data:
        result.problems.append(Problem(2, "no_rows"))
    if len(data) > MAX_ROWS:
        result.problems.append(Problem(MAX_ROWS + 2, "too_many_rows", str(MAX_ROWS)))
        return result
    folded_municipalities = {fold(name): mid for name, mid in municipalities.items()}
    folded_groups = {fold(name): code for name, code in target_groups.items()}
    seen: dict[tuple[str, int], int] = {}

    def cell(row, key):
        index = columns.get(key)
        return row[index] if index is not None and index < len(row) else ""

    for number, row in data:
        before = len(result.problems)
        name = " ".join(cell(row, "name").split())
        if not name:
            result.problems.append(Problem(number, "empty_name"))
        elif len(name) > 120:
            result.problems.append(Problem(number, "name_too_long", name[:30]))
        year_text = cell(row, "birth_year").removesuffix(".0")
        year = int(year_text) if year_text.isascii() and year_text.isdigit() else None
        if year is None or not 1900 <= year <= this_year - 5:
            result.problems.append(Problem(number, "bad_year", year_text))
        municipality_id, why, options = (_match(cell(row, "municipality"), folded_municipalities, preferred_municipality)
                                         if cell(row, "municipality") else (None, "missing", ()))
        if municipality_id is None:
            result.problems.append(Problem(number, f"{why}_municipality", cell(row, "municipality"), options))
        groups = []
        for part in filter(None, (p.strip() for p in re.split(r"[;,/]", cell(row, "target_groups")))):
            code, why, options = _match(part, folded_groups)
            if code is None:
                result.problems.append(Problem(number, f"{why}_target_group", part, options))
            elif code not in groups:
                groups.append(code)
        language = None
        if cell(row, "language"):
            language = next((code for code, names in LANGUAGES.items() if fold(cell(row, "language")) in map(fold, names)),
                            None) or cell(row, "language")[:30]
        phone = cell(row, "phone") or None
        if phone and not PHONE.match(phone):
            result.problems.append(Problem(number, "bad_phone", phone))
        email = cell(row, "email") or None
        if email and (len(email) > 254 or not EMAIL.match(email)):
            result.problems.append(Problem(number, "bad_email", email))
        if name and year:
            key = (fold(name), year)
            if key in seen:
                result.problems.append(Problem(number, "duplicate_row", str(seen[key])))
            else:
                seen[key] = number
        if len(result.problems) == before:
            result.candidates.append(Candidate(number, name, year, municipality_id, groups, language, phone, email))
        else:
            result.rejected.append(RejectedRow(number, row, result.problems[before:]))
    return result


def rejected_table(header: Sequence[str], rejected: Iterable[RejectedRow], describe, row_title: str,
                   problem_title: str) -> list[list[str]]:
    """The rejected rows as a table to correct and upload again: the file's own columns, then the
    row number and the reasons (`describe(problem)` gives one reason's text). The importer ignores
    the two added columns, so the corrected file can go back in as it is."""
    rejected = list(rejected)
    width = max([len(header)] + [len(r.cells) for r in rejected])

    def pad(cells):
        return list(cells) + [""] * (width - len(cells))

    table = [pad(header) + [row_title, problem_title]]
    for item in rejected:
        table.append(pad(item.cells) + [str(item.row), " ".join(describe(p) for p in item.problems)])
    return table


def username_for(name: str, taken: set[str]) -> str:
    """A Latin-letter login name from a person's name: "Jevgeņija Novikova" -> "jevgenija.novikova"."""
    base = ".".join(fold(name).replace("'", "").split())
    base = re.sub(r"[^a-z0-9.]", "", _transliterate(base)) or "learner"
    base = base[:50].strip(".")
    candidate, counter = base, 2
    while candidate in taken:
        candidate, counter = f"{base}{counter}", counter + 1
    taken.add(candidate)
    return candidate


_CYRILLIC = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
                     ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "j", "k", "l", "m", "n", "o", "p", "r",
                      "s", "t", "u", "f", "h", "c", "ch", "sh", "shch", "", "y", "", "e", "ju", "ja"]))


def _transliterate(text: str) -> str:
    return "".join(_CYRILLIC.get(c, c) for c in text)
