"""Moodle XML question files (Moodle 4.x, "Moodle XML format") to and from bank questions.

Reading: defusedxml parses the file (no DTDs, so no entity expansion and no external entities);
every <question> becomes an ImportEntry: imported as it is, converted (one note per change) or
skipped (a question type the bank has no counterpart for). A file that cannot be read at all
(malformed, wrong root, too large, a required element missing, broken base64) raises
ExchangeFileError and nothing of it is imported.

Writing: bank questions become Moodle questions: HTML from the bank's own Markdown renderer,
translations as multilang spans, the bank id as <idnumber>, difficulty as a tag, the source as the
last paragraph of the general feedback, topic/subtopic as the category. Reading such a file back
gives the same question dicts.

Format reference: https://docs.moodle.org/en/Moodle_XML_format and Moodle's own reader and writer,
question/format/xml/format.php (qformat_xml).
"""
import base64
import binascii
import html
import mimetypes
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from urllib.parse import quote, unquote
from xml.parsers import expat
from xml.sax.saxutils import quoteattr

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden

from ..core.collation import latvian_key
from .html_text import html_to_markdown, html_to_plain, looks_like_html, markdown_to_html
from .model import (
    CONVERTED, IMPORTED, MAX_FILE_BYTES, MAX_QUESTIONS, SKIPPED, Attachment, ExchangeFileError,
    ExchangeQuestion, ImportEntry, ImportPreview,
)

__all__ = ["parse_moodle_xml", "write_moodle_xml"]

LANGUAGES = ("lv", "ru", "en")
SOURCE_PREFIXES = ("Avots:", "Source:", "Источник:")
SOURCE_LABEL = "Avots:"
_NEWLINE = b"\n"
_EPSILON = 0.01                      # fractions are percentages written with 5-7 decimals
_BANK_ID = re.compile(r"[a-z0-9-]+")
_PLUGINFILE = "@@PLUGINFILE@@/"
_REFERENCE = re.compile(r"@@PLUGINFILE@@/([^\"'\s<>)]+)")
_CONTENT_DROPPED = re.compile(r"<\s*(script|style|iframe|object|embed)\b", re.I)
_IMAGE_TAG = re.compile(r"<\s*img\b", re.I)
_MOODLE_DEFAULT_FEEDBACK = {"", "Your answer is correct.", "Your answer is partially correct.",
                            "Your answer is incorrect."}
_TRUE_LABEL = {"lv": "Pareizi", "ru": "Верно", "en": "True"}
_FALSE_LABEL = {"lv": "Nepareizi", "ru": "Неверно", "en": "False"}
_OTHER_ANSWERS_LABEL = {"lv": "Citas atbildes", "ru": "Другие ответы", "en": "Other answers"}
_UNSUPPORTED = {
    "numerical": "a numerical answer with a tolerance",
    "calculated": "a calculated answer", "calculatedsimple": "a calculated answer",
    "calculatedmulti": "calculated multiple choice",
    "cloze": "embedded answers, Cloze", "multianswer": "embedded answers, Cloze",
    "ddwtos": "drag and drop into text", "gapselect": "select missing words",
    "ddimageortext": "drag and drop onto image", "ddmarker": "drag and drop markers",
    "randomsamatch": "random short-answer matching", "description": "a description, not a question",
    "ordering": "ordering",
}
_PENALTY = {"multichoice": "0.3333333", "truefalse": "1", "matching": "0.3333333",
            "shortanswer": "0.3333333", "essay": "0"}


class _Skip(Exception):
    """The question is well formed but the bank cannot hold it; the message says why."""


# ---------------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------------

def parse_moodle_xml(data: bytes, language: str = "lv") -> ImportPreview:
    """Read a Moodle XML file; texts without multilang markup go under `language`."""
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}")
    root = _parse_root(data)
    elements = root.findall("question")
    count = sum(1 for e in elements if (e.get("type") or "").strip() != "category")
    if count > MAX_QUESTIONS:
        raise ExchangeFileError("quiz", f"the file has {count} questions; at most {MAX_QUESTIONS} "
                                        "can be imported at once")
    entries, category = [], []
    for index, element in enumerate(elements, start=1):
        path = f"quiz/question[{index}]"
        qtype = (element.get("type") or "").strip()
        if not qtype:
            raise ExchangeFileError(path, "the question has no type attribute")
        if qtype == "category":
            category = _read_category(element, path)
            continue
        entries.append(_read_entry(element, qtype, path, len(entries) + 1, category, language))
    return ImportPreview(entries)


