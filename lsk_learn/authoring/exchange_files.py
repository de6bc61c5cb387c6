"""Reading an uploaded question file and writing one, for the command line and the pages alike."""
from pathlib import PurePath

from sqlalchemy import select

from ..bank.models import Passage
from ..exchange.bank_yaml import question_files
from ..exchange.model import MAX_FILE_BYTES, ExchangeFileError, ExchangeQuestion, ImportPreview
from ..extensions import db

FORMATS = ("moodle", "gift")
EXPORT_FORMATS = ("moodle", "gift", "yaml")


def detect_format(data: bytes, filename: str = "") -> str:
    """Moodle XML or GIFT, from the name and failing that the first characters."""
    suffix = PurePath(filename).suffix.lower()
    if suffix == ".xml":
        return "moodle"
    if suffix in (".gift", ".txt"):
        return "gift"
    return "moodle" if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<") else "gift"


def read_file(data: bytes, filename: str = "", fmt: str = "auto", language: str = "lv") -> ImportPreview:
    """The preview of an uploaded file; raises ExchangeFileError when it cannot be read at all."""
    if len(data) > MAX_FILE_BYTES:
        raise ExchangeFileError("", f"the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    fmt = detect_format(data, filename) if fmt == "auto" else fmt
    if fmt == "moodle":
        from ..attachments.services import check_preview
        from ..exchange.moodle_xml import parse_moodle_xml
        return check_preview(parse_moodle_xml(data, language))  # embedded files: size and type
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        raise ExchangeFileError(f"line {line}", "the file is not UTF-8 text") from None
    from ..exchange.gift import parse_gift
    return parse_gift(text, language)


def exchange_questions(questions: list[dict], with_files: bool = False) -> list[ExchangeQuestion]:
    """Bank question dicts (authoring.services.exported_questions) for the file writers."""
    from ..attachments.services import attachments_of
    return [ExchangeQuestion(name=q["id"], question=q, category=[q["topic_id"], q["subtopic"]],
                             attachments=attachments_of(q["id"]) if with_files else []) for q in questions]


def write_file(fmt: str, questions: list[dict], language: str = "lv") -> bytes | dict[str, str]:
    """Moodle XML or GIFT as bytes; the repository's YAML as {relative path: text}."""
    if fmt == "yaml":
        used = {q["passage_id"] for q in questions if q.get("passage_id")}
        passages = {p.id: {"id": p.id, "kind": p.kind, "title": p.title, "text": p.text, "translation": p.translation}
                    for p in db.session.scalars(select(Passage).where(Passage.id.in_(sorted(used))))} if used else {}
        return question_files(questions, passages)
    if fmt == "moodle":
        from ..exchange.moodle_xml import write_moodle_xml
        return write_moodle_xml(exchange_questions(questions, with_files=True))  # GIFT cannot carry files
    from ..exchange.gift import write_gift
    return write_gift(exchange_questions(questions), language).encode("utf-8")
