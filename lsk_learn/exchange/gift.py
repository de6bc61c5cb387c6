"""GIFT, Moodle's text format for questions: a file read into an ImportPreview, bank questions written.

Follows the published specification (MoodleDocs "GIFT format") and what Moodle's own importer
(question/format/gift) does with it, for the part the bank can hold:

    GIFT                                        bank
    {=right ~wrong ~wrong}                      single
    {~%50%a ~%50%b ~%-100%c}                    multiple: the options with a positive weight are the key
    {T} {TRUE} {F} {FALSE}                      true_false
    {=answer =other answer}                     short_text: the full-credit answers are accepted
    {=left -> right  = -> extra}                matching: prompts on the left, options on the right
    {}                                          a writing task (Moodle's essay), kind "writing_task"
    text {=a ~b} text                           missing word: the blank becomes ___ in the text
    {#...}, text without {...}                  skipped: numerical questions, descriptions

Also read: `//` comments, `::title::`, `$CATEGORY: a/b` (ExchangeQuestion.category; a two-part path
of bank ids also gives the question's topic and subtopic), the formats [html] (to Markdown; to plain
text in options), [markdown], [plain] and [moodle], the escapes \\~ \\= \\# \\{ \\} \\: \\\\ and \\n,
per-answer feedback `#...` (added to the explanation) and general feedback `####...` (the
explanation). Moodle 4 writes a question's idnumber and tags into a comment before it,
`// [id:sat-sae-001] [tag:difficulty-2]`: they give `id` and `difficulty`; a general-feedback line
"Avots: ..." (or "Source: ...", "Источник: ...") gives `source`. Anything the bank cannot hold
exactly (partial credit, penalties, tags, HTML) is converted with a note, or the question is
skipped with the reason; a malformed file is refused whole (ExchangeFileError naming the line).

Writing produces the same shapes: one question a block, `$CATEGORY: topic/subtopic` when it
changes, `[markdown]` when the text has Markdown formatting. GIFT has one language, so only
`language`'s texts are written (Latvian where that translation is missing). Not written, because
GIFT has no place for them: a passage question's passage (the question's own text only), a writing
task's word limits, fields, model answer and checklist, status, source_url and articles. Matching
options come back in the order of first use, distractors last. Moodle's syntax cannot escape "->":
a matching prompt or a short answer containing "->" does not read back the same.
"""
import re
from bisect import bisect_left
from dataclasses import dataclass, field

from .html_text import html_to_markdown, html_to_plain
from .model import (
    CONVERTED, IMPORTED, MAX_FILE_BYTES, MAX_QUESTIONS, SKIPPED, ExchangeFileError,
    ExchangeQuestion, ImportEntry, ImportPreview,
)

_SPECIAL = "~=#{}:"                                   # written as \~ \= \# \{ \} \:
_ESCAPE = re.compile(r"\\([~=#{}:\\n])")              # \n is a new line; other backslashes stay
_FORMAT = re.compile(r"\[(html|moodle|plain|markdown)\]")
_WEIGHT = re.compile(r"\s*%(-?\d+(?:\.\d+)?)%")       # ~%50%text, =%-33.33333%text
_LAYOUT_NEWLINE = re.compile(r"(?<![ \t])[ \t]*\n[ \t]*")   # a file's line break in a one-line text
_TRUE_FALSE = {"T": True, "TRUE": True, "F": False, "FALSE": False}
_SOURCE_LINE = re.compile(r"\s*(?:Avots|Source|Источник)\s*:(.*)", re.IGNORECASE)
# Moodle's patterns, less "[" inside (so a line of "[tag:[tag:..." is read in one pass).
_ID = re.compile(r"\[id:((?:\\\]|[^\[\]\x00-\x1f\x7f])+)\]")
_TAG = re.compile(r"\[tag:((?:\\\]|[^\[\]<>\x00-\x1f\x7f])+)\]")
_DIFFICULTY_TAG = re.compile(r"difficulty-([123])")
_BANK_ID = re.compile(r"[a-z0-9-]+")
_CONTEXT = re.compile(r"\$[a-z]+\$/?")                # $course$/, $system$/ ... of Moodle's paths
_MARKDOWN = re.compile(
    r"\*\*|__|(?<![\w*])\*[^\s*]|(?<!\w)_[^\s_]|`|\[[^\]\n]*\]\([^)\n]*\)"
    r"|^ {0,3}#{1,6}\s|^\s*[-*+]\s|^\s*\d+[.)]\s|^\s*>", re.MULTILINE)
