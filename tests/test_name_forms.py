"""Tests for the canonical-name rules: articles, titles, acronyms, suffixes, short forms, people and namesakes."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpusx.names.acronyms import (
    initials_spell,
    looks_like_acronym,
    read_acronym_table,
    table_entry,
    table_long_form,
    table_long_forms_in_text,
)
from corpusx.names.canonical import CanonicalNames, document_aliases, name_key, strip_article
from corpusx.names.org_forms import org_core, org_form_links, strip_legal_suffixes, strip_suffix_stop
from corpusx.names.people import DocumentPeople, given_name_genders, person_words, title_gender

#: A synthetic acronym table, so the tests do not depend on the curated one's entries.
TABLE = {"Zorg": ("Zeta Organisation of Research Groups",), "Elbo": ("Elbonian Board",)}

WORD = st.text(st.characters(categories=("Lu", "Ll")), min_size=1, max_size=8)
NAMES = st.lists(WORD, min_size=1, max_size=5).map(" ".join)


def _mentions(text: str, labelled: list[tuple[str, str]]) -> list[tuple[str, str, int, int]]:
    """(label, surface, start, end) for each (label, surface), found left to right in `text`."""
    found, cursor = [], 0
    for label, surface in labelled:
        start = text.index(surface, cursor)
        found.append((label, surface, start, start + len(surface)))
        cursor = start + len(surface)
    return found


@pytest.mark.parametrize(
    ("name", "keep", "expected"),
    [
        ("the Heritage Council", False, "Heritage Council"),
        ("The Heritage Council", False, "Heritage Council"),
        ("The Daily Planet", True, "The Daily Planet"),
        ("the Daily Planet", True, "Daily Planet"),
        ("The", False, "The"),
        ("Theo Group", False, "Theo Group"),
    ],
)
def test_forms_strip_article(name: str, keep: bool, expected: str) -> None:
    """A lower-case "the" always goes; a capital "The" goes unless the name keeps it."""
    assert strip_article(name, keep) == expected


@pytest.mark.parametrize(
    ("text", "labelled", "expected"),
    [
        (
            "The Heritage Council met. Later the Heritage Council said",
            [("ORG", "The Heritage Council"), ("ORG", "the Heritage Council")],
            ["Heritage Council"] * 2,
        ),
        (
            "The Daily Planet said. A story in The Daily Planet",
            [("ORG", "The Daily Planet"), ("ORG", "The Daily Planet")],
            ["The Daily Planet"] * 2,
        ),
    ],
)
def test_forms_capital_the_kept_only_when_written_mid_sentence(
    text: str, labelled: list[tuple[str, str]], expected: list[str]
) -> None:
    """A capital "The" written mid-sentence is part of the name; at a sentence start it is not."""
    assert document_aliases(text, _mentions(text, labelled)) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Conductor Ana Ruiz", ["Ana", "Ruiz"]),
        ("MEP John Doe", ["John", "Doe"]),
        ("Prime Minister Mira Okafor", ["Mira", "Okafor"]),
        ("Northland Party MP Mira Okafor", ["Mira", "Okafor"]),
        ("Mr Okafor", ["Okafor"]),
        ("Miss Okafor", ["Okafor"]),
        ("rang Mira", ["Mira"]),
        ("van Tarve", ["van", "Tarve"]),
        ("al-Tarve Okon", ["al-Tarve", "Okon"]),
        ("Mira Okafor", ["Mira", "Okafor"]),
        ("Tova Judge", ["Tova", "Judge"]),
        ("Prince Okon", ["Prince", "Okon"]),
    ],
)
def test_forms_person_words_drop_titles(name: str, expected: list[str]) -> None:
    """Leading lower-case words, titles and roles are cut; a title that ends the name stays."""
    assert person_words(name) == expected


@given(name=NAMES)
def test_forms_person_words_keep_a_tail_of_the_name(name: str) -> None:
    """person_words returns a non-empty run of the name's last words."""
    words = person_words(name)
    assert words
    assert name.split()[-len(words) :] == words


