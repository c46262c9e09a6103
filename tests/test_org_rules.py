"""Tests of the organisation rules of the context-rule component (`model.org_rules`)."""

from __future__ import annotations

import pytest
import spacy

from corpusx.lexicon import Lexicon
from corpusx.model.context import ContextRules
from corpusx.model.rules import source_of


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
        ("Tovan Reyes, vice president of sales at Zorbix Qelt, spoke.", [("Zorbix Qelt", "PERSON")], "Zorbix Qelt"),
        ("An analyst at Zorbix Qelt said so.", [], "Zorbix Qelt"),
        ("Said Tovan Reyes, managing director, of VX Qelt Amberly.", [("Qelt Amberly", "PERSON")], "VX Qelt Amberly"),
        ("The chairman of Zorbix quit.", [("Zorbix", "PERSON")], "Zorbix"),
    ],
)
def test_org_rules_org_after_role_tags_the_organisation(apply_context, text, ents, expected):
    """A name after a role in an organisation and 'at' or 'of' is the organisation."""
    assert (expected, "ORG", "rule:org-after-role") in apply_context(text, ents)


@pytest.mark.parametrize(
    ("text", "ents"),
    [
        ("The manager of Mira Okafor spoke.", [("Mira Okafor", "PERSON")]),
        ("The director, who lives near Zorbix, spoke.", [("Zorbix", "PERSON")]),
        ("An analyst at Harbour Street level.", []),
        ("The film director of Zorbix Qelt fame.", [("Zorbix Qelt", "ORG")]),
    ],
)
def test_org_rules_org_after_role_must_not_fire(apply_context, text, ents):
    """A person's name after 'of', a role in another clause, common words or another label: no ORG is made."""
    assert all(source != "rule:org-after-role" for _, _, source in apply_context(text, ents))


@pytest.mark.parametrize(
    ("text", "ents", "expected"),
    [
        ("Zorbix acquired Qelt Labs in May.", [("Qelt Labs", "PERSON")], ("Qelt Labs", "ORG", "rule:org-name-word")),
        (
            "They face Lundport Rovers soon.",
            [("Lundport Rovers", "PERSON")],
            ("Lundport Rovers", "ORG", "rule:org-name-word"),
        ),
        ("They face Lundport Rovers soon.", [("Lundport", "GPE")], ("Lundport Rovers", "ORG", "rule:club-name")),
        (
            "He was playing for Al-Zorbix in Lundia.",
            [("Al-Zorbix", "PERSON")],
            ("Al-Zorbix", "ORG", "rule:team-phrase"),
        ),
        ("It came after beating Qeltwich.", [("Qeltwich", "PERSON")], ("Qeltwich", "ORG", "rule:team-phrase")),
        ("They play at home to Lundport.", [("Lundport", "GPE")], ("Lundport", "ORG", "rule:team-context")),
        ("Zorbix boss Mira Okafor spoke.", [("Mira Okafor", "PERSON")], ("Zorbix", "ORG", "rule:team-context")),
    ],
)
def test_org_rules_clubs_and_name_words_make_an_org(apply_context, text, ents, expected):
    """An organisation's or a club's last word, a club word after a town, a team phrase, a club word after."""
    assert expected in apply_context(text, ents)


@pytest.mark.parametrize(
    ("text", "ents"),
    [
        ("Mr Qelt Labs spoke.", [("Qelt Labs", "PERSON")]),
        ("The collapse of the Lundish Union.", [("the Lundish Union", "GPE")]),
        ("They face England United soon.", [("England", "GPE")]),
        ("It came after beating Mira Okafor.", [("Mira Okafor", "PERSON")]),
        ("He joins Qeltwich on the sidelines.", [("Qeltwich", "PERSON")]),
        ("The case against Qeltwich grew.", [("Qeltwich", "PERSON")]),
        ("Former boss Mira Okafor spoke.", [("Mira Okafor", "PERSON")]),
        ("Zorbix Norwegian coach Mira Okafor spoke.", [("Mira Okafor", "PERSON")]),
    ],
)
def test_org_rules_clubs_and_name_words_must_not_fire(apply_context, text, ents):
    """An honorific, a place's union, a nation, a full name, a phrase people take, a common word: labels stay."""
    assert [(text, label) for text, label, _ in apply_context(text, ents)] == ents


def test_org_rules_a_common_word_before_a_club_word_needs_the_document_to_tag_it():
    """'Harbour boss' is a club only when the document tags the same word ORG elsewhere."""
    blank = spacy.blank("en")
    blank.add_pipe("sentencizer")
    rules = ContextRules(blank, Lexicon.default())
    text = "Harbour boss Mira Okafor spoke. Fans of Harbour sang."
    doc = blank(text)
    doc.ents = [doc.char_span(text.rindex("Harbour"), text.rindex("Harbour") + 7, label="ORG")]
    assert [ent.text for ent in rules(doc).ents] == ["Harbour", "Harbour"]
    doc = blank(text)
    assert list(rules(doc).ents) == []