def _parse_root(data: bytes) -> ET.Element:
    if len(data) > MAX_FILE_BYTES:
        raise ExchangeFileError("", f"the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    try:
        # Moodle never writes a DTD; refusing them rules out entity expansion and external entities
        root = SafeET.fromstring(data, forbid_dtd=True)
    except (DTDForbidden, EntitiesForbidden):
        if b"<!ENTITY" in data:
            raise ExchangeFileError(_line_of(data, b"<!ENTITY"),
                                    "the file declares entities, which are not accepted") from None
        raise ExchangeFileError(_line_of(data, b"<!DOCTYPE"),
                                "the file has a document type declaration, which is not accepted") from None
    except DefusedXmlException:
        raise ExchangeFileError("", "the file uses XML features that are not accepted") from None
    except ET.ParseError as error:
        line, column = error.position
        raise ExchangeFileError(f"line {line}, column {column + 1}",
                                f"not well-formed XML ({expat.ErrorString(error.code)})") from None
    if root.tag != "quiz":
        raise ExchangeFileError(root.tag, f"not a Moodle XML question file: the root element is "
                                          f"<{root.tag}>, not <quiz>")
    return root


def _line_of(data: bytes, marker: bytes) -> str:
    index = data.find(marker)
    return f"line {data.count(_NEWLINE, 0, index) + 1}" if index >= 0 else ""


def _read_category(element, path) -> list[str]:
    """`$course$/top/Satversme/Saeima` -> ["Satversme", "Saeima"] (Moodle writes "/" in a name as "//")."""
    text = element.findtext("category/text")
    if text is None:
        raise ExchangeFileError(f"{path}/category", "missing <text> with the category path")
    parts = [part.replace("\0", "/").strip() for part in text.replace("//", "\0").split("/")]
    parts = [part for part in parts if part]
    if parts and re.fullmatch(r"\$\w+\$", parts[0]):   # $course$, $system$, $module$, $cat1$...
        parts = parts[1:]
    if parts and parts[0] == "top":
        parts = parts[1:]
    return parts


def _read_entry(element, qtype, path, position, category, language) -> ImportEntry:
    _check_embedded_files(element, path)
    reader = _QuestionReader(element, path, language)
    read = _READERS.get(qtype)
    if read is None:
        what = _UNSUPPORTED.get(qtype)
        reason = f"Moodle question type '{qtype}' is not supported by the bank" + (f" ({what})" if what else "")
        return ImportEntry(position, path, SKIPPED, reader.name(required=False), None, [reason])
    name = reader.name()
    try:
        kind, question = read(reader)
    except _Skip as skip:
        return ImportEntry(position, path, SKIPPED, name, None, [str(skip)])
    attachments = reader.attachments()
    exchange = ExchangeQuestion(name, question, kind, list(category), attachments)
    return ImportEntry(position, path, CONVERTED if reader.notes else IMPORTED, name, exchange,
                       reader.notes)


_REPEATED = {"answer", "subquestion", "file", "hint", "tag"}


def _check_embedded_files(element, path) -> None:
    """Every <file> of the question must decode, also in parts the bank drops (hints, skipped
    types): a broken file means a broken export, and the whole file is refused."""
    totals: dict[str, int] = {}
    for child in element:
        totals[child.tag] = totals.get(child.tag, 0) + 1
    seen: dict[str, int] = {}
    for child in element:
        seen[child.tag] = seen.get(child.tag, 0) + 1
        indexed = child.tag in _REPEATED or totals[child.tag] > 1
        child_path = f"{path}/{child.tag}[{seen[child.tag]}]" if indexed else f"{path}/{child.tag}"
        if child.tag == "file":
            _decode_file(child, child_path)
        else:
            _check_embedded_files(child, child_path)


def _decode_file(file, path) -> tuple[str, bytes]:
    """(name as referenced from the text, content) of a <file name path encoding="base64">."""
    name = (file.get("name") or "").strip()
    if not name:
        raise ExchangeFileError(path, "the embedded file has no name")
    folder = (file.get("path") or "/").strip("/")
    name = f"{folder}/{name}" if folder else name
    encoding = (file.get("encoding") or "base64").strip().lower()
    if encoding != "base64":
        raise ExchangeFileError(path, f"unknown encoding '{encoding}' (Moodle writes base64)")
    try:
        return name, base64.b64decode("".join((file.text or "").split()), validate=True)
    except (binascii.Error, ValueError):
        raise ExchangeFileError(path, f"the embedded file '{name}' is not valid base64") from None


@dataclass
class _Answer:
    path: str
    raw: str                         # the <text> as written
    fraction: float
    texts: dict = field(default_factory=dict)      # options: plain text by language
    feedback: dict = field(default_factory=dict)   # Markdown by language


class _QuestionReader:
    """Reads the parts of one <question>, collecting a note for every change made on the way."""

    def __init__(self, element, path, language):
        self.element, self.path, self.language = element, path, language
        self.notes: list[str] = []
        question_text = element.find("questiontext")
        # answers and feedback without a format attribute take the question text's (as in Moodle)
        self.format = (question_text.get("format") if question_text is not None else None) or "html"
        self._files: dict[str, Attachment] = {}
        self._referenced: dict[str, str] = {}     # file name -> the field that shows it

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)

    # -- structure ------------------------------------------------------------------------------

    def required(self, parent, tag, parent_path):
        found = parent.find(tag)
        if found is None:
            raise ExchangeFileError(parent_path, f"<{parent.tag}> has no <{tag}>")
        return found

    def name(self, required=True) -> str:
        """The question name as plain text (in our language, if it has multilang markup)."""
        if required:
            name = self.required(self.element, "name", self.path)
            raw = self.required(name, "text", f"{self.path}/name").text or ""
        else:
            raw = self.element.findtext("name/text") or ""
        parts = split_languages(raw) or {self.language: raw}
        return html_to_plain(parts.get(self.language) or parts.get("lv") or next(iter(parts.values())))

    def question_text(self) -> dict:
        element = self.required(self.element, "questiontext", self.path)
        return self.rich(element, f"{self.path}/questiontext", "question text", required=True)

    def answers(self, options: bool) -> list[_Answer]:
        """The <answer> elements; with `options`, their text as translated plain text."""
        elements = self.element.findall("answer")
        if not elements:
            raise ExchangeFileError(self.path, f"the {self.element.get('type')} question has no <answer>")
        result = []
        for index, element in enumerate(elements, start=1):
            path = f"{self.path}/answer[{index}]"
            raw = (self.required(element, "text", path).text or "").strip()
            answer = _Answer(path, raw, _fraction(element, path))
            if options and raw:
                answer.texts = self.plain(element, path, f"answer {index}")
            answer.feedback = self.feedback(element, path)
            result.append(answer)
        return result

    def feedback(self, element, path) -> dict:
        feedback = element.find("feedback")
        if feedback is None:
            return {}
        return self.rich(feedback, f"{path}/feedback", "answer feedback")

    # -- texts ----------------------------------------------------------------------------------

    def rich(self, element, path, what, required=False) -> dict:
        """Translated Markdown of an HTML (or plain, or Markdown) text element and its files."""
        raw, fmt = self.raw(element, path, required)
        self._read_files(element, path)
        texts = {lang: self._markdown(text, fmt, what) for lang, text in self.split(raw).items()}
        return {lang: text for lang, text in texts.items() if text}

    def plain(self, element, path, what, fmt=None) -> dict:
        """Translated one-line plain text (options, prompts): tags gone, entities decoded."""
        raw, own_format = self.raw(element, path, False)
        self._read_files(element, path)
        fmt = fmt or own_format
        texts = {lang: self._plain(text, fmt, what) for lang, text in self.split(raw).items()}
        return {lang: text for lang, text in texts.items() if text}

    def raw(self, element, path, required):
        text = self.required(element, "text", path) if required else element.find("text")
        fmt = (element.get("format") or self.format or "html").strip()
        return ((text.text or "") if text is not None else "").strip(), fmt

    def split(self, raw: str) -> dict:
        parts = split_languages(raw)
        if parts is None:
            return {self.language: raw}
        kept = {}
        for code, text in parts.items():
            if code in LANGUAGES:
                kept[code] = text
            else:
                self.note(f"text in language '{code}' dropped (the bank keeps lv, ru and en)")
        return kept

    def _markdown(self, text, fmt, what) -> str:
        text = self._link_files(text, what)
        if fmt == "markdown":
            return text.strip()
        if fmt in ("plain_text", "wiki_like") or (fmt == "moodle_auto_format" and not looks_like_html(text)):
            text = _plain_as_html(text)
        markdown, notes = html_to_markdown(text)
        for note in notes:
            self.note(f"{what}: HTML converted to Markdown, {note}")
        return markdown

    def _plain(self, text, fmt, what) -> str:
        for reference in _REFERENCE.findall(text):
            self.note(f"{what}: the file '{unquote(reference)}' left out (options and prompts are plain text)")
        if fmt in ("plain_text", "markdown", "wiki_like"):
            return " ".join(text.split())
        if _IMAGE_TAG.search(text) and not _REFERENCE.search(text):
            self.note(f"{what}: image left out (options and prompts are plain text)")
        for tag in sorted({t.lower() for t in _CONTENT_DROPPED.findall(text)}):
            self.note(f"{what}: removed <{tag}> with its content")
        return html_to_plain(text)

    # -- files ----------------------------------------------------------------------------------

    def _link_files(self, text, what) -> str:
        """@@PLUGINFILE@@/name -> attachment:name, the bank's reference to an attachment."""
        def link(match):
            name = unquote(match.group(1))
            self._referenced.setdefault(name, what)
            return "attachment:" + quote(name)
        return _REFERENCE.sub(link, text)

    def _read_files(self, element, path) -> None:
        for index, file in enumerate(element.findall("file"), start=1):
            name, content = _decode_file(file, f"{path}/file[{index}]")
            known = self._files.get(name)
            if known is None:
                media_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
                self._files[name] = Attachment(name, media_type, content)
            elif known.data != content:
                self.note(f"two different embedded files are named '{name}'; the first was kept")

    def attachments(self) -> list[Attachment]:
        for name, what in self._referenced.items():
            if name not in self._files:
                self.note(f"{what}: the file '{name}' is referred to but not embedded in the file")
        return list(self._files.values())

    # -- metadata and feedback ------------------------------------------------------------------

    def metadata(self, task: bool = False) -> dict:
        """Bank id from <idnumber>; difficulty, Satversme articles (or a task's kind) from tags."""
        result = {}
        idnumber = (self.element.findtext("idnumber") or "").strip()
        if idnumber and _BANK_ID.fullmatch(idnumber):
            result["id"] = idnumber
        elif idnumber:
            self.note(f"the Moodle ID number '{idnumber}' is not a bank id (a-z, 0-9 and -), left out")
        articles = []
        for tag in self.element.findall("tags/tag"):
            name = (tag.findtext("text") or "").strip().lower()
            if match := re.fullmatch(r"difficulty-([123])", name):
                result["difficulty"] = int(match.group(1))
            elif not task and (match := re.fullmatch(r"article-(\d{1,3})", name)):
                articles.append(int(match.group(1)))
            elif task and (match := re.fullmatch(r"kind-(form|letter|application)", name)):
                result["kind"] = match.group(1)
        if articles:
            result["articles"] = articles
        return result

    def general_feedback(self) -> tuple[dict, str | None, str | None]:
        """(explanation, source, source URL): a last paragraph "Avots: ..." is the source."""
        element = self.element.find("generalfeedback")
        if element is None:
            return {}, None, None
        path = f"{self.path}/generalfeedback"
        raw, fmt = self.raw(element, path, False)
        self._read_files(element, path)
        explanation, found = {}, None
        parts = self.split(raw)
        for lang in sorted(parts, key=lambda code: code != self.language):   # ours first
            text, source = _take_source(parts[lang], fmt)
            found = found or source
            if markdown := self._markdown(text, fmt, "general feedback"):
                explanation[lang] = markdown
        explanation = {lang: explanation[lang] for lang in parts if lang in explanation}
        return explanation, *(found or (None, None))

    def finish(self, question: dict, labelled_feedback=()) -> dict:
        """Add explanation, source and the per-answer feedback; note what Moodle had besides."""
        explanation, source, source_url = self.general_feedback()
        labelled_feedback = [(label, fb) for label, fb in labelled_feedback if fb]
        if labelled_feedback:
            self.note("feedback on answers added to the explanation")
        for label, feedback in labelled_feedback:
            for lang, text in feedback.items():
                name = label if isinstance(label, str) else (
                    label.get(lang) or label.get(self.language) or next(iter(label.values()), ""))
                line = f"{name}: {text}" if name else text
                explanation[lang] = f"{explanation[lang]}\n\n{line}" if explanation.get(lang) else line
        if explanation:
            question["explanation"] = explanation
        if source:
            question["source"] = source
        if source_url:
            question["source_url"] = source_url
        self._note_dropped_extras()
        return question

    def _note_dropped_extras(self) -> None:
        for tag in ("correctfeedback", "partiallycorrectfeedback", "incorrectfeedback"):
            if html_to_plain(self.element.findtext(f"{tag}/text") or "") not in _MOODLE_DEFAULT_FEEDBACK:
                self.note("overall feedback for right, partly right and wrong answers dropped")
        if any(html_to_plain(hint.findtext("text") or "") for hint in self.element.findall("hint")):
            self.note("hints dropped (the bank shows the explanation instead)")


