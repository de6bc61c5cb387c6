"""The form that starts a practice session."""
from flask_babel import lazy_gettext as _l
from ..core.forms import BaseForm
from wtforms import RadioField, SelectField, SubmitField
from wtforms.validators import DataRequired, InputRequired


class PracticeStartForm(BaseForm):
    topic = RadioField(_l("Topic"), validators=[InputRequired(message=_l("Choose a topic."))])
    subtopic = SelectField(_l("Part of the topic"), choices=[], validate_choice=True)
    count = RadioField(_l("Number of questions"), coerce=int,
                       validators=[DataRequired(message=_l("Choose how many questions."))])
    submit = SubmitField(_l("Start practice"))
