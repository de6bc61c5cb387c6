"""Configuration from environment variables, with a test variant."""
import os
import secrets
from datetime import timedelta
from pathlib import Path

from .core.database import engine_options  # connection settings per database
from .core.i18n import LANGUAGES
from .core.time import RIGA_TIMEZONE_NAME

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_INSTANCE = PROJECT_ROOT / "instance"


class ConfigError(RuntimeError):
    """A setting the application refuses to start without."""


def _secret_key(instance_path: Path, database_url: str) -> str:
    """LSK_SECRET_KEY, or (SQLite only) a key generated once and kept in the instance folder.

    Every app server must sign cookies (sessions, CSRF tokens) with the same key, or a learner whose
    requests reach another server is signed out and their forms are refused. A key generated per
    machine cannot be shared, so with a server database (PostgreSQL, the multi-server path) the
    application refuses to start without LSK_SECRET_KEY."""
    from_env = os.environ.get("LSK_SECRET_KEY")
    if from_env:
        return from_env
    if not database_url.startswith("sqlite"):
        raise ConfigError(
            "LSK_SECRET_KEY is not set. With LSK_DATABASE_URL on a database server, every app server must "
            "sign sessions with the same key: put LSK_SECRET_KEY=<64 hex digits, e.g. from "
            "`python3 -c 'import secrets; print(secrets.token_hex(32))'`> in the environment "
            "(/etc/lsk-learn/env).")
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


