"""Sync of vocabulary decks and writing/speaking tasks (completed with the full bank)."""


def sync_extras(bank, now, report) -> None:
    return None
