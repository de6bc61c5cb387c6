"""The repository's own YAML, written by the exchange: every question of the real bank written out
and read back by the bank's checker is the same question (issue 14: "YAML export -> flask bank
check passes")."""
import shutil
from dataclasses import asdict

from lsk_learn.bank.loader import load_bank
from lsk_learn.exchange.bank_yaml import question_files
from tests.conftest import REAL_BANK, real_bank_items


def _as_exported(item) -> dict:
    record = asdict(item)
    record.pop("source_file")
    return record


def test_the_whole_bank_written_as_yaml_reads_back_the_same(tmp_path):
    bank = real_bank_items()
    copy = tmp_path / "question_bank"
    shutil.copytree(REAL_BANK, copy, ignore=shutil.ignore_patterns("questions"))
    passages = {p.id: {"id": p.id, "kind": p.kind, "title": p.title, "text": p.text, "translation": p.translation}
                for p in bank.passages}
    files = question_files([_as_exported(q) for q in bank.questions], passages)
    for relative, text in files.items():
        (copy / relative).parent.mkdir(parents=True, exist_ok=True)
        (copy / relative).write_text(text, encoding="utf-8")

    again = load_bank(copy)
    assert [str(p) for p in again.problems] == []
    assert len(again.questions) == len(bank.questions)
    assert sorted(map(_as_exported, again.questions), key=lambda q: q["id"]) == \
        sorted(map(_as_exported, bank.questions), key=lambda q: q["id"])
    assert sorted(p.id for p in again.passages) == sorted(p.id for p in bank.passages)
