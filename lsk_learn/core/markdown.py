"""Markdown to safe HTML: markdown-it-py renders, nh3 strips anything not on the allow-list."""
import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

_renderer = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")
_ALLOWED_TAGS = {
    "p", "h1", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "blockquote", "code", "pre",
    "a", "table", "thead", "tbody", "tr", "th", "td", "hr", "br",
}


def render_markdown(source: str, heading_offset: int = 1) -> Markup:
    """Render lesson Markdown; headings are shifted down so the page keeps a single h1."""
    html = _renderer.render(source or "")
    for level in range(4, 0, -1):
        new = min(level + heading_offset, 4)
        html = html.replace(f"<h{level}>", f"<h{new}>").replace(f"</h{level}>", f"</h{new}>")
    clean = nh3.clean(
        html, tags=_ALLOWED_TAGS, attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer",
    )
    return Markup(clean)
