"""Sync of the anthem text, vocabulary decks and writing/speaking tasks, alongside sync_bank()."""
from dataclasses import dataclass

from .models import AnthemText, BankTask, VocabularyWord


@dataclass
class _AnthemItem:
    """Adapts the anthem mapping to the item shape the generic sync expects."""

    id: str
    title: str
    text: str
    author: str | None
    source: str
    source_url: str | None

    def record(self) -> dict:
        return dict(vars(self))


def extra_kinds(bank) -> list[tuple[str, type, list]]:
    """(report name, model, items) for the kinds beyond topics, passages, questions and lessons."""
    anthem = [_AnthemItem(id="anthem", **bank.anthem)] if bank.anthem else []
    return [
        ("anthem", AnthemText, anthem),
        ("vocabulary", VocabularyWord, bank.vocabulary),
        ("tasks", BankTask, bank.tasks),
    ]
