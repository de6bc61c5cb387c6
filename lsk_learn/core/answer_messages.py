"""What to tell a learner about an answer that could not be taken, shared by practice and mock exams."""
from flask_babel import gettext as _

from ..domain.scoring import ResponseError

RESPONSE_MESSAGES = {
    "empty": lambda error: _("Choose or type an answer first."),
    "invalid": lambda error: _("That answer does not belong to this question. Please choose one of the options shown."),
    "too_long": lambda error: _("Your text has %(length)s characters, and at most %(limit)s fit here. It is not saved "
                                "yet: it is still in the box below, so you can shorten it and save again.",
                                length=error.length, limit=error.limit),
}


def response_message(error: ResponseError) -> str:
    """What to tell the learner about an answer that could not be taken, in their language."""
    return RESPONSE_MESSAGES[error.code](error)