@pytest.mark.parametrize(
    ("text", "labelled", "expected"),
    [
        (
            "Mary J. Korvane spoke. Mary Korvane left.",
            [("PERSON", "Mary J. Korvane"), ("PERSON", "Mary Korvane")],
            ["Mary J. Korvane"] * 2,
        ),
        (
            "Okafor won. Later Mira Okafor said",
            [("PERSON", "Okafor"), ("PERSON", "Mira Okafor")],
            ["Mira Okafor"] * 2,
        ),
        (
            "Tomas Reyes Jr arrived; Reyes said",
            [("PERSON", "Tomas Reyes Jr"), ("PERSON", "Reyes")],
            ["Tomas Reyes Jr"] * 2,
        ),
        (
            "Ana Parker Lowe spoke. Parker Lowe left.",
            [("PERSON", "Ana Parker Lowe"), ("PERSON", "Parker Lowe")],
            ["Ana Parker Lowe"] * 2,
        ),
        (
            "Anna Korvane and Tom Korvane met; Korvane said",
            [("PERSON", "Anna Korvane"), ("PERSON", "Tom Korvane"), ("PERSON", "Korvane")],
            ["Anna Korvane", "Tom Korvane", "Korvane"],
        ),
        (
            "Prince Okon met Okon Tarve. Later Prince Okon and Tarve spoke; Okon left",
            [("PERSON", "Okon"), ("PERSON", "Okon Tarve"), ("PERSON", "Okon"), ("PERSON", "Tarve"), ("PERSON", "Okon")],
            ["Prince Okon", "Okon Tarve", "Prince Okon", "Okon Tarve", "Prince Okon"],
        ),
        (
            "Prince Okon met Princess Okon; Okon left",
            [("PERSON", "Okon"), ("PERSON", "Okon"), ("PERSON", "Okon")],
            ["Prince Okon", "Princess Okon", "Okon"],
        ),
        ("Okon said", [("PERSON", "Okon")], ["Okon"]),
        (
            "Mira Okafor met MEP Mira Okafor",
            [("PERSON", "Mira Okafor"), ("PERSON", "MEP Mira Okafor")],
            ["Mira Okafor"] * 2,
        ),
        (
            "Anna Korvane and Tom Korvane met. Mr Korvane spoke, Ms Korvane agreed; Korvane left.",
            [("PERSON", "Anna Korvane"), ("PERSON", "Tom Korvane"), *[("PERSON", "Korvane")] * 3],
            ["Anna Korvane", "Tom Korvane", "Tom Korvane", "Anna Korvane", "Korvane"],
        ),
        (
            "Mrs Kiri Tarve met Mr Okon Tarve. Mrs Tarve spoke.",
            [("PERSON", "Kiri Tarve"), ("PERSON", "Okon Tarve"), ("PERSON", "Tarve")],
            ["Kiri Tarve", "Okon Tarve", "Kiri Tarve"],
        ),
        (
            "Mrs Kiri Tarve met Okon Tarve. Mrs Tarve spoke.",
            [("PERSON", "Kiri Tarve"), ("PERSON", "Okon Tarve"), ("PERSON", "Tarve")],
            ["Kiri Tarve", "Okon Tarve", "Tarve"],
        ),
        (
            "Tom Korvane and John Korvane met. Mr Korvane spoke.",
            [("PERSON", "Tom Korvane"), ("PERSON", "John Korvane"), ("PERSON", "Korvane")],
            ["Tom Korvane", "John Korvane", "Korvane"],
        ),
        (
            "Tom Korvane spoke. Mrs Korvane said her husband was right.",
            [("PERSON", "Tom Korvane"), ("PERSON", "Korvane")],
            ["Tom Korvane", "Korvane"],
        ),
        (
            "Tom Korvane spoke. Mr Korvane left.",
            [("PERSON", "Tom Korvane"), ("PERSON", "Korvane")],
            ["Tom Korvane"] * 2,
        ),
    ],
)
def test_forms_people_resolve_within_a_document(
    text: str, labelled: list[tuple[str, str]], expected: list[str]
) -> None:
    """Middle initials, a surname before the full name, suffixes and two-word surnames merge; namesakes only by title."""
    assert document_aliases(text, _mentions(text, labelled)) == expected


