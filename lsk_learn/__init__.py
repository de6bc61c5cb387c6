"""LSK Learn: preparation for the Latvian naturalisation examinations."""
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from .config import PROJECT_ROOT, Config
from .extensions import babel, csrf, db, limiter, migrate


def create_app(config: object | None = None) -> Flask:
    """Build the application: config, extensions, blueprints and commands. No side effects."""
    app = Flask(
        __name__,
        instance_path=str(PROJECT_ROOT / "instance"),
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    app.config.from_object(config or Config(Path(app.instance_path)))
    from .core.converters import install as install_converters  # before any blueprint registers a rule
    install_converters(app)

    from . import models  # noqa: F401  every model registered before migrations look
    from .core import i18n, web
    from .auth.routes import bp as auth_bp, init_login
    from .auth import two_factor_routes  # noqa: F401  routes on the auth blueprint
    from .auth import required_steps
    from .security import audit, errors as security_errors
    from .admin.routes import bp as admin_bp
    from .home.routes import bp as home_bp
    from .learn.routes import bp as learn_bp
    from .exams.routes import bp as exams_bp
    from .review.routes import bp as review_bp
    from .cohorts.blueprint import bp as cohorts_bp  # the route table; it imports the cohorts views
    from .reports.routes import bp as reports_bp
    from .privacy.routes import bp as privacy_bp
    from .authoring.routes import bp as authoring_bp
    from .authoring import lesson_routes  # noqa: F401  the lesson editor, on the authoring blueprint
    from .authoring import task_routes  # noqa: F401  imported writing tasks, on the authoring blueprint
    from .attachments.routes import bp as attachments_bp
    from .exams import keep_alive as exam_keep_alive
    from .site.routes import bp as site_bp
    from .offline.routes import bp as offline_bp
    from .audio.routes import bp as audio_bp
    from . import cli

    db.init_app(app)
    from .core import autocommit
    autocommit.init_app(app)  # first of the hooks: it must run before any query
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"), render_as_batch=True)  # SQLite ALTERs
    csrf.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale, timezone_selector=i18n.select_timezone)
    init_login(app)
    limiter.init_app(app)
    required_steps.init_app(app)
    exam_keep_alive.init_app(app)
    for blueprint in (site_bp, auth_bp, admin_bp, home_bp, learn_bp, exams_bp, review_bp, cohorts_bp, reports_bp,
                      privacy_bp, authoring_bp, audio_bp, attachments_bp, offline_bp):
        app.register_blueprint(blueprint)
    web.init_app(app)
    i18n.init_app(app)
    security_errors.init_app(app)
    audit.init_app(app)
    cli.init_app(app)
    if app.config.get("PROXY_HOPS"):  # behind nginx: the client's address and scheme from its headers
        hops = app.config["PROXY_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    return app
