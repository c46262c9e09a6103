"""Label consistency: votes per name, decisions per document and run, propagation to untagged occurrences."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

import corpusx
from corpusx.mentions import PROPAGATED, RELABELLED, document_mentions, prepare
from corpusx.names.votes import (
    NAME_PART_WEIGHT,
    NameMention,
    _whole_word_occurrences,
    decide,
    defined_org_acronyms,
    document_votes,
    org_long_forms,
    plural_key,
    surname_surfaces,
    term_names,
    unlabelled_occurrences,
    winner,
)
from corpusx.text.segments import Boilerplate, line_spans, segment
from corpusx.types import Annotated, Document, Entity

BOILERPLATE_RULES = Boilerplate.load()
NAME_LABELS = frozenset({"ORG", "PERSON"})


def _mention(text: str, label: str, source: str = "model") -> NameMention:
    return NameMention(0, len(text), text, label, source)


@pytest.mark.parametrize(
    ("mentions", "key", "expected"),
    [
        ([("Zentrovix", "ORG", "model")], "zentrovix", {"ORG": 1.0}),
        ([("Zentrovix", "ORG", "rule:org-descriptor")], "zentrovix", {"ORG": 2.0}),
        ([("DeepSeek’s", "ORG", "model"), ("Deepseek", "ORG", "model")], "deepseek", {"ORG": 2.0}),
        ([("Zentrovix", "GPE", "model"), ("Zentrovix", "NORP", "model")], "zentrovix", {"PLACE": 2.0}),
        ([("Zentrovix", "ORG", "model"), ("Zentrovix", "PRODUCT", "model")], "zentrovix", {"ORG": 1.0}),
    ],
)
def test_consistency_votes_per_name_key(mentions, key, expected):
    """Case and possessive variants vote together; rules weigh more than the model; weak labels cast no vote."""
    assert document_votes([_mention(*m) for m in mentions])[key] == expected


@pytest.mark.parametrize(("name", "expected"), [("Altman", 0.25), ("Olympic", 0.0)])
def test_consistency_lone_one_word_person_is_weak(name, expected):
    """A one-word PERSON that is no part of a full name votes little, and nothing when it is a common word."""
    assert document_votes([_mention(name, "PERSON")]) == {name.lower(): {"PERSON": expected}}


def test_consistency_name_parts_of_a_full_name_vote_person():
    """ "Sam Altman" makes its first and last words vote PERSON, outweighing a stray ORG for "Altman"."""
    votes = document_votes([_mention("Sam Altman", "PERSON"), _mention("Altman", "ORG")])
    assert votes["altman"]["PERSON"] > votes["altman"]["ORG"]
    assert votes["sam"] == {"PERSON": NAME_PART_WEIGHT}


def test_consistency_surname_tagged_org_again_and_again_stays_a_person():
    """The model's repeated one-word ORG for the surname of the document's full name ("Mira Okafor" ... "Okafor") weighs little."""
    votes = document_votes([_mention("Mira Okafor", "PERSON")] + [_mention("Okafor", "ORG")] * 8)
    assert winner(votes["okafor"]) == "PERSON"


def test_consistency_surname_that_also_names_a_company_keeps_its_org_votes():
    """A word that also starts a longer ORG of the document ("Okafor Motors") keeps full ORG votes."""
    mentions = [_mention("Mira Okafor", "PERSON"), _mention("Okafor Motors", "ORG")] + [_mention("Okafor", "ORG")] * 8
    assert winner(document_votes(mentions)["okafor"]) == "ORG"


@pytest.mark.parametrize(
    "name",
    ["Zentrovix Labs", "sam altman", "Ola Berg Lind Moe Dahl"],
)
def test_consistency_name_parts_need_a_capitalised_full_name(name):
    """Only 2-4 capitalised words tagged PERSON make their parts vote; an ORG never does."""
    label = "ORG" if name == "Zentrovix Labs" else "PERSON"
    votes = document_votes([_mention(name, label)])
    assert set(votes) == {"".join(name.lower().split())}


@pytest.mark.parametrize(
    ("labels", "ratio", "minimum", "expected"),
    [
        ({"ORG": 3.0, "PERSON": 1.0}, 2.0, 1.0, "ORG"),
        ({"ORG": 2.0, "PERSON": 1.0}, 2.0, 1.0, None),
        ({"ORG": 2.0, "PERSON": 1.0}, 1.0, 0.0, "ORG"),
        ({"ORG": 1.0, "PERSON": 1.0}, 1.0, 0.0, None),
        ({"PERSON": 0.25}, 1.0, 1.0, None),
        ({"PERSON": 0.0}, 1.0, 0.0, None),
        ({}, 1.0, 0.0, None),
        (None, 1.0, 0.0, None),
    ],
)
def test_consistency_winner(labels, ratio, minimum, expected):
    """The top label wins only with enough votes and more than `ratio` times the runner-up's; ties have no winner."""
    assert winner(labels, ratio, minimum) == expected


