"""A question's text as HTML: the text itself escaped, and its attachment references
(`![alt](attachment:name)`, `[label](attachment:name)`, written by the Moodle import) turned into
an image or an audio player with the file's URL. Nothing else of the text becomes markup."""
import re
from collections.abc import Callable
from urllib.parse import unquote

from markupsafe import Markup, escape

from ..domain.media_types import type_from_name

ATTACHMENT_REFERENCE = re.compile(r"(!?)\[([^\]]*)\]\(attachment:([^)\s]+)\)")


def question_text_html(text: str | None, url_of: Callable[[str], str]) -> Markup:
    """`url_of(name)` gives the URL of the question's attachment `name`."""
    text = text or ""
    parts, last = [], 0
    for match in ATTACHMENT_REFERENCE.finditer(text):
        parts.append(escape(text[last:match.start()]))
        image, label, reference = match.groups()
        name = unquote(reference)
        label = label.replace("\\", "")
        url = url_of(name)
        kind = (type_from_name(name) or "").split("/")[0]
        if image or kind == "image":
            parts.append(Markup('<img class="question-image" src="{}" alt="{}">').format(url, label))
        elif kind == "audio":
            parts.append(Markup('<audio class="question-audio" controls preload="none" src="{}"'
                                ' aria-label="{}"></audio>').format(url, label or name))
        else:
            parts.append(escape(label or name))
        last = match.end()
    parts.append(escape(text[last:]))
    return Markup("").join(parts)
