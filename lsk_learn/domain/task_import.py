"""A Moodle essay as the bank's writing task (issue 14): its checklist from the grader information,
and what a draft task still lacks before it may be approved."""
import re

# "- Saturs: visi trīs punkti (3 p.)", "2) Gramatika [2 punkti]", "Grammar (2 points)"
_CRITERION = re.compile(
    r"^\s*(?:[-*•–]|\d{1,2}[.)])?\s*(?P<text>\S.*?)\s*[(\[]\s*(?P<points>\d{1,2})\s*"
    r"(?:p\.?|punkt[a-zāi]*|points?|pt\.?|балл[а-я]*|б\.)?\s*[)\]]\s*\.?\s*$", re.I)
DEFAULT_CRITERION = {"lv": "Saturs", "ru": "Содержание", "en": "Content"}


def split_grader_info(text: str | None) -> tuple[str | None, list[dict]]:
    """(model answer, checklist): lines of the grader information that end in points in brackets
    are the checklist (in Latvian, as written); the other lines are the model answer."""
    checklist, rest = [], []
    for line in (text or "").splitlines():
        match = _CRITERION.match(line)
        if match and int(match["points"]) > 0:
            checklist.append({"id": f"c{len(checklist) + 1}", "points": int(match["points"]), "lv": match["text"]})
        else:
            rest.append(line)
    answer = "\n".join(rest).strip()
    return answer or None, checklist


def default_checklist(mark: int) -> list[dict]:
    """One criterion, "Saturs", worth the essay's whole mark in Moodle."""
    return [{"id": "c1", "points": max(1, int(mark or 1)), **DEFAULT_CRITERION}]


def task_problems(prompt: dict, checklist: list, kind: str, min_words, max_words) -> list[str]:
    """Codes of what keeps a draft writing task from learners (empty: it may be approved)."""
    problems = []
    if not (prompt or {}).get("lv", "").strip():
        problems.append("no_prompt")
    if not checklist or any(not isinstance(c.get("points"), int) or c["points"] < 1 for c in checklist):
        problems.append("no_checklist")
    if kind in ("letter", "application") and not (
            isinstance(min_words, int) and isinstance(max_words, int) and 0 < min_words <= max_words):
        problems.append("word_limits")
    return problems
