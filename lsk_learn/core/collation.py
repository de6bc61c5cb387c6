"""Latvian alphabetical order for names of people and groups (pure; no Flask).

The Unicode Collation Algorithm (pyuca, the default table) puts "Ļubova" among the L's and "Ūna"
among the U's, but it treats č, ģ, ķ, ļ, ņ, š and ž as c, g, k, l, n, s and z with an accent. In
Latvian these are letters of their own, sorted after their base letter (Čakste after every C
name, Šmits after every S name, Žagars after Z), while ā, ē, ī and ū sort as a, e, i and u, the
macron only breaking a tie (Abele, Ābele, Ādams, Anna). This is CLDR's Latvian tailoring, the one
ICU applies: &C<č &G<ģ &K<ķ &L<ļ &N<ņ &R<ŗ &S<š &Z<ž (ŗ for older spellings of names).

SQL ORDER BY cannot do this portably (SQLite and PostgreSQL collations differ), so lists are
sorted in Python after loading: `sorted(people, key=lambda p: latvian_key(p.display_name))`.
"""
import unicodedata
from functools import lru_cache

import pyuca

# each letter and the base letter it follows as a letter of its own
_OWN_LETTERS = {"č": "c", "ģ": "g", "ķ": "k", "ļ": "l", "ņ": "n", "ŗ": "r", "š": "s", "ž": "z"}


@lru_cache(maxsize=1)
def _collator() -> pyuca.Collator:
    return pyuca.Collator()  # loads the Unicode table once (about 0.2 s)


def _elements(text: str) -> list[list[int]]:
    """UCA collation elements with every primary weight doubled; a Latvian letter of its own gets
    its base letter's weight plus one, so it falls after every word with the base letter and
    before the next letter (doubled weights leave the odd numbers free)."""
    collator = _collator()
    result: list[list[int]] = []
    run: list[str] = []

    def flush():
        if run:
            for primary, secondary, tertiary in collator.collation_elements(unicodedata.normalize("NFD", "".join(run))):
                result.append([primary * 2, secondary, tertiary])
            run.clear()

    for char in unicodedata.normalize("NFC", text):
        base = _OWN_LETTERS.get(char)
        if base is None:
            run.append(char)
            continue
        flush()
        for primary, secondary, tertiary in collator.collation_elements(base):
            result.append([primary * 2 + 1 if primary else 0, secondary, tertiary])
    flush()
    return result


@lru_cache(maxsize=4096)
def latvian_key(text: str | None) -> tuple:
    """Sort key in Latvian alphabetical order, case-insensitive (so "anna" and "Anna" are equal)."""
    folded = " ".join((text or "").split()).casefold()
    return _collator().sort_key_from_collation_elements(_elements(folded))


def latvian_sorted(items, name=lambda item: item):
    """`items` in Latvian order of `name(item)`; equal names keep their order."""
    return sorted(items, key=lambda item: latvian_key(name(item)))
