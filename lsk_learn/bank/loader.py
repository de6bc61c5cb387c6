"""Reads the whole question bank folder into a Bank, collecting every problem as file:line."""
from pathlib import Path

from .check_common import FileContext, IdRegistry
from .check_extras import check_extra_file, check_speaking_checklists_differ
from .check_lessons import check_lesson_file
from .check_questions import check_question_file
from .check_topics import check_anthem_file, check_topics_file
from .items import Bank
from .yaml_lines import YamlSyntaxError, load_yaml


def _read_yaml(ctx: FileContext, path: Path):
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        ctx.report(1, "the file is not UTF-8 text")
        return None
    try:
        return load_yaml(text)
    except YamlSyntaxError as error:
        ctx.report(error.line, error.message)
        return None


def _yaml_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())


def load_bank(root: str | Path) -> Bank:
    """Validate every file under `root`; items with problems are left out of the result."""
    root = Path(root)
    bank = Bank()
    ids = IdRegistry()

    def context(path: Path) -> FileContext:
        return FileContext(str(path.relative_to(root.parent) if root.parent in path.parents else path), bank.problems)

    topics_path = root / "topics.yaml"
    if not topics_path.exists():
        FileContext(str(topics_path), bank.problems).report(1, "topics.yaml is missing")
        return bank
    ctx = context(topics_path)
    check_topics_file(ctx, _read_yaml(ctx, topics_path), bank)
    topics = {t.id: t for t in bank.topics}

    anthem_path = root / "anthem.yaml"
    if anthem_path.exists():
        ctx = context(anthem_path)
        check_anthem_file(ctx, _read_yaml(ctx, anthem_path), bank)

    for path in _yaml_files(root / "questions"):
        ctx = context(path)
        data = _read_yaml(ctx, path)
        if data is not None:
            check_question_file(ctx, data, topics, ids, bank)

    for path in _yaml_files(root / "vocabulary") + _yaml_files(root / "tasks"):
        ctx = context(path)
        data = _read_yaml(ctx, path)
        if data is not None:
            check_extra_file(ctx, data, path, topics, ids, bank)

    def report_task(task, message: str) -> None:
        path = root.parent / task.source_file
        lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
        line = next((n for n, text in enumerate(lines, 1) if text.strip() == f"- id: {task.id}"), 1)
        FileContext(task.source_file, bank.problems).report(line, message)

    check_speaking_checklists_differ(bank.tasks, report_task)

    lessons_dir = root / "lessons"
    for path in sorted(lessons_dir.rglob("*.md")) if lessons_dir.exists() else []:
        if path.name.endswith((".ru.md", ".en.md")):
            continue
        check_lesson_file(context(path), path, topics, ids, bank)

    _check_lesson_links(bank)
    return bank


def _check_lesson_links(bank: Bank) -> None:
    # a language lesson may prepare for writing or speaking tasks rather than questions
    all_ids = {q.id for q in bank.questions} | {t.id for t in bank.tasks}
    for lesson in list(bank.lessons):
        missing = [q for q in lesson.question_ids if q not in all_ids]
        if missing:
            FileContext(lesson.source_file, bank.problems).report(
                1, f"lesson '{lesson.id}' links to unknown question(s): {', '.join(missing)}"
            )
