"""Coverage of the bank: counts by topic, subtopic, type, difficulty and status (pure, from a Bank)."""
from collections import Counter

from .items import Bank


def bank_stats(bank: Bank) -> dict[str, Counter]:
    """Counters keyed by what they count; every value comes from the validated items."""
    return {
        "questions by topic": Counter(q.topic_id for q in bank.questions),
        "questions by topic and subtopic": Counter((q.topic_id, q.subtopic) for q in bank.questions),
        "questions by type": Counter(q.type for q in bank.questions),
        "questions by topic and difficulty": Counter((q.topic_id, q.difficulty) for q in bank.questions),
        "questions by status": Counter(q.status for q in bank.questions),
        "passages by topic": Counter(p.topic_id for p in bank.passages),
        "lessons by course": Counter(lesson.course for lesson in bank.lessons),
        "vocabulary by deck": Counter(w.deck for w in bank.vocabulary),
        "vocabulary by part of speech": Counter(w.pos for w in bank.vocabulary),
        "tasks by topic and kind": Counter((t.topic_id, t.kind) for t in bank.tasks),
    }


def format_stats(stats: dict[str, Counter]) -> list[str]:
    """Plain-text tables, one section per counter, keys sorted, with a total line."""
    lines = []
    for title, counter in stats.items():
        lines.append(f"## {title}")
        for key in sorted(counter, key=lambda k: tuple(map(str, k)) if isinstance(k, tuple) else (str(k),)):
            label = " / ".join(map(str, key)) if isinstance(key, tuple) else str(key)
            lines.append(f"  {label:<48} {counter[key]:>5}")
        lines.append(f"  {'total':<48} {sum(counter.values()):>5}")
        lines.append("")
    return lines