_FULL = 100.0
_MAX_ANSWERS = 26                                     # option ids a to z
_SLACK = 0.5                                          # weights are rounded: 3 x 33.3 % is full credit

_LABELS = {
    "lv": {"true": "Patiesi", "false": "Nepatiesi", "source": "Avots"},
    "ru": {"true": "Верно", "false": "Неверно", "source": "Источник"},
    "en": {"true": "True", "false": "False", "source": "Source"},
}


def parse_gift(text: str, language: str = "lv") -> ImportPreview:
    """Read a GIFT file's text; ExchangeFileError (nothing imported) when it is malformed or too big."""
    text = _check_size(text.removeprefix("\ufeff"))
    entries, category = [], []
    for block in _blocks(text):
        if not any(block.lines):
            continue                                  # comments only
        body = _Text.decode("\n".join(block.lines), block.line).strip()
        if body.chars.startswith("$CATEGORY:"):
            end = body.find("\n")
            category = _category_path(body[len("$CATEGORY:"):end].chars if end != -1 else body.chars[10:])
            if end == -1:
                continue
            body = body[end + 1:].strip()             # a question right below its category line
        if len(entries) >= MAX_QUESTIONS:
            raise ExchangeFileError(f"line {body.line}",
                                    f"more than {MAX_QUESTIONS} questions: split the file")
        entries.append(_read_question(body, block.comments, category, language, len(entries) + 1))
    return ImportPreview(entries)


def write_gift(questions: list[ExchangeQuestion], language: str = "lv") -> str:
    """Bank questions (and writing tasks) as GIFT text, in `language` (Latvian where it is missing)."""
    blocks, current = [], []
    for exchange in questions:
        category = list(exchange.category) or _topic_path(exchange.question)
        if category != current:
            # "top" is Moodle's root: it takes the following questions out of the previous category
            path = "/".join(part.replace("/", "//") for part in category) if category else "top"
            blocks.append(f"$CATEGORY: {path}\n")
            current = category
        blocks.append(_write_question(exchange, language))
    return "\n".join(blocks)


# ---------------------------------------------------------------------------- the file as blocks

def _check_size(text: str) -> str:
    # Cheap test first: a character is at most 4 bytes in UTF-8.
    if len(text) * 4 > MAX_FILE_BYTES:
        size = len(text.encode("utf-8", errors="surrogatepass"))
        if size > MAX_FILE_BYTES:
            raise ExchangeFileError("", f"the file is {size / 1024 / 1024:.1f} MB, more than the limit of "
                                        f"{MAX_FILE_BYTES // 1024 // 1024} MB")
    return text.replace("\r\n", "\n").replace("\r", "\n")


@dataclass
class _Block:
    """Lines between blank lines; comment lines are kept apart and left empty, so lines still count."""

    line: int
    lines: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)


def _blocks(text: str):
    block = None
    for number, line in enumerate(text.split("\n"), 1):     # not splitlines(): it also splits on \x1c, \u2028 ...
        if not line.strip():
            if block:
                yield block
            block = None
            continue
        block = block or _Block(number)
        if line.lstrip().startswith("//"):
            block.comments.append(line.strip())
            block.lines.append("")
        else:
            block.lines.append(line)
    if block:
        yield block


