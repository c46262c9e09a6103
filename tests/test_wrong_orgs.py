"""Rules that take wrong organisations away: kind nouns after a name (`corpusx.model.kinds`), never-entities, countries."""

from __future__ import annotations

import pytest
import spacy

from corpusx.lexicon import Lexicon
from corpusx.model.context import ContextRules
from corpusx.model.rules import EntityRules, source_of
from corpusx.names.votes import WORK, vote_label


@pytest.fixture(scope="module")
def apply_context():
    """Run the context-rule component alone on a sentence whose model entities are given by hand."""
    blank = spacy.blank("en")
    blank.add_pipe("sentencizer")
    rules = ContextRules(blank, Lexicon.default())

    def run(text: str, ents: list[tuple[str, str]]) -> list[tuple[str, str, str]]:
        doc = blank(text)
        spans = []
        for surface, label in ents:
            start = text.index(surface)
            spans.append(doc.char_span(start, start + len(surface), label=label))
        doc.ents = spans
        return [(ent.text, ent.label_, source_of(ent)) for ent in rules(doc).ents]

    return run


@pytest.mark.parametrize(
    ("text", "ents", "expected"),
    [
        ("In Lundia, the Zorba Tel index rose.", [("Zorba Tel", "ORG")], ("Zorba Tel", "PRODUCT")),
        ("Films vying for the Golden Vextor awards.", [("Golden Vextor", "ORG")], ("Golden Vextor", "EVENT")),
        ("He won the Okafor prize last year.", [("Okafor", "PERSON")], ("Okafor", "EVENT")),
        ("He was jailed in the Lundport area.", [("Lundport", "ORG")], ("Lundport", "GPE")),
        ("She first contested the Lundport East seat.", [("Lundport East", "ORG")], ("Lundport East", "GPE")),
        ("Brands include Zorba rum and more.", [("Zorba", "ORG")], ("Zorba", "PRODUCT")),
        ("They flew out of Vextor airport.", [("Vextor", "ORG")], ("Vextor", "FAC")),
        ("A firm based in Lundport said so.", [("Lundport", "ORG")], ("Lundport", "GPE")),
        ("He is the MP for Lundport East.", [("Lundport East", "ORG")], ("Lundport East", "GPE")),
        ("The Duke of Lundport said so.", [("Lundport", "ORG")], ("Lundport", "GPE")),
    ],
)
def test_kind_cue_relabels_the_name(apply_context, text, ents, expected):
    """A name right before a lower-case kind noun, or right after a cue such as "based in", takes the cue's label."""
    assert (*expected, "rule:kind-cue") in apply_context(text, ents)


@pytest.mark.parametrize(
    ("text", "ents"),
    [
        ("The Zorba Society awards were given out.", [("Zorba Society", "ORG")]),  # an organisation word
        ("It sold Zorba's rum and more.", [("Zorba", "ORG")]),  # a possessive: the owner
        ("The Vextor Index fell.", [("Vextor Index", "ORG")]),  # the kind inside the name
        ("Vextor Area managers met.", [("Vextor", "ORG")]),  # capitalised: no kind noun
        ("The Vextor show was a hit.", [("Vextor", "ORG")]),  # a work after an owner: not a kind here
        ("Vextor said the awards were due.", [("Vextor", "ORG")]),  # the kind noun not right after
        ("Vextor is based in Lundport.", [("Vextor", "ORG")]),  # the cue after the name
        ("It was based on Vextor data.", [("Vextor", "ORG")]),  # no cue
    ],
)
def test_kind_cue_must_not_fire(apply_context, text, ents):
    """Without a cue right before or a lower-case kind noun right after the name, or with an organisation word in
    it, the ORG stays."""
    assert all(source != "rule:kind-cue" for _, _, source in apply_context(text, ents))
    assert [label for _, label, _ in apply_context(text, ents)] == ["ORG"]


def test_kind_cue_votes_as_weak_evidence_of_a_work():
    """The rule's label votes against ORG and PERSON; the model's own weak labels cast no vote."""
    assert vote_label("EVENT", "rule:kind-cue") == WORK
    assert vote_label("GPE", "rule:kind-cue") == "PLACE"
    assert vote_label("EVENT", "model") is None


@pytest.fixture(scope="module")
def apply_rules():
    """Run the span-rule component alone on a sentence whose model entities are given by hand."""
    blank = spacy.blank("en")
    blank.add_pipe("sentencizer")
    rules = EntityRules(blank, Lexicon.default())

    def run(text: str, ents: list[tuple[str, str]]) -> list[tuple[str, str]]:
        doc = blank(text)
        doc.ents = [doc.char_span(text.index(s), text.index(s) + len(s), label=label) for s, label in ents]
        return [(ent.text, ent.label_) for ent in rules(doc).ents]

    return run


