"""Markdown to safe HTML: markdown-it-py renders, nh3 strips anything not on the allow-list.

Latvian writes dates and ordinals with a dot: "1920. gada aprīlī", "12. gadsimtā", "18. novembris".
At the start of a line (or of a list item) CommonMark reads "1920. " as an ordered-list marker, and
the year would be shown as "1." — in an exam about dates. A number followed by a dot and a
lower-case word is an ordinal, never a list marker, so its dot is escaped before rendering. A real
numbered list item starts with a capital or with emphasis ("1. **Saeima** pieņem likumu."); lists
that start at another number keep it (`start` is allowed)."""
import re

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

_renderer = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")
_ALLOWED_TAGS = {
    "p", "h1", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "blockquote", "code", "pre",
    "a", "table", "thead", "tbody", "tr", "th", "td", "hr", "br",
}
# line start, then any blockquote marks and list bullets, then "<digits>." and the next word
_LEADING_NUMBER = re.compile(r"^((?:[ \t]*(?:>|[-*+]|\d{1,9}[.)])[ \t]+)*[ \t]*)(\d{1,9})\.([ \t]+)(\S)", re.M)


def protect_ordinals(source: str) -> str:
    """Escape the dot of "1920. gada"-style ordinals at a line start, so they stay text."""
    def escape(match: re.Match) -> str:
        prefix, number, space, first = match.groups()
        if first.islower():
            return f"{prefix}{number}\\.{space}{first}"
        return match.group(0)

    out, in_code = [], False
    for line in source.splitlines(keepends=True):
        if line.lstrip().startswith(("```", "~~~")):
            in_code = not in_code
        out.append(line if in_code else _LEADING_NUMBER.sub(escape, line))
    return "".join(out)


def ordered_list_starts(source: str) -> list[tuple[int, int]]:
    """(line, first number) of every ordered list in the source, as the renderer will read it."""
    return [((token.map[0] if token.map else 0) + 1, int(token.attrGet("start") or 1))
            for token in _renderer.parse(protect_ordinals(source or "")) if token.type == "ordered_list_open"]


def render_markdown(source: str, heading_offset: int = 1) -> Markup:
    """Render lesson Markdown; headings are shifted down so the page keeps a single h1."""
    html = _renderer.render(protect_ordinals(source or ""))
    for level in range(4, 0, -1):
        new = min(level + heading_offset, 4)
        html = html.replace(f"<h{level}>", f"<h{new}>").replace(f"</h{level}>", f"</h{new}>")
    clean = nh3.clean(
        html, tags=_ALLOWED_TAGS, attributes={"a": {"href", "title"}, "ol": {"start"}},
        url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer",
    )
    return Markup(clean)
