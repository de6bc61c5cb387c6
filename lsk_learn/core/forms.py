"""The base of every form: CSRF (Flask-WTF) and WTForms' own messages in the user's language.

WTForms ships no Latvian catalog, so its built-in messages are translated in ours: they are
listed below for extraction, and BaseForm routes WTForms' lookups through Flask-Babel.
"""
from flask_babel import get_translations
from flask_wtf import FlaskForm


def N_(message: str) -> str:
    """Marks a message for extraction without translating it here."""
    return message


def NP_(singular: str, plural: str) -> str:
    """Marks a message with a plural form for extraction."""
    return singular


WTFORMS_MESSAGES = (
    N_("This field is required."),
    N_("Not a valid choice."),
    N_("Invalid Choice: could not coerce."),
    N_("Not a valid integer value."),
    N_("Not a valid date value."),
    N_("Invalid email address."),
    N_("Invalid input."),
    N_("Field must be between %(min)d and %(max)d characters long."),
    NP_("Field must be at least %(min)d character long.", "Field must be at least %(min)d characters long."),
    NP_("Field cannot be longer than %(max)d character.", "Field cannot be longer than %(max)d characters."),
    N_("Number must be between %(min)s and %(max)s."),
    N_("Field must be equal to %(other_name)s."),
)


class _BabelTranslations:
    # WTForms formats the result itself, so these return the translation unformatted
    def gettext(self, string: str) -> str:
        return get_translations().ugettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return get_translations().ungettext(singular, plural, n)


class BaseForm(FlaskForm):
    class Meta:
        def get_translations(self, form):
            return _BabelTranslations()
