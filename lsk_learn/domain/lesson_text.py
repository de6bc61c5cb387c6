"""Lesson Markdown as the lesson page shows it.

Lesson files start with "# Title", the same words as the lesson's title, which the page already
shows as its h1; rendered as well, the title would appear twice (h1, then the same text as h2).
The bank files stay as they are (the heading helps whoever reads them); the page drops it.
Without it the lesson's sections ("## ...") are the top headings of the body, and they must come
right under the page's h1 (h2, not h3: a skipped level confuses screen-reader navigation).
"""
import re
from collections.abc import Iterable

_FIRST_HEADING = re.compile(r"\A\s*#{1,6}[ \t]+(.+?)[ \t]*#*[ \t]*(?:\n|\Z)")
_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+\S", re.M)
_FENCE = re.compile(r"^ {0,3}(```|~~~).*?^ {0,3}\1", re.M | re.S)


def _same_words(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def without_title_heading(source: str, titles: Iterable[str]) -> str:
    """`source` without its leading heading when that heading is one of `titles` (any language)."""
    match = _FIRST_HEADING.match(source or "")
    if match and any(title and _same_words(match.group(1), title) for title in titles):
        return source[match.end():]
    return source or ""


def heading_offset(source: str) -> int:
    """How far to shift the body's headings so its top level becomes h2 (the page has the h1)."""
    levels = [len(m.group(1)) for m in _HEADING.finditer(_FENCE.sub("", source or ""))]
    return max(0, 2 - min(levels)) if levels else 1