class _Text:
    """A block's text with the escapes resolved, and the same text as syntax: there every escaped
    character is a NUL, so searching it for "{" or "::" finds only real syntax (at C speed). `offset`
    is where this piece starts in the block, whose line breaks (the file's, not an escaped \\n)
    `newlines` lists, so a slice knows its line without counting again."""

    __slots__ = ("chars", "syntax", "offset", "first_line", "newlines")

    def __init__(self, chars: str, syntax: str, offset: int, first_line: int, newlines: list[int]):
        self.chars, self.syntax, self.offset = chars, syntax, offset
        self.first_line, self.newlines = first_line, newlines

    @classmethod
    def decode(cls, raw: str, line: int) -> "_Text":
        pieces = _ESCAPE.split(raw)                  # plain text, escaped character, plain text, ...
        escaped = pieces[1::2]
        pieces[1::2] = ["\0"] * len(escaped)
        syntax = "".join(pieces)
        pieces[1::2] = ["\n" if char == "n" else char for char in escaped]
        newlines = [m.start() for m in re.finditer("\n", syntax)]
        return cls("".join(pieces), syntax, 0, line, newlines)

    def __getitem__(self, part: slice) -> "_Text":
        start, stop, _ = part.indices(len(self.chars))
        return _Text(self.chars[start:stop], self.syntax[start:stop], self.offset + start, self.first_line,
                     self.newlines)

    @property
    def line(self) -> int:
        return self.line_at(0)

    def line_at(self, index: int) -> int:
        """The file line of character `index`."""
        return self.first_line + bisect_left(self.newlines, self.offset + index)

    def find(self, syntax: str, start: int = 0, end: int | None = None) -> int:
        """The first unescaped occurrence of `syntax`, or -1."""
        return self.syntax.find(syntax, start, len(self.syntax) if end is None else end)

    def rfind(self, syntax: str) -> int:
        return self.syntax.rfind(syntax)

    def strip(self) -> "_Text":
        start = len(self.chars) - len(self.chars.lstrip())
        return self[start:start + len(self.chars.strip())]

    def marks(self, marks: str) -> list[int]:
        """Where the unescaped characters of `marks` are."""
        return [m.start() for m in re.finditer(f"[{re.escape(marks)}]", self.syntax)]

    def split_at(self, cuts: list[int]) -> tuple["_Text", list[tuple[str, "_Text"]]]:
        """(text before the first cut, [(the mark at a cut, the text after it up to the next cut)])."""
        head = self[:cuts[0]] if cuts else self
        parts = [(self.chars[cut], self[cut + 1:end]) for cut, end in zip(cuts, cuts[1:] + [len(self.chars)])]
        return head, parts

    def one_line(self) -> str:
        """Options, answers and names are one line: line breaks of the file become spaces, \\n stay."""
        pieces, position = [], 0
        for match in _LAYOUT_NEWLINE.finditer(self.syntax):   # escaped \\n are NUL there
            pieces += [self.chars[position:match.start()], " "]
            position = match.end()
        return ("".join(pieces) + self.chars[position:]).strip()


def _category_path(path: str) -> list[str]:
    """"$course$/top/satversme/ch2-saeima" -> ["satversme", "ch2-saeima"]; "//" is a "/" in a name."""
    path = path.strip()
    path = path[_CONTEXT.match(path).end():] if _CONTEXT.match(path) else path
    parts = [part.replace("//", "/").strip() for part in re.split(r"(?<!/)/(?!/)", path)]
    if parts and parts[0] == "top":
        parts = parts[1:]
    return [part for part in parts if part]


# ---------------------------------------------------------------------------- one question

class _Skip(Exception):
    """The question is well formed, but the bank cannot hold it."""


class _Builder:
    """What one question collects while it is read: notes, per-answer feedback, the text format."""

    def __init__(self, language: str, text_format: str):
        self.language, self.format = language, text_format
        self.notes: list[str] = []
        self.feedback: list[tuple[str, str]] = []   # (what it is for, Markdown)

    def note(self, message: str) -> None:
        if message not in self.notes:
            self.notes.append(message)

    def element(self, text: str, default: str | None = None) -> tuple[str, str]:
        """(format, text) of an option, answer or feedback: its own [format] or the question's."""
        match = _FORMAT.match(text)
        if match:
            return match.group(1), text[match.end():].strip()
        return default or self.format, text

    def rich(self, text: str, text_format: str) -> str:
        """Question text and feedback become the bank's Markdown."""
        if text_format != "html":
            return text
        markdown, notes = html_to_markdown(text)
        if markdown != text:
            self.note("HTML converted to Markdown")
        for note in notes:
            self.note(note)
        return markdown

    def plain(self, text: str) -> str:
        """Options, prompts and answers are plain text in the bank."""
        text_format, text = self.element(text)
        if text_format == "html":
            plain = html_to_plain(text)
            if plain != text:
                self.note("HTML converted to plain text")
            return plain
        return text

    def add_feedback(self, label: str, feedback: "_Text") -> None:
        text_format, text = self.element(feedback.one_line())
        if text:
            self.feedback.append((label, self.rich(text, text_format)))
            self.note("per-answer feedback added to the explanation")


