"""Tests for corpusx.names.canonical: per-document aliases and run-wide canonical names."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import corpusx
from corpusx.names.canonical import (
    CanonicalNames,
    acronym_definitions,
    collapse_whitespace,
    document_aliases,
    edit_distance,
    is_acronym,
    is_typo_pair,
    name_key,
    org_variant_links,
    strip_possessive,
)
from corpusx.types import Document

#: The synthetic alias set: one short text per line, its mentions and the name each must get.
ALIAS_SET = Path(__file__).parent / "data" / "alias_pairs.jsonl"
ALIAS_ITEMS = [json.loads(line) for line in ALIAS_SET.read_text(encoding="utf-8").splitlines()]


def _mentions(text: str, labelled: list[tuple[str, str]]) -> list[tuple[str, str, int, int]]:
    """(label, surface, start, end) for each (label, surface), found left to right in `text`."""
    found, cursor = [], 0
    for label, surface in labelled:
        start = text.index(surface, cursor)
        found.append((label, surface, start, start + len(surface)))
        cursor = start + len(surface)
    return found


def _canonical_names(documents: list[list[tuple[str, str]]]) -> CanonicalNames:
    """A CanonicalNames fed one document per list of (label, name) pairs."""
    names = CanonicalNames()
    for document in documents:
        names.add_document(document)
    return names


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Open AI", "OpenAI"),
        ("Deepseek", "DeepSeek"),
        ("DeepSeek's", "DeepSeek"),
        ("DeepSeek’s", "DeepSeek"),
        ("Reuters'", "Reuters"),
        ("The Independent", "Independent"),
        ("Société Générale", "Societe Generale"),
        ("Jay Y. Lee", "Jay Y Lee"),
        ("SK  Hynix", "SK-Hynix"),
    ],
)
def test_canonical_name_key_merges_spelling_variants(first: str, second: str) -> None:
    """Case, spacing, punctuation, accents, possessives and a leading "the" do not change the key."""
    assert name_key(first) == name_key(second)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Samsung", "Samsung Electronics"),
        ("SoftBank Group", "SoftBank"),
        ("Deepseeks", "Deepseek"),
        ("Lee", "Lea"),
        ("The", "He"),
    ],
)
def test_canonical_name_key_keeps_different_names_apart(first: str, second: str) -> None:
    """Names that differ by a word or a letter keep different keys."""
    assert name_key(first) != name_key(second)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("DeepSeek's", "DeepSeek"),
        ("DeepSeek’s", "DeepSeek"),
        ("OPENAI'S", "OPENAI"),
        ("Reuters'", "Reuters"),
        ("Dunkin'", "Dunkin'"),
        ("Kakao", "Kakao"),
        ("'s", "'s"),
    ],
)
def test_canonical_strip_possessive(name: str, expected: str) -> None:
    """A final "'s", "’s" or the apostrophe after a final "s" is dropped, never the whole name."""
    assert strip_possessive(name) == expected


@pytest.mark.parametrize(
    ("first", "second", "distance"),
    [("vextor", "vexkor", 1), ("zoradance", "zoradan", 2), ("ab", "ba", 1), ("", "abc", 3), ("kitten", "sitting", 3)],
)
def test_canonical_edit_distance(first: str, second: str, distance: int) -> None:
    """Edit distance counts insertions, deletions, substitutions and adjacent swaps."""
    assert edit_distance(first, second) == distance


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ("Vexkor", "VexTor", True),
        ("Zoradan", "ZoraDance", True),
        ("Kakaw", "Kakao", True),
        ("Bank of American", "the Bank of America", True),
        ("Samsung", "Samsung Electronics", False),
        ("SoftBank Group", "SoftBank", False),
        ("Lee", "Lea", False),
        ("Meta", "Beta", False),
        ("Samsung SDI", "Samsung SDS", False),
        ("UK Treasury", "US Treasury", False),
        ("Kim Jong-un", "Kim Jong-il", False),
        ("Galaxy S24", "Galaxy S25", False),
        ("Vexkor Music", "VexTor Muzic", False),
        ("VexTor", "VexTor", False),
    ],
)
def test_canonical_is_typo_pair(first: str, second: str, expected: bool) -> None:
    """Only one long-enough word an edit or two away, with the same start and digits, is a typo."""
    assert is_typo_pair(first, second) is expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [("PIPC", True), ("DoD", True), ("AI", True), ("S&P", True), ("Inc", False), ("A", False), ("pipc", False)],
)
def test_canonical_is_acronym(word: str, expected: bool) -> None:
    """An acronym starts with a capital and holds at least two."""
    assert is_acronym(word) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Korea's Personal Information Protection Commission (PIPC) said so.",
            {"PIPC": "Personal Information Protection Commission"},
        ),
        (
            "told the country’s personal information protection commission (PIPC) to",
            {"PIPC": "personal information protection commission"},
        ),
        ("the SEC (Securities and Exchange Commission) said", {"SEC": "Securities and Exchange Commission"}),
        ("at the Department of Defense (DoD) today", {"DoD": "Department of Defense"}),
        (
            "the Organisation for Economic Co-operation and Development (OECD)",
            {"OECD": "Organisation for Economic Co-operation and Development"},
        ),
        ("the New York Stock Exchange's (NYSE) rules", {"NYSE": "New York Stock Exchange"}),
        ("the Lundish Guild of Vextor Arts (Lgva) said", {"Lgva": "Lundish Guild of Vextor Arts"}),
        ("met Mira Okafor (Dr) and", {}),
        ("the Lundish Guild of Vextor Arts (Lunar) said", {}),
        ("Shares rose on Monday (AP) and", {}),
        ("the Korea Fair, Trade Commission (KFTC) said", {}),
        ("Artificial Intelligence (AI) and Adobe Illustrator (AI)", {}),
        ("no parentheses at all", {}),
    ],
)
def test_canonical_acronym_definitions(text: str, expected: dict[str, str]) -> None:
    """Long forms whose initials spell the acronym are found on either side; ambiguous ones are not."""
    assert acronym_definitions(text) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab C(D).\n\t\u00a0\u2003")), max_size=30), st.data())
def test_canonical_acronym_definitions_end_the_text_before_a_bracket_where_rstrip_does(text: str, data) -> None:
    """The text before a bracket, its trailing white space left out, ends where `str.rstrip` ends it (no copy made)."""
    from corpusx.names.acronyms import _end_before_space

    end = data.draw(st.integers(0, len(text)))
    assert _end_before_space(text, end) == len(text[:end].rstrip())


@pytest.mark.parametrize(
    ("text", "labelled", "expected"),
    [
        (
            "The Personal Information Protection Commission (PIPC) warned. PIPC’s rules apply.",
            [("ORG", "Personal Information Protection Commission"), ("ORG", "PIPC"), ("ORG", "PIPC’s")],
            ["Personal Information Protection Commission"] * 3,
        ),
        ("PIPC said. The PIPC (Privacy Panel) met.", [("ORG", "PIPC"), ("ORG", "PIPC")], ["PIPC", "PIPC"]),
        ("Sam Altman met Altman's fans.", [("PERSON", "Sam Altman"), ("PERSON", "Altman's")], ["Sam Altman"] * 2),
        ("Altman said.", [("PERSON", "Altman")], ["Altman"]),
        ("Tony Blair spoke. Mr Blair left.", [("PERSON", "Tony Blair"), ("PERSON", "Mr Blair")], ["Tony Blair"] * 2),
        ("Nam Seok said Nam was", [("PERSON", "Nam Seok"), ("PERSON", "Nam")], ["Nam Seok"] * 2),
        (
            "Shina Chung, Shina Chung and Chung Shina; Chung said",
            [("PERSON", "Shina Chung"), ("PERSON", "Shina Chung"), ("PERSON", "Chung Shina"), ("PERSON", "Chung")],
            ["Shina Chung"] * 4,
        ),
        (
            "Jay Y. Lee and Lee Sung-yeop met; Lee said",
            [("PERSON", "Jay Y. Lee"), ("PERSON", "Lee Sung-yeop"), ("PERSON", "Lee")],
            ["Jay Y. Lee", "Lee Sung-yeop", "Lee"],
        ),
        ("Sam Altman and Altman Inc", [("PERSON", "Sam Altman"), ("ORG", "Altman Inc")], ["Sam Altman", "Altman Inc"]),
        ("DeepSeek’s app, Reuters' story", [("ORG", "DeepSeek’s"), ("ORG", "Reuters'")], ["DeepSeek", "Reuters"]),
        ("Open  AI", [("ORG", "Open  AI")], ["Open AI"]),
        (
            "Deepseek, Deepseek and Deepseeks",
            [("ORG", "Deepseek"), ("ORG", "Deepseek"), ("ORG", "Deepseeks")],
            ["Deepseek"] * 3,
        ),
        ("Deepseeks grew", [("ORG", "Deepseeks")], ["Deepseeks"]),
        ("Williams and William", [("PERSON", "Williams"), ("PERSON", "William")], ["Williams", "William"]),
        (
            "VexTor, VexTor, Vexkor",
            [("ORG", "VexTor"), ("ORG", "VexTor"), ("ORG", "Vexkor")],
            ["VexTor", "VexTor", "VexTor"],
        ),
        ("VexTor and Vexkor", [("ORG", "VexTor"), ("ORG", "Vexkor")], ["VexTor", "Vexkor"]),
        (
            "Kakao Kakao Kakao Kakaw Kakap",
            [("ORG", "Kakao"), ("ORG", "Kakao"), ("ORG", "Kakao"), ("ORG", "Kakaw"), ("ORG", "Kakap")],
            ["Kakao", "Kakao", "Kakao", "Kakaw", "Kakap"],
        ),
        (
            "Zentra, Zentra and Zentra Foods",
            [("ORG", "Zentra"), ("ORG", "Zentra"), ("ORG", "Zentra Foods")],
            ["Zentra Foods"] * 3,
        ),
        (
            "Zentra Foods and Zentra Bank; Zentra said",
            [("ORG", "Zentra Foods"), ("ORG", "Zentra Bank"), ("ORG", "Zentra")],
            ["Zentra Foods", "Zentra Bank", "Zentra"],
        ),
        ("on Feb.  4", [("DATE", "Feb.  4")], ["Feb. 4"]),
    ],
)
def test_canonical_document_aliases(text: str, labelled: list[tuple[str, str]], expected: list[str]) -> None:
    """Each mention resolves to the name it stands for in its document, and only when unambiguous."""
    assert document_aliases(text, _mentions(text, labelled)) == expected


@pytest.mark.parametrize(
    ("name_counts", "expected"),
    [
        ({"Deepseeks": 2, "Deepseek": 11}, {"Deepseeks": "Deepseek"}),
        ({"Barclay": 1, "Barclays": 4}, {"Barclay": "Barclays"}),
        ({"Zoradan": 1, "ZoraDance": 1, "Zoradance": 1}, {"Zoradan": "ZoraDance"}),
        ({"Vexkor": 2, "VexTor": 2}, {}),
        ({"Samsung SDI": 1, "Samsung SDS": 3}, {}),
    ],
)
def test_canonical_org_variant_links(name_counts: dict[str, int], expected: dict[str, str]) -> None:
    """Within a document a rarer stray-"s" or typo spelling joins the more used one."""
    assert org_variant_links(name_counts) == expected


@pytest.mark.parametrize(
    ("documents", "label", "query", "expected"),
    [
        ([[("ORG", "OpenAI")] * 7 + [("ORG", "Open AI")] * 4], "ORG", "Open AI", "OpenAI"),
        ([[("ORG", "DeepSeek")], [("ORG", "DeepSeek")], [("ORG", "Deepseek")] * 11], "ORG", "Deepseek", "DeepSeek"),
        ([[("ORG", "VexTor")] * 2, [("ORG", "Vextor")] * 3], "ORG", "Vextor", "VexTor"),
        ([[("ORG", "OPENAI")] * 3, [("ORG", "OpenAI")]], "ORG", "OPENAI", "OpenAI"),
        ([[("ORG", "Open AI")] * 3, [("ORG", "OpenAI")], [("ORG", "Open AI")]], "ORG", "OpenAI", "Open AI"),
        ([[("ORG", "Open AI")] * 3, [("ORG", "OPEN AI")]], "ORG", "OPEN AI", "Open AI"),
        ([[("PERSON", "Jay Y Lee")], [("PERSON", "Jay Y. Lee")]], "PERSON", "Jay Y Lee", "Jay Y. Lee"),
        ([[("ORG", "the Labour Party")]] * 3 + [[("ORG", "Labour Party")]], "ORG", "the Labour Party", "Labour Party"),
        ([[("ORG", "Reuters")], [("ORG", "Reuters'")]], "ORG", "Reuters’", "Reuters"),
        (
            [[("ORG", "Samsung")] * 5, [("ORG", "Samsung Electronics")]],
            "ORG",
            "Samsung Electronics",
            "Samsung Electronics",
        ),
        ([[("ORG", "SoftBank")] * 5, [("ORG", "SoftBank Group")]], "ORG", "SoftBank Group", "SoftBank Group"),
        ([[("ORG", "Vextor")] * 5, [("ORG", "Vexkor")]], "ORG", "Vexkor", "Vexkor"),
        ([[("ORG", "Apple")] * 5, [("PERSON", "APPLE")]], "PERSON", "APPLE", "APPLE"),
        ([[("ORG", "Kakao")]], "ORG", "Never  Seen's", "Never Seen"),
    ],
)
def test_canonical_names_pick_one_spelling(
    documents: list[list[tuple[str, str]]], label: str, query: str, expected: str
) -> None:
    """Spellings of one key are ranked by documents, inner capitals, capital words, mentions, then length."""
    assert _canonical_names(documents).canonical(label, query) == expected


def test_canonical_names_recompute_after_add() -> None:
    """Adding names after a lookup invalidates the memoised grouping."""
    names = _canonical_names([[("ORG", "Open AI")]])
    assert names.canonical("ORG", "OpenAI") == "Open AI"
    names.add("ORG", "OpenAI", mentions=2)
    names.add("ORG", "OpenAI")
    assert names.canonical("ORG", "Open AI") == "OpenAI"


@pytest.mark.parametrize("mentions", [0, -3])
def test_canonical_names_reject_non_positive_mentions(mentions: int) -> None:
    """A document counts at least one mention."""
    with pytest.raises(ValueError, match="mentions must be at least 1"):
        CanonicalNames().add("ORG", "Kakao", mentions)


VARIANT_NAMES = ["OpenAI", "Open AI", "OPENAI", "DeepSeek's", "Deepseek", "the Deepseek", "Kakao", "Lee", "Lee's"]
NAMES = st.one_of(st.text(max_size=25), st.sampled_from(VARIANT_NAMES))
LABELS = st.sampled_from(["ORG", "PERSON", "DATE"])
DOCUMENTS = st.lists(st.lists(st.tuples(LABELS, NAMES), max_size=8), max_size=6)


@settings(deadline=None)
@given(text=st.text(max_size=300), labelled=st.lists(st.tuples(LABELS, NAMES), max_size=10))
def test_canonical_document_aliases_never_raise(text: str, labelled: list[tuple[str, str]]) -> None:
    """Arbitrary text and names give one alias per mention, without errors."""
    mentions = [(label, name, 0, len(name)) for label, name in labelled]
    assert len(document_aliases(text, mentions)) == len(mentions)


@settings(deadline=None)
@given(documents=DOCUMENTS)
def test_canonical_names_idempotent(documents: list[list[tuple[str, str]]]) -> None:
    """The canonical name of a canonical name is itself, with its whitespace collapsed."""
    names = _canonical_names(documents)
    for label, name in [pair for document in documents for pair in document]:
        canonical = names.canonical(label, name)
        assert names.canonical(label, canonical) == canonical
        assert canonical == collapse_whitespace(canonical)


@settings(deadline=None)
@given(documents=DOCUMENTS, seed=st.integers(0, 2**32 - 1))
def test_canonical_names_independent_of_add_order(documents: list[list[tuple[str, str]]], seed: int) -> None:
    """The same documents added in any order, with their mentions in any order, give the same names."""
    shuffler = random.Random(seed)
    shuffled = [shuffler.sample(document, len(document)) for document in documents]
    shuffler.shuffle(shuffled)
    in_order, reordered = _canonical_names(documents), _canonical_names(shuffled)
    for label, name in [pair for document in documents for pair in document]:
        assert in_order.canonical(label, name) == reordered.canonical(label, name)


@pytest.mark.parametrize("item", ALIAS_ITEMS, ids=[f"{item['class']}-{n}" for n, item in enumerate(ALIAS_ITEMS)])
def test_canonical_synthetic_alias_set(item: dict) -> None:
    """Every mention of the synthetic alias set gets its expected name: aliases merged, namesakes apart."""
    labelled = [(label, surface) for label, surface, _expected in item["mentions"]]
    assert document_aliases(item["text"], _mentions(item["text"], labelled)) == [m[2] for m in item["mentions"]]


def test_canonical_synthetic_alias_set_covers_every_class() -> None:
    """The synthetic set holds alias pairs of every class the held-out news tests, and namesakes."""
    classes = {item["class"] for item in ALIAS_ITEMS}
    assert classes >= {
        "acronym_initials",
        "acronym_table",
        "legal_suffix",
        "leading_the",
        "country_prefix",
        "possessive",
        "only_bank",
        "first_words",
        "last_words",
        "head_last",
        "mixed_case",
        "person_aliases",
        "namesake_orgs",
        "namesake_people",
    }


CORPUS = [
    Document(
        "a",
        "a.txt",
        "Zentrix Holdings Inc. reported a loss on Monday. The chief executive of Zentrix Holdings said sales fell.\n",
    ),
    Document("b", "b.txt", "Shares in Zentrix Holdings rose on Tuesday, analysts in London said.\n"),
    Document(
        "c",
        "c.txt",
        "Anna Korvane, a lawyer in Leeds, said the plan was flawed. Ms Korvane said that Acme Foods had agreed. "
        "A spokesman for Acme said the firm would hire.\n",
    ),
    Document(
        "d",
        "d.txt",
        "Tom Korvane, a farmer in Devon, said the plan was fine. Mr Korvane said that Acme Motors had agreed. "
        "A spokesman for Acme said the firm would hire.\n",
    ),
    Document("e", "e.txt", "A spokesman for Acme said the firm would hire 300 people in Leeds.\n"),
]


@pytest.fixture(scope="module")
def corpus_names(nlp) -> dict[tuple[str, str], set[str]]:
    """(document, mention text) -> the canonical names `corpusx.extract` gives them over the small corpus."""
    names: dict[tuple[str, str], set[str]] = {}
    for mention in corpusx.extract(CORPUS, model=nlp, labels=["ORG", "PERSON"]):
        names.setdefault((mention.doc, mention.text), set()).add(mention.canonical)
    return names


def test_canonical_run_names_one_entity_alike_in_every_document(corpus_names: dict) -> None:
    """Through extract, one company written with and without its suffix gets the most complete name everywhere."""
    assert corpus_names[("a", "Zentrix Holdings Inc.")] == {"Zentrix Holdings Inc"}
    assert (
        corpus_names[("a", "Zentrix Holdings")] == corpus_names[("b", "Zentrix Holdings")] == {"Zentrix Holdings Inc"}
    )


def test_canonical_run_keeps_entities_sharing_a_short_form_apart(corpus_names: dict) -> None:
    """A short form shared by different entities of different documents stays with its own document's entity."""
    assert corpus_names[("c", "Korvane")] == {"Anna Korvane"}
    assert corpus_names[("d", "Korvane")] == {"Tom Korvane"}
    assert corpus_names[("c", "Acme")] == {"Acme Foods"}
    assert corpus_names[("d", "Acme")] == {"Acme Motors"}
    assert corpus_names[("e", "Acme")] == {"Acme"}
