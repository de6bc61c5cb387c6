"""LSK Learn: preparation for the Latvian naturalisation examinations."""
from pathlib import Path

from flask import Flask

from .config import PROJECT_ROOT, Config
from .extensions import babel, csrf, db, migrate


def create_app(config: object | None = None) -> Flask:
    """Build the application: config, extensions, blueprints and commands. No side effects."""
    app = Flask(
        __name__,
        instance_path=str(PROJECT_ROOT / "instance"),
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    app.config.from_object(config or Config(Path(app.instance_path)))

    from . import models  # noqa: F401  every model registered before migrations look
    from .core import i18n, web
    from .auth.routes import bp as auth_bp, init_login
    from .admin.routes import bp as admin_bp
    from .learn.routes import bp as learn_bp
    from .exams.routes import bp as exams_bp
    from .review.routes import bp as review_bp
    from .cohorts import routes as _cohorts, routes_assign, routes_attendance, routes_enrol, routes_grading  # noqa: F401
    from .cohorts.blueprint import bp as cohorts_bp
    from .reports.routes import bp as reports_bp
    from .core.routes import bp as core_bp
    from . import cli

    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"), render_as_batch=True)  # SQLite ALTERs
    csrf.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale, timezone_selector=i18n.select_timezone)
    init_login(app)
    for blueprint in (core_bp, auth_bp, admin_bp, learn_bp, exams_bp, review_bp, cohorts_bp, reports_bp):
        app.register_blueprint(blueprint)
    web.init_app(app)
    i18n.init_app(app)
    cli.init_app(app)
    return app
