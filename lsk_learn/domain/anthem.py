"""Word-by-word comparison of an anthem written from memory with the official text.

Diacritics and line order matter; letter case and punctuation do not. Each official word is marked
ok, missing, wrong, or "diacritic" (right letters, a diacritic missing or wrong, e.g. "Dievs, sveti"
for "svētī"); words the learner added are marked extra. A line that stands in the wrong place is
reported once as misplaced instead of word by word.
"""
import difflib
import re
import unicodedata
from dataclasses import dataclass, field

OK, DIACRITIC, WRONG, MISSING, EXTRA = "ok", "diacritic", "wrong", "missing", "extra"
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]*)?|'", re.UNICODE)


@dataclass(frozen=True)
class WordMark:
    kind: str
    expected: str | None = None
    given: str | None = None


@dataclass
class LineResult:
    number: int                 # 1-based line of the official text (or of the learner's text for extra lines)
    marks: list = field(default_factory=list)
    misplaced_from: int | None = None  # what the learner wrote here is official line N (wrong place)

    @property
    def errors(self) -> int:
        if self.misplaced_from is not None:
            return 1
        return sum(1 for m in self.marks if m.kind != OK)


@dataclass
class AnthemComparison:
    lines: list
    errors: int

    def count(self, kind: str) -> int:
        return sum(1 for line in self.lines for m in line.marks if m.kind == kind)


def words(line: str) -> list[str]:
    """The words of a line, keeping elisions such as "Mūs'" whole."""
    return [w for w in _WORD.findall(unicodedata.normalize("NFC", line)) if w != "'"]


def _fold(word: str) -> str:
    """Lower case without diacritics, to tell a diacritic slip from a wrong word."""
    decomposed = unicodedata.normalize("NFD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("'", "")


def _exact(word: str) -> str:
    return unicodedata.normalize("NFC", word.casefold()).replace("'", "")


def _lines(text: str) -> list[list[str]]:
    return [w for w in (words(line) for line in text.splitlines()) if w]


def compare_line(expected: list[str], given: list[str]) -> list[WordMark]:
    """Align two word lists on their diacritic-free forms, then mark each word."""
    marks = []
    matcher = difflib.SequenceMatcher(a=[_fold(w) for w in expected], b=[_fold(w) for w in given], autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            for exp, got in zip(expected[a1:a2], given[b1:b2]):
                marks.append(WordMark(OK if _exact(exp) == _exact(got) else DIACRITIC, exp, got))
        elif op == "replace":
            pairs = max(a2 - a1, b2 - b1)
            for offset in range(pairs):
                exp = expected[a1 + offset] if a1 + offset < a2 else None
                got = given[b1 + offset] if b1 + offset < b2 else None
                kind = WRONG if exp and got else (MISSING if exp else EXTRA)
                marks.append(WordMark(kind, exp, got))
        elif op == "delete":
            marks.extend(WordMark(MISSING, exp, None) for exp in expected[a1:a2])
        elif op == "insert":
            marks.extend(WordMark(EXTRA, None, got) for got in given[b1:b2])
    return marks


def compare_anthem(official: str, written: str) -> AnthemComparison:
    """Compare line by line; a learner's line equal to another official line counts as misplaced."""
    expected_lines = _lines(official)
    given_lines = _lines(written)
    folded_expected = [[_exact(w) for w in line] for line in expected_lines]
    results = []
    for index, expected in enumerate(expected_lines):
        given = given_lines[index] if index < len(given_lines) else []
        folded_given = [_exact(w) for w in given]
        if given and folded_given != folded_expected[index] and folded_given in folded_expected:
            # the learner wrote a real line of the anthem, but in the wrong place
            results.append(LineResult(index + 1, [WordMark(OK, w, w) for w in given],
                                      misplaced_from=folded_expected.index(folded_given) + 1))
            continue
        results.append(LineResult(index + 1, compare_line(expected, given)))
    for extra_index in range(len(expected_lines), len(given_lines)):
        results.append(LineResult(extra_index + 1, [WordMark(EXTRA, None, w) for w in given_lines[extra_index]]))
    return AnthemComparison(results, sum(line.errors for line in results))
