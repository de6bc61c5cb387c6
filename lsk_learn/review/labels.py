"""Names of a word's grammar facts on a flashcard, in the page's language."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

PART_OF_SPEECH = {
    "noun": _l("noun"), "verb": _l("verb"), "adjective": _l("adjective"), "adverb": _l("adverb"),
    "pronoun": _l("pronoun"), "numeral": _l("numeral"), "preposition": _l("preposition"),
    "conjunction": _l("conjunction"), "phrase": _l("phrase"),
}
GENDER = {"m": _l("masculine"), "f": _l("feminine")}


def word_facts(word) -> list[str]:
    """What the deck says about a word's forms: part of speech, and for nouns gender and declension."""
    facts = [str(PART_OF_SPEECH[word.pos])] if word.pos in PART_OF_SPEECH else []
    if word.pos == "noun":
        if word.gender in GENDER:
            facts.append(str(GENDER[word.gender]))
        if word.declension == 0:
            facts.append(_("indeclinable"))
        elif word.declension:
            facts.append(_("declension %(n)d", n=word.declension))
    return facts
