"""Shared helpers for checking bank files: problems with line numbers, translated text, ids."""
import re

from .items import LANGUAGES, Problem
from .yaml_lines import LineDict, LineList

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class FileContext:
    """Collects the problems of one file; `offset` shifts YAML lines (front matter)."""

    def __init__(self, file: str, problems: list, offset: int = 0):
        self.file = file
        self.problems = problems
        self.offset = offset

    def report(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.file, line + self.offset, message))

    def mapping(self, value, line: int, what: str) -> LineDict | None:
        if isinstance(value, LineDict):
            return value
        self.report(line, f"{what} must be a mapping")
        return None

    def sequence(self, value, line: int, what: str) -> LineList | None:
        if isinstance(value, LineList):
            return value
        self.report(line, f"{what} must be a list")
        return None

    def unknown_fields(self, data: LineDict, allowed: set, what: str) -> None:
        for key in data:
            if key not in allowed:
                self.report(data.line_of(key), f"{what}: unknown field '{key}'")

    def required_str(self, data: LineDict, key: str, what: str) -> str | None:
        value = data.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            self.report(data.line_of(key), f"{what}: missing '{key}'")
            return None
        if not isinstance(value, (str, int)) or isinstance(value, bool):
            self.report(data.line_of(key), f"{what}: '{key}' must be text")
            return None
        return str(value).strip()

    def item_id(self, data: LineDict, what: str) -> str | None:
        value = self.required_str(data, "id", what)
        if value is not None and not ID_PATTERN.match(value):
            self.report(data.line_of("id"), f"{what}: id '{value}' may contain only a-z, 0-9 and '-'")
            return None
        return value

    def translated(self, data: LineDict, key: str, what: str, required: bool = True) -> dict | None:
        """A {lv, ru, en} mapping whose lv is required and non-empty."""
        if key not in data:
            if required:
                self.report(data.line, f"{what}: missing '{key}'")
            return None
        value = data[key]
        line = data.line_of(key)
        if not isinstance(value, LineDict):
            self.report(line, f"{what}: '{key}' must be a mapping of languages (lv, ru, en)")
            return None
        return self.language_map(value, f"{what}: '{key}'", lv_required=True)

    def language_map(self, value: LineDict, what: str, lv_required: bool = True) -> dict | None:
        result = {}
        for lang, text in value.items():
            if lang not in LANGUAGES:
                self.report(value.line_of(lang), f"{what}: unknown language '{lang}' (use lv, ru, en)")
                continue
            if not isinstance(text, str) or not text.strip():
                self.report(value.line_of(lang), f"{what}: the '{lang}' text must be non-empty text")
                continue
            result[lang] = text.strip()
        if lv_required and "lv" not in result and "lv" not in value:
            self.report(value.line, f"{what}: the Latvian text 'lv' is required")
            return None
        return result if "lv" in result or not lv_required else None


class IdRegistry:
    """Remembers where each id was first used, across the whole bank."""

    def __init__(self):
        self.first_seen: dict[str, str] = {}

    def claim(self, ctx: FileContext, item_id: str, line: int) -> bool:
        where = self.first_seen.get(item_id)
        if where is not None:
            ctx.report(line, f"duplicate id '{item_id}' (first used at {where})")
            return False
        self.first_seen[item_id] = f"{ctx.file}:{line + ctx.offset}"
        return True
