"""Latvian alphabetical order (lsk_learn/core/collation.py)."""
import pytest

from lsk_learn.core.collation import latvian_key, latvian_sorted


def test_the_issue_names_no_longer_sort_after_z():
    names = ["Zane Ozola", "Ūna Kalniņa", "Ļubova Mihailova", "Anna Ivanova", "Laura Liepa", "Valdis Ozols"]
    assert latvian_sorted(names) == ["Anna Ivanova", "Laura Liepa", "Ļubova Mihailova", "Ūna Kalniņa",
                                     "Valdis Ozols", "Zane Ozola"]


@pytest.mark.parametrize("before,after", [
    ("a", "ā"), ("ā", "b"), ("c", "č"), ("č", "d"), ("e", "ē"), ("ē", "f"), ("g", "ģ"), ("ģ", "h"),
    ("i", "ī"), ("ī", "j"), ("k", "ķ"), ("ķ", "l"), ("l", "ļ"), ("ļ", "m"), ("n", "ņ"), ("ņ", "o"),
    ("s", "š"), ("š", "t"), ("u", "ū"), ("ū", "v"), ("z", "ž"),
])
def test_single_letters_follow_the_latvian_alphabet(before, after):
    assert latvian_key(before) < latvian_key(after)


def test_the_whole_alphabet_in_order():
    alphabet = "a ā b c č d e ē f g ģ h i ī j k ķ l ļ m n ņ o p r s š t u ū v z ž".split()
    assert latvian_sorted(reversed(alphabet)) == alphabet


def test_letters_with_a_caron_or_cedilla_are_letters_of_their_own():
    # every C name comes before the first Č name, every S name before the first Š name
    assert latvian_sorted(["Čakste", "Cīrulis", "Cukurs", "Dace"]) == ["Cīrulis", "Cukurs", "Čakste", "Dace"]
    assert latvian_sorted(["Šmits", "Sprūds", "Tālis", "Sīle"]) == ["Sīle", "Sprūds", "Šmits", "Tālis"]
    assert latvian_sorted(["Žanis", "Zvirbulis", "Zane"]) == ["Zane", "Zvirbulis", "Žanis"]
    assert latvian_sorted(["Ķikuts", "Kļaviņa", "Kārlis", "Lācis"]) == ["Kārlis", "Kļaviņa", "Ķikuts", "Lācis"]
    assert latvian_sorted(["Ņina", "Nora", "Oļegs"]) == ["Nora", "Ņina", "Oļegs"]
    assert latvian_sorted(["Ģirts", "Gunta", "Harijs"]) == ["Gunta", "Ģirts", "Harijs"]


def test_long_vowels_sort_with_their_short_vowel_the_accent_breaking_ties():
    # CLDR's Latvian order, as ICU applies it: ā, ē, ī, ū are not letters of their own in sorting
    assert latvian_sorted(["Ūna", "Uldis", "Ulla"]) == ["Uldis", "Ulla", "Ūna"]
    assert latvian_sorted(["Ābele", "Abele"]) == ["Abele", "Ābele"]
    assert latvian_sorted(["Ēriks", "Edgars", "Egils"]) == ["Edgars", "Egils", "Ēriks"]


def test_case_and_spacing_do_not_matter():
    assert latvian_key("ĻUBOVA") == latvian_key("ļubova") == latvian_key("Ļubova")
    assert latvian_key("  Anna   Ivanova ") == latvian_key("anna ivanova")
    assert latvian_key("C\u030cakste") == latvian_key("Čakste")  # decomposed č is the same letter


def test_first_name_before_longer_names_and_other_scripts_after_latin():
    assert latvian_sorted(["Annija", "Anna Zariņa", "Anna"]) == ["Anna", "Anna Zariņa", "Annija"]
    assert latvian_sorted(["Ирина", "Zane", "Александр"]) == ["Zane", "Александр", "Ирина"]


def test_empty_and_missing_names_sort_first():
    assert latvian_sorted(["Anna", "", None]) == ["", None, "Anna"]


def test_sorted_by_a_name_function_keeps_equal_names_in_order():
    rows = [(1, "anna"), (2, "Ēriks"), (3, "Anna")]
    assert latvian_sorted(rows, name=lambda row: row[1]) == [(1, "anna"), (3, "Anna"), (2, "Ēriks")]
