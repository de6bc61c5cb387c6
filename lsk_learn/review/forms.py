"""The daily-goal form of the revision page."""
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from wtforms import RadioField, SubmitField
from wtforms.validators import InputRequired

from ..core.forms import BaseForm
from ..domain.daily_goal import GOAL_CHOICES, minutes_for


def goal_label(goal: int) -> str:
    return "{} ({})".format(ngettext("%(num)d question a day", "%(num)d questions a day", goal),
                            ngettext("about %(num)d minute", "about %(num)d minutes", minutes_for(goal)))


class DailyGoalForm(BaseForm):
    goal = RadioField(_l("How many questions a day"), coerce=int,
                      validators=[InputRequired(message=_l("Choose how many questions a day."))])
    submit = SubmitField(_l("Save my goal"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.goal.choices = [(goal, goal_label(goal)) for goal in GOAL_CHOICES]