def _read_question(body: _Text, comments: list[str], category: list[str], language: str,
                   position: int) -> ImportEntry:
    location = f"line {body.line}"
    title, body = _split_title(body)
    before, answers, after = _split_answer_block(body)
    missing_word = answers is not None and bool(after.chars.strip())
    text = before.chars + ("___" if missing_word else "") + (after.chars if after else "")
    match = _FORMAT.match(text.strip())
    text_format = match.group(1) if match else "moodle"
    text = text.strip()[match.end():].strip() if match else text.strip()
    build = _Builder(language, text_format)
    plain_text = html_to_plain(text) if text_format == "html" else " ".join(text.split())
    name = title or plain_text[:40]
    try:
        if answers is None:
            raise _Skip("no answer block {...}: a description, not a question")
        if not plain_text:
            raise _Skip("the question has no text")
        markdown = build.rich(text, text_format)
        if missing_word:
            build.note("missing word: the blank is shown as ___ in the text")
        answers, general = _split_general_feedback(answers)
        kind, question = _read_answers(answers.strip(), build, missing_word)
    except _Skip as skip:
        return ImportEntry(position, location, SKIPPED, name, None, [str(skip)])
    explanation, source = _explanation(build, general)
    metadata = _metadata(comments, build)
    if kind == "writing_task":
        question = {"type": "writing", "prompt": {language: markdown}}
        if explanation:
            build.note("general feedback dropped: a writing task has no explanation")
    else:
        question = {"type": question.pop("type"), "text": {language: markdown}, **question}
        if explanation:
            question["explanation"] = {language: explanation}
    question = {**metadata, **question}
    if source:
        question["source"] = source
    if len(category) == 2 and all(_BANK_ID.fullmatch(part) for part in category):
        question["topic"], question["subtopic"] = category
    exchange = ExchangeQuestion(name=name, question=question, kind=kind, category=list(category))
    return ImportEntry(position, location, CONVERTED if build.notes else IMPORTED, name, exchange, build.notes)


def _split_title(body: _Text) -> tuple[str | None, _Text]:
    if body.find("::") != 0:
        return None, body
    end = body.find("::", 2)
    if end == -1:
        raise ExchangeFileError(f"line {body.line}", "the title '::' is not closed with '::' "
                                                     "(write a literal colon as \\:)")
    return body[2:end].one_line() or None, body[end + 2:].strip()


def _split_answer_block(body: _Text) -> tuple[_Text, _Text | None, _Text | None]:
    """(text before, the answers between { and }, text after); (body, None, None) without braces."""
    start, end = body.find("{"), body.find("}")
    if start == -1 and end == -1:
        return body, None, None
    if end == -1:
        raise ExchangeFileError(f"line {body.line_at(start)}",
                                "'{' is not closed: no '}' before the blank line or end of file that ends the "
                                "question (write a new line inside a question as \\n, a literal brace as \\{)")
    if start == -1 or end < start:
        raise ExchangeFileError(f"line {body.line_at(end)}", "'}' without an opening '{' "
                                                             "(write a literal brace as \\})")
    inner = body.find("{", start + 1, end)
    if inner != -1:
        raise ExchangeFileError(f"line {body.line_at(inner)}",
                                f"'{{' inside the answer block opened on line {body.line_at(start)} "
                                "(write a literal brace as \\{)")
    after = body[end + 1:]
    extra = min((at for at in (after.find("{"), after.find("}")) if at != -1), default=-1)
    if extra != -1:
        raise ExchangeFileError(f"line {after.line_at(extra)}",
                                "a second answer block: a question has one {...} (write a literal brace as \\{)")
    return body[:start], body[start + 1:end], after


