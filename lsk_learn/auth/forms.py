"""Sign-in, profile and password forms."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from ..core.forms import BaseForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length, Optional, Email

from ..core.i18n import LANGUAGE_NAMES

from ..domain.password_policy import MAX_LENGTH, MIN_LENGTH, password_problem
from .common_passwords import common_passwords

MIN_PASSWORD = MIN_LENGTH


def password_policy_errors(password: str, username: str) -> list[str]:
    """The reasons a chosen password is refused, in the user's language (none: it may be used)."""
    problem = password_problem(password or "", username or "", common_passwords())
    messages = {
        "too_short": lambda: _("The password must be at least %(num)d characters long. A few words with spaces "
                               "make a good one, for example “zaļš ābols uz galda”.", num=MIN_LENGTH),
        "too_long": lambda: _("The password can be at most %(num)d characters long.", num=MAX_LENGTH),
        "common": lambda: _("This password is one of the most common ones and easy to guess. Please choose another, "
                            "for example a few words that only you would put together."),
        "user_name": lambda: _("The password must not be your user name."),
    }
    return [messages[problem]()] if problem else []


class LoginForm(BaseForm):
    username = StringField(_l("User name"), validators=[DataRequired(message=_l("Enter your user name.")), Length(max=64)])
    password = PasswordField(_l("Password"), validators=[DataRequired(message=_l("Enter your password."))])
    submit = SubmitField(_l("Sign in"))


class ProfileForm(BaseForm):
    display_name = StringField(_l("Your name"), validators=[DataRequired(message=_l("Enter your name.")), Length(max=120)])
    email = EmailField(_l("E-mail (optional)"), validators=[Optional(), Email(message=_l("Enter a valid e-mail address.")), Length(max=254)])
    locale = SelectField(_l("Language"), choices=list(LANGUAGE_NAMES.items()))
    large_text = BooleanField(_l("Large text on every page"))
    submit = SubmitField(_l("Save"))


class PasswordChangeForm(BaseForm):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired(message=_l("Enter your current password."))])
    new_password = PasswordField(
        _l("New password"),
        validators=[DataRequired(message=_l("Enter a new password.")),
                    Length(max=4 * MAX_LENGTH)],  # length and strength: password_policy_errors
    )
    confirm = PasswordField(
        _l("New password again"),
        validators=[DataRequired(message=_l("Enter the new password again.")),
                    EqualTo("new_password", message=_l("The two new passwords are not the same."))],
    )
    submit = SubmitField(_l("Change password"))


class TwoFactorCodeForm(BaseForm):
    code = StringField(_l("Code from your app"), validators=[DataRequired(message=_l("Enter the six-digit code.")),
                                                             Length(max=12)])
    submit = SubmitField(_l("Confirm"))