@given(first=st.lists(WORD, min_size=2, max_size=3), second=st.lists(WORD, min_size=2, max_size=3))
@settings(deadline=None)
def test_forms_namesakes_sharing_a_surname_stay_apart(first: list[str], second: list[str]) -> None:
    """Two full names ending with the same surname leave that bare surname unresolved."""
    surname = "Zwelakor"
    one, other = " ".join([*first[:-1], surname]), " ".join([*second[:-1], surname])
    people = DocumentPeople([(one, 0, ""), (other, 10, "")])
    if people.alias(one) != people.alias(other):
        assert people.alias(surname) == surname


@pytest.mark.parametrize(
    ("text", "name", "start", "expected"),
    [
        ("Mrs Kiri Tarve", "Mrs Kiri Tarve", 0, "f"),
        ("said Mr Tarve", "Tarve", 8, "m"),
        ("said Mr. Tarve", "Tarve", 9, "m"),
        ("Dr Tarve", "Tarve", 3, ""),
        ("Mr\nTarve", "Tarve", 3, ""),
        ("Tarve", "Tarve", 0, ""),
        ("Sir Okon Tarve", "Okon Tarve", 4, "m"),
    ],
)
def test_forms_title_gender(text: str, name: str, start: int, expected: str) -> None:
    """A gendered title inside the mention or right before it on its line tells the sex; others do not."""
    assert title_gender(text, name, start) == expected


MALE_NAMES = sorted(name for name, gender in given_name_genders().items() if gender == "m")
FEMALE_NAMES = sorted(name for name, gender in given_name_genders().items() if gender == "f")


@given(
    male=st.sampled_from(MALE_NAMES),
    female=st.sampled_from(FEMALE_NAMES),
    unknown=st.sampled_from(["Zwoka", "Qerin", "Ulvath"]),
)
@settings(deadline=None)
def test_forms_gendered_title_picks_the_one_namesake_of_that_sex(male: str, female: str, unknown: str) -> None:
    """ "Mr"/"Ms" pick the one namesake of that sex when the others' sex is known, and none when one is unknown."""
    surname = "Zwelakor"
    man, woman = f"{male.title()} {surname}", f"{female.title()} {surname}"
    people = DocumentPeople([(man, 0, ""), (woman, 20, "")])
    assert (people.alias(surname, "m"), people.alias(surname, "f"), people.alias(surname)) == (man, woman, surname)
    third = DocumentPeople([(man, 0, ""), (woman, 20, ""), (f"{unknown} {surname}", 40, "")])
    assert third.alias(surname, "m") == third.alias(surname, "f") == surname


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Acme Inc", "Acme"),
        ("Acme Holdings Inc.", "Acme"),
        ("Northwind Airways Plc", "Northwind Airways"),
        ("Zeta GmbH", "Zeta"),
        ("Zeta S.A.", "Zeta"),
        ("Zeta N.V", "Zeta"),
        ("Okoro & Co.", "Okoro"),
        ("Okoro and Co", "Okoro"),
        ("Zeta Cos.", "Zeta"),
        ("Zeta, Inc.", "Zeta"),
        ("Inc", "Inc"),
    ],
)
def test_forms_strip_legal_suffixes(name: str, expected: str) -> None:
    """Final legal suffixes go, but a name never becomes empty."""
    assert strip_legal_suffixes(name) == expected


