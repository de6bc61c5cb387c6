"""Forms of the teachers' area."""
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    BooleanField, DateField, EmailField, HiddenField, IntegerField, RadioField, SelectField, SelectMultipleField,
    StringField, SubmitField, TextAreaField,
)
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional, Regexp, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ..core.forms import BaseForm

LANGUAGE_CHOICES = [("lv", _l("Latvian")), ("ru", _l("Russian")), ("uk", _l("Ukrainian")), ("be", _l("Belarusian")),
                    ("pl", _l("Polish")), ("lt", _l("Lithuanian")), ("en", _l("English")), ("other", _l("Other"))]


class CheckboxListField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class CohortForm(BaseForm):
    name = StringField(_l("Name of the group"), validators=[DataRequired(message=_l("Enter a name.")), Length(max=120)])
    municipality = SelectField(_l("Municipality"), validators=[DataRequired(message=_l("Choose a municipality."))])
    starts_on = DateField(_l("Starts on"), validators=[DataRequired(message=_l("Enter the start date."))])
    ends_on = DateField(_l("Ends on"), validators=[Optional()])
    schedule = TextAreaField(_l("Schedule"), validators=[Optional(), Length(max=500)],
                             description=_l("For example: Tuesdays and Thursdays 10:00–12:00, Daugavpils library."))
    target_groups = CheckboxListField(_l("Target groups it serves"))
    teachers = CheckboxListField(_l("Teachers"), coerce=int)
    submit = SubmitField(_l("Save"))

    def validate_ends_on(self, field):
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError(_l("The end date cannot be before the start date."))


class LearnerForm(BaseForm):
    name = StringField(_l("Full name"), validators=[DataRequired(message=_l("Enter the person's name.")), Length(max=120)])
    birth_year = IntegerField(_l("Year of birth"), validators=[
        DataRequired(message=_l("Enter the year of birth.")),
        NumberRange(min=1900, max=2021, message=_l("Enter a year between 1900 and 2021."))])
    municipality = SelectField(_l("Municipality"), coerce=int)
    target_groups = CheckboxListField(_l("Target groups"))
    language = SelectField(_l("Main language"), choices=LANGUAGE_CHOICES)
    phone = StringField(_l("Phone (optional)"), validators=[
        Optional(), Regexp(r"^\+?[\d\s-]{7,20}$", message=_l("Enter a phone number of digits, for example +371 20000000."))])
    email = EmailField(_l("E-mail (optional)"), validators=[Optional(), Email(message=_l("Enter a valid e-mail address.")), Length(max=254)])
    consent = RadioField(_l("Consent to process the data for the programme"), choices=[("yes", _l("Given")), ("no", _l("Not yet"))],
                         default="yes")
    submit = SubmitField(_l("Add learner"))


class ImportForm(BaseForm):
    file = FileField(_l("CSV or XLSX file"), validators=[
        FileRequired(message=_l("Choose a file.")),
        FileAllowed(["csv", "xlsx"], message=_l("The file must be a CSV or XLSX (Excel) file."))])
    submit = SubmitField(_l("Check the file"))


class ConfirmImportForm(BaseForm):
    """The confirm step of an import: the checked list (signed) and the teacher's word on consent."""
    payload = HiddenField()
    # accounts are created for people who agreed to it: the import waits for this box
    consent = BooleanField(_l("These people have given consent to process their data for the programme."),
                           validators=[DataRequired(message=_l("Tick this box to confirm their consent; without it nobody is added."))])


class NoteForm(BaseForm):
    text = TextAreaField(_l("Note"), validators=[DataRequired(message=_l("Write the note first.")), Length(max=2000)])
    submit = SubmitField(_l("Add note"))


class MoveForm(BaseForm):
    target = SelectField(_l("Move to group"), coerce=int)
    submit = SubmitField(_l("Move"))


class AttendanceSessionForm(BaseForm):
    held_on = DateField(_l("Date"), validators=[DataRequired(message=_l("Enter the date."))])
    topic = StringField(_l("Topic (optional)"), validators=[Optional(), Length(max=200)])
    submit = SubmitField(_l("Create and mark attendance"))


class AssignmentForm(BaseForm):
    kind = RadioField(_l("What to assign"), choices=[("lesson", _l("A lesson")), ("practice", _l("Practice in a topic")),
                                                      ("mock_exam", _l("A mock exam"))],
                      validators=[DataRequired(message=_l("Choose what to assign."))])
    lesson = SelectField(_l("Lesson"), validate_choice=False)
    topic = SelectField(_l("Topic"), validate_choice=False)
    exam = SelectField(_l("Mock exam"), validate_choice=False)
    due_on = DateField(_l("Due date (optional)"), validators=[Optional()])
    learners = CheckboxListField(_l("Only these learners (none ticked: the whole group)"), coerce=int)
    submit = SubmitField(_l("Assign"))

    def chosen_target(self) -> str | None:
        field = {"lesson": self.lesson, "practice": self.topic, "mock_exam": self.exam}.get(self.kind.data)
        if field is None or field.data not in {value for value, _label in field.choices}:
            return None
        return field.data


class JoinForm(BaseForm):
    code = StringField(_l("Group code"), validators=[DataRequired(message=_l("Enter the code your teacher gave you.")),
                                                    Length(min=4, max=12)])
    submit = SubmitField(_l("Join the group"))
