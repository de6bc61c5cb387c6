"""Checks vocabulary decks and writing/speaking task files (completed with the full bank)."""


def check_extra_file(ctx, data, path, topics, ids, bank) -> None:
    """Placeholder until the vocabulary and task formats are imported (issue 3)."""
    return None
