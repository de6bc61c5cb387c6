"""The erasure confirmation: the person's user name typed in full, so nobody is erased by a slip."""
from flask_babel import lazy_gettext as _l
from wtforms import StringField, SubmitField
from wtforms.validators import DataRequired, Length, ValidationError

from ..core.forms import BaseForm


class EraseForm(BaseForm):
    username = StringField(_l("Type the person’s user name to confirm"),
                           validators=[DataRequired(message=_l("Enter a user name.")), Length(max=64)])
    submit = SubmitField(_l("Erase this person’s personal data"))

    def __init__(self, expected: str, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.expected = expected

    def validate_username(self, field):
        if field.data.strip().casefold() != self.expected.casefold():
            raise ValidationError(_l("This is not the person’s user name."))