def _fraction(element, path) -> float:
    value = (element.get("fraction") or "0").strip()
    try:
        return float(value)
    except ValueError:
        raise ExchangeFileError(path, f"the fraction '{value}' is not a number") from None


def _flag(value: str | None, default: bool) -> bool:
    """Moodle's reading of <single>, <usecase>...: "false", "0" or empty are false."""
    if value is None:
        return default
    return value.strip().lower() not in ("", "false", "0")


def _percent(value: float) -> str:
    return f"{value:.5f}".rstrip("0").rstrip(".")


def _option_id(index: int) -> str:
    return chr(ord("a") + index) if index < 26 else f"o{index + 1}"


def _plain_as_html(text: str) -> str:
    """Plain text as HTML paragraphs, so html_to_markdown escapes what Markdown would misread."""
    paragraphs = [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    return "".join(f"<p>{html.escape(p.strip(), quote=False)}</p>" for p in paragraphs)


_LAST_PARAGRAPH = re.compile(r"<p\b[^>]*>((?:(?!<p\b).)*?)</p>\s*$", re.S | re.I)
_LINK = re.compile(r"""<a\b[^>]*\bhref\s*=\s*["']([^"']+)["']""", re.I)


def _take_source(text: str, fmt: str) -> tuple[str, tuple[str, str | None] | None]:
    """Split a final "Avots: ..." paragraph off the general feedback: (rest, (source, url))."""
    if fmt in ("html", "moodle_auto_format") and looks_like_html(text):
        match = _LAST_PARAGRAPH.search(text)
        if not match:
            return text, None
        source = _strip_source_label(html_to_plain(match.group(1)))
        if not source:
            return text, None
        links = _LINK.findall(match.group(1))
        return text[:match.start()], (source, html.unescape(links[0]) if len(links) == 1 else None)
    blocks = re.split(r"\n\s*\n", text.strip())
    source = _strip_source_label(" ".join(blocks[-1].split()))
    if not source:
        return text, None
    return "\n\n".join(blocks[:-1]), (source, None)


def _strip_source_label(text: str) -> str | None:
    for prefix in SOURCE_PREFIXES:
        if text.startswith(prefix):
            return text[len(prefix):].strip() or None
    return None


# -- question types -----------------------------------------------------------------------------

def _read_multichoice(r: _QuestionReader):
    text = r.question_text()
    answers = [a for a in r.answers(options=True) if a.raw]     # Moodle ignores empty answers
    for answer in answers:
        if not answer.texts:
            raise _Skip(f"{answer.path.rsplit('/', 1)[-1]} has no text left as plain text "
                        "(an image?); options in the bank are plain text")
    ids = [_option_id(i) for i in range(len(answers))]
    single = _flag(r.element.findtext("single"), default=True)
    key = _single_key(r, answers, ids) if single else _multiple_key(r, answers, ids)
    question = {**r.metadata(), "type": "single" if single else "multiple", "text": text,
                "options": [{"id": i, **a.texts} for i, a in zip(ids, answers)], "answer": key}
    return "question", r.finish(question, [(a.texts, a.feedback) for a in answers])


def _single_key(r, answers, ids) -> str:
    full = [i for i, a in enumerate(answers) if a.fraction >= 100 - _EPSILON]
    if not full:
        raise _Skip("no answer gives full marks (fraction 100), so the key is not clear")
    if len(full) > 1:
        raise _Skip("several answers give full marks; a single-choice question in the bank has one key")
    partial = [f"{ids[i]} ({_percent(a.fraction)}%)" for i, a in enumerate(answers)
               if _EPSILON < a.fraction < 100 - _EPSILON]
    if partial:
        r.note("partial credit dropped: " + ", ".join(partial) + " scores nothing in the bank")
    negative = [f"{ids[i]} ({_percent(a.fraction)}%)" for i, a in enumerate(answers) if a.fraction < -_EPSILON]
    if negative:
        r.note("negative marks dropped: " + ", ".join(negative))
    return ids[full[0]]


def _multiple_key(r, answers, ids) -> list[str]:
    right = [i for i, a in enumerate(answers) if a.fraction > _EPSILON]
    if not right:
        raise _Skip("no answer gives credit, so the key is not clear")
    weights = [answers[i].fraction for i in right]
    if max(weights) - min(weights) > _EPSILON:
        r.note("unequal credit dropped: " + ", ".join(f"{ids[i]} ({_percent(answers[i].fraction)}%)" for i in right)
               + "; the bank gives every right option the same share")
    # the bank scores right choices minus wrong ones (each one right option's share), floored at 0
    share = -100 / len(right)
    off = [i for i, a in enumerate(answers) if i not in right and abs(a.fraction - share) > _EPSILON]
    if off:
        r.note("marks for wrong options changed: the bank takes off one right option's share "
               f"({_percent(share)}%) for each wrong choice; the file had "
               + ", ".join(f"{ids[i]} ({_percent(answers[i].fraction)}%)" for i in off))
    return [ids[i] for i in right]


def _read_truefalse(r: _QuestionReader):
    text = r.question_text()
    answers = r.answers(options=False)
    by_text = {a.raw.lower(): a for a in answers}
    true, false = by_text.get("true"), by_text.get("false")
    if true is None and false is None:
        # old files wrote the localised words, true first (Moodle reads them the same way)
        r.note("the answers are not marked 'true' and 'false'; the first one was taken as true")
        true, false = answers[0], answers[1] if len(answers) > 1 else None
    key = true.fraction >= 100 - _EPSILON if true is not None else false.fraction < 100 - _EPSILON
    question = {**r.metadata(), "type": "true_false", "text": text, "answer": key}
    feedback = [(_TRUE_LABEL, true.feedback if true else {}), (_FALSE_LABEL, false.feedback if false else {})]
    return "question", r.finish(question, feedback)


def _read_matching(r: _QuestionReader):
    text = r.question_text()
    elements = r.element.findall("subquestion")
    if not elements:
        raise ExchangeFileError(r.path, "the matching question has no <subquestion>")
    pairs, distractors = [], []
    for index, element in enumerate(elements, start=1):
        path = f"{r.path}/subquestion[{index}]"
        answer = r.required(element, "answer", path)
        r.required(answer, "text", f"{path}/answer")
        prompt = r.plain(element, path, f"subquestion {index}")
        choice = r.plain(answer, f"{path}/answer", f"subquestion {index} answer", fmt="html")
        if prompt and not choice:
            raise _Skip(f"subquestion {index} has no answer to match")
        if prompt:
            pairs.append((prompt, choice))
        elif choice:
            distractors.append(choice)          # an answer without a question: an extra option
    if not pairs:
        raise _Skip("no subquestion has a text to match")
    options = _matching_options([c for _, c in pairs] + distractors, r.language)
    ids = {_text_key(texts): _option_id(i) for i, texts in enumerate(options)}
    question = {**r.metadata(), "type": "matching", "text": text,
                "prompts": [{"id": str(i), **p} for i, (p, _) in enumerate(pairs, start=1)],
                "options": [{"id": ids[_text_key(o)], **o} for o in options],
                "answer": {str(i): ids[_text_key(c)] for i, (_, c) in enumerate(pairs, start=1)}}
    return "question", r.finish(question)


def _matching_options(choices: list[dict], language: str) -> list[dict]:
    """Distinct answers in Latvian alphabetical order: Moodle keeps no order of its own (it
    shuffles the choices), and the order of the prompts would give the key away."""
    unique = {}
    for texts in choices:
        unique.setdefault(_text_key(texts), texts)

    def order(texts: dict) -> tuple:
        return latvian_key(texts.get("lv") or texts.get(language) or next(iter(texts.values())))
    return sorted(unique.values(), key=order)


def _text_key(texts: dict) -> tuple:
    return tuple(sorted(texts.items()))


def _read_shortanswer(r: _QuestionReader):
    text = r.question_text()
    accepted, feedback, dropped = [], [], []
    for answer in r.answers(options=False):
        raw = answer.raw
        if not raw:
            continue
        value = raw.replace("\\*", "*")          # Moodle: \* is a literal asterisk
        label = _OTHER_ANSWERS_LABEL if raw == "*" else value
        feedback.append((label, answer.feedback))
        if answer.fraction < 100 - _EPSILON:
            dropped.append(f"'{raw}' ({_percent(answer.fraction)}%)")
            continue
        if re.search(r"(?<!\\)\*", raw):
            r.note(f"'{raw}' uses Moodle's * wildcard; the bank compares the text as written")
        accepted.append(value)
    if not accepted:
        raise _Skip("no answer gives full marks (fraction 100)")
    if dropped:
        r.note("answers with partial or no credit dropped: " + ", ".join(dropped))
    if _flag(r.element.findtext("usecase"), default=False):
        r.note("Moodle compared this answer case-sensitively; the bank compares ignoring case")
    question = {**r.metadata(), "type": "short_text", "text": text, "answer": accepted}
    return "question", r.finish(question, feedback)


def _read_essay(r: _QuestionReader):
    """A Moodle essay is a writing task: prompt, word limits, model answer (grader information)."""
    prompt = r.question_text()
    task = {"type": "writing", **r.metadata(task=True), "prompt": prompt}
    for tag, key in (("minwordlimit", "min_words"), ("maxwordlimit", "max_words")):
        value = (r.element.findtext(tag) or "").strip()
        if value.isdigit() and int(value) > 0:
            task[key] = int(value)
    model = _model_answer(r)
    if model:
        task["model_answer"] = model
    grade = (r.element.findtext("defaultgrade") or "").strip()
    try:  # the mark of the whole essay: the one criterion an import without a checklist gets
        mark = round(float(grade))
    except ValueError:
        mark = 1
    if mark > 1:  # 1 is Moodle's default (and what the writer writes): nothing to keep
        task["default_mark"] = mark
    explanation, source, _ = r.general_feedback()
    if explanation:
        r.note("general feedback dropped (a writing task has no explanation)")
    if source:
        task["source"] = source
    if html_to_plain(r.element.findtext("responsetemplate/text") or ""):
        r.note("response template dropped")
    return "writing_task", task


def _model_answer(r: _QuestionReader) -> str | None:
    element = r.element.find("graderinfo")
    if element is None:
        return None
    raw, fmt = r.raw(element, f"{r.path}/graderinfo", False)
    text = r.split(raw)
    text = text.get("lv") or text.get(r.language) or next(iter(text.values()), "")
    if fmt == "plain_text" or not looks_like_html(text):
        return text.strip() or None
    return html_to_markdown(text)[0] or None


_READERS = {
    "multichoice": _read_multichoice, "truefalse": _read_truefalse, "matching": _read_matching,
    "match": _read_matching, "shortanswer": _read_shortanswer, "essay": _read_essay,
}


# -- multilang ----------------------------------------------------------------------------------

_SPAN_TAG = re.compile(r"<(/?)\s*(span|lang)\b([^>]*)>", re.I)
_LANG_ATTR = re.compile(r"""\blang\s*=\s*["']?([A-Za-z0-9_-]+)""", re.I)
_MULTILANG_CLASS = re.compile(r"""\bclass\s*=\s*["'][^"']*\bmultilang\b""", re.I)
_MLANG_TAG = re.compile(r"\{mlang(?:\s+([^{}]*))?\}", re.I)


@dataclass
class _Block:
    start: int
    end: int
    texts: dict                      # language -> text
    fallback: str | None             # shown for a language the group lacks


def split_languages(raw: str) -> dict[str, str] | None:
    """Moodle multilang markup resolved per language, or None when the text has none.

    The multilang filter writes `<span lang="ru" class="multilang">...</span>` side by side (a
    language missing from a group falls back to the group's first text); the multilang2 plugin
    writes `{mlang ru}...{mlang}` ("other" for the rest). Text outside the groups is shared."""
    groups = _group(sorted(_span_blocks(raw) + _mlang_blocks(raw), key=lambda b: b.start), raw)
    if not groups:
        return None
    languages = list(dict.fromkeys(code for group in groups for code in group.texts))
    result = {}
    for code in languages:
        pieces, cursor = [], 0
        for group in groups:
            pieces += [raw[cursor:group.start], group.texts.get(code, group.fallback or "")]
            cursor = group.end
        result[code] = "".join(pieces) + raw[cursor:]
    return result


def _language(code: str) -> str:
    return re.split(r"[_-]", code.strip().lower())[0]


def _span_blocks(raw: str) -> list[_Block]:
    """Outermost multilang spans, nested spans counted (an editor's <span style> inside one).

    One pass over the tags with a stack, so a hostile text of unclosed spans costs linear time."""
    blocks, stack, open_multilang = [], [], 0
    for token in _SPAN_TAG.finditer(raw):
        closing, tag, attributes = token.group(1), token.group(2).lower(), token.group(3)
        if not closing:
            code = _multilang_code(tag, attributes)
            stack.append((tag, token, code))
            open_multilang += code is not None
            continue
        while stack and stack[-1][0] != tag:            # a stray opener of the other tag
            open_multilang -= stack.pop()[2] is not None
        if not stack:
            continue
        _, opener, code = stack.pop()
        if code is not None:
            open_multilang -= 1
            if open_multilang == 0:
                content = raw[opener.end():token.start()]
                blocks.append(_Block(opener.start(), token.end(), {code: content}, content))
    return blocks


def _multilang_code(tag: str, attributes: str) -> str | None:
    lang = _LANG_ATTR.search(attributes)
    if not lang or (tag == "span" and not _MULTILANG_CLASS.search(attributes)):
        return None
    return _language(lang.group(1))


def _mlang_blocks(raw: str) -> list[_Block]:
    """{mlang lv,ru}...{mlang} blocks; "other" is the text for languages no block names."""
    blocks, opener = [], None
    for token in _MLANG_TAG.finditer(raw):
        if (token.group(1) or "").strip():
            opener = token
            continue
        if opener is None:
            continue
        codes = [c for c in re.split(r"[\s,]+", opener.group(1)) if c]
        content = raw[opener.end():token.start()]
        texts = {_language(c): content for c in codes if c.lower() != "other"}
        other = content if any(c.lower() == "other" for c in codes) else None
        blocks.append(_Block(opener.start(), token.end(), texts, other))
        opener = None
    return blocks


def _group(blocks: list[_Block], raw: str) -> list[_Block]:
    """Blocks side by side (only white space between) form one group of translations."""
    groups: list[_Block] = []
    for block in blocks:
        if groups and block.start < groups[-1].end:
            continue                            # inside another block
        if groups and not raw[groups[-1].end:block.start].strip():
            group = groups[-1]
            group.end = block.end
            for code, text in block.texts.items():
                group.texts.setdefault(code, text)
            if block.fallback is not None and group.fallback is None:
                group.fallback = block.fallback
        else:
            groups.append(_Block(block.start, block.end, dict(block.texts), block.fallback))
    return groups


# ---------------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------------

def write_moodle_xml(questions: list[ExchangeQuestion]) -> bytes:
    """A Moodle XML file of the questions, a category record before each change of category."""
    quiz = ET.Element("quiz")
    category: list[str] = []
    for exchange in questions:
        if list(exchange.category) != category:
            category = list(exchange.category)
            quiz.append(_category_element(category))
        quiz.append(_QuestionWriter(exchange).element())
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', *_serialize(quiz)]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _serialize(element: ET.Element, depth: int = 0) -> list[str]:
    """Indented XML as Moodle writes it: HTML and other text with markup characters in CDATA."""
    pad = "  " * depth
    attributes = "".join(f" {name}={quoteattr(value)}" for name, value in element.attrib.items())
    if len(element) == 0:
        return [f"{pad}<{element.tag}{attributes}>{_character_data(element.text or '')}</{element.tag}>"]
    lines = [f"{pad}<{element.tag}{attributes}>"]
    for child in element:
        lines += _serialize(child, depth + 1)
    return lines + [f"{pad}</{element.tag}>"]


def _character_data(text: str) -> str:
    if not any(char in text for char in "<>&"):
        return text
    # a "]]>" inside would end the section: split it over two sections (Moodle does the same)
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _category_element(category: list[str]) -> ET.Element:
    element = ET.Element("question", type="category")
    path = "$course$/top" + "".join("/" + part.replace("/", "//") for part in category)
    _text(ET.SubElement(element, "category"), path)
    return element


_XML_INVALID = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")   # not allowed in XML 1.0
_MARKDOWN_ATTACHMENT = re.compile(r"(!?)\[([^\]]*)\]\(attachment:([^)\s]+)\)")


def _text(parent: ET.Element, value: str) -> ET.Element:
    element = ET.SubElement(parent, "text")
    element.text = _XML_INVALID.sub("", value or "")
    return element


def _leaf(parent: ET.Element, tag: str, value: str) -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = _XML_INVALID.sub("", value)
    return element


def _languages(texts: dict) -> dict:
    return {lang: texts[lang] for lang in LANGUAGES if texts.get(lang)}


def _multilang(by_language: dict) -> str:
    """One language: the text itself; more: side-by-side multilang spans, one per language."""
    if list(by_language) in ([], ["lv"]):
        return by_language.get("lv", "")
    return "".join(f'<span lang="{lang}" class="multilang">{text}</span>' for lang, text in by_language.items())


def _escaped(texts: dict) -> str:
    """Translated plain text (an option, a prompt) as Moodle HTML."""
    return _multilang({lang: html.escape(text, quote=False) for lang, text in _languages(texts).items()})


def _markdown_html(markdown: str) -> str:
    """The bank's Markdown as HTML; attachment images and links become @@PLUGINFILE@@ references
    (the bank's renderer drops images and unknown link schemes, so they bypass it)."""
    found = []

    def hold(match):
        found.append(match)
        return f"LSKATTACHMENT{len(found) - 1}END"

    result = markdown_to_html(_MARKDOWN_ATTACHMENT.sub(hold, _XML_INVALID.sub("", markdown))).strip()
    for index, match in enumerate(found):
        image, label, reference = match.groups()
        source = html.escape(_PLUGINFILE + quote(unquote(reference)))
        label = html.escape(label.replace("\\", ""))
        tag = f'<img src="{source}" alt="{label}">' if image else f'<a href="{source}">{label}</a>'
        result = result.replace(f"LSKATTACHMENT{index}END", tag)
    return result


class _QuestionWriter:
    """Builds the <question> element of one bank question or writing task."""

    def __init__(self, exchange: ExchangeQuestion):
        self.exchange, self.q = exchange, exchange.question
        self._unplaced = list(exchange.attachments)

    def element(self) -> ET.Element:
        if self.exchange.kind == "writing_task":
            qtype, write = "essay", _QuestionWriter._essay
        else:
            qtype, write = _WRITERS.get(self.q.get("type"), (None, None))
            if qtype is None:
                raise ValueError(f"cannot write a question of type {self.q.get('type')!r} as Moodle XML")
        element = ET.Element("question", type=qtype)
        _text(ET.SubElement(element, "name"), self.exchange.name or self.q.get("id", ""))
        question_text = self._html(element, "questiontext", self.q.get("prompt") or self.q.get("text") or {})
        self._general_feedback(element)
        _leaf(element, "defaultgrade", "1")
        _leaf(element, "penalty", _PENALTY[qtype])
        _leaf(element, "hidden", "0")
        _leaf(element, "idnumber", str(self.q.get("id", "")))
        write(self, element)
        self._tags(element)
        for attachment in list(self._unplaced):  # not shown in any text: kept with the question text
            self._file(question_text, attachment)
        return element

    # -- texts and files ------------------------------------------------------------------------

    def _html(self, parent, tag, texts: dict, extra: str = "") -> ET.Element:
        content = _multilang({lang: _markdown_html(text) for lang, text in _languages(texts).items()}) + extra
        element = ET.SubElement(parent, tag, format="html")
        _text(element, content)
        shown = {unquote(reference) for reference in _REFERENCE.findall(html.unescape(content))}
        for attachment in self.exchange.attachments:
            if attachment.name in shown:
                self._file(element, attachment)
        return element

    def _file(self, parent, attachment: Attachment) -> None:
        folder, _, name = attachment.name.rpartition("/")
        element = ET.SubElement(parent, "file", name=name, path=f"/{folder}/" if folder else "/",
                                encoding="base64")
        element.text = base64.b64encode(attachment.data).decode("ascii")
        if attachment in self._unplaced:
            self._unplaced.remove(attachment)

    def _general_feedback(self, element) -> None:
        source = self.q.get("source")
        extra = ""
        if source:
            label = html.escape(source, quote=False)
            if self.q.get("source_url"):
                label = f'<a href="{html.escape(self.q["source_url"])}">{label}</a>'
            extra = f'<p class="lsk-source">{SOURCE_LABEL} {label}</p>'
        explanation = {} if self.exchange.kind == "writing_task" else self.q.get("explanation") or {}
        self._html(element, "generalfeedback", explanation, extra)

    def _tags(self, element) -> None:
        names = []
        if self.q.get("difficulty") in (1, 2, 3):
            names.append(f"difficulty-{self.q['difficulty']}")
        names += [f"article-{number}" for number in self.q.get("articles") or []]
        if self.exchange.kind == "writing_task" and self.q.get("kind"):
            names.append(f"kind-{self.q['kind']}")
        if names:
            tags = ET.SubElement(element, "tags")
            for name in names:
                _text(ET.SubElement(tags, "tag"), name)

    @staticmethod
    def _answer(parent, fraction: str, text: str, fmt: str = "html") -> None:
        answer = ET.SubElement(parent, "answer", fraction=fraction, format=fmt)
        _text(answer, text)
        _text(ET.SubElement(answer, "feedback", format="html"), "")

    # -- question types -------------------------------------------------------------------------

    def _multichoice(self, element) -> None:
        options, single = self.q.get("options") or [], self.q["type"] == "single"
        key = {self.q.get("answer")} if single else set(self.q.get("answer") or [])
        right = [o for o in options if o["id"] in key]
        _leaf(element, "single", "true" if single else "false")
        _leaf(element, "shuffleanswers", "false")     # the bank shows options in their written order
        _leaf(element, "answernumbering", "abc")
        share = 100 / max(len(right), 1)
        for option in options:
            if single:
                fraction = "100" if option in right else "0"
            else:  # right minus wrong, one right option's share each: the bank's own scoring
                fraction = _percent(share if option in right else -share)
            self._answer(element, fraction, _escaped(option))

    def _truefalse(self, element) -> None:
        answer = self.q.get("answer") is True
        self._answer(element, "100" if answer else "0", "true", "moodle_auto_format")
        self._answer(element, "0" if answer else "100", "false", "moodle_auto_format")

    def _matching(self, element) -> None:
        _leaf(element, "shuffleanswers", "true")
        options = {o["id"]: o for o in self.q.get("options") or []}
        key = self.q.get("answer") or {}
        for prompt in self.q.get("prompts") or []:
            self._subquestion(element, _escaped(prompt), options.get(key.get(prompt["id"]), {}))
        used = set(key.values())
        for option in options.values():
            if option["id"] not in used:        # an extra option: a subquestion without text
                self._subquestion(element, "", option)

    @staticmethod
    def _subquestion(parent, text: str, option: dict) -> None:
        subquestion = ET.SubElement(parent, "subquestion", format="html")
        _text(subquestion, text)
        _text(ET.SubElement(subquestion, "answer"), _escaped(option))

    def _shortanswer(self, element) -> None:
        _leaf(element, "usecase", "0")
        for accepted in self.q.get("answer") or []:
            self._answer(element, "100", str(accepted).replace("*", "\\*"), "moodle_auto_format")

    def _essay(self, element) -> None:
        for tag, value in (("responseformat", "editor"), ("responserequired", "1"),
                           ("responsefieldlines", "15"),
                           ("minwordlimit", str(self.q.get("min_words") or "")),
                           ("maxwordlimit", str(self.q.get("max_words") or "")),
                           ("attachments", "0"), ("attachmentsrequired", "0"), ("maxbytes", "0"),
                           ("filetypeslist", "")):
            _leaf(element, tag, value)
        _text(ET.SubElement(element, "graderinfo", format="plain_text"), self.q.get("model_answer") or "")
        _text(ET.SubElement(element, "responsetemplate", format="html"), "")


_WRITERS = {
    "single": ("multichoice", _QuestionWriter._multichoice),
    "multiple": ("multichoice", _QuestionWriter._multichoice),
    "true_false": ("truefalse", _QuestionWriter._truefalse),
    "matching": ("matching", _QuestionWriter._matching),
    "short_text": ("shortanswer", _QuestionWriter._shortanswer),
}