class Config:
    """Production/development settings read from the environment."""

    LANGUAGES = LANGUAGES
    BABEL_DEFAULT_LOCALE = "lv"
    BABEL_DEFAULT_TIMEZONE = RIGA_TIMEZONE_NAME
    BABEL_TRANSLATION_DIRECTORIES = str(PROJECT_ROOT / "lsk_learn" / "translations")
    QUESTION_BANK_PATH = os.environ.get("LSK_QUESTION_BANK", str(PROJECT_ROOT / "question_bank"))
    # images and audio of questions (attachments/storage.py); unset: <instance>/attachments
    ATTACHMENT_DIR = os.environ.get("LSK_ATTACHMENT_DIR")
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    WTF_CSRF_TIME_LIMIT = None  # a learner may sit on one question for a long time
    PRACTICE_SIZES = (5, 10, 20)
    TESTING = False

    # Exam settings whose official values are not confirmed (shared exam-format notes); override
    # with environment variables of the same name prefixed by LSK_.
    KNOWLEDGE_EXAM_MINUTES = int(os.environ.get("LSK_KNOWLEDGE_EXAM_MINUTES", "45"))
    ANTHEM_MAX_ERRORS = int(os.environ.get("LSK_ANTHEM_MAX_ERRORS", "2"))
    LISTENING_MINUTES = int(os.environ.get("LSK_LISTENING_MINUTES", "25"))
    READING_MINUTES = int(os.environ.get("LSK_READING_MINUTES", "25"))
    WRITING_MINUTES = int(os.environ.get("LSK_WRITING_MINUTES", "40"))
    SPEAKING_MINUTES = int(os.environ.get("LSK_SPEAKING_MINUTES", "15"))
    LANGUAGE_QUESTIONS_PER_SKILL = int(os.environ.get("LSK_LANGUAGE_QUESTIONS_PER_SKILL", "12"))
    EXAM_GRACE_SECONDS = 30  # answers sent just before the deadline may arrive a little after it

    # Uploads (the enrolment list) may be UPLOAD_MAX_MB; a larger request is refused with 413 before
    # its body is read (1 MB margin for the form around the file). Text fields: the checked import
    # list of up to 500 people travels in one hidden field.
    UPLOAD_MAX_MB = 2
    MAX_CONTENT_LENGTH = (UPLOAD_MAX_MB + 1) * 1024 * 1024
    MAX_FORM_MEMORY_SIZE = 1024 * 1024
    # Listening audio (lsk_learn/audio/): files under AUDIO_DIR; a mock exam lets a passage be
    # played LISTENING_PLAYS times, as the real test does
    AUDIO_DIR = os.environ.get("LSK_AUDIO_DIR", str(DEFAULT_INSTANCE / "audio"))
    LISTENING_PLAYS = int(os.environ.get("LSK_LISTENING_PLAYS", "2"))
    # learner accounts with no sign-in or activity for this long are erased by `flask privacy retention --apply`
    RETENTION_MONTHS = int(os.environ.get("LSK_RETENTION_MONTHS", "36"))

    # Sign-in sessions (security/sessions.py): ended after this long without activity, and at the
    # absolute lifetime; never while the learner's mock exam is running. No remember-me cookie.
    STAFF_IDLE_MINUTES = int(os.environ.get("LSK_STAFF_IDLE_MINUTES", "30"))
    LEARNER_IDLE_MINUTES = int(os.environ.get("LSK_LEARNER_IDLE_MINUTES", "120"))
    SESSION_MAX_HOURS = int(os.environ.get("LSK_SESSION_MAX_HOURS", "12"))
    PERMANENT_SESSION_LIFETIME = timedelta(hours=SESSION_MAX_HOURS)
    REQUIRE_ADMIN_TWO_FACTOR = os.environ.get("LSK_REQUIRE_ADMIN_2FA", "1") != "0"
    # Flask-Limiter: Redis shares the sign-in counts between app servers; memory is per process
    RATELIMIT_STORAGE_URI = os.environ.get("LSK_REDIS_URL") or "memory://"
    RATELIMIT_STRATEGY = "moving-window"
    RATELIMIT_HEADERS_ENABLED = True
    # Password checks at once per app process (auth/credentials.py), and how long a sign-in waits
    # for one before "many people are signing in, try again"
    PASSWORD_CHECKS_PER_PROCESS = int(os.environ.get("LSK_PASSWORD_CHECKS_PER_PROCESS", "1"))
    PASSWORD_CHECK_WAIT_SECONDS = float(os.environ.get("LSK_PASSWORD_CHECK_WAIT_SECONDS", "10"))
    # Behind nginx: how many proxies set X-Forwarded-For/-Proto (werkzeug ProxyFix); 0 = none
    PROXY_HOPS = int(os.environ.get("LSK_PROXY_HOPS", "0"))

    def __init__(self, instance_path: Path = DEFAULT_INSTANCE):
        self.SQLALCHEMY_DATABASE_URI = os.environ.get(
            "LSK_DATABASE_URL", f"sqlite:///{instance_path / 'lsk_learn.sqlite3'}"
        )
        self.SECRET_KEY = _secret_key(instance_path, self.SQLALCHEMY_DATABASE_URI)
        self.SQLALCHEMY_ENGINE_OPTIONS = engine_options(self.SQLALCHEMY_DATABASE_URI)
        self.SESSION_COOKIE_SECURE = os.environ.get("LSK_SECURE_COOKIES", "0") == "1"
        self.AUDIO_DIR = os.environ.get("LSK_AUDIO_DIR", str(instance_path / "audio"))


class TestConfig(Config):
    """Settings for the test suite: a given database URL, fixed secret, no CSRF time limit."""

    TESTING = True
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"  # fast hashing for tests only; production uses scrypt
    WTF_CSRF_ENABLED = False  # tests/web/test_security.py turns it back on to prove it works
    REQUIRE_ADMIN_TWO_FACTOR = False  # tests/web/test_sign_in_safety.py turns it on to prove it works
    RATELIMIT_STORAGE_URI = "memory://"  # emptied after every test (tests/conftest.py)

    def __init__(self, database_url: str, question_bank_path: str | None = None):
        self.SECRET_KEY = "test-secret-key-not-for-production"
        self.SQLALCHEMY_DATABASE_URI = database_url
        self.SQLALCHEMY_ENGINE_OPTIONS = engine_options(database_url)
        self.SESSION_COOKIE_SECURE = False
        if question_bank_path:
            self.QUESTION_BANK_PATH = question_bank_path
