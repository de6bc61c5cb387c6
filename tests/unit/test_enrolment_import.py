"""Checking rows to enrol: every bad row reported with its number and reason, the good rows kept."""
from lsk_learn.domain.enrolment_import import COLUMNS, check_rows, map_columns, rejected_table, username_for

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


def test_a_name_that_fits_several_municipalities_takes_the_groups_own():
    rows = [HEADER, ["Olga Ivanova", "1958", "Daugavpils", "", "", "", ""]]
    in_city = check_rows(rows, MUNICIPALITIES, GROUPS, 2026, preferred_municipality=1)
    assert in_city.ok and in_city.candidates[0].municipality_id == 1
    in_novads = check_rows(rows, MUNICIPALITIES, GROUPS, 2026, preferred_municipality=2)
    assert in_novads.candidates[0].municipality_id == 2
    elsewhere = check_rows(rows, MUNICIPALITIES, GROUPS, 2026, preferred_municipality=4)
    assert [(p.code, p.value, p.options) for p in elsewhere.problems] == [("ambiguous_municipality", "Daugavpils", (1, 2))]


def test_an_ambiguous_target_group_names_its_candidates_once_each():
    groups = {**GROUPS, "Young people": "youth", "Jaunieši": "youth", "Молодёжь": "youth"}
    assert check([["Olga Ivanova", "1958", "Preiļu novads", "Young", "", "", ""]]).candidates[0].target_groups == ["young_parent"]
    result = check_rows([HEADER, ["Olga Ivanova", "1958", "Preiļu novads", "Young", "", "", ""]], MUNICIPALITIES, groups, 2026)
    assert [(p.code, set(p.options)) for p in result.problems] == [("ambiguous_target_group", {"young_parent", "youth"})]


def test_good_rows_stay_candidates_next_to_rejected_ones():
    result = check([
        ["Olga Ivanova", "1958", "Daugavpils valstspilsēta", "", "", "", ""],
        ["Boriss", "sixty", "Rīga", "", "", "", ""],
        ["Jānis Bērziņš", "1990", "Krāslavas novads", "", "", "", ""],
    ])
    assert not result.ok and result.importable and not result.file_problems
    assert [c.row for c in result.candidates] == [2, 4]
    assert [(r.row, r.cells[:3], [p.code for p in r.problems]) for r in result.rejected] == [
        (3, ["Boriss", "sixty", "Rīga"], ["bad_year", "unknown_municipality"])]
    assert result.header == HEADER


def test_a_problem_with_the_file_stops_everything():
    result = check_rows([["Vārds, uzvārds", "Tālrunis"], ["Olga", "+371 20000000"]], MUNICIPALITIES, GROUPS, 2026)
    assert not result.importable and [p.code for p in result.file_problems] == ["missing_column", "missing_column"]


def test_rejected_table_keeps_the_cells_and_adds_row_and_reasons():
    result = check([["Boriss", "sixty", "Rīga"], ["Olga Ivanova", "1958", "Preiļu novads", "", "", "", "", "extra"]])
    table = rejected_table(result.header, result.rejected, lambda p: f"{p.code}.", "Row", "Problem")
    assert table == [HEADER + ["Row", "Problem"],
                     ["Boriss", "sixty", "Rīga", "", "", "", "", "2", "bad_year. unknown_municipality."]]


def test_headers_in_latvian_russian_and_extra_titles_are_recognised():
    ru = ["Имя и фамилия", "Год рождения", "Самоуправление", "Целевые группы", "Язык", "Телефон", "Эл. почта"]
    assert map_columns(ru) == ({key: i for i, key in enumerate(COLUMNS)}, [])
    assert map_columns(HEADER) == ({key: i for i, key in enumerate(COLUMNS)}, [])
    columns, problems = map_columns(["Ф. И. О.", "Год рождения", "Самоуправление"], {"Ф. И. О.": "name"})
    assert columns == {"name": 0, "birth_year": 1, "municipality": 2} and problems == []


def test_an_overlong_email_is_refused():
    result = check([["Olga Ivanova", "1958", "Preiļu novads", "", "", "", "a" * 250 + "@x.lv"]])
    assert [p.code for p in result.problems] == ["bad_email"]