@pytest.mark.parametrize(
    ("document", "run", "expected"),
    [
        ({"ORG": 3.0, "PERSON": 1.0}, {"PERSON": 9.0}, "ORG"),
        ({"ORG": 2.0, "PERSON": 1.5}, {"PERSON": 9.0, "ORG": 2.0}, "PERSON"),
        ({"PERSON": 0.25}, {"PERSON": 1.25}, "PERSON"),
        ({"PERSON": 0.25}, {"PERSON": 0.25}, None),
        ({"ORG": 1.0}, {"ORG": 1.0, "PLACE": 1.0}, "ORG"),
        ({"PLACE": 1.0}, {"ORG": 1.0, "PLACE": 1.0}, "PLACE"),
        ({}, {}, None),
    ],
)
def test_consistency_decide_prefers_a_clear_document_winner(document, run, expected):
    """A clear document winner overrides the run; otherwise the run's winner with a full vote, and a split run leaves it to the document."""
    assert decide("zentrovix", {"zentrovix": document}, {"zentrovix": run}) == expected


@pytest.mark.parametrize(
    ("key", "known", "expected"),
    [
        ("deepseeks", {"deepseek"}, "deepseek"),
        ("deepseeks", set(), "deepseeks"),
        ("news", {"new"}, "news"),
        ("bass", {"bas"}, "bass"),
        ("deepseek", {"deepseek"}, "deepseek"),
    ],
)
def test_consistency_plural_key_only_for_known_names(key, known, expected):
    """A stray final "s" is dropped only when the rest is a known name and the key is longer than four letters."""
    assert plural_key(key, known) == expected


TEXT = "Zentrovix said so. zentrovix is here. Zentrovixes rose. The ZENTROVIX way. Zentrovix"
UPPER = (TEXT.index("ZENTROVIX"), TEXT.index("ZENTROVIX") + 9)
LAST = (len(TEXT) - 9, len(TEXT))


@pytest.mark.parametrize(
    ("taken", "allowed", "expected"),
    [
        ([(0, 9)], [(0, len(TEXT))], [UPPER, LAST]),
        ([], [(0, 18)], [(0, 9)]),
        ([(UPPER[0] - 4, UPPER[1])], [(0, len(TEXT))], [(0, 9), LAST]),
        ([], [(0, 18), (LAST[0] + 1, LAST[1])], [(0, 9)]),
    ],
)
def test_consistency_unlabelled_occurrences_whole_words_in_allowed_free_text(taken, allowed, expected):
    """Whole-word, capitalised occurrences inside the allowed spans and outside taken spans are found."""
    found = unlabelled_occurrences(TEXT, {"zentrovix": ["Zentrovix"]}, taken, allowed)
    assert [(start, end) for start, end, _key in found] == expected
    assert all(TEXT[start:end].casefold() == "zentrovix" for start, end, _key in found)


