"""Flags for dubious questions, read from classical item statistics (see item_stats.ItemStats).

The thresholds are the usual rules of thumb of classical test theory, the ones Moodle's quiz
statistics report documents (docs.moodle.org, "Quiz report statistics"); Moodle's own table marks
a question dubious when its discriminative efficiency is below 15% (quiz_statistics_table::
is_dubious_question). They flag a question to look at, not a verdict.
"""

TOO_HARD, TOO_EASY, LOW_DISCRIMINATION, NEGATIVE_DISCRIMINATION, DISTRACTOR_OVER_KEY = (
    "too_hard", "too_easy", "low_discrimination", "negative_discrimination", "distractor_over_key")
FLAGS = (TOO_HARD, TOO_EASY, LOW_DISCRIMINATION, NEGATIVE_DISCRIMINATION, DISTRACTOR_OVER_KEY)

# Our choice, not Moodle's: below 20 answers one learner moves the facility by over 5 points.
MIN_ANSWERS = 20
# Below 20% right a question is difficult, and near 0% something is likely wrong with it.
TOO_HARD_BELOW = 0.20
# Above 95% right a question is extremely easy: it tells almost nobody apart.
TOO_EASY_ABOVE = 0.95
# Below 0 the weaker learners get it right more than the stronger: probably an invalid question.
NEGATIVE_BELOW = 0.0
# Under 0.2 discrimination is weak; Moodle's dubious mark is 15% (of efficiency): we flag below 0.15.
LOW_BELOW = 0.15


def item_flags(answered: int, wrong: int, discrimination: float | None,
               common_wrong_count: int) -> list[str]:
    """The flags of one question, in the order of FLAGS: `answered` and `wrong` count the learners'
    answers, `discrimination` is the point-biserial with the rest score (None when not computed),
    `common_wrong_count` how often the most chosen wrong choice was chosen."""
    if not 0 <= wrong <= answered:
        raise ValueError(f"wrong={wrong} is not between 0 and answered={answered}")
    if answered < MIN_ANSWERS:
        return []
    right = answered - wrong
    facility = right / answered
    flags = []
    if facility < TOO_HARD_BELOW:
        flags.append(TOO_HARD)
    if facility > TOO_EASY_ABOVE:
        flags.append(TOO_EASY)
    if discrimination is not None and NEGATIVE_BELOW <= discrimination < LOW_BELOW:
        flags.append(LOW_DISCRIMINATION)
    if discrimination is not None and discrimination < NEGATIVE_BELOW:
        flags.append(NEGATIVE_DISCRIMINATION)
    # One wrong choice picked more often than the key: the classic sign of a wrong key.
    if common_wrong_count > right:
        flags.append(DISTRACTOR_OVER_KEY)
    return flags