@given(name=NAMES)
def test_forms_strip_legal_suffixes_is_idempotent(name: str) -> None:
    """Stripping suffixes twice changes nothing more, and leaves at least one word."""
    stripped = strip_legal_suffixes(name)
    assert stripped and strip_legal_suffixes(stripped) == stripped


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Zeta Corp.", "Zeta Corp"), ("Zeta Corp", "Zeta Corp"), ("Dr.", "Dr."), ("Zeta No.", "Zeta No.")],
)
def test_forms_strip_suffix_stop(name: str, expected: str) -> None:
    """Only the full stop of a final legal suffix goes."""
    assert strip_suffix_stop(name) == expected


def test_forms_org_core_separates_country_word() -> None:
    """A leading country word is split from the core, legal suffixes dropped."""
    assert org_core("US Federal Trade Board Inc") == ("us", org_core("Federal Trade Board")[1])


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ({"Acme Inc": 1, "Acme": 3}, {"Acme": "Acme Inc"}),
        ({"Zeta Corp.": 1, "Zeta": 1}, {"Zeta": "Zeta Corp."}),
        ({"US Federal Trade Board": 1, "Federal Trade Board": 2}, {"Federal Trade Board": "US Federal Trade Board"}),
        ({"UK Treasury Board": 1, "US Treasury Board": 1, "Treasury Board": 1}, {}),
        ({"National Heritage Agency": 1, "NHA": 4}, {"NHA": "National Heritage Agency"}),
        ({"Bank of Zarnia": 1, "BoZ": 2}, {"BoZ": "Bank of Zarnia"}),
        ({"Nordic Heritage Agency": 1, "National Heritage Agency": 1, "NHA": 4}, {}),
        ({"Zeta Organisation of Research Groups": 1, "Zorg": 3}, {"Zorg": "Zeta Organisation of Research Groups"}),
        ({"Zorg": 3}, {}),
        ({"Zentra Foods": 1, "Zentra": 5}, {"Zentra": "Zentra Foods"}),
        ({"Bank of Elbonia": 2, "Bank": 1}, {"Bank": "Bank of Elbonia"}),
        ({"Bank of Elbonia": 2, "Elbonia": 1}, {}),
        ({"Zentra Foods": 1, "Zentra Bank": 1, "Zentra": 2}, {}),
        ({"Zentra Foods": 1, "Zentra Bank": 1}, {}),
        ({"ZBC": 2, "ZBC Radio Service": 1}, {}),
        ({"Zentra": 2, "pro-market Zentra group": 1}, {}),
        ({"Zeta Global Holdings Inc": 1, "ZGH": 2}, {"ZGH": "Zeta Global Holdings Inc"}),
        ({"Zeta Global Holdings Inc": 1, "ZG": 2}, {"ZG": "Zeta Global Holdings Inc"}),
        ({"ZORG": 2, "Zeta Organisation of Research Groups": 1}, {"ZORG": "Zeta Organisation of Research Groups"}),
        ({"Lintel Pacific Shipping": 1, "Lintel Pacific": 2}, {"Lintel Pacific": "Lintel Pacific Shipping"}),
        (
            {"Royal Zarnian Bank of Elbonia": 1, "Royal Zarnian Bank": 1},
            {"Royal Zarnian Bank": "Royal Zarnian Bank of Elbonia"},
        ),
        ({"Lintel Aid Trust": 1, "Lintel Aid": 3}, {}),
        (
            {"United Nations Zarnia Council": 1, "UN Zarnia Council": 2, "Zarnia Council": 1},
            {"UN Zarnia Council": "United Nations Zarnia Council", "Zarnia Council": "United Nations Zarnia Council"},
        ),
        ({"U.S. Quorvia Board": 1, "US Quorvia Board": 2}, {"U.S. Quorvia Board": "US Quorvia Board"}),
        (
            {"Zarnian Nations Security Council": 1, "Security Council": 2},
            {"Security Council": "Zarnian Nations Security Council"},
        ),
        ({"Zarnian Heritage Agency": 1, "Nordic Heritage Agency": 1, "Heritage Agency": 1}, {}),
        ({"Lintel Films' Dirty Games": 1, "Dirty Games": 2}, {}),
        ({"Lintel United Supporters Club": 1, "Lintel United": 3}, {}),
        ({"Lintel Pacific Shipping": 1, "Lintel Pacific Airways": 1, "Lintel Pacific": 1}, {}),
        (
            {"Department of Quorvian Affairs": 1, "Quorvian Affairs Department": 2},
            {"Quorvian Affairs Department": "Department of Quorvian Affairs"},
        ),
        (
            {"Ministry of the Interior": 1, "US Interior Ministry": 1},
            {"US Interior Ministry": "Ministry of the Interior"},
        ),
        ({"Department of Health and Rural Affairs": 1, "Health Department": 1}, {}),
    ],
)
def test_forms_org_form_links(counts: dict[str, int], expected: dict[str, str]) -> None:
    """Suffixes, country words, acronyms and one-word short forms join their one fuller name, namesakes none."""
    assert org_form_links(counts, TABLE) == expected


