"""Forms of the coordinators' area."""
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, IntegerField, RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from ..core.forms import BaseForm


class ProgrammeForm(BaseForm):
    name = StringField(_l("Programme name"), validators=[DataRequired(message=_l("Enter a name.")), Length(max=160)])
    starts_on = DateField(_l("Starts on"), validators=[Optional()])
    ends_on = DateField(_l("Ends on"), validators=[Optional()])
    min_sessions_attended = IntegerField(_l("Attended at least this many sessions"), validators=[
        Optional(), NumberRange(min=1, max=500, message=_l("Enter a number from 1 to 500."))])
    min_lessons_percent = IntegerField(_l("Finished at least this share of the lessons assigned to them (%)"), validators=[
        Optional(), NumberRange(min=1, max=100, message=_l("Enter a percentage from 1 to 100."))])
    require_knowledge_mock_pass = BooleanField(_l("Passed a knowledge mock exam (every part)"))
    require_language_mock_pass = BooleanField(_l("Passed a language mock exam (every part)"))
    submit = SubmitField(_l("Save"))

    def validate_ends_on(self, field):
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError(_l("The end date cannot be before the start date."))


class OutcomeForm(BaseForm):
    learner = SelectField(_l("Participant"), coerce=int)
    kind = RadioField(_l("What happened"), choices=[
        ("registered", _l("Registered for the naturalisation exam")),
        ("language", _l("Took the Latvian language test")),
        ("knowledge", _l("Took the knowledge test")),
        ("citizenship", _l("Was granted citizenship"))], validators=[DataRequired(message=_l("Choose what happened."))])
    happened_on = DateField(_l("Date"), validators=[DataRequired(message=_l("Enter the date."))])
    result = RadioField(_l("Result (tests only)"), choices=[("passed", _l("Passed")), ("failed", _l("Not passed"))],
                        validate_choice=False)
    history = BooleanField(_l("History and culture part passed"))
    satversme = BooleanField(_l("Satversme part passed"))
    anthem = BooleanField(_l("Anthem part passed"))
    note = TextAreaField(_l("Note (optional)"), validators=[Optional(), Length(max=1000)])
    submit = SubmitField(_l("Record"))

    def validate_result(self, field):
        if field.data not in (None, "", "passed", "failed"):
            raise ValidationError(_l("Not a valid choice."))
        if self.kind.data in ("language", "knowledge") and not field.data:
            raise ValidationError(_l("Choose whether the test was passed."))