@pytest.mark.parametrize(
    ("text", "names", "expected"),
    [
        ("Home is where Home is", {"home": ["Home"]}, []),
        ("The Apple fell", {"apple": ["Apple"]}, []),
        ("IBM and IBM", {"ibm": ["IBM"]}, [(0, 3), (8, 11)]),
        ("AT&T and AT&Tx and xAT&T", {"att": ["AT&T"]}, [(0, 4)]),
        ("Ng met Ng", {"ng": ["Ng"]}, []),
        ("Sam Altman and Altman", {"samaltman": ["Sam Altman"], "altman": ["Altman"]}, [(0, 10), (15, 21)]),
        ("the deepseek app", {"deepseek": ["DeepSeek"]}, []),
        ("the deepseek app", {"deepseek": ["deepseek"]}, [(4, 12)]),
    ],
)
def test_consistency_unlabelled_occurrences_skip_common_and_short_words(text, names, expected):
    """Common single words and very short names are never searched; acronyms and full names are, longest first."""
    found = unlabelled_occurrences(text, names, [], [(0, len(text))])
    assert [(start, end) for start, end, _key in found] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Zentrovix Radio said. Zentrovix said.", [(22, 31)]),
        ("Zentrovix 20 sold. Zentrovix sold.", [(19, 28)]),
        ("Zentrovix Chief Executive Mira Okafor", [(0, 9)]),
        ("Zentrovix, Zentrovix and Zentrovix.", [(0, 9), (11, 20), (25, 34)]),
        ("Claims That Zentrovix Data Went Abroad\nIt said so.", [(12, 21)]),
    ],
)
def test_consistency_unlabelled_occurrences_skip_parts_of_longer_names(text, expected):
    """An occurrence a capitalised word or a number goes on from is part of a longer name; a title after it, or a
    title-case headline, is not."""
    found = unlabelled_occurrences(text, {"zentrovix": ["Zentrovix"]}, [], [(0, len(text))])
    assert [(start, end) for start, end, _key in found] == expected


def test_consistency_a_full_name_voted_org_gives_its_words_no_person_votes():
    """ "Zorvane Plus" tagged PERSON once and ORG twice is no full name: "Zorvane" gets no PERSON vote from it."""
    votes = document_votes([_mention("Zorvane Plus", "PERSON")] + [_mention("Zorvane Plus", "ORG")] * 2)
    assert "zorvane" not in votes
    assert document_votes([_mention("Zorvane Plus", "PERSON")])["zorvane"] == {"PERSON": NAME_PART_WEIGHT}


def test_consistency_a_plural_name_after_the_outranks_the_model():
    """ "the Vextor Dems" (rule:org-after-the) is strong evidence: the model's PERSON votes for the name lose."""
    mentions = [_mention("Vextor Dems", "PERSON")] * 5 + [_mention("Vextor Dems", "ORG", "rule:org-after-the")]
    assert winner(document_votes(mentions)["vextordems"]) == "ORG"


def test_consistency_an_acronym_after_a_full_name_is_no_name_part():
    """ "Mira Okafor QC": "QC" casts no PERSON vote and is not searched for as a surname."""
    mentions = [_mention("Mira Okafor QC", "PERSON")]
    assert "qc" not in document_votes(mentions)
    assert "qc" not in surname_surfaces(mentions)


def _prepared():
    text = (
        "Zentrovix hired staff in Oslo. Later Zentrovix grew. Rivals watched Zentrovix closely.\n"
        "Zentrovix\n"
        "Zentrovix and Quorvane met.\n"
    )
    entities = [
        Entity(0, 9, "ORG", "rule:org-descriptor", 0, 30),
        Entity(25, 29, "GPE", "model", 0, 30),
        Entity(37, 46, "PERSON", "model", 31, 52),
        Entity(111, 119, "PERSON", "model", 97, 124),
    ]
    return text, prepare(Annotated(Document("t", "<t>", text), entities, line_spans(segment(text, BOILERPLATE_RULES))))


def test_consistency_document_mentions_relabel_and_propagate():
    """A mislabelled mention takes the decided label (`rule:consistency`); untagged occurrences are added (`rule:propagation`)."""
    text, prepared = _prepared()
    mentions = document_mentions(prepared, {}, labels=NAME_LABELS)
    zentrovix = [(m.start, m.label, m.source) for m in mentions if m.text == "Zentrovix"]
    assert zentrovix == [
        (0, "ORG", "rule:org-descriptor"),
        (37, "ORG", RELABELLED),
        (68, "ORG", PROPAGATED),
        (97, "ORG", PROPAGATED),
    ]
    assert all(text[m.start : m.end] == m.text for m in mentions)


def test_consistency_document_mentions_leave_undecided_names_alone():
    """A lone one-word PERSON keeps its label and is not propagated, and boilerplate lines get no mention."""
    _text, prepared = _prepared()
    mentions = document_mentions(prepared, {}, labels=NAME_LABELS)
    assert [(m.start, m.label, m.source) for m in mentions if m.text == "Quorvane"] == [(111, "PERSON", "model")]
    assert 87 not in [m.start for m in mentions]


