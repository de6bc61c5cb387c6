"""What a teacher or learner is told when an audio action is refused."""
from flask import current_app
from flask_babel import gettext as _

from .formats import MAX_AUDIO_BYTES


def refusal(code: str) -> str:
    messages = {
        "no_file": lambda: _("Choose an audio file or record the passage first."),
        "empty": lambda: _("The file is empty. Please record again or choose another file."),
        "too_large": lambda: _("The file is larger than %(mb)d MB. Please send a shorter recording.",
                               mb=MAX_AUDIO_BYTES // (1024 * 1024)),
        "not_audio": lambda: _("This file is not a recording we can play (Ogg, MP3, WAV, WebM or M4A audio). "
                               "Please record again or choose an audio file."),
        "too_long": lambda: _("The recording is longer than 15 minutes. Please send only the passage."),
        "not_waiting": lambda: _("This recording is no longer waiting for review."),
        "own_recording": lambda: _("You cannot approve your own recording: another teacher or an administrator reviews it."),
        "comment_needed": lambda: _("Say what should change, so the author knows what to record again."),
        "limit": lambda: _("You have played this recording %(n)d times, as many as the exam allows.",
                           n=current_app.config["LISTENING_PLAYS"]),
        "exam_over": lambda: _("This exam is over, so the recording can no longer be played here."),
    }
    return messages[code]()
