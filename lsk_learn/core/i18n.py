"""Language choice and translated content in templates."""
from flask import current_app, request, session
from flask_babel import get_locale
from flask_login import current_user

# The interface languages, Latvian first (the default and the fallback for content).
LANGUAGES = ("lv", "ru", "en")
LANGUAGE_NAMES = {"lv": "Latviešu", "ru": "Русский", "en": "English"}


def select_locale() -> str:
    """The user's saved language, else the one chosen this visit, else the browser's, else Latvian."""
    languages = current_app.config["LANGUAGES"]
    if current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    if session.get("locale") in languages:
        return session["locale"]
    return request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]


def select_timezone() -> str:
    return current_app.config["BABEL_DEFAULT_TIMEZONE"]


def translate_content(texts: dict | None, lang: str | None = None) -> str:
    """Pick the text in `lang` (default: the page's language) from a {lv, ru, en} mapping, else Latvian."""
    if not texts:
        return ""
    lang = lang or str(get_locale())
    return texts.get(lang) or texts.get("lv", "")


def init_app(app) -> None:
    app.jinja_env.filters["tr"] = translate_content
    app.jinja_env.globals["language_names"] = LANGUAGE_NAMES

    @app.context_processor
    def inject_locale():
        return {"current_locale": str(get_locale())}
