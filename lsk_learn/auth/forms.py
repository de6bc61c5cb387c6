"""Sign-in, profile and password forms."""
from flask_babel import lazy_gettext as _l
from ..core.forms import BaseForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length, Optional, Email

from ..core.i18n import LANGUAGE_NAMES

MIN_PASSWORD = 8


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
                    Length(min=MIN_PASSWORD, max=128, message=_l("The password must be at least %(num)d characters long.", num=MIN_PASSWORD))],
    )
    confirm = PasswordField(
        _l("New password again"),
        validators=[DataRequired(message=_l("Enter the new password again.")),
                    EqualTo("new_password", message=_l("The two new passwords are not the same."))],
    )
    submit = SubmitField(_l("Change password"))
