"""Thin `flask` commands that call services: bank check/sync/stats, demo data, users; the operator's
commands (backup, restore, health, create-admin) are in lsk_learn/ops/."""
import sys

import click
from flask import current_app

from .activity.services import rebuild_activity
from .auth.accounts import NameTaken, create_account, reset_password
from .auth.credentials import find_user
from .auth.roles import Role
from .audio.cli import register as register_audio_commands
from .authoring.cli import register as register_exchange_commands
from .bank.loader import load_bank
from .bank.stats import bank_stats, format_stats
from .bank.sync import sync_bank
from .cohorts.questions import refresh_programme_statistics
from .core.time import utcnow
from .demo import create_demo_data
from .extensions import db
from .ops import init_app as init_ops

bank_cli = click.Group("bank", help="Check and import the question bank; exchange questions with Moodle.")
users_cli = click.Group("users", help="Manage user accounts.")
activity_cli = click.Group("activity", help="The per-person activity tables (per day, per month) behind the reports.")
stats_cli = click.Group("stats", help="The whole programme's item statistics.")


def _load_checked_bank():
    bank = load_bank(current_app.config["QUESTION_BANK_PATH"])
    for problem in bank.problems:
        click.echo(str(problem), err=True)
    return bank


@bank_cli.command("check")
def bank_check():
    """Validate every bank file; print each problem as file:line: message."""
    bank = _load_checked_bank()
    if not bank.ok:
        click.echo(f"{len(bank.problems)} problem(s) found.", err=True)
        sys.exit(1)
    click.echo(
        f"OK: {len(bank.topics)} topics, {len(bank.questions)} questions, {len(bank.passages)} passages, "
        f"{len(bank.lessons)} lessons, {len(bank.vocabulary)} vocabulary entries, {len(bank.tasks)} tasks."
    )


@bank_cli.command("stats")
def bank_stats_command():
    """Print the bank's coverage: counts by topic, subtopic, type and difficulty."""
    bank = _load_checked_bank()
    for line in format_stats(bank_stats(bank)):
        click.echo(line)
    if not bank.ok:
        click.echo(f"(items with problems are not counted: {len(bank.problems)} problem(s) above)", err=True)
        sys.exit(1)


@bank_cli.command("sync")
def bank_sync():
    """Import the bank into the database; safe to run again (changes nothing the second time)."""
    bank = _load_checked_bank()
    if not bank.ok:
        click.echo("Nothing imported: fix the problems above first.", err=True)
        sys.exit(1)
    report = sync_bank(bank, utcnow())
    for line in report.lines():
        click.echo(line)
    click.echo("Changed." if report.changed else "No changes.")


@users_cli.command("create")
@click.argument("username")
@click.option("--name", "display_name", required=True, help="The person's full name.")
@click.option("--role", type=click.Choice([r.value for r in Role]), default=Role.LEARNER.value)
def users_create(username, display_name, role):
    """Create an account and print its temporary password once."""
    try:
        user, password = create_account(username, display_name, role)
    except NameTaken:
        click.echo(f"The user name {username!r} is already taken.", err=True)
        sys.exit(1)
    click.echo(f"Created {user.username} ({role}); temporary password: {password}")


@users_cli.command("reset-password")
@click.argument("username")
def users_reset_password(username):
    """Give an account a new temporary password and print it once."""
    user = find_user(username)
    if user is None:
        click.echo(f"No user named {username!r}.", err=True)
        sys.exit(1)
    password = reset_password(user, audited=False)
    click.echo(f"New temporary password for {user.username}: {password}")


@click.command("demo")
@click.option("--seed", default=2026, show_default=True, help="Seed for the generated activity.")
def demo_command(seed):
    """Sync the bank and create demo users, cohorts and weeks of activity (once)."""
    bank = _load_checked_bank()
    if not bank.ok:
        click.echo("The bank has problems; demo data needs a clean bank.", err=True)
        sys.exit(1)
    sync_bank(bank, utcnow())
    result = create_demo_data(utcnow(), seed)
    if result is None:
        click.echo("Demo data is already present; passwords were not changed. "
                   "Use `flask users reset-password NAME` for a new one.")
        return
    click.echo("Demo accounts (the passwords are shown only now):")
    for username, role, password in result.accounts:
        click.echo(f"  {role:<12} {username:<14} {password}")
    click.echo(f"{result.cohorts} cohorts, {result.learners} learners, {result.answers} practice answers, "
               f"{result.mock_exams} mock exams, {result.sessions} class sessions, {result.outcomes} exam outcomes.")
    click.echo("Other demo learners (demo01…demo36) have random passwords: `flask users reset-password demo01`.")


@activity_cli.command("rebuild")
def activity_rebuild():
    """Recount daily_activity from the answers, sessions, lessons and mock exams, and
    monthly_activity from it and the attendance marks (after a restore or a bulk load that bypassed
    the application); safe to run again."""
    days = rebuild_activity()
    db.session.commit()
    click.echo(f"Rebuilt: {days} person-days.")


@stats_cli.command("refresh")
def stats_refresh():
    """Recompute the item statistics of all groups (the "Difficult questions: all groups" page);
    run hourly by deploy/systemd/lsk-learn-stats.timer."""
    click.echo(f"Item statistics for {refresh_programme_statistics(utcnow())} questions.")


def init_app(app) -> None:
    app.cli.add_command(activity_cli)
    app.cli.add_command(stats_cli)
    register_exchange_commands(bank_cli)  # bank import / bank export (authoring/cli.py)
    register_audio_commands(bank_cli)  # bank audio: the synthetic voice (audio/cli.py)
    app.cli.add_command(bank_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(demo_command)
    init_ops(app)