def _split_general_feedback(answers: _Text) -> tuple[_Text, str]:
    at = answers.rfind("####")                          # the last one, as Moodle reads it
    if at == -1:
        return answers, ""
    return answers[:at], answers[at + 4:].chars.strip()


def _read_answers(answers: _Text, build: _Builder, missing_word: bool) -> tuple[str, dict]:
    """Moodle's order of deciding the type: essay, numerical, choice, matching, true/false, short."""
    chars = answers.chars
    if not chars:
        return "writing_task", {}
    if answers.find("#") == 0:
        raise _Skip("numerical question {#...}: the bank has no numerical questions")
    if answers.find("~") != -1:
        return "question", _read_choice(answers, build, missing_word)
    if answers.find("=") != -1 and "->" in chars:
        return "question", _read_matching(answers, build)
    head = answers[:answers.find("#")] if answers.find("#") != -1 else answers
    if head.chars.strip() in _TRUE_FALSE:
        return "question", _read_true_false(answers, build)
    return "question", _read_short_text(answers, build)


@dataclass
class _Answer:
    mark: str               # "=" or "~"
    weight: float           # percent of the mark
    text: str               # as written, format marker included
    feedback: _Text | None
    line: int


def _answers(answers: _Text, marks: str, weighted_marks: str, feedback: bool = True) -> list[_Answer]:
    """Each answer from its mark to the next: %weight% (after `weighted_marks`), text, #feedback."""
    cuts = answers.marks(marks)
    if len(cuts) > _MAX_ANSWERS:                      # before reading them: a file may hold millions
        raise _Skip(f"{len(cuts)} answers: too many for a bank question (options are lettered a to z)")
    head, parts = answers.split_at(cuts)
    if head.chars.strip():
        _unknown_syntax(head.strip())
    result = []
    for mark, part in parts:
        weight = _FULL if mark == "=" else 0.0
        match = _WEIGHT.match(part.chars) if mark in weighted_marks else None
        if match:
            weight = float(match.group(1))
            if not -_FULL <= weight <= _FULL:
                raise ExchangeFileError(f"line {part.line}", f"weight {match.group(1)} % is outside -100 % to 100 %")
            part = part[match.end():]
        hash_at = part.find("#") if feedback else -1
        text = (part[:hash_at] if hash_at != -1 else part).one_line()
        if not text:
            raise ExchangeFileError(f"line {part.line}", f"an empty answer after '{mark}'")
        result.append(_Answer(mark, weight, text, part[hash_at + 1:] if hash_at != -1 else None, part.line))
    return result


def _unknown_syntax(text: _Text) -> None:
    shown = text.one_line()[:40]
    hint = ""
    if shown.upper() in _TRUE_FALSE:
        hint = " (true/false is written T, TRUE, F or FALSE in capitals)"
    raise ExchangeFileError(f"line {text.line}", f"unknown answer syntax '{shown}': an answer starts with = (right) "
                                                 f"or ~ (wrong), a matching pair is =left -> right{hint}")


def _choice_options(answers: list[_Answer], build: _Builder) -> list[dict]:
    options = []
    for index, answer in enumerate(answers):
        text = build.plain(answer.text)
        options.append({"id": _option_id(index), build.language: text})
        if answer.feedback is not None:
            build.add_feedback(text, answer.feedback)
    return options


