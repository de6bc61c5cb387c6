"""Names of exams and parts as shown to people."""
from flask_babel import lazy_gettext as _l

from ..domain import exam_rules as rules

EXAM_NAMES = {
    rules.KNOWLEDGE: _l("Knowledge test: Satversme, anthem, history and culture"),
    rules.LANGUAGE: _l("Latvian language test"),
}
PART_NAMES = {
    rules.HISTORY: _l("History and culture"),
    rules.SATVERSME: _l("Satversme"),
    rules.ANTHEM: _l("National anthem"),
    rules.LISTENING: _l("Listening"),
    rules.READING: _l("Reading"),
    rules.WRITING: _l("Writing"),
    rules.SPEAKING: _l("Speaking"),
}
