"""Forms for managing accounts and the managed lists."""
import re

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp, ValidationError

from ..auth.accounts import username_taken
from ..auth.roles import Role
from ..core.forms import BaseForm
from ..core.i18n import LANGUAGE_NAMES

ROLE_LABELS = {
    Role.LEARNER: _l("Learner"),
    Role.TEACHER: _l("Teacher"),
    Role.COORDINATOR: _l("Coordinator"),
    Role.ADMIN: _l("Administrator"),
}


class UserCreateForm(BaseForm):
    username = StringField(
        _l("User name"),
        validators=[DataRequired(message=_l("Enter a user name.")), Length(min=3, max=64),
                    Regexp(r"^[A-Za-z0-9._-]+$", flags=re.ASCII,
                           message=_l("Use only Latin letters, digits, dots, hyphens and underscores."))],
    )
    display_name = StringField(_l("Full name"), validators=[DataRequired(message=_l("Enter the person's name.")), Length(max=120)])
    email = EmailField(_l("E-mail (optional)"), validators=[Optional(), Email(message=_l("Enter a valid e-mail address.")), Length(max=254)])
    role = SelectField(_l("Role"), choices=[(role.value, label) for role, label in ROLE_LABELS.items()])
    locale = SelectField(_l("Language"), choices=list(LANGUAGE_NAMES.items()))
    submit = SubmitField(_l("Create account"))

    def validate_username(self, field):
        if username_taken(field.data):
            raise ValidationError(_l("This user name is already taken."))


class ConfirmForm(BaseForm):
    """A bare form for POST buttons: CSRF protection and nothing else."""

    submit = SubmitField(_l("Confirm"))


class MunicipalityForm(BaseForm):
    name = StringField(_l("Municipality"), validators=[DataRequired(message=_l("Enter a name.")), Length(max=80)])
    submit = SubmitField(_l("Add"))


class TargetGroupForm(BaseForm):
    code = StringField(_l("Code"), validators=[DataRequired(message=_l("Enter a code.")), Length(max=30)])
    name_lv = StringField(_l("Name in Latvian"), validators=[DataRequired(message=_l("Enter a name.")), Length(max=80)])
    name_ru = StringField(_l("Name in Russian"), validators=[Optional(), Length(max=80)])
    name_en = StringField(_l("Name in English"), validators=[Optional(), Length(max=80)])
    submit = SubmitField(_l("Add"))