def _read_choice(answers: _Text, build: _Builder, missing_word: bool) -> dict:
    # As Moodle: an "=" answer is 100 % (no weight read after it); "~" is 0 % or its %weight%.
    read = _answers(answers, "=~", "~")
    if len(read) < 2:
        raise ExchangeFileError(f"line {answers.line}", "a multiple-choice question needs at least 2 answers")
    options = _choice_options(read, build)
    texts = [option[build.language] for option in options]
    single = any(answer.mark == "=" for answer in read)
    right = [i for i, answer in enumerate(read) if (answer.weight >= _FULL - _SLACK if single else answer.weight > 0)]
    if not right:
        raise ExchangeFileError(f"line {answers.line}", "no right answer: mark it with = (or a positive %weight%)")
    if single:
        if len(right) > 1:
            raise _Skip(f"{len(right)} right answers ({_quoted(texts, right)}) in a single-choice question: "
                        "the bank's single choice has one key")
        for i, answer in enumerate(read):
            if 0 < answer.weight < _FULL - _SLACK:
                build.note(f"partial credit {_percent(answer.weight)} % for '{texts[i]}' dropped: "
                           "the bank scores all or nothing")
            elif answer.weight < 0:
                build.note(f"penalty {_percent(answer.weight)} % for '{texts[i]}' dropped: "
                           "a wrong answer scores zero in the bank")
        return {"type": "single", "options": options, "answer": options[right[0]]["id"]}
    if missing_word:
        raise _Skip("a missing word with several weighted right answers: a blank takes one answer")
    _note_weights(read, right, texts, build)
    return {"type": "multiple", "options": options, "answer": sorted(options[i]["id"] for i in right)}


def _note_weights(read: list[_Answer], right: list[int], texts: list[str], build: _Builder) -> None:
    """Multiple answers in the bank: every right option must be chosen, any wrong one makes it wrong."""
    weights = [read[i].weight for i in right]
    total = sum(weights)
    if max(weights) - min(weights) > _SLACK:
        shown = ", ".join(f"{_percent(w)} % for '{texts[i]}'" for i, w in zip(right, weights))
        build.note(f"unequal weights ({shown}) dropped: the bank scores all or nothing, every right option "
                   "must be chosen")
    elif abs(total - _FULL) > _SLACK:
        build.note(f"the weights of the right answers add up to {_percent(total)} %, not 100 %: in the bank "
                   "every right option must be chosen")
    for i, answer in enumerate(read):
        # -100 % is the specification's own penalty for a wrong choice, and what the bank does.
        if -_FULL + _SLACK < answer.weight < 0:
            build.note(f"penalty {_percent(answer.weight)} % for '{texts[i]}' replaced: in the bank a wrong "
                       "choice makes the whole answer wrong")


def _read_true_false(answers: _Text, build: _Builder) -> dict:
    # {T#feedback for a wrong answer#feedback for a right answer}; a third '#' is text, as in Moodle.
    first = answers.find("#")
    second = answers.find("#", first + 1) if first != -1 else -1
    value = _TRUE_FALSE[(answers[:first] if first != -1 else answers).chars.strip()]
    labels = _LABELS.get(build.language, _LABELS["en"])
    wrong, right = labels["false" if value else "true"], labels["true" if value else "false"]
    if first != -1:
        build.add_feedback(wrong, answers[first + 1:second] if second != -1 else answers[first + 1:])
    if second != -1:
        build.add_feedback(right, answers[second + 1:])
    return {"type": "true_false", "answer": value}


def _read_matching(answers: _Text, build: _Builder) -> dict:
    read = _answers(answers, "=", "", feedback=False)      # in matching, Moodle reads '#' as text
    if len(read) < 2:
        raise ExchangeFileError(f"line {answers.line}", "a matching question needs at least 2 pairs")
    prompts, options, key = [], [], {}
    for answer in read:
        raw = answer.text
        arrow = raw.find("->")
        if arrow == -1:
            raise ExchangeFileError(f"line {answer.line}", f"a matching answer without '->': '{raw[:40]}'")
        left, right = raw[:arrow].strip(), raw[arrow + 2:].strip()
        if not right:
            raise ExchangeFileError(f"line {answer.line}", f"a matching pair without a right side: '{raw[:40]}'")
        texts = [option[build.language] for option in options]
        if right not in texts:                       # the same right side twice is one option
            options.append({"id": _option_id(len(options)), build.language: right})
            texts.append(right)
        if left:
            prompt_id = str(len(prompts) + 1)
            prompts.append({"id": prompt_id, build.language: build.plain(left)})
            key[prompt_id] = options[texts.index(right)]["id"]
    if not prompts:
        raise ExchangeFileError(f"line {answers.line}", "no right answer: a matching question needs a pair "
                                                        "=left -> right")
    return {"type": "matching", "prompts": prompts, "options": options, "answer": key}