def test_consistency_document_mentions_follow_the_run_votes():
    """Without a clear document vote, the run's votes decide a name's label."""
    text = "Quorvane met Zentrovix."
    entities = [Entity(0, 8, "PERSON", "model", 0, 23)]
    prepared = prepare(Annotated(Document("t", "<t>", text), entities, line_spans(segment(text, BOILERPLATE_RULES))))
    mentions = document_mentions(prepared, {"quorvane": {"ORG": 6.0}}, labels=NAME_LABELS)
    assert [(m.text, m.label, m.source) for m in mentions] == [("Quorvane", "ORG", RELABELLED)]


def test_consistency_extract_gives_one_label_per_name(nlp):
    """End to end, every mention of a name the document tags as ORG comes out ORG, possessives included."""
    text = (
        "Quorvane Shares Surge\n\n"
        "Chinese startup Quorvane released a new model on Monday. Analysts said Quorvane’s model was cheap.\n"
        "Sam Altman praised Quorvane.\n"
    )
    mentions = list(corpusx.extract([Document("t", "<t>", text)], model=nlp))
    quorvane = [m for m in mentions if m.text == "Quorvane"]
    assert len(quorvane) == 4
    assert {m.label for m in quorvane} == {"ORG"}


def test_consistency_extract_name_parts_follow_the_full_name(nlp):
    """A surname after the full name is PERSON and resolves to the full name."""
    text = "Sam Altman met the board on Friday. Altman said the talks went well."
    mentions = list(corpusx.extract([Document("t", "<t>", text)], model=nlp))
    assert [(m.text, m.label, m.canonical) for m in mentions if m.label == "PERSON"] == [
        ("Sam Altman", "PERSON", "Sam Altman"),
        ("Altman", "PERSON", "Sam Altman"),
    ]


def test_consistency_acronym_defined_for_an_org_is_an_org():
    """ "Vextor Trade Council (VTC)" with the long form voted ORG, even inside a longer ORG, makes "VTC" an ORG name."""
    text = "The North Vextor Trade Council (VTC) met. VTC said no."
    votes = document_votes([_mention("North Vextor Trade Council", "ORG")])
    assert defined_org_acronyms(text, votes) == {"vtc": "VTC"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The Vextor Corporation for Zorba Ports (Vczp) met.",
            {"vextorcorporationforzorbaports": "Vextor Corporation for Zorba Ports"},
        ),
        ("The Vextor Trade Council (VTC) met.", {"vextortradecouncil": "Vextor Trade Council"}),
    ],
)
def test_consistency_org_long_forms_are_capitalised_names_with_an_org_word(text, expected):
    """An acronym's long form written as a name holding an organisation word is an organisation's name."""
    assert org_long_forms(text) == expected


@pytest.mark.parametrize(
    "text",
    ["Mira Okafor Lund (MOL) spoke.", "a vextor trade council (VTC) met.", "the Zorba Vextor Lund (ZVL) launch"],
)
def test_consistency_org_long_forms_need_a_capitalised_org_word(text):
    """A person's name, a long form in lower case, or one with no organisation word is no organisation's name."""
    assert org_long_forms(text) == {}


def test_consistency_an_untagged_org_long_form_and_its_acronym_are_orgs(nlp):
    """ "The Vextor Corporation for Zorba Ports (Vczp)" untagged by the model: the long form and "Vczp" are ORGs."""
    text = "Port talks\n\nThe Vextor Corporation for Zorba Ports (Vczp) has approved two sites. Vczp staff said so."
    mentions = list(corpusx.extract([Document("t", "<t>", text)], model=nlp))
    orgs = [m.text for m in mentions if m.label == "ORG"]
    assert orgs.count("Vczp") == 2 and "Vextor Corporation for Zorba Ports" in orgs


def test_consistency_a_piece_of_a_company_the_text_names_is_the_whole_company(nlp):
    """ "Zorba Qeltix" is a company ("an analyst at Zorba Qeltix"): the model's "Qeltix" of its other mentions is too."""
    text = "Tovan Reyes, an analyst at Zorba Qeltix, spoke. Later Zorba Qeltix said it would grow."
    prepared = prepare(
        Annotated(
            Document("t", "<t>", text),
            [
                Entity(text.index("Zorba"), text.index("Zorba") + 12, "ORG", "rule:org-after-role", 0, len(text)),
                Entity(text.rindex("Qeltix"), text.rindex("Qeltix") + 6, "PERSON", "model", 0, len(text)),
            ],
            line_spans(segment(text, BOILERPLATE_RULES)),
        )
    )
    mentions = document_mentions(prepared, {}, labels={"ORG", "PERSON"})
    assert [(m.text, m.label) for m in mentions] == [("Zorba Qeltix", "ORG"), ("Zorba Qeltix", "ORG")]


