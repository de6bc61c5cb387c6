"""Every message is translated in lv, ru and en, and templates hold no untranslated text."""
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).parents[2]
TRANSLATIONS = ROOT / "lsk_learn" / "translations"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


@pytest.fixture(scope="module")
def extracted_ids(tmp_path_factory):
    pot = tmp_path_factory.mktemp("i18n") / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg", "-k", "_l",
         "-k", "lazy_gettext", "-k", "N_", "-k", "NP_:1,2", "--no-location", "-o", str(pot), "."],
        cwd=ROOT, check=True, capture_output=True,
    )
    with open(pot, "rb") as f:
        return {m.id for m in read_po(f) if m.id}


@pytest.mark.parametrize("lang", ["lv", "ru", "en"])
def test_catalog_is_complete(extracted_ids, lang):
    with open(TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po", "rb") as f:
        catalog = read_po(f, locale=lang)
    messages = {m.id: m for m in catalog if m.id}
    assert extracted_ids - set(messages) == set(), "run scripts/i18n.sh and translate the new messages"
    for message_id in extracted_ids:
        message = messages[message_id]
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings), f"{lang}: untranslated {message_id!r}"
        assert "fuzzy" not in message.flags, f"{lang}: fuzzy {message_id!r}"
        singular = message_id[0] if isinstance(message_id, tuple) else message_id
        for string in strings:
            assert set(PLACEHOLDER.findall(string)) <= set(PLACEHOLDER.findall(singular)) | {"%(num)d"}, \
                f"{lang}: placeholders differ in {message_id!r}"


ALLOWED_TEXT = {"LSK", "Learn", "ā", "…", "✓", "✗", "→", "—", "/", ":", "(", ")", "%", "·", "|"}


@pytest.mark.parametrize("template", sorted((ROOT / "templates").rglob("*.html")), ids=lambda p: p.name)
def test_templates_have_no_hard_coded_text(template):
    source = template.read_text()
    source = re.sub(r"{#.*?#}", " ", source, flags=re.S)
    # base.html's main_class block holds CSS class names (" wide"), not text
    source = re.sub(r"{%-?\s*block main_class\s*-?%}.*?{%-?\s*endblock\s*-?%}", " ", source, flags=re.S)
    source = re.sub(r"{%.*?%}|{{.*?}}", " ", source, flags=re.S)
    source = re.sub(r"<[^>]*>", " ", source, flags=re.S)
    leftovers = [word for word in re.split(r"\s+", source) if word and word not in ALLOWED_TEXT
                 and re.search(r"[^\W\d_]", word)]
    assert leftovers == [], f"untranslated text in {template.name}: {leftovers[:10]}"


def test_the_bank_has_a_text_for_every_interface_language():
    from lsk_learn.bank.items import LANGUAGES as BANK_LANGUAGES
    from lsk_learn.core.i18n import LANGUAGES

    assert BANK_LANGUAGES == LANGUAGES