def _read_short_text(answers: _Text, build: _Builder) -> dict:
    read = _answers(answers, "=", "=")
    accepted = []
    for answer in read:
        text = build.plain(answer.text)
        if answer.weight >= _FULL - _SLACK:
            accepted.append(text)
            if "*" in text:
                build.note(f"'*' in the accepted answer '{text}' is a Moodle wildcard: the bank compares it literally")
        elif answer.weight > 0:
            build.note(f"partial credit {_percent(answer.weight)} % for '{text}' dropped: the bank scores all or nothing")
        else:
            build.note(f"answer '{text}' ({_percent(answer.weight)} %) dropped: the bank lists the accepted answers only")
        if answer.feedback is not None:
            build.add_feedback(text, answer.feedback)
    if not any(answer.weight > 0 for answer in read):
        raise ExchangeFileError(f"line {answers.line}", "no right answer: a short answer needs =answer")
    if not accepted:
        raise _Skip("no answer with full credit: the bank cannot give partial credit")
    return {"type": "short_text", "answer": accepted}


def _explanation(build: _Builder, general: str) -> tuple[str, str | None]:
    """General feedback (less its "Avots:" line, the source) and the per-answer feedback."""
    text_format, general = build.element(general)
    lines = build.rich(general, text_format).split("\n") if general else []
    source = None
    for index in range(len(lines) - 1, -1, -1):
        match = _SOURCE_LINE.match(lines[index])
        if match and match.group(1).strip():
            source = match.group(1).strip()
            del lines[index]
            break
    parts = ["\n".join(lines).strip()] + [f"{label}: {text}" for label, text in build.feedback]
    return "\n\n".join(part for part in parts if part), source


def _metadata(comments: list[str], build: _Builder) -> dict:
    """`// [id:...] [tag:...]`, as Moodle 4 writes them before a question."""
    comment = "\n".join(comments)
    metadata, dropped = {}, []
    match = _ID.search(comment)
    if match:
        metadata["id"] = match.group(1).replace("\\]", "]").strip()
    for raw in _TAG.findall(comment):
        tag = raw.replace("\\]", "]").strip()
        difficulty = _DIFFICULTY_TAG.fullmatch(tag)
        if difficulty and "difficulty" not in metadata:
            metadata["difficulty"] = int(difficulty.group(1))
        elif tag:
            dropped.append(tag)
    if dropped:
        build.note("Moodle tags dropped: " + ", ".join(dropped))
    return metadata


def _option_id(index: int) -> str:
    return "abcdefghijklmnopqrstuvwxyz"[index]


def _percent(weight: float) -> str:
    return f"{weight:.5f}".rstrip("0").rstrip(".")


def _quoted(texts: list[str], indexes: list[int]) -> str:
    return ", ".join(f"'{texts[i]}'" for i in indexes)


# ---------------------------------------------------------------------------- writing

def _escape(text: str) -> str:
    text = str(text).replace("\r\n", "\n").replace("\r", "\n").replace("\\", "\\\\")
    for char in _SPECIAL:
        text = text.replace(char, "\\" + char)
    return text.replace("\n", "\\n")


def _looks_like_markdown(text: str) -> bool:
    return bool(_MARKDOWN.search(text or ""))


def _pick(texts, language: str) -> str:
    if isinstance(texts, dict):
        return str(texts.get(language) or texts.get("lv") or "")
    return str(texts or "")


def _topic_path(question: dict) -> list[str]:
    return [str(question[key]) for key in ("topic", "subtopic") if question.get(key)]


def _option_text(text: str, question_format: str) -> str:
    """An option is plain text: say so when it would otherwise read as Markdown or as a [format]."""
    plain = text.startswith("[") or question_format == "markdown" and _looks_like_markdown(text)
    return ("[plain]" if plain else "") + _escape(text)


