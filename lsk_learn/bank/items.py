"""Validated bank items: plain data, independent of Flask and the database."""
import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import date

# Bank text is Latvian, with a translation for each other interface language. The same tuple as
# core.i18n.LANGUAGES (a test keeps them equal), written here so bank items need no Flask.
LANGUAGES = ("lv", "ru", "en")
TRANSLATIONS = tuple(lang for lang in LANGUAGES if lang != "lv")
QUESTION_TYPES = ("single", "multiple", "true_false", "matching", "short_text")
STATUSES = ("draft", "checked")
KNOWLEDGE_TOPICS = ("history", "satversme", "symbols")
PASSAGE_KINDS = ("notice", "letter", "form", "advert", "news", "dialogue", "announcement")
SATVERSME_LAST_ARTICLE = 116


def content_hash(record: dict) -> str:
    """A stable fingerprint of an item's content, to tell whether a sync must update it."""
    encoded = json.dumps(record, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


@dataclass
class TopicItem:
    id: str
    exam: str
    name: dict
    subtopics: list
    position: int

    def record(self) -> dict:
        return asdict(self)


@dataclass
class PassageItem:
    id: str
    topic_id: str
    subtopic: str
    kind: str
    title: dict
    text: str
    translation: dict = field(default_factory=dict)

    def record(self) -> dict:
        return asdict(self)


@dataclass
class QuestionItem:
    id: str
    topic_id: str
    subtopic: str
    type: str
    difficulty: int
    status: str
    text: dict
    answer: object
    explanation: dict
    source: str
    source_file: str
    options: list = field(default_factory=list)
    prompts: list = field(default_factory=list)
    source_url: str | None = None
    articles: list = field(default_factory=list)
    passage_id: str | None = None
    review_by: date | None = None

    def record(self) -> dict:
        record = asdict(self)
        if record["review_by"] is None:  # left out, so the fingerprints of existing items stay as they were
            del record["review_by"]
        return record


@dataclass
class LessonItem:
    id: str
    course: str
    topic_id: str
    position: int
    title: dict
    body: dict
    status: str
    source_file: str
    question_ids: list = field(default_factory=list)
    sources: list = field(default_factory=list)

    def record(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


@dataclass
class Bank:
    """Everything read from the bank folder, and every problem found on the way."""

    topics: list = field(default_factory=list)
    questions: list = field(default_factory=list)
    passages: list = field(default_factory=list)
    lessons: list = field(default_factory=list)
    anthem: dict | None = None
    vocabulary: list = field(default_factory=list)
    tasks: list = field(default_factory=list)
    problems: list = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


PARTS_OF_SPEECH = ("noun", "verb", "adjective", "adverb", "pronoun", "numeral", "preposition", "conjunction", "phrase")
TASK_KINDS = {"writing": ("form", "letter", "application"), "speaking": ("introduction", "situation", "picture")}


@dataclass
class VocabularyItem:
    id: str
    deck: str
    deck_title: dict
    lv: str
    pos: str
    ru: str
    en: str
    source: str
    source_file: str
    gender: str | None = None
    declension: int | None = None
    example: dict = field(default_factory=dict)
    position: int = 0
    status: str = "draft"
    difficulty: int = 1

    def record(self) -> dict:
        return asdict(self)


@dataclass
class TaskItem:
    """A writing or speaking task, graded by a teacher against its checklist."""

    id: str
    topic_id: str
    subtopic: str
    kind: str
    difficulty: int
    status: str
    prompt: dict
    checklist: list
    source: str
    source_file: str
    min_words: int | None = None
    max_words: int | None = None
    fields: list = field(default_factory=list)
    model_answer: str | None = None
    picture: dict = field(default_factory=dict)
    useful_phrases: list = field(default_factory=list)

    @property
    def max_points(self) -> int:
        return sum(item["points"] for item in self.checklist)

    def record(self) -> dict:
        return asdict(self)