def test_consistency_acronym_of_a_person_or_unlabelled_name_is_left_alone():
    """An acronym whose long form is no ORG of the document gets no ORG vote."""
    text = "Mira Okafor Lund (MOL) spoke, then the Vextor Trade Council (VTC) did."
    assert defined_org_acronyms(text, document_votes([_mention("Mira Okafor Lund", "PERSON")])) == {}


def test_consistency_document_mentions_tag_every_defined_acronym():
    """An acronym defined for an ORG is an ORG mention even where the model swallowed it into the long form's span."""
    text = (
        "Zoradan appeal\n\nShe took her case to the North American Court of Arbitration for Sport (CAS) on Monday,"
        " and a ruling is due in May.\n"
    )
    mentions = corpusx.extract([Document("cas", "cas.txt", text)])
    assert [(m.text, m.source) for m in mentions if m.label == "ORG"] == [
        ("the North American Court of Arbitration for Sport", "rule:parenthesis-cut"),
        ("CAS", PROPAGATED),
    ]


@given(
    text=st.text(alphabet="Zora dnZORA&-_.é", max_size=60),
    surfaces=st.sets(st.text(alphabet="ZoradnZORA é", min_size=1, max_size=8), min_size=1, max_size=4),
)
def test_consistency_whole_word_search_finds_what_a_regex_alternation_finds(text, surfaces):
    """Occurrences come out as `finditer` of the surfaces as one case-blind alternation, longest first, finds them."""
    alternation = "|".join(re.escape(s) for s in sorted(surfaces, key=lambda s: (-len(s), s)))
    pattern = re.compile(rf"(?<![\w&])(?:{alternation})(?![\w&])", re.IGNORECASE)
    expected = [match.span() for match in pattern.finditer(text)]
    assert _whole_word_occurrences(text, text.lower(), surfaces, str.lower) == expected


def _entity_at(text: str, surface: str, label: str, source: str = "model", occurrence: int = 0) -> Entity:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(surface, start + 1)
    return Entity(start, start + len(surface), label, source, 0, len(text))


def _labels(text: str, entities: list[Entity], surface: str) -> list[tuple[str, str]]:
    prepared = prepare(Annotated(Document("t", "<t>", text), entities, line_spans(segment(text, BOILERPLATE_RULES))))
    return [(m.label, m.source) for m in document_mentions(prepared, {}, labels=NAME_LABELS) if m.text == surface]


def test_consistency_strong_evidence_outranks_many_model_votes():
    """One 'firm Quorvane' (a kind word) beats four model PERSON votes, and every mention becomes ORG."""
    text = "Quorvane rose. Quorvane fell. Quorvane said. Quorvane won. The firm Quorvane lost."
    entities = [_entity_at(text, "Quorvane", "PERSON", occurrence=i) for i in range(4)]
    entities.append(_entity_at(text, "Quorvane", "ORG", "rule:org-after-kind", occurrence=4))
    assert [label for label, _ in _labels(text, entities, "Quorvane")] == ["ORG"] * 5


def test_consistency_a_mention_with_its_own_strong_evidence_keeps_its_label():
    """A 'Mr Quorvane' PERSON (an honorific) stays PERSON though a strong ORG vote decides the name."""
    text = "Quorvane shares fell. Mr Quorvane said so."
    entities = [
        _entity_at(text, "Quorvane", "ORG", "rule:org-context"),
        _entity_at(text, "Quorvane", "PERSON", "rule:person-after-title", occurrence=1),
    ]
    assert _labels(text, entities, "Quorvane") == [("ORG", "rule:org-context"), ("PERSON", "rule:person-after-title")]


def test_consistency_a_work_title_takes_the_name_out_of_org():
    """A rule's WORK_OF_ART ('the film Zorba Rising') votes WORK: the model's ORG mention of it is dropped."""
    text = "The film Zorba Rising opened. Zorba Rising won."
    entities = [
        _entity_at(text, "Zorba Rising", "WORK_OF_ART", "rule:work-title"),
        _entity_at(text, "Zorba Rising", "ORG", occurrence=1),
    ]
    assert _labels(text, entities, "Zorba Rising") == []