@given(names=st.lists(NAMES, min_size=1, max_size=6, unique=True))
@settings(deadline=None)
def test_forms_org_form_links_point_at_final_names(names: list[str]) -> None:
    """Every link targets a name of the document that itself stands for itself."""
    links = org_form_links(dict.fromkeys(names, 1), TABLE)
    assert set(links) <= set(names)
    assert all(target in names and target not in links for target in links.values())


@pytest.mark.parametrize(
    ("name", "acronym", "expected"),
    [
        ("National Heritage Agency", "NHA", True),
        ("Bank of Zarnia", "BoZ", True),
        ("Bank of Elbonia", "BE", True),
        ("US Quorvia Trade Board", "QTB", True),
        ("Quorvia Trade Board", "QTX", False),
        ("Heritage", "H", False),
    ],
)
def test_forms_initials_spell(name: str, acronym: str, expected: bool) -> None:
    """Initials of the words spell the acronym; small words and a country word may be skipped."""
    assert initials_spell(name, acronym, frozenset({"us"})) is expected


@pytest.mark.parametrize(("word", "expected"), [("NHA", True), ("Zorg", True), ("Zentraco", False), ("zorg", False)])
def test_forms_looks_like_acronym(word: str, expected: bool) -> None:
    """Capitals, or a short capitalised word, may be an acronym."""
    assert looks_like_acronym(word) is expected


@pytest.mark.parametrize(
    ("short", "expected"),
    [
        ("Zorg", ("Zeta Organisation of Research Groups",)),
        ("ZORG", ("Zeta Organisation of Research Groups",)),
        ("zorg", ()),
        ("Elbo", ("Elbonian Board",)),
        ("ELBO", ("Elbonian Board",)),
        ("Qux", ()),
    ],
)
def test_forms_table_entry_in_any_case(short: str, expected: tuple[str, ...]) -> None:
    """A short form finds its table entry as written, or written in capitals; never in lower case."""
    assert tuple(table_entry(short, TABLE)) == expected


@pytest.mark.parametrize(
    ("text", "shorts", "expected"),
    [
        ("Zorg, the Zeta Organisation of Research Groups, said", ["Zorg"], ["Zeta Organisation of Research Groups"]),
        ("Zorg said so", ["Zorg"], []),
        ("the Elbonian Boards met", ["Elbo"], []),
        ("the Elbonian Board met", ["Elbo", "Zorg"], ["Elbonian Board"]),
    ],
)
def test_forms_table_long_forms_written_in_the_text(text: str, shorts: list[str], expected: list[str]) -> None:
    """A table short form's long form counts when the text writes it as whole words."""
    assert table_long_forms_in_text(text, shorts, TABLE) == expected


