"""A writing task's model answer checked against its own checklist (issue 16).

A learner who copies the model answer must not lose points, so whatever a checklist can count,
the model must have. The parts are read from the checklist's Latvian text, so the rule follows the
checklist as it is written (no second list to keep in step):

  „uzruna”      a greeting line first ("Labdien, Kalniņa kungs!", "Sveika, Marina!")
  „nobeigums”   a closing line of its own before the signature ("Ar cieņu", "Gaidīšu tevi!")
  „paraksts”    a name last ("J. Kozlova", "Tava Olga"); on a form, a name after the date
  „adrese”      a street and house number, or a postcode (LV-5401)
  „pasta indekss”  a postcode
  „datums”      a date ("2025. gada 6. oktobrī", "06.10.2025.")
  „Iesniegums”  the title line IESNIEGUMS
  „50–70 vārdu” the same limits as min_words/max_words, and the model within them

A form's model answer also gives one line per field, each answered ("Tālrunis: 20 000 000").
Plain functions: bank/check_extras.py reports what they find, with the task's line.
"""
import re

WORD = re.compile(r"\w", re.UNICODE)
_DATE = re.compile(r"\b\d{4}\. gada \d{1,2}\. [a-zāčēģīķļņšūž]+|\b\d{1,2}\.\d{1,2}\.\d{4}\b")
_POSTCODE = re.compile(r"\bLV-\d{4}\b")
_STREET = re.compile(r"\b(iela|ielā|prospekts|prospektā|bulvāris|bulvārī|laukums|laukumā|šoseja|šosejā|gatve|gatvē)"
                     r"\s+\d+", re.IGNORECASE)
_NAME = re.compile(r"[A-ZĀČĒĢĪĶĻŅŠŪŽ][\wāčēģīķļņšūž.-]*")
_WORD_LIMITS = re.compile(r"(\d+)\s*[–-]\s*(\d+)\s+vārd")
# a checklist's Latvian words for the parts (any case ending; „adresāts”, the addressee, is not an address)
_PARTS = ((r"\buzrun", "greeting"), (r"\bnobeigum", "closing"), (r"\bparakst", "signature"),
          (r"\badres(e|es|ei|i|ē)\b", "address"), (r"\bpasta indeks", "postcode"), (r"\bdatum", "date"),
          (r"„iesniegums”", "title"))
SHORT_LINE = 6  # words: a greeting, a closing or a signature is a line of its own, not a sentence


def count_words(text: str) -> int:
    """Words as a reader counts them: a dash or a lone punctuation mark is not a word."""
    return sum(1 for token in (text or "").split() if WORD.search(token))


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").strip().split("\n") if line.strip()]


def _short(line: str) -> bool:
    return count_words(line) <= SHORT_LINE


def _is_signature(line: str) -> bool:
    """A name on a line of its own, maybe with a phone number after a comma: "J. Kozlova",
    "Tavs draugs Pāvels", "Pāvels Ņikitins, tālr. 20 000 013"; not a sentence."""
    name = line.split(",")[0].strip()
    return not line.endswith(("!", "?", ".", ":", ";")) and count_words(name) <= 4 and bool(_NAME.match(name))


def required_parts(checklist_texts: list[str]) -> set[str]:
    """The countable parts a checklist asks for, from its Latvian texts."""
    text = " ".join(checklist_texts).casefold()
    return {part for pattern, part in _PARTS if re.search(pattern, text)}


def word_limits(checklist_texts: list[str]) -> tuple[int, int] | None:
    """The word limits a checklist names ("Apjoms 50–70 vārdu"), if any."""
    match = _WORD_LIMITS.search(" ".join(checklist_texts))
    return (int(match.group(1)), int(match.group(2))) if match else None


def model_answer_problems(kind: str, model_answer: str | None, checklist_texts: list[str],
                          min_words: int | None = None, max_words: int | None = None,
                          fields: list[dict] | None = None) -> list[str]:
    """What a learner copying this model answer would lose points for (empty: nothing)."""
    if not model_answer:
        return []
    lines = _lines(model_answer)
    problems: list[str] = []
    limits = word_limits(checklist_texts)
    if limits and (min_words, max_words) != limits:
        problems.append(f"the checklist asks for {limits[0]}–{limits[1]} words but min_words/max_words are "
                        f"{min_words}–{max_words}")
    words = count_words(model_answer)
    if min_words and max_words and not min_words <= words <= max_words:
        problems.append(f"the model answer has {words} words; the task asks for {min_words}–{max_words}")
    wanted = required_parts(checklist_texts)
    if kind == "form":
        problems += _form_problems(lines, fields or [])
        wanted.discard("signature")  # checked on the date-and-signature field
    if "greeting" in wanted and not (lines and _short(lines[0]) and lines[0].endswith(("!", ","))):
        problems.append("the checklist asks for a greeting but the model answer does not begin with one "
                        "(a line of its own ending in „!” or „,”)")
    if "signature" in wanted and not (lines and _is_signature(lines[-1])):
        problems.append("the checklist asks for a signature but the model answer does not end with a name")
    if "closing" in wanted and not (len(lines) >= 3 and _short(lines[-2]) and not _DATE.search(lines[-2])):
        problems.append("the checklist asks for a closing but the model answer has no closing line of its own "
                        "before the signature („Ar cieņu”, „Uz tikšanos!”)")
    if "address" in wanted and not any(_STREET.search(line) or _POSTCODE.search(line) for line in lines):
        problems.append("the checklist asks for an address but the model answer has none (a street and house "
                        "number, or a postcode)")
    if "postcode" in wanted and not _POSTCODE.search(model_answer):
        problems.append("the checklist asks for a postcode but the model answer has none (LV-1234)")
    if "date" in wanted and not _DATE.search(model_answer):
        problems.append("the checklist asks for a date but the model answer has none („2025. gada 6. oktobrī”)")
    if "title" in wanted and not any(line.casefold() == "iesniegums" for line in lines):
        problems.append("the checklist asks for the title „Iesniegums” but the model answer has no such line")
    return problems


def _form_problems(lines: list[str], fields: list[dict]) -> list[str]:
    """One answered line per field, in order; the date-and-signature field has both."""
    if len(lines) != len(fields):
        return [f"the form has {len(fields)} fields but the model answer has {len(lines)} lines (one a field)"]
    problems = []
    for number, (field, line) in enumerate(zip(fields, lines), start=1):
        answer = re.split(r"[:?]", line, maxsplit=1)[1].strip() if re.search(r"[:?]", line) else ""
        if not answer:
            problems.append(f"field {number} ({field.get('lv')}): the model answer leaves it empty")
            continue
        label = (field.get("lv") or "").casefold()
        if "parakst" in label and not _NAME.search(_DATE.sub("", answer)):
            problems.append(f"field {number} ({field.get('lv')}): the model answer needs a name (the signature)")
        if "parakst" in label and "datum" in label and not _DATE.search(answer):
            problems.append(f"field {number} ({field.get('lv')}): the model answer needs a date")
    return problems
