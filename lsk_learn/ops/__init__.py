"""Operating the platform: backup and restore, health checks, the first administrator, and the
gunicorn access log. The `flask` commands are registered from lsk_learn/cli.py."""


def init_app(app) -> None:
    from .commands import backup_command, create_admin_command, health_command, restore_command

    for command in (backup_command, restore_command, health_command, create_admin_command):
        app.cli.add_command(command)