@pytest.mark.parametrize(
    ("text", "surface", "label"),
    [
        ("Allowing FDI in the country helps.", "FDI", "ORG"),
        ("Files go over IP now.", "IP", "ORG"),
        ("The 55-year-old Frenchman told reporters.", "Frenchman", "ORG"),
        ("A third of Welsh households pay more.", "Welsh", "PERSON"),
    ],
)
def test_never_entity_drops_abbreviations_and_nationalities(apply_rules, text, surface, label):
    """General technical abbreviations and nationality words are no ORG or PERSON."""
    assert apply_rules(text, [(surface, label)]) == []


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("Vextor IP Holdings said so.", "Vextor IP Holdings"),  # a longer name that holds one
        ("Welsh Water raised prices.", "Welsh Water"),
        ("The Frenchman Group said so.", "Frenchman Group"),
    ],
)
def test_never_entity_keeps_names_that_hold_such_a_word(apply_rules, text, surface):
    """The never-entity list compares the whole span: a name holding an abbreviation or a nationality stays."""
    assert apply_rules(text, [(surface, "ORG")]) == [(surface, "ORG")]


@pytest.mark.parametrize(
    ("text", "surface", "expected"),
    [
        ("Players include Burkina Faso's Tovan Reyes.", "Burkina Faso's", "GPE"),
        ("Lundia's market fell as did Turkey's.", "Turkey's", "GPE"),
        ("Lundia's market fell as did Vextor's.", "Vextor's", "ORG"),
    ],
)
def test_place_reads_a_country_before_a_possessive(apply_context, text, surface, expected):
    """A country the model took for an ORG with its possessive is a GPE; another name keeps its label."""
    assert [label for ent, label, _ in apply_context(text, [(surface, "ORG")]) if ent == surface] == [expected]


@pytest.mark.parametrize(
    ("text", "surface", "expected"),
    [
        ("A network is editing Vextor Films' Zorba Rising now.", "Vextor Films' Zorba Rising", "Vextor Films"),
        ("It bought Vextor Films’ Lumo Trust.", "Vextor Films’ Lumo Trust", "Vextor Films’ Lumo Trust"),  # owned
        ("It sold the Okafor Lundport' Zorba line.", "Okafor Lundport' Zorba", "Okafor Lundport' Zorba"),  # no plural
        ("The Lawyers' Zorba Fellowship said so.", "Lawyers' Zorba Fellowship", "Lawyers' Zorba Fellowship"),  # whose
        ("It backed the Music Makers' Zorba Forum.", "the Music Makers' Zorba Forum", "the Music Makers' Zorba Forum"),
    ],
)
def test_org_cut_ends_an_org_at_a_plural_possessive(apply_rules, text, surface, expected):
    """An ORG runs on past a plural's possessive apostrophe into what it owns: cut there, unless the rest is a
    name of its own kind ("Lumo Trust")."""
    assert apply_rules(text, [(surface, "ORG")]) == [(expected, "ORG")]


@pytest.mark.parametrize(
    ("text", "surface", "expected"),
    [
        (
            "A team from Lundia Department of Transport and Vextor State University said so.",
            "Lundia Department of Transport and Vextor State University",
            [("Lundia Department of Transport", "ORG"), ("Vextor State University", "ORG")],
        ),
        (
            "The Zorba Bank and the Vextor Trade Commission agreed.",
            "The Zorba Bank and the Vextor Trade Commission",
            [("Zorba Bank", "ORG"), ("Vextor Trade Commission", "ORG")],
        ),
    ],
)
def test_org_list_splits_two_named_bodies(apply_rules, text, surface, expected):
    """Two organisations joined by "and", each named with an organisation's word, are two ORGs."""
    assert apply_rules(text, [(surface, "ORG")]) == expected


@pytest.mark.parametrize(
    "surface",
    [
        "Vextor Bank and Trust Company",  # no word of its own after "and"
        "Department of Trade and Industry",  # no organisation word after "and"
        "Ernst and Okafor",
        "Okafor Bank and Zorba Trust and Lumo Fund",  # more than one "and"
    ],
)
def test_org_list_keeps_one_name(apply_rules, surface):
    """An ORG whose "and" joins no two named bodies stays whole."""
    assert apply_rules(f"The {surface} said so.", [(surface, "ORG")]) == [(surface, "ORG")]