def test_consistency_model_votes_without_strong_evidence_still_decide():
    """Without strong evidence the model's majority decides as before (no forcing by a WORK or strong vote)."""
    votes = document_votes([_mention("Quorvane", "ORG"), _mention("Quorvane", "ORG"), _mention("Quorvane", "PERSON")])
    assert votes["quorvane"] == {"ORG": 2.0, "PERSON": 0.25}


@pytest.mark.parametrize(
    ("run", "expected"), [({"ORG": 3.0, "PERSON": 2.5}, "PERSON"), ({"ORG": 4.0, "PERSON": 2.0}, "ORG")]
)
def test_consistency_a_split_run_is_not_forced(run, expected):
    """The run decides only with a clear lead; a split run leaves the document's own winner ('PERSON' here)."""
    assert decide("quorvane", {"quorvane": {"PERSON": 1.0}}, {"quorvane": run}) == expected


@pytest.mark.parametrize(
    ("text", "surface", "dropped"),
    [
        ("Budget cuts ahead\n\nThe budget was cut. The budget grew.", "Budget", True),
        ("Budget Air said so. Budget Air grew. Its budget fell.", "Budget", False),
        ("Quorvane cuts ahead\n\nThe quorvane was cut.", "Quorvane", False),
    ],
)
def test_consistency_capitalised_common_word_written_in_lower_case_is_no_name(text, surface, dropped):
    """A one-word common English word the model tagged, written in lower case at least as often, is dropped."""
    entities = [_entity_at(text, surface, "ORG")]
    assert (_labels(text, entities, surface) == []) == dropped


def test_consistency_a_longer_name_of_a_strong_org_is_an_org():
    """'Quorvane Lund' tagged PERSON becomes ORG when 'Quorvane' has strong ORG evidence in the document."""
    text = "Quorvane shares fell. Quorvane Lund said so."
    entities = [
        _entity_at(text, "Quorvane", "ORG", "rule:org-context"),
        _entity_at(text, "Quorvane Lund", "PERSON"),
    ]
    assert _labels(text, entities, "Quorvane Lund") == [("ORG", RELABELLED)]


def test_consistency_a_longer_name_without_strong_evidence_stays_a_person():
    """Without strong evidence for its first word, a full PERSON name keeps its label."""
    text = "Quorvane rose. Quorvane Lund said so."
    entities = [_entity_at(text, "Quorvane", "ORG"), _entity_at(text, "Quorvane Lund", "PERSON")]
    assert _labels(text, entities, "Quorvane Lund") == [("PERSON", "model")]


def test_consistency_surname_of_a_full_name_is_propagated():
    """A surname standing alone that the model missed is a PERSON mention once the full name was tagged."""
    text = "Mira Okafor spoke first. Later Okafor left."
    entities = [_entity_at(text, "Mira Okafor", "PERSON")]
    assert _labels(text, entities, "Okafor") == [("PERSON", PROPAGATED)]


def test_consistency_surname_that_is_a_common_word_is_not_propagated():
    """A surname that is a common English word ("Mira Harbour" ... "Harbour") is not searched for alone."""
    text = "Mira Harbour spoke first. The Harbour was busy."
    assert _labels(text, [_entity_at(text, "Mira Harbour", "PERSON")], "Harbour") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It uses a technology known as Vextor Link (VXL) now.", {"Vextor Link", "VXL"}),
        ("A scheme called Lumo Plus starts.", {"Lumo Plus"}),
        ("The purchasing managers index (PMI) rose.", {"PMI"}),
        ("The personal data protection commission (PDPC) met.", set()),
        ("The Vextor Trade Council (VTC) met.", set()),
        ("A firm called Vextor Link (VXL) grew.", set()),
    ],
)
def test_consistency_term_names(text, expected):
    """Names introduced as a technique or scheme and acronyms of lower-case terms are terms; bodies are not."""
    assert term_names(text) == expected


def test_consistency_terms_are_no_entities_anywhere_in_the_document():
    """Every model mention of a term's acronym is dropped, not only the one beside its definition."""
    text = "A technology called Vextor Link (VXL) is new. VXL chips are cheap."
    entities = [_entity_at(text, "VXL", "ORG"), _entity_at(text, "VXL", "ORG", occurrence=1)]
    assert _labels(text, entities, "VXL") == []
