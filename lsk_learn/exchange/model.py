"""What the Moodle XML and GIFT readers and writers exchange with the rest of the app.

A question travels as a dict in the bank's own file format (question_bank/README.md, "Question
files"): `type`, `text` {lv, ru, en}, `options`, `prompts`, `answer`, `explanation`, `difficulty`,
`source`, `id`... so an import can be checked, previewed and saved by the same code as the bank.
"""
from dataclasses import dataclass, field

IMPORTED, CONVERTED, SKIPPED = "imported", "converted", "skipped"

# Limits for uploaded files: larger files or more questions are refused whole.
MAX_FILE_BYTES = 20 * 1024 * 1024     # Moodle XML with embedded images and audio (base64)
MAX_QUESTIONS = 2000


@dataclass
class Attachment:
    """A file embedded in a question (Moodle's @@PLUGINFILE@@ images and audio)."""

    name: str          # file name as referenced from the text, e.g. "karogs.png"
    media_type: str    # "image/png", "audio/mpeg", ... guessed from the name when not given
    data: bytes


@dataclass
class ExchangeQuestion:
    """One question as read from or written to a file."""

    name: str                         # Moodle's question name / GIFT's ::title:: (or the bank id)
    question: dict                    # bank file format; kind "writing_task": a writing task dict
    kind: str = "question"            # "question" | "writing_task" (a Moodle essay)
    category: list[str] = field(default_factory=list)   # Moodle category path below $course$/top
    attachments: list[Attachment] = field(default_factory=list)


@dataclass
class ImportEntry:
    """The fate of one question of an imported file, for the preview."""

    position: int                     # 1-based, in file order (category records not counted)
    location: str                     # "line 12" (GIFT) or "quiz/question[3]" (Moodle XML)
    outcome: str                      # IMPORTED | CONVERTED | SKIPPED
    name: str
    question: ExchangeQuestion | None  # None when skipped
    notes: list[str] = field(default_factory=list)   # what was changed, or why it was skipped


@dataclass
class ImportPreview:
    entries: list[ImportEntry]
    # what stops the whole import (an embedded file too large or not what it claims): nothing is
    # written while there is any (attachments/services.py check_preview)
    problems: list[str] = field(default_factory=list)

    @property
    def importable(self) -> list[ExchangeQuestion]:
        return [e.question for e in self.entries if e.outcome != SKIPPED and e.question is not None]

    def count(self, outcome: str) -> int:
        return sum(1 for e in self.entries if e.outcome == outcome)


class ExchangeFileError(ValueError):
    """The file cannot be read at all (malformed, too large): nothing of it is imported."""

    def __init__(self, location: str, message: str):
        super().__init__(f"{location}: {message}" if location else message)
        self.location, self.message = location, message
