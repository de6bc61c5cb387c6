"""The learner's exam profile form."""
from flask_babel import lazy_gettext as _l
from wtforms import DateField, IntegerField, SelectMultipleField, SubmitField
from wtforms.validators import NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from ..core.forms import BaseForm
from ..domain import exam_rules as rules

EXEMPTION_LABELS = {
    rules.BASIC_EDUCATION_LV: _l("Basic education mostly in Latvian (exempt from both tests)"),
    rules.HIGHER_EDUCATION_LV: _l("Higher education in Latvian, document not older than 5 years (exempt from the language test)"),
    rules.CENTRALISED_EXAM: _l("Centralised Latvian exam at the required level, certificate valid (exempt from the language test)"),
    rules.DISABILITY_GROUP_1: _l("Disability group I (exempt from both tests)"),
    rules.DISABILITY_NO_WRITING: _l("Disability: exempt from the writing part"),
    rules.DISABILITY_NO_SPEAKING: _l("Disability: exempt from the speaking part"),
    rules.DISABILITY_NO_LISTENING_SPEAKING: _l("Disability: exempt from the listening and speaking parts"),
}


class CheckboxListField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ExamProfileForm(BaseForm):
    birth_year = IntegerField(
        _l("Year of birth"), validators=[Optional(), NumberRange(min=1900, max=2015, message=_l("Enter a year between 1900 and 2015."))],
        description=_l("People aged 65 or over do not sit the writing part of the language test."),
    )
    exemptions = CheckboxListField(_l("Exemptions you hold"), choices=list(EXEMPTION_LABELS.items()))
    planned_exam_date = DateField(_l("Planned exam date"), validators=[Optional()],
                                  description=_l("As the date approaches, your daily review puts your weakest questions first."))
    submit = SubmitField(_l("Save"))
