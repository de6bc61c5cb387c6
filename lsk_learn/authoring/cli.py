"""`flask bank import FILE` and `flask bank export`: the same exchange as the pages, on the command line."""
import sys
from pathlib import Path

import click

from ..auth.credentials import find_user
from ..auth.roles import Role
from ..core.time import utcnow
from ..exchange.model import SKIPPED, ExchangeFileError
from . import services
from .exchange_files import EXPORT_FORMATS, FORMATS, read_file, write_file


def register(group: click.Group) -> None:
    group.add_command(bank_import)
    group.add_command(bank_export)


@click.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(("auto", *FORMATS)), default="auto", show_default=True)
@click.option("--language", type=click.Choice(("lv", "ru", "en")), default="lv", show_default=True,
              help="The language of the file's text (multi-language Moodle text keeps each language).")
@click.option("--as", "username", required=True, help="The teacher or admin the drafts belong to.")
@click.option("--topic", help="Topic for questions whose category names none.")
@click.option("--subtopic", help="Subtopic for questions whose category names none.")
@click.option("--yes", is_flag=True, help="Write the drafts; without it only the preview is printed.")
def bank_import(path, fmt, language, username, topic, subtopic, yes):
    """Preview a Moodle XML or GIFT file, and with --yes import it as drafts (all or nothing)."""
    author = find_user(username)
    if author is None or author.role not in (Role.TEACHER, Role.ADMIN):
        click.echo(f"{username!r} is not a teacher or admin account.", err=True)
        sys.exit(2)
    try:
        preview = read_file(path.read_bytes(), path.name, fmt, language)
    except ExchangeFileError as error:
        click.echo(f"{path}: {error}. Nothing imported.", err=True)
        sys.exit(1)
    for entry in preview.entries:
        notes = f" ({'; '.join(entry.notes)})" if entry.notes else ""
        click.echo(f"{entry.location}: {entry.outcome}: {entry.name}{notes}")
    click.echo(f"{preview.count('imported')} imported as they are, {preview.count('converted')} converted, "
               f"{preview.count(SKIPPED)} skipped.")
    for problem in preview.problems:
        click.echo(f"REFUSED {problem}", err=True)
    if preview.problems:
        click.echo("Nothing imported: fix the embedded files above first.", err=True)
        sys.exit(1)
    if not yes:
        click.echo("Nothing written (preview). Run again with --yes to import the questions as drafts.")
        return
    try:
        created = services.import_questions(preview.importable, author.id, utcnow(),
                                            services.ImportChoice(topic, subtopic), language)
    except services.AuthoringError as error:
        if error.code == "no_topic":
            click.echo(f"No topic for {error.detail!r}: its category names none; give --topic and --subtopic. "
                       "Nothing imported.", err=True)
            sys.exit(1)
        raise
    click.echo(f"{len(created)} draft(s) written; a reviewer approves them before learners see them.")
    if created.tasks:
        click.echo(f"{len(created.tasks)} essay(s) imported as draft writing tasks: {', '.join(t.id for t in created.tasks)}.")


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), required=True)
@click.option("--topic", help="Only this topic (default: the whole bank).")
@click.option("--drafts", is_flag=True, help="Include questions not yet approved.")
@click.option("--language", type=click.Choice(("lv", "ru", "en")), default="lv", show_default=True,
              help="GIFT holds one language: which.")
@click.option("--output", type=click.Path(path_type=Path), required=True,
              help="A file (moodle, gift) or a folder (yaml: questions/<topic>/<subtopic>.yaml under it).")
def bank_export(fmt, topic, drafts, language, output):
    """Export questions to Moodle XML, GIFT or the repository's own YAML."""
    questions = services.exported_questions(topic, include_drafts=drafts)
    written = write_file(fmt, questions, language)
    if fmt == "yaml":
        for relative, text in written.items():
            target = output / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        click.echo(f"{len(questions)} question(s) in {len(written)} file(s) under {output}.")
    else:
        output.write_bytes(written)
        click.echo(f"{len(questions)} question(s) written to {output}.")