def test_forms_read_acronym_table_and_look_up() -> None:
    """The table is read from tab-separated lines and finds the one long form the document names."""
    table = read_acronym_table(["# comment", "", "Zorg\tZeta Organisation\tZeta Org Group", "Elbo\tElbonian Board"])
    assert table == {"Zorg": ("Zeta Organisation", "Zeta Org Group"), "Elbo": ("Elbonian Board",)}
    assert table_long_form("Zorg", {"zetaorganisation": "the Zeta Organisation"}, table) == "the Zeta Organisation"
    assert table_long_form("Elbo", {"zetaorganisation": "Zeta Organisation"}, table) is None


@pytest.mark.parametrize(
    ("text", "labelled", "expected"),
    [
        ("Shoppers at Okafor's. Okafor's said", [("ORG", "Okafor's"), ("ORG", "Okafor's")], ["Okafor's"] * 2),
        ("Okafor's shares rose", [("ORG", "Okafor's")], ["Okafor"]),
        ("Okafor rose, unlike Okafor's.", [("ORG", "Okafor"), ("ORG", "Okafor's")], ["Okafor"] * 2),
        ("Stores like Okafor's, Lintel's and more", [("ORG", "Okafor"), ("ORG", "Lintel")], ["Okafor's", "Lintel's"]),
    ],
)
def test_forms_possessive_kept_when_no_noun_follows(
    text: str, labelled: list[tuple[str, str]], expected: list[str]
) -> None:
    """An ORG's "'s" followed by no noun is part of its name; a genitive is not."""
    assert document_aliases(text, _mentions(text, labelled)) == expected


def test_forms_run_merges_legal_suffixes_across_documents() -> None:
    """Across documents, "Acme" and "Acme Inc" are one entity named by the most complete spelling."""
    names = CanonicalNames()
    names.add_document([("ORG", "Acme")] * 3)
    names.add_document([("ORG", "Acme")])
    names.add_document([("ORG", "Acme Inc")])
    assert names.canonical("ORG", "Acme") == names.canonical("ORG", "Acme Inc") == "Acme Inc"


def test_forms_run_keeps_namesakes_of_different_documents_apart() -> None:
    """A surname resolved to two different people in two documents is not merged across the run."""
    first = "Anna Korvane spoke; Korvane left."
    second = "Tom Korvane spoke; Korvane left."
    names = CanonicalNames()
    aliases = []
    for text in (first, second):
        document = document_aliases(text, _mentions(text, [("PERSON", text.split(" spoke")[0]), ("PERSON", "Korvane")]))
        names.add_document(("PERSON", alias) for alias in document)
        aliases.append(document)
    assert [names.canonical("PERSON", alias) for alias in aliases[0]] == ["Anna Korvane"] * 2
    assert [names.canonical("PERSON", alias) for alias in aliases[1]] == ["Tom Korvane"] * 2


@given(names=st.lists(NAMES, min_size=1, max_size=6))
@settings(deadline=None)
def test_forms_org_aliases_are_names_of_the_document(names: list[str]) -> None:
    """Without acronym definitions, every ORG alias is (up to its key) a name the document itself uses."""
    text = " , ".join(names)
    aliases = document_aliases(text, _mentions(text, [("ORG", name) for name in names]))
    keys = {name_key(name) for name in names}
    assert all(name_key(alias) in keys for alias in aliases)


@given(stem=NAMES, suffix=st.sampled_from(["Inc", "Inc.", "Plc", "GmbH", "Holdings"]), seed=st.integers(0, 3))
@settings(deadline=None)
def test_forms_run_names_one_entity_across_legal_suffixes(stem: str, suffix: str, seed: int) -> None:
    """However many documents use each, "X" and "X Inc" get one canonical name across the run."""
    names = CanonicalNames()
    for index in range(seed + 2):
        names.add_document([("ORG", stem if index % 2 else f"{stem} {suffix}")])
    assert names.canonical("ORG", stem) == names.canonical("ORG", f"{stem} {suffix}")
