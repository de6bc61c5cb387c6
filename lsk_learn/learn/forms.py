"""The form that starts a practice session. The part of the topic is not a WTForms field: each
topic has its own group of parts (named part-<topic id>), and only the chosen topic's is read."""
from flask_babel import lazy_gettext as _l
from ..core.forms import BaseForm
from wtforms import RadioField, SubmitField
from wtforms.validators import DataRequired, InputRequired


class PracticeStartForm(BaseForm):
    topic = RadioField(_l("Topic"), validators=[InputRequired(message=_l("Choose a topic."))])
    count = RadioField(_l("Number of questions"), coerce=int,
                       validators=[DataRequired(message=_l("Choose how many questions."))])
    submit = SubmitField(_l("Start practice"))


def part_field(topic_id: str) -> str:
    return f"part-{topic_id}"
