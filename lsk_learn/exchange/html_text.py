"""HTML from other systems (Moodle question text, GIFT's [html] format) to the bank's text.

Question text, explanations and lessons in the bank are Markdown (rendered by core.markdown, raw
HTML stripped there); option texts, prompts and short answers are plain text. Moodle stores HTML
with entities (&nbsp; &amp; &#257;), editor leftovers (<span style>, <p dir="ltr">) and sometimes
scripts. nh3 first drops what is not text or structure, then markdownify writes Markdown.
"""
import html
import re

import nh3
from markdownify import markdownify

from ..core.markdown import render_markdown

# What survives into Markdown; everything else keeps its text but loses the tag.
_STRUCTURE_TAGS = {"p", "br", "strong", "b", "em", "i", "ul", "ol", "li", "a", "h1", "h2", "h3",
                   "h4", "blockquote", "code", "pre", "table", "thead", "tbody", "tr", "th", "td",
                   "img", "sub", "sup"}
_DROPPED_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "noscript", "template"}
_ANY_TAG = re.compile(r"<\s*/?\s*([a-zA-Z][a-zA-Z0-9]*)")
_BLANK_LINES = re.compile(r"\n{3,}")


def looks_like_html(text: str) -> bool:
    return bool(_ANY_TAG.search(text or "")) or "&" in (text or "") and bool(re.search(r"&#?\w+;", text))


def html_to_markdown(source: str) -> tuple[str, list[str]]:
    """(Markdown, notes): the notes say what could not be kept (scripts, styles, unknown tags)."""
    source = source or ""
    notes = []
    found = {tag.lower() for tag in _ANY_TAG.findall(source)}
    dropped = sorted(found & _DROPPED_WITH_CONTENT)
    if dropped:
        notes.append("removed " + ", ".join(f"<{tag}>" for tag in dropped) + " with its content")
    cleaned = nh3.clean(source, tags=_STRUCTURE_TAGS, clean_content_tags=_DROPPED_WITH_CONTENT,
                        attributes={"a": {"href"}, "img": {"src", "alt"}}, link_rel=None,
                        url_schemes={"http", "https", "mailto", "attachment"})
    unwrapped = sorted(found - _STRUCTURE_TAGS - _DROPPED_WITH_CONTENT - {"span", "div", "font", "u"})
    if unwrapped:
        notes.append("formatting dropped: " + ", ".join(f"<{tag}>" for tag in unwrapped))
    markdown = markdownify(cleaned, heading_style="ATX", bullets="-", strong_em_symbol="*",
                           escape_underscores=False, escape_asterisks=True)
    markdown = markdown.replace("\u00a0", " ")
    markdown = "\n".join(line.rstrip() for line in markdown.splitlines())
    return _BLANK_LINES.sub("\n\n", markdown).strip(), notes


def html_to_plain(source: str) -> str:
    """One line of plain text (options, prompts, accepted answers): tags gone, entities decoded."""
    text = nh3.clean(source or "", tags=set(), clean_content_tags=_DROPPED_WITH_CONTENT)
    return " ".join(html.unescape(text).replace("\u00a0", " ").split())


def markdown_to_html(source: str) -> str:
    """The bank's Markdown as the HTML learners see (same renderer), for Moodle XML export."""
    return str(render_markdown(source or "", heading_offset=0))