def _write_question(exchange: ExchangeQuestion, language: str) -> str:
    question = exchange.question
    writing = exchange.kind == "writing_task" or question.get("type") == "writing"
    text = _pick(question.get("prompt") if writing else question.get("text"), language).strip()
    text_format = "markdown" if _looks_like_markdown(text) else "moodle"
    lines = []
    metadata = []
    if question.get("id"):
        metadata.append("[id:" + str(question["id"]).replace("]", "\\]") + "]")
    if question.get("difficulty") in (1, 2, 3):
        metadata.append(f"[tag:difficulty-{question['difficulty']}]")
    if metadata:
        lines.append("// " + " ".join(metadata))
    name = exchange.name or str(question.get("id") or "") or " ".join(text.split())[:40]
    marker = "[markdown]" if text_format == "markdown" else "[moodle]" if text.startswith("[") else ""
    head = f"::{_escape(name)}::{marker}{_escape(text)}"
    general = _general_feedback(question, language, text_format, writing)
    qtype = "writing" if writing else question.get("type")
    if qtype in ("writing", "true_false"):
        value = "" if writing else "TRUE" if question.get("answer") is True else "FALSE"
        lines.append(head + "{" + value + general + "}")
    else:
        answers = _answer_lines(question, qtype, language, text_format)
        lines.append(head + "{\n" + "".join(f"\t{line}\n" for line in answers + ([general] if general else [])) + "}")
    return "\n".join(lines) + "\n"


def _answer_lines(question: dict, qtype: str, language: str, text_format: str) -> list[str]:
    options = question.get("options") or []
    answer = question.get("answer")
    _check_key(question, qtype, {option["id"] for option in options}, answer)
    if qtype == "single":
        return [("=" if option["id"] == answer else "~" + ("%0%" if _pick(option, language).startswith("%") else ""))
                + _option_text(_pick(option, language), text_format) for option in options]
    if qtype == "multiple":
        right = set(answer or [])
        weight = _percent(_FULL / len(right)) if right else "0"
        return [f"~%{weight if option['id'] in right else '-100'}%" + _option_text(_pick(option, language), text_format)
                for option in options]
    if qtype == "short_text":
        return ["=" + ("%100%" if str(text).startswith("%") else "") + _option_text(str(text), text_format)
                for text in answer or []]
    if qtype == "matching":
        by_id = {option["id"]: _pick(option, language) for option in options}
        lines = [f"={_option_text(_pick(prompt, language), text_format)} -> {_escape(by_id[answer[prompt['id']]])}"
                 for prompt in question.get("prompts") or []]
        used = set(answer.values())
        return lines + [f"= -> {_escape(by_id[option['id']])}" for option in options if option["id"] not in used]
    raise ValueError(f"question {question.get('id') or '?'}: type {qtype!r} cannot be written as GIFT")


def _check_key(question: dict, qtype: str, option_ids: set, answer) -> None:
    """A key GIFT would write but not read back (no right answer, an unknown option) is refused loudly."""
    keys = [answer] if qtype == "single" else list(answer or []) if qtype == "multiple" else \
        list((answer or {}).values()) if qtype == "matching" else []
    wrong = [key for key in keys if key not in option_ids]
    prompts = {prompt["id"] for prompt in question.get("prompts") or []}
    if wrong or (qtype in ("single", "multiple", "short_text") and not (keys or answer)) or \
            (qtype == "matching" and (not prompts or set(answer or {}) != prompts)):
        raise ValueError(f"question {question.get('id') or '?'}: the {qtype} answer {answer!r} does not fit its "
                         "options or prompts")


def _general_feedback(question: dict, language: str, text_format: str, writing: bool) -> str:
    """The explanation and, as its last line, "Avots: <source>" (read back into `source`)."""
    explanation = "" if writing else _pick(question.get("explanation"), language).strip()
    source = str(question.get("source") or "").strip()
    if source:
        label = _LABELS.get(language, _LABELS["en"])["source"]
        explanation = f"{explanation}\n\n{label}: {source}" if explanation else f"{label}: {source}"
    if not explanation:
        return ""
    marker = ""
    if text_format != "markdown" and _looks_like_markdown(explanation):
        marker = "[markdown]"
    elif explanation.startswith("["):
        marker = f"[{text_format}]"
    return "####" + marker + _escape(explanation)
