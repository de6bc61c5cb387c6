"""`flask bank audio`: the synthetic voice for every listening passage whose script changed."""
import click

from ..core.time import utcnow
from .synthetic import render_all


def register(bank_cli: click.Group) -> None:
    @bank_cli.command("audio")
    @click.option("--limit", type=click.IntRange(min=1), default=None, help="Render at most this many passages.")
    @click.option("--force", is_flag=True, help="Render every passage again, even if its script is unchanged.")
    def bank_audio(limit, force):
        """Render listening scripts with espeak-ng's Latvian voice into LSK_AUDIO_DIR (unchanged ones are skipped)."""
        counts = render_all(utcnow(), limit=limit, force=force)
        click.echo(f"Audio: {counts['rendered']} rendered, {counts['unchanged']} unchanged, {counts['failed']} failed.")
        if counts["failed"]:
            raise SystemExit(1)
