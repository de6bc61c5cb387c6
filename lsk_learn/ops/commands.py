"""`flask backup`, `flask restore`, `flask health` and `flask create-admin`."""
import sys
from pathlib import Path

import click

from ..auth.accounts import NameTaken, create_account
from ..auth.roles import Role
from ..extensions import db
from .backup import BackupError, backup, restore
from .health import all_checks, migrations_at_head


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite PATH if it exists.")
def backup_command(path, force):
    """Write a backup of the whole database to PATH (SQLite: a database file; PostgreSQL: pg_dump -Fc).
    Safe while the app servers run."""
    try:
        backup(db.engine.url, path, overwrite=force)
    except BackupError as error:
        click.echo(f"Backup failed: {error}", err=True)
        sys.exit(1)
    click.echo(f"Backup written to {path} ({path.stat().st_size:,} bytes).")


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def restore_command(path, yes):
    """Replace everything in the configured database by the backup at PATH. Stop the app servers first."""
    url = db.engine.url
    where = url.database if url.get_backend_name() == "sqlite" else f"{url.database} on {url.host or 'localhost'}"
    if not yes:
        click.confirm(f"Every table in {where} will be replaced by the contents of {path}. Go on?", abort=True)
    db.session.remove()
    db.engine.dispose()  # this process's own connections must not hold locks the restore needs
    try:
        restore(url, path)
    except BackupError as error:
        click.echo(f"Restore failed: {error}", err=True)
        sys.exit(1)
    db.engine.dispose()
    migrations = migrations_at_head()
    click.echo(f"Restored {path} into {where}. Migrations: {migrations.message}.")


@click.command("health")
def health_command():
    """Check the database (a query), the migrations (at head) and Redis (when configured); exit 1 on a problem."""
    failed = False
    for check in all_checks():
        label = "ok" if check.ok and not check.warning else ("warning" if check.ok else "FAILED")
        click.echo(f"{check.name}: {label} ({check.message})", err=not check.ok)
        failed |= not check.ok
    sys.exit(1 if failed else 0)


@click.command("create-admin")
@click.argument("username")
@click.option("--name", "display_name", required=True, help="The administrator's full name.")
def create_admin_command(username, display_name):
    """Create an administrator and print a temporary password once. At first sign-in they must choose
    their own password and turn on two-step sign-in before anything else."""
    try:
        user, password = create_account(username, display_name, Role.ADMIN)
    except NameTaken:
        click.echo(f"The user name {username!r} is already taken.", err=True)
        sys.exit(1)
    click.echo(f"Created administrator {user.username}; temporary password (shown only now): {password}")
    click.echo("At first sign-in they choose their own password and turn on two-step sign-in.")
