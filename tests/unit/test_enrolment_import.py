"""Checking rows to enrol: every bad row reported with its number and reason; nothing partial."""
from lsk_learn.domain.enrolment_import import check_rows, map_columns, username_for

MUNICIPALITIES = {"Daugavpils valstspilsēta": 1, "Daugavpils novads": 2, "Ilūkstes novads": 3,
                  "Krāslavas novads": 4, "Preiļu novads": 5}
GROUPS = {"senior": "senior", "Senjori": "senior", "Пожилые люди": "senior", "non_citizen": "non_citizen",
          "Nepilsoņi": "non_citizen", "Young parents": "young_parent"}
HEADER = ["Vārds, uzvārds", "Dzimšanas gads", "Pašvaldība", "Mērķa grupas", "Valoda", "Tālrunis", "E-pasts"]


def check(rows):
    return check_rows([HEADER] + rows, MUNICIPALITIES, GROUPS, 2026)


def test_good_rows_become_candidates():
    result = check([
        ["Olga Ivanova", "1958", "Daugavpils valstspilsēta", "Senjori; nepilsoņi", "krievu", "+371 20000001", ""],
        ["  Jānis   Bērziņš ", 1990.0, "kraslavas novads", "", "lv", "", "janis@example.lv"],
        ["", "", "", "", "", "", ""],  # blank rows are skipped
        ["Anna Petrova", "1985", "Preiļi", "Young parents", "", "", ""],  # unique prefix
    ])
    assert result.ok
    olga, janis, anna = result.candidates
    assert (olga.row, olga.birth_year, olga.municipality_id, olga.target_groups, olga.language) == \
        (2, 1958, 1, ["senior", "non_citizen"], "ru")
    assert (janis.name, janis.municipality_id, janis.email) == ("Jānis Bērziņš", 4, "janis@example.lv")
    assert (anna.row, anna.municipality_id, anna.target_groups) == (5, 5, ["young_parent"])


def test_every_bad_row_is_reported():
    result = check([
        ["Olga Ivanova", "1958", "Daugavpils valstspilsēta", "", "", "", ""],
        ["", "1960", "Preiļu novads", "", "", "", ""],
        ["Boriss", "sixty", "Preiļu novads", "", "", "", ""],
        ["Vera", "2024", "Preiļu novads", "", "", "", ""],
        ["Igors", "1970", "Daugavpils", "", "", "", ""],
        ["Nina", "1970", "Rīga", "", "", "", ""],
        ["Oksana", "1970", "Preiļu novads", "pensionāri", "", "", ""],
        ["Pēteris", "1970", "Preiļu novads", "", "", "123", "not-an-email"],
        ["Olga Ivanova", "1958", "Preiļu novads", "", "", "", ""],
    ])
    assert not result.ok
    assert [(p.row, p.code, p.value) for p in result.problems] == [
        (3, "empty_name", ""),
        (4, "bad_year", "sixty"),
        (5, "bad_year", "2024"),
        (6, "ambiguous_municipality", "Daugavpils"),
        (7, "unknown_municipality", "Rīga"),
        (8, "unknown_target_group", "pensionāri"),
        (9, "bad_phone", "123"),
        (9, "bad_email", "not-an-email"),
        (10, "duplicate_row", "2"),
    ]


def test_missing_columns_and_empty_files():
    columns, problems = map_columns(["Имя", "Год рождения", "Телефон"])
    assert columns == {"name": 0, "birth_year": 1, "phone": 2}
    assert [(p.row, p.code, p.value) for p in problems] == [(1, "missing_column", "municipality")]
    assert [p.code for p in check_rows([], MUNICIPALITIES, GROUPS, 2026).problems] == ["empty_file"]
    assert [p.code for p in check([]).problems] == ["no_rows"]


def test_usernames_are_latin_and_unique():
    taken = {"olga.ivanova"}
    assert username_for("Olga Ivanova", taken) == "olga.ivanova2"
    assert username_for("Jevgeņija Novikova", taken) == "jevgenija.novikova"
    assert username_for("Ольга Иванова", taken) == "olga.ivanova3"
    assert username_for("Žanna D'Arka", taken) == "zanna.darka"
