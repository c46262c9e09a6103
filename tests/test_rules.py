"""The span rules (`corpusx_entity_rules`), the context rules (`corpusx_context_rules`), the family switches and the patterns in `models/patterns.jsonl`, each with cases where it must not fire."""

from __future__ import annotations

import functools

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.tokens import Span

import corpusx
from corpusx.errors import ModelError
from corpusx.lexicon import Lexicon
from corpusx.model.context import ContextRules
from corpusx.model.pipeline import ALL_FAMILIES
from corpusx.model.places import place_names
from corpusx.model.rules import EntityRules, source_of


@pytest.fixture(scope="module")
def apply_rules():
    """Run the rule component alone on a tokenised sentence whose model entities are given by hand."""
    blank = spacy.blank("en")
    blank.add_pipe("sentencizer")
    rules = EntityRules(blank, Lexicon.default())

    def run(text: str, ents: list[tuple[str, str]]) -> list[tuple[str, str, str]]:
        doc = blank(text)
        spans = []
        for surface, label in ents:
            start = text.index(surface)
            span = doc.char_span(start, start + len(surface), label=label)
            assert span is not None, f"{surface!r} does not fall on token boundaries"
            spans.append(span)
        doc.ents = spans
        return [(ent.text, ent.label_, source_of(ent)) for ent in rules(doc).ents]

    return run


def _ents(nlp, text: str) -> list[tuple[str, str, str]]:
    return [(ent.text, ent.label_, source_of(ent)) for ent in nlp(text).ents]


@pytest.mark.parametrize(
    ("text", "ents", "expected"),
    [
        (
            "Kakao CEO Shina Chung said so.",
            [("Kakao CEO Shina Chung", "ORG")],
            [("Kakao", "ORG", "rule:title-split"), ("Shina Chung", "PERSON", "rule:title-split")],
        ),
        (
            "Kakao CEO Shina Chung said so.",
            [("Kakao CEO Shina Chung", "PERSON")],
            [("Kakao", "ORG", "rule:title-split"), ("Shina Chung", "PERSON", "rule:title-split")],
        ),
        ("Mr Ebbers denied it.", [("Mr Ebbers", "ORG")], [("Ebbers", "PERSON", "rule:title-split")]),
        (
            "Analyst Wenla Orvik said so.",
            [("Analyst Wenla Orvik", "PERSON")],
            [("Wenla Orvik", "PERSON", "rule:title-split")],
        ),
    ],
)
def test_rules_title_split_keeps_titles_out_of_names(apply_rules, text, ents, expected):
    """A title inside a name span is cut out: the words before it are the ORG, the words after it the PERSON."""
    assert apply_rules(text, ents) == expected


@pytest.mark.parametrize(
    ("text", "ents"),
    [
        ("Shares of General Motors rose.", [("General Motors", "ORG")]),
        ("Queen Mary University said so.", [("Queen Mary University", "ORG")]),
        ("Staff at Kakao CEO said so.", [("Kakao CEO", "ORG")]),
        ("They toured Prince Edward Island today.", [("Prince Edward Island", "GPE")]),
    ],
)
def test_rules_title_split_leaves_whole_names_alone(apply_rules, text, ents):
    """No split without a name after the title, for a non-honorific title opening an ORG, or outside ORG and PERSON."""
    assert apply_rules(text, ents) == [(surface, label, "model") for surface, label in ents]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The board met Chairman Zorvek Talmun there.", ("Zorvek Talmun", "PERSON", "rule:person-after-title")),
        ("The lab is led by Professor Anna Lindqvist now.", ("Anna Lindqvist", "PERSON", "rule:person-after-title")),
        ("Later Mr Ebbers denied it.", ("Ebbers", "PERSON", "rule:person-after-title")),
    ],
)
def test_rules_person_after_title_tags_the_untagged_name(apply_rules, text, expected):
    """Capitalised words right after a title that no entity covers become a PERSON."""
    assert apply_rules(text, []) == [expected]


@pytest.mark.parametrize(
    ("text", "ents"),
    [
        ("The board met the chairman yesterday.", []),
        ("The chairman said the plan was fine.", []),
        ("The board met Chairman Zorvek Talmun there.", [("Zorvek Talmun", "PERSON")]),
    ],
)
def test_rules_person_after_title_needs_an_untagged_capitalised_name(apply_rules, text, ents):
    """A title followed by lower-case words, or by a name the model already tagged, adds nothing."""
    assert apply_rules(text, ents) == [(surface, label, "model") for surface, label in ents]


def test_rules_person_after_title_keeps_a_hyphenated_name_whole(apply_rules):
    """The name after a title includes its hyphenated part ("Chey Tae-won", not "Chey Tae")."""
    assert apply_rules("The board met Chairman Chey Tae-won in Seoul.", []) == [
        ("Chey Tae-won", "PERSON", "rule:person-after-title")
    ]


@pytest.mark.parametrize(
    ("text", "ents", "expected"),
    [
        ("Open AI CEO Sam Altman spoke.", [("Sam Altman", "PERSON")], ("Open AI", "ORG", "rule:org-before-title")),
        ("We met Zentrovix founder Ola Berg.", [("Ola Berg", "PERSON")], ("Zentrovix", "ORG", "rule:org-before-title")),
        ("We met IBM Chairman Ola Berg.", [("Ola Berg", "PERSON")], ("IBM", "ORG", "rule:org-before-title")),
    ],
)
def test_rules_org_before_company_title_tags_the_company(apply_rules, text, ents, expected):
    """Capitalised words right before a company title, with an acronym or an unknown word, name the company."""
    assert expected in apply_rules(text, ents)


@pytest.mark.parametrize(
    ("text", "ents"),
    [
        ("The Committee chairman declined.", []),
        ("The Finance Committee Chairman declined.", []),
        ("The AI CEO Sam Altman spoke.", [("Sam Altman", "PERSON")]),
        ("Investors said Kakao CEO Shina Chung spoke.", [("Kakao", "ORG"), ("Shina Chung", "PERSON")]),
    ],
)
def test_rules_org_before_company_title_skips_common_words_and_tagged_spans(apply_rules, text, ents):
    """Common words ("Committee"), never-entities ("AI") and words already tagged make no new ORG."""
    assert apply_rules(text, ents) == [(surface, label, "model") for surface, label in ents]


@pytest.mark.parametrize(
    ("text", "ents", "expected"),
    [
        (
            "Led by CyberSecurity Firm Zentrovix today.",
            [("CyberSecurity Firm Zentrovix", "ORG")],
            ("Zentrovix", "ORG", "rule:org-descriptor"),
        ),
        (
            "Led by Chip Maker Quorvane today.",
            [("Chip Maker Quorvane", "ORG")],
            ("Quorvane", "ORG", "rule:org-descriptor"),
        ),
        ("Apple’s App Store sales grew.", [("Apple’s App Store", "ORG")], ("Apple", "ORG", "rule:org-possessive")),
        ("Apple's App Store sales grew.", [("Apple's App Store", "ORG")], ("Apple", "ORG", "rule:org-possessive")),
    ],
)
def test_rules_org_cut_removes_descriptors_and_possessives(apply_rules, text, ents, expected):
    """A descriptor before a name, or a possessive and what follows it, is cut out of an ORG span."""
    assert apply_rules(text, ents) == [expected]


@pytest.mark.parametrize(
    ("text", "ents"),
    [
        ("McDonald's Corp reported earnings.", [("McDonald's Corp", "ORG")]),
        ("McDonald's Corp. reported earnings.", [("McDonald's Corp.", "ORG")]),
        ("Shares of Ford Motor Company rose.", [("Ford Motor Company", "ORG")]),
        ("Shares of Acme Company of Canada rose.", [("Acme Company of Canada", "ORG")]),
        ("Fans of Walt Disney's Studio came.", [("Walt Disney's Studio", "PERSON")]),
    ],
)
def test_rules_org_cut_keeps_company_suffixes_and_other_labels(apply_rules, text, ents):
    """A possessive before a company suffix, a descriptor ending the name or before no name, and non-ORG spans stay."""
    assert apply_rules(text, ents) == [(surface, label, "model") for surface, label in ents]


@pytest.mark.parametrize(
    ("text", "agency"),
    [
        ("A man waves in Paris. (Xinhua)", "Xinhua"),
        ("A man waves in Paris (Reuters)", "Reuters"),
        ("Rescuers search the rubble. (Getty Images)", "Getty Images"),
    ],
)
def test_rules_agency_tag_is_an_org(apply_rules, text, agency):
    """A known agency credited in parentheses is an ORG."""
    assert apply_rules(text, []) == [(agency, "ORG", "rule:agency-tag")]


@pytest.mark.parametrize(
    "text",
    [
        "A man waves in Paris. (ABC)",
        "The AP reported it first.",
        "A man waves in Paris. (APTN)",
        "Agencies (AP and AFP) said so.",
    ],
)
def test_rules_agency_tag_needs_a_known_agency_alone_in_parentheses(apply_rules, text):
    """Unknown agencies, agencies outside parentheses and longer parenthesised text are no agency tag."""
    assert apply_rules(text, []) == []


@pytest.mark.parametrize(
    ("text", "ents"),
    [
        ("He said AI would help.", [("AI", "ORG")]),
        ("The Q&A ran long.", [("Q&A", "ORG")]),
        ("Read the FAQ first.", [("FAQ", "ORG")]),
        ("They said so.", [("They", "PERSON")]),
        ("The said so.", [("The", "ORG")]),
        ("Of the said so.", [("Of the", "ORG")]),
    ],
)
def test_rules_never_entities_and_spans_without_content_are_dropped(apply_rules, text, ents):
    """Never-entity strings and spans made only of stop words or punctuation are removed."""
    assert apply_rules(text, ents) == []


@pytest.mark.parametrize(
    ("text", "ents"),
    [
        ("He joined OpenAI last year.", [("OpenAI", "ORG")]),
        ("The Acme said so.", [("The Acme", "ORG")]),
        ("Herald staff said so.", [("Herald", "ORG")]),
    ],
)
def test_rules_never_entities_compare_the_whole_span(apply_rules, text, ents):
    """A span that only contains or resembles a never-entity ("OpenAI", "Herald") is kept."""
    assert apply_rules(text, ents) == [(surface, label, "model") for surface, label in ents]


@pytest.mark.parametrize(
    ("span_id", "expected"),
    [("", "model"), ("title-split", "rule:title-split")],
)
def test_rules_source_of_names_the_rule(span_id, expected):
    """A span's source is `rule:<id>` when a rule set its id, else `model`."""
    doc = spacy.blank("en")("Acme said so.")
    assert source_of(Span(doc, 0, 1, label="ORG", span_id=span_id)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kakao CEO Shina Chung said the deal was done.", ("Kakao", "ORG", "rule:org-before-title")),
        ("Open AI CEO Sam Altman spoke on Friday.", ("Open AI", "ORG", "rule:org-before-title")),
        ("Mr Ebbers denied the charges.", ("Ebbers", "PERSON", "rule:person-after-title")),
        ("But Mr Vextorcorp said no.", ("Vextorcorp", "PERSON", "rule:person-after-title")),
        ("Singers Mira Okafor and Tom Lund sang.", ("Mira Okafor", "PERSON", "rule:title-split")),
        ("Mira Okafor - daughter of a lawyer - spoke.", ("Mira Okafor", "PERSON", "rule:person-trim")),
        ("Rival exchange operator Zentrovix has yet to bid.", ("Zentrovix", "ORG", "rule:org-after-kind")),
        ("Chinese AI startup Zoradan released a chatbot.", ("Zoradan", "ORG", "rule:org-after-kind")),
        (
            "She went to the North American Court of Arbitration for Sport (CAS) today.",
            ("the North American Court of Arbitration for Sport", "ORG", "rule:parenthesis-cut"),
        ),
        (
            "The deal was led by CyberSecurity Firm Zentrovix, analysts said.",
            ("Zentrovix", "ORG", "rule:org-descriptor"),
        ),
        ("Analysts at Samsung’s Mobile Division were upbeat.", ("Samsung", "ORG", "rule:org-possessive")),
        ("Firefighters battle the blaze. (AFP)", ("AFP", "ORG", "rule:agency-tag")),
    ],
)
def test_rules_fire_in_the_full_pipeline(nlp, text, expected):
    """Each rule family fires on the model's output in the loaded corpusx pipeline."""
    assert expected in _ents(nlp, text)


@pytest.mark.parametrize(
    ("text", "unwanted"),
    [
        ("Shares of General Motors rose on Monday.", "Motors"),
        ("The Committee chairman declined to comment.", "Committee chairman"),
        ("He said AI would change everything.", "AI"),
        ("The Q&A session ran long.", "Q&A"),
        ("Rodney Okafor-Lund spoke first.", "Rodney Okafor"),
        ("Chairman Chung Ju-yung founded it.", "Chung Ju-"),
        ("He will be unveiled at 1500 GMT on Wednesday.", "GMT"),
        ("The paper is published monthly by the group.", "monthly"),
        ("Okafor, 57, quit his post in 2004.", "57"),
        ("She sang at the Grammy Awards in Los Angeles.", "Grammy Awards"),
    ],
)
def test_rules_do_not_fire_in_the_full_pipeline(nlp, text, unwanted):
    """The full pipeline neither cuts whole names nor tags never-entities, common-word titles, events or ages."""
    assert unwanted not in [surface for surface, _label, _source in _ents(nlp, text)]


@pytest.mark.parametrize("text", ["Smoke rises over the city. (Bloomberg)", "Smoke rises over the city. (Yonhap)"])
def test_rules_agency_tag_overrides_the_model_label(nlp, text):
    """An agency credit is ORG even when the model labelled the same words GPE or NORP."""
    agency = text[text.index("(") + 1 : -1]
    assert (agency, "ORG", "rule:agency-tag") in _ents(nlp, text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Samsung will invest 2 trillion won in chips.", ("2 trillion won", "MONEY", "rule:money-won")),
        ("Prices reached 15,000 won per kilo.", ("15,000 won", "MONEY", "rule:money-won")),
        ("The firm raised 5 billion yuan last year.", ("5 billion yuan", "MONEY", "rule:money-currency-word")),
        ("She paid 300 Canadian dollars for it.", ("300 Canadian dollars", "MONEY", "rule:money-currency-word")),
        ("Exports reached 40 billion rupees this year.", ("40 billion rupees", "MONEY", "rule:money-currency-word")),
        ("The fund holds EUR 5 billion in bonds.", ("EUR 5 billion", "MONEY", "rule:money-currency-code")),
        ("The firm made $259.8m last year.", ("$259.8m", "MONEY", "rule:money-symbol")),
        ("It cost £4.4bn to build.", ("£4.4bn", "MONEY", "rule:money-symbol")),
        ("He paid £3.2m. Then he left.", ("£3.2m", "MONEY", "rule:money-symbol")),
        ("The deal is worth $1-2bn in all.", ("$1-2bn", "MONEY", "rule:money-symbol")),
        ("A HK$1.2bn bond sold out.", ("HK$1.2bn", "MONEY", "rule:money-symbol")),
        ("Shares rose 4p to 293.5p on Monday.", ("293.5p", "MONEY", "rule:money-pence")),
        ("It owes 2bn reais to banks.", ("2bn reais", "MONEY", "rule:money-currency-word")),
        ("SEOUL, Tuesday, Feb. 4, 2025 - Markets fell.", ("Tuesday, Feb. 4, 2025", "DATE", "rule:dateline")),
        ("LONDON, Monday, 3 March 2025 - Shares fell.", ("Monday, 3 March 2025", "DATE", "rule:dateline")),
    ],
)
def test_patterns_money_and_datelines(nlp, text, expected):
    """Amounts with currency words or codes are one MONEY span and a dateline is one DATE span."""
    assert expected in _ents(nlp, text)


@pytest.mark.parametrize(
    "text",
    [
        "He won 3 games in a row.",
        "Korea won 2 matches in the group stage.",
        "She won 15 medals over 3 games.",
        "The shop sells 300 Canadian bacon sandwiches.",
        "The company sold 2 million units.",
        "It streams in 720p and 1080p.",
        "He ran 100m in 9.8 seconds.",
    ],
)
def test_patterns_money_needs_a_currency(nlp, text):
    """ "won" without a magnitude or thousands separator, numbers without a currency, video resolutions and metres are no MONEY."""
    assert [surface for surface, label, _source in _ents(nlp, text) if label == "MONEY"] == []


@pytest.mark.parametrize("text", ["On Tuesday, the board met again.", "Tuesday, 4 people were hurt."])
def test_patterns_dateline_needs_a_month(nlp, text):
    """A weekday followed by a comma but no month and day is no dateline."""
    assert [source for _surface, _label, source in _ents(nlp, text) if source == "rule:dateline"] == []


@pytest.mark.parametrize(
    ("text", "ents", "expected"),
    [
        (
            "A dip at Varnel Bros. However the firm grew.",
            [("Varnel Bros. However", "ORG")],
            [("Varnel Bros.", "ORG", "rule:discourse-trim")],
        ),
        ("Later Orvik said so.", [("Later Orvik", "ORG")], [("Orvik", "ORG", "rule:discourse-trim")]),
        ("However said so.", [("However", "PERSON")], []),
    ],
)
def test_rules_discourse_words_are_trimmed_off_names(apply_rules, text, ents, expected):
    """A sentence adverb run into a name at either end is cut off; a span of nothing else is dropped."""
    assert apply_rules(text, ents) == expected


@pytest.mark.parametrize(
    ("text", "ents"),
    [
        ("Still Waters Ltd grew.", [("Still Waters Ltd", "DATE")]),
        ("The Laterna Group grew.", [("The Laterna Group", "ORG")]),
    ],
)
def test_rules_discourse_trim_leaves_other_labels_and_inner_words(apply_rules, text, ents):
    """Only ORG and PERSON ends are trimmed, and only whole listed words."""
    assert [(t, label) for t, label, _ in apply_rules(text, ents)] == ents


@pytest.mark.parametrize(
    ("text", "ents", "expected"),
    [
        (
            "Talks ended. Wenla Orvik, director of the agency, said so.",
            [],
            [("Wenla Orvik", "PERSON", "rule:person-before-role")],
        ),
        (
            "Talks ended. Wenla Orvik, a spokesperson for the agency, said so.",
            [("Wenla", "ORG")],
            [("Wenla Orvik", "PERSON", "rule:person-before-role")],
        ),
        (
            "Talks ended. Sir Wenla Orvik, chairman of the agency, said so.",
            [("Sir Wenla", "ORG")],
            [("Wenla Orvik", "PERSON", "rule:person-before-role")],
        ),
    ],
)
def test_rules_person_before_role_tags_the_name(apply_rules, text, ents, expected):
    """Capitalised words before ", [a] <role> of/for" are a PERSON, replacing an ORG guess."""
    assert apply_rules(text, ents) == expected


@pytest.mark.parametrize(
    ("text", "ents"),
    [
        ("Varnel, the Chairman of which is absent, said so.", [("Varnel", "ORG")]),
        ("Varnel, the maker of anvils, said so.", [("Varnel", "ORG")]),
        ("In Seoul, director of the agency Kim Lee spoke.", [("Seoul", "GPE")]),
    ],
)
def test_rules_person_before_role_needs_a_lower_case_role_and_a_name(apply_rules, text, ents):
    """No person without a lower-case role and a link word, and never over a place."""
    assert [(t, label) for t, label, _ in apply_rules(text, ents)] == ents


@pytest.mark.parametrize(
    ("text", "ents", "expected"),
    [
        ("Varnel Shares were up.", [("Varnel Shares", "ORG")], [("Varnel", "ORG", "rule:org-trailing-noun")]),
        ("Shares were up.", [("Shares", "ORG")], [("Shares", "ORG", "model")]),
        ("Varnel Shares were up.", [("Varnel Shares", "PERSON")], [("Varnel Shares", "PERSON", "model")]),
        ("The shop workers left.", [("shop workers", "ORG")], [("shop workers", "ORG", "model")]),
        (
            "The Varnel Board, Workers said.",
            [("Varnel Board, Workers", "ORG")],
            [("Varnel Board, Workers", "ORG", "model")],
        ),
    ],
)
def test_rules_org_trailing_common_noun_is_cut(apply_rules, text, ents, expected):
    """A capitalised plural common noun ending an ORG name is cut off; nothing else is."""
    assert apply_rules(text, ents) == expected


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("The company director Mira Okafor resigned.", "Mira Okafor"),
        ("She joined the band with Tom Okafor.", "Tom Okafor"),
    ],
)
def test_rules_org_after_kind_needs_the_kind_word_right_before_the_name(nlp, text, person):
    """A kind of organisation earlier in the phrase ("company director", "the band with") leaves a person alone."""
    assert (person, "PERSON") in [(surface, label) for surface, label, _source in _ents(nlp, text)]


def test_rules_number_patterns_skip_texts_no_pattern_can_match_unless_a_pattern_requires_no_flag():
    """The shipped patterns pass over a text without a currency word, symbol or weekday; one pattern that
    requires no lexeme flag makes the ruler see every text."""
    import json

    import spacy

    from corpusx.model.patterns import NumberPatterns

    nlp = spacy.blank("en")
    shipped = NumberPatterns(nlp, "shipped", Lexicon.default())
    assert not shipped.prefilter.may_match(nlp("Twelve people met on 5 May 2004 in Leeds."))
    assert not shipped.prefilter.may_match(nlp(""))
    assert shipped.prefilter.may_match(nlp("It cost 5 dollars."))
    assert shipped.prefilter.may_match(nlp("Friday, May 6"))
    patterns = [
        {"label": "MONEY", "id": "m", "pattern": [{"LIKE_NUM": True}, {"LOWER": "zorads"}]},
        {"label": "ORG", "id": "o", "pattern": [{"LOWER": "vextor"}, {"LOWER": "holdings"}]},
    ]
    mixed = NumberPatterns(
        nlp, "mixed", Lexicon({**Lexicon.default().files, "patterns.jsonl": "\n".join(map(json.dumps, patterns))})
    )
    assert mixed.prefilter.anywhere
    assert [(e.text, e.label_) for e in mixed(nlp("Shares of Vextor Holdings rose.")).ents] == [
        ("Vextor Holdings", "ORG")
    ]
    assert [(e.text, e.label_) for e in mixed(nlp("It cost twelve zorads.")).ents] == [("twelve zorads", "MONEY")]


_PATTERN_WORDS = st.sampled_from(
    ["£", "$", "US$", "€", "5", "3.2", "12,500", "40p", "720p", "£3.2m", "$5bn", "two", "million", "bn", "Million",
     "euros", "EURO", "Euros", "cents", "US", "USD", "usd", "Friday", "FRIDAY", ",", "May", "2004", "-", "to", "the",
     "Vextor", "won", "Won", "pounds", "Pounds", "dollars"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(_PATTERN_WORDS, min_size=1, max_size=12))
def test_rules_lexeme_flags_match_what_the_word_set_and_regex_tests_match(words):
    """The shipped patterns find the same spans with their word sets and regexes as lexeme flags as written."""
    from spacy.tokens import Doc

    vocab, written, flagged = _written_and_flagged_matchers()
    doc = Doc(vocab, words=words)
    assert sorted(flagged(doc)) == sorted(written(doc))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.one_of(_PATTERN_WORDS, st.sampled_from(["people", "Twelve", "paid", "in", "Monday", "p"])), max_size=12)
)
def test_rules_number_patterns_prefilter_never_passes_over_a_match(words):
    """A text the prefilter rules out has no match of the shipped patterns."""
    from spacy.tokens import Doc

    shipped = _shipped_number_patterns()
    doc = Doc(shipped.nlp.vocab, words=words)
    assert shipped.prefilter.may_match(doc) or not shipped.ruler.matcher(doc)


@functools.cache
def _shipped_number_patterns():
    from corpusx.model.patterns import NumberPatterns

    return NumberPatterns(spacy.blank("en"), "shipped", Lexicon.default())


@functools.cache
def _written_and_flagged_matchers():
    """A blank vocabulary and two matchers of the shipped patterns: as written, and with lexeme flags."""
    from spacy.matcher import Matcher

    from corpusx.model.patterns import expanded_patterns, lexeme_flags

    vocab = spacy.blank("en").vocab
    written, flagged = Matcher(vocab), Matcher(vocab, validate=False)
    for number, pattern in enumerate(expanded_patterns(Lexicon.default())):
        written.add(str(number), [pattern["pattern"]])
        flagged.add(str(number), [lexeme_flags(pattern["pattern"], vocab)])
    return vocab, written, flagged


def test_rules_number_patterns_test_words_in_c_and_reuse_their_flags_when_loaded_again():
    """The shipped ruler has no Python predicate left (every word set is a lexeme flag), and loading the
    patterns again into the same vocabulary takes the flags it has, not new bits."""
    from corpusx.model.patterns import USER_FLAGS, NumberPatterns

    nlp = spacy.blank("en")
    ruler = NumberPatterns(nlp, "shipped", Lexicon.default())
    assert ruler.ruler.matcher._extra_predicates == []
    flags = {bit for bit in USER_FLAGS if bit in nlp.vocab.lex_attr_getters}
    assert flags
    ruler.load(ruler.lexicon)
    assert {bit for bit in USER_FLAGS if bit in nlp.vocab.lex_attr_getters} == flags
    assert [(e.text, e.label_) for e in ruler(nlp("They paid £3.2m and 40p, not 720p.")).ents] == [
        ("£3.2m", "MONEY"),
        ("40p", "MONEY"),
    ]


def test_rules_lexeme_flags_keep_python_tests_once_the_flag_bits_run_out():
    """With every user flag bit taken, a word-set test stays as written and still matches."""
    from spacy.matcher import Matcher

    from corpusx.model.patterns import USER_FLAGS, lexeme_flags

    nlp = spacy.blank("en")
    for bit in USER_FLAGS:
        nlp.vocab.add_flag(lambda word: False, bit)
    pattern = [{"LOWER": {"IN": ["zorads"]}}]
    assert lexeme_flags(pattern, nlp.vocab) == pattern
    matcher = Matcher(nlp.vocab)
    matcher.add("m", [lexeme_flags(pattern, nlp.vocab)])
    assert len(matcher(nlp("twelve Zorads"))) == 1


@pytest.mark.parametrize(
    ("text", "ents", "expected"),
    [
        (
            "Acme Holdings, Inc. said so.",
            [("Acme Holdings", "ORG")],
            ("Acme Holdings, Inc.", "ORG", "rule:legal-suffix"),
        ),
        (
            "They met at Okafor's Family Trust.",
            [("Okafor's Family Trust", "ORG")],
            ("Okafor's Family Trust", "ORG", "model"),
        ),
        (
            "The United Steel Workers said so.",
            [("United Steel Workers", "ORG")],
            ("United Steel Workers", "ORG", "model"),
        ),
        (
            "Sales fell at Zoradan Shares said.",
            [("Zoradan Shares", "ORG")],
            ("Zoradan", "ORG", "rule:org-trailing-noun"),
        ),
        ("Shares in May rose.", [("May", "ORG")], ("May", "ORG", "model")),
        ("It ends in May.", [("May", "DATE")], ("May", "DATE", "model")),
    ],
)
def test_rules_keep_whole_names(apply_rules, text, ents, expected):
    """A comma before a legal suffix joins it, a possessive before an organisation word, a plural noun ending a
    name of common words and a capitalised stop word ("May") stay in the name."""
    assert apply_rules(text, ents) == [expected]


@pytest.mark.parametrize(
    ("text", "ents"),
    [
        ("Acme Holdings, Inc. said so.", [("Acme Holdings, Inc.", "ORG")]),
        ("Acme Holdings, and partners said so.", [("Acme Holdings", "ORG")]),
    ],
)
def test_rules_legal_suffix_must_not_fire_without_a_suffix_after_the_comma(apply_rules, text, ents):
    """A span that has its suffix already, or a comma followed by no suffix, is left as it is."""
    assert [(text_, label) for text_, label, _ in apply_rules(text, ents)] == ents


@pytest.mark.parametrize(
    ("text", "ents", "expected"),
    [
        ("Vextor's App Store grew.", [("Vextor's App Store", "ORG")], ("Vextor", "ORG", "rule:org-possessive")),
        ("It fell, it said in may.", [("may", "DATE")], None),
    ],
)
def test_rules_cut_possessives_and_drop_lower_case_stop_words(apply_rules, text, ents, expected):
    """A possessive before words that are no organisation's is still cut; a lower-case stop word is no entity."""
    assert apply_rules(text, ents) == ([expected] if expected else [])


@pytest.mark.parametrize(
    ("text", "ents"),
    [
        ("The Lord Chancellor spoke.", []),
        ("At the time the Lord Chief Justice spoke.", []),
        ("They want the advice given by the Attorney General.", []),
        ("She should become Princess Consort later.", [("Princess Consort", "PERSON")]),
    ],
)
def test_rules_a_title_of_several_words_is_no_person(apply_rules, text, ents):
    """A title right after a title ("Lord Chancellor"), or a title of two words ("Attorney General"), names nobody."""
    assert apply_rules(text, ents) == []


@pytest.mark.parametrize(
    ("text", "ents", "expected"),
    [
        (
            "Mira Okafor (Lundport), Tovan Reyes (Vextor) start.",
            [("Mira Okafor (Lundport", "ORG")],
            ("Mira Okafor", "PERSON", "rule:parenthesis-cut"),
        ),
        (
            "The Zeta Trade Board (ZTB) met.",
            [("Zeta Trade Board (ZTB", "ORG")],
            ("Zeta Trade Board", "ORG", "rule:parenthesis-cut"),
        ),
        (
            "The Zorvane Holdings (Lundia) deal.",
            [("Zorvane Holdings (Lundia", "ORG")],
            ("Zorvane Holdings", "ORG", "rule:parenthesis-cut"),
        ),
    ],
)
def test_rules_a_full_name_cut_before_its_bracket_is_a_person(apply_rules, text, ents, expected):
    """A squad list's "Name (Club)" cut at the bracket leaves a PERSON; an acronym or a company word leaves the ORG."""
    assert apply_rules(text, ents) == [expected]


@pytest.mark.parametrize(
    ("text", "ents"),
    [
        ("He joined Lundish side Zorvane in May.", [("Zorvane", "GPE")]),
        ("He joined club Lundish.", [("Lundish", "NORP")]),
    ],
)
def test_rules_a_place_after_a_kind_of_organisation_is_an_org(apply_rules, text, ents):
    """A name the model took for a place or a nationality right after "side" or "club" is the club."""
    assert apply_rules(text, ents) == [(ents[0][0], "ORG", "rule:org-after-kind")]


def test_rules_a_kind_word_after_a_hyphen_is_no_kind_of_organisation(apply_rules):
    """ "open-side Mira Okafor": "side" ends a position, and the name stays a person."""
    assert apply_rules("Then open-side Mira Okafor starts.", [("Mira Okafor", "PERSON")]) == [
        ("Mira Okafor", "PERSON", "model")
    ]


@pytest.mark.parametrize(
    ("text", "ents", "expected"),
    [
        ("The Zorba Housing Bill passed.", [("The Zorba Housing Bill", "ORG")], []),
        ("The Lundport Treaty held.", [("The Lundport Treaty", "ORG")], []),
        ("Bill said so.", [("Bill", "PERSON")], [("Bill", "PERSON", "model")]),
        ("It beat Zorba Rally 2005 there.", [("Zorba Rally 2005", "PERSON")], []),
        ("They met at the G8 summit.", [("G8", "PERSON")], [("G8", "PERSON", "model")]),
        ("Act Vextor said so.", [("Act Vextor", "ORG")], [("Act Vextor", "ORG", "model")]),
    ],
)
def test_rules_a_law_is_no_organisation(apply_rules, text, ents, expected):
    """An ORG of several words ending in "Bill", "Act" or "Treaty" names a law, a PERSON with a number is none;
    a lone "Bill" is a person."""
    assert apply_rules(text, ents) == expected


@pytest.mark.parametrize(
    ("text", "ents"),
    [("The Home Secretary spoke.", [("Home", "ORG")]), ("The Duke spoke.", [("Duke", "PERSON")])],
)
def test_rules_a_title_alone_is_no_name(apply_rules, text, ents):
    """A name span inside a title ("Home" of "Home Secretary", "Duke") is dropped."""
    assert apply_rules(text, ents) == []


def test_rules_a_title_after_an_honorific_is_a_surname(apply_rules):
    """'Mr Bishop' keeps the surname that is also a title."""
    assert apply_rules("Mr Bishop spoke.", [("Bishop", "PERSON")]) == [("Bishop", "PERSON", "model")]


def test_rules_all_capitals_is_no_honorific(apply_rules):
    """'DR' (a country's initials) is no 'Dr': the name after it is not split."""
    assert apply_rules("They met DR Lundia's Mira Okafor.", [("Mira Okafor", "PERSON")]) == [
        ("Mira Okafor", "PERSON", "model")
    ]


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
        ("She saw the film Zorba Rising again.", [("Zorba Rising", "ORG")], ("Zorba Rising", "WORK_OF_ART")),
        ("Her album Blue Harbour sold well.", [("Blue Harbour", "PERSON")], ("Blue Harbour", "WORK_OF_ART")),
        ("Hits include Zorba, starring Mira Okafor.", [("Zorba", "PERSON")], ("Zorba", "WORK_OF_ART")),
        ("Shares rose in France.", [("France", "ORG")], ("France", "GPE")),
        ("A man from Ontario spoke.", [("Ontario", "PERSON")], ("Ontario", "GPE")),
        ("Vextor shares fell.", [("Vextor", "PERSON")], ("Vextor", "ORG")),
        ("The Lundport boss spoke.", [("Lundport", "GPE")], ("Lundport", "ORG")),
        ("They won after beating Lundport again.", [("Lundport", "GPE")], ("Lundport", "ORG")),
        ("Goals from striker Mira Okafor won it.", [("Mira Okafor", "ORG")], ("Mira Okafor", "PERSON")),
        ("He joined Vextor Two again.", [("Vextor", "ORG")], ("Vextor Two", "ORG")),
    ],
)
def test_context_rules_relabel_from_the_words_around(apply_context, text, ents, expected):
    """The words around a name say what it is: a work, a place, a company, a club, a person, a channel."""
    assert (apply_context(text, ents)[0][:2]) == expected


@pytest.mark.parametrize(
    ("text", "ents"),
    [
        ("The film studio Vextor grew.", [("Vextor", "ORG")]),
        ("Ontario Holdings grew.", [("Ontario Holdings", "ORG")]),
        ("A man from Ontario spoke.", [("Ontario", "ORG")]),
        ("The Vextor shop grew.", [("Vextor", "PERSON")]),
        ("The England boss spoke.", [("England", "GPE")]),
        ("They won after beating Mira Okafor.", [("Mira Okafor", "PERSON")]),
        ("The Lundport fans sang.", [("Lundport", "NORP")]),
        ("Goals from striker Vextor Rovers won it.", [("Vextor Rovers", "GPE")]),
        ("He visited Lundport Two days later.", [("Lundport", "GPE")]),
        ("Vextor's One Tower rose.", [("Vextor's", "ORG")]),
    ],
)
def test_context_rules_must_not_fire(apply_context, text, ents):
    """No kind of work, country, company word, club word, role or channel number around: the label stays."""
    assert [(t, label) for t, label, _ in apply_context(text, ents)] == ents


@pytest.mark.parametrize(
    ("text", "ents", "expected"),
    [
        ("It rose this decade again.", [("decade", "DATE")], [("this decade", "DATE", "rule:date-modifier")]),
        ("It fell in next spring.", [("spring", "DATE")], [("next spring", "DATE", "rule:date-modifier")]),
        ("This year's results fell.", [("year", "DATE")], [("This year", "DATE", "rule:date-modifier")]),
        ("It said This year was good.", [("year", "DATE")], [("year", "DATE", "model")]),
        ("Profits rose 5 per cent.", [("5 per cent", "MONEY")], []),
        ("Profits rose 5%.", [("5%", "MONEY")], []),
        ("It cost $5 per share.", [("$5", "MONEY")], [("$5", "MONEY", "model")]),
        ("The year was good.", [("year", "DATE")], [("year", "DATE", "model")]),
    ],
)
def test_context_rules_fix_dates_and_percentages(apply_context, text, ents, expected):
    """A DATE takes 'this'/'last' before it; a percentage is no MONEY (and other amounts stay)."""
    assert apply_context(text, ents) == expected


def test_context_rules_place_names_come_from_the_gazetteer():
    """The gazetteer holds countries and nations as nations, subdivisions as places only."""
    nations, places = place_names()
    assert {"france", "scotland", "wales"} <= nations
    assert "ontario" in places and "ontario" not in nations


@pytest.mark.parametrize("family", ALL_FAMILIES)
def test_pipeline_switches_each_rule_family_off(family):
    """`load_pipeline(disabled_rules=[family])` loads, and the family's component leaves it out."""
    nlp = corpusx.load_pipeline(disabled_rules=[family])
    enabled = set()
    for name in ("corpusx_entity_rules", "corpusx_context_rules"):
        enabled |= nlp.get_pipe(name).enabled
    assert family not in enabled
    assert ("corpusx_patterns" in nlp.pipe_names) == (family != "patterns")


def test_pipeline_rejects_an_unknown_rule_family():
    """An unknown family name is a ModelError, not silently ignored."""
    with pytest.raises(ModelError):
        corpusx.load_pipeline(disabled_rules=["no-such-family"])


@pytest.mark.parametrize(
    ("text", "unwanted"),
    [("Tickets for Million Dollar Ride sold out.", "MONEY"), ("Profits rose 5 per cent, the firm said.", "MONEY")],
)
def test_patterns_money_needs_a_lower_case_or_digit_amount(nlp, text, unwanted):
    """A title's capitalised 'Million Dollar' and a percentage are no MONEY."""
    assert unwanted not in {label for _, label, _ in _ents(nlp, text)}


def test_patterns_money_takes_euro_cents(nlp):
    """'45 euro cents' is one MONEY span."""
    assert ("45 euro cents", "MONEY", "rule:money-currency-word") in _ents(nlp, "It paid 45 euro cents a share.")


@pytest.mark.parametrize(
    ("text", "ents", "expected"),
    [
        (
            "It starred Mira Okafor and Tovan Reyes.",
            [("Mira Okafor", "PERSON"), ("Tovan Reyes", "ORG")],
            ("Tovan Reyes", "PERSON", "rule:person-in-list"),
        ),
        ("Okafor, Reyes spoke.", [("Okafor", "GPE"), ("Reyes", "PERSON")], ("Okafor", "PERSON", "rule:person-in-list")),
    ],
)
def test_context_rules_a_name_listed_with_a_person_is_a_person(apply_context, text, ents, expected):
    """A name-like span joined by ',' or 'and' to a PERSON is a PERSON."""
    assert expected in apply_context(text, ents)


@pytest.mark.parametrize(
    ("text", "ents"),
    [
        ("Mira Okafor and Vextor Holdings met.", [("Mira Okafor", "PERSON"), ("Vextor Holdings", "ORG")]),
        ("Mira Okafor and Harbour met.", [("Mira Okafor", "PERSON"), ("Harbour", "ORG")]),
        ("Mira Okafor visited Tovan Reyes.", [("Mira Okafor", "PERSON"), ("Tovan Reyes", "ORG")]),
        ("Ontario spoke first.", [("Ontario", "PERSON")]),
    ],
)
def test_context_rules_people_and_places_must_not_fire(apply_context, text, ents):
    """A common word or company suffix in the name, no list link, or a region name with no place word before it: no change."""
    assert [(t, label) for t, label, _ in apply_context(text, ents)] == ents


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("She saw the movie The Zorba Affair twice.", [("The Zorba Affair", "WORK_OF_ART", "rule:work-title")]),
        ("She saw the movie The end.", []),
        ("She saw the movie twice.", []),
    ],
)
def test_context_rules_untagged_work_title_after_a_kind_of_work(apply_context, text, expected):
    """Capitalised words no entity covers after 'movie' are the title; a lone stop word or no capital is none."""
    assert apply_context(text, []) == expected


@pytest.mark.parametrize(
    ("text", "ents", "expected"),
    [
        ("Lundport were beaten again.", [("Lundport", "GPE")], ("Lundport", "ORG", "rule:plural-verb")),
        ("Now Vextor have said no.", [("Vextor", "PERSON")], ("Vextor", "ORG", "rule:plural-verb")),
        ("He said the Okafors had left.", [("Okafors", "PERSON")], ("Okafors", "ORG", "rule:org-after-the")),
        ("The Vextor Lions had won.", [("Vextor Lions", "PERSON")], ("Vextor Lions", "ORG", "rule:org-after-the")),
        ("It chaired the G7 and more.", [("G7", "PERSON")], ("G7", "ORG", "rule:org-after-the")),
        ("She ran its Zorba operating system.", [("Zorba", "PERSON")], ("Zorba", "PRODUCT", "rule:product")),
        ("Vextor's Lumo console sold.", [("Lumo", "ORG")], ("Lumo", "PRODUCT", "rule:product")),
        ("A factory in Lundport shut.", [("Lundport", "GPE")], ("Lundport", "GPE", "rule:place")),
        ("Rivals take on Lundport next.", [("Lundport", "GPE")], ("Lundport", "ORG", "rule:team-context")),
        ("Rovers lost to Russia.", [("Russia", "ORG")], ("Russia", "GPE", "rule:place")),
    ],
)
def test_context_rules_plural_verbs_groups_products_and_places(apply_context, text, ents, expected):
    """A plural verb after a town or one name, a plural after 'the', a product noun after a possessive, 'in' before a place."""
    assert expected in apply_context(text, ents)


@pytest.mark.parametrize(
    ("text", "ents"),
    [
        ("Okafor and Reyes are here.", [("Okafor", "PERSON"), ("Reyes", "PERSON")]),
        ("Results under Okafor have been poor.", [("Okafor", "PERSON")]),
        ("England were beaten again.", [("England", "GPE")]),
        ("Britain have long argued it.", [("Britain", "GPE")]),
        ("Mira Okafor is here.", [("Mira Okafor", "PERSON")]),
        ("Lundport was quiet.", [("Lundport", "GPE")]),
        ("It was the Okafor campaign.", [("Okafor", "PERSON")]),
        ("Mira Okafor said the Zorba operating system was new.", [("Mira Okafor", "PERSON"), ("Zorba", "ORG")]),
        ("Vextor's Lumo said so.", [("Lumo", "PERSON")]),
        ("A man from Lundport spoke.", [("Lundport", "GPE")]),
        ("He was capped against the United States twice.", [("the United States", "GPE")]),
        ("It sent Tokyo shares higher.", [("Tokyo", "GPE")]),
    ],
)
def test_context_rules_plural_verbs_groups_products_and_places_must_not_fire(apply_context, text, ents):
    """A list before the verb, a preposition's object, a nation, a singular verb, a modifier, no possessive or no product noun."""
    assert [(t, label, source) for t, label, source in apply_context(text, ents)] == [
        (t, lb, "model") for t, lb in ents
    ]


@pytest.mark.parametrize(
    ("text", "ents", "expected"),
    [
        (
            "Then the Vextor Dems said no.",
            [("the Vextor Dems", "PERSON")],
            ("Vextor Dems", "ORG", "rule:org-after-the"),
        ),
        ("The Vextor Dems plan to vote.", [("Vextor Dems", "PERSON")], ("Vextor Dems", "ORG", "rule:org-after-the")),
        (
            "Then Vextor Dem MP Mira Okafor spoke.",
            [("Vextor Dem", "PERSON"), ("Mira Okafor", "PERSON")],
            ("Vextor Dem", "ORG", "rule:org-before-role"),
        ),
        (
            "Then Vextor Dem spokesman Mira Okafor spoke.",
            [("Vextor Dem", "PERSON"), ("Mira Okafor", "PERSON")],
            ("Vextor Dem", "ORG", "rule:org-before-role"),
        ),
    ],
)
def test_context_rules_party_names_are_no_people(apply_context, text, ents, expected):
    """A plural name after "the" (in the model's span or before it, a verb after it) is a group; a name of one or
    two words before a role and a name is the body."""
    assert expected in apply_context(text, ents)


def test_context_rules_a_singular_word_after_the_is_no_person(apply_context):
    """A singular non-acronym the model tagged PERSON right after 'the' ("the Lundman", a demonym) is dropped."""
    assert apply_context("He said the Lundman was good.", [("Lundman", "PERSON")]) == []


def test_context_rules_country_names_outside_iso_3166_are_nations():
    """Short English country names ISO 3166 lacks ("Britain", "Russia") count as nations, and so as places."""
    rules = ContextRules(spacy.blank("en"), Lexicon.default())
    assert {"britain", "russia", "uk"} <= rules.nations <= rules.places


@pytest.mark.parametrize(
    ("text", "ents", "expected"),
    [
        (
            "Lundish Mira Okafor won the race.",
            [("Lundish Mira Okafor", "NORP")],
            ("Mira Okafor", "PERSON", "rule:person-after-nationality"),
        ),
        (
            "He met Vextor manager Mira Okafor there.",
            [("Vextor", "PERSON"), ("Mira Okafor", "PERSON")],
            ("Vextor", "ORG", "rule:org-before-role"),
        ),
    ],
)
def test_context_rules_nationality_and_role_split_names(apply_context, text, ents, expected):
    """A nationality before a full name leaves the person; a one-word name before a role and a name is the body."""
    assert expected in apply_context(text, ents)


@pytest.mark.parametrize(
    ("text", "ents"),
    [
        ("The Liberal Democrats won.", [("Liberal Democrats", "NORP")]),
        ("The Lundish Holdings Group grew.", [("Lundish Holdings Group", "NORP")]),
        ("Many Lundish Black Sea towns grew.", [("Lundish Black Sea", "NORP")]),
        ("He met Mira Okafor manager of it.", [("Mira Okafor", "PERSON")]),
        ("He met Okafor, manager Reyes said.", [("Okafor", "PERSON")]),
        ("Okafor manager salaries rose.", [("Okafor", "PERSON")]),
    ],
)
def test_context_rules_nationality_and_role_splits_must_not_fire(apply_context, text, ents):
    """One name word, an organisation word, common words only, a full name, a comma or no name after the role: no change."""
    assert [(t, label) for t, label, _ in apply_context(text, ents)] == ents


@pytest.mark.parametrize(
    ("text", "ents", "expected"),
    [
        ("He argued with daughter Mira over it.", [("Mira", "ORG")], ("Mira", "PERSON", "rule:person-after-role")),
        (
            "He thanked his wife Mira Okafor.",
            [("Mira Okafor", "PERSON")],
            ("Mira Okafor", "PERSON", "rule:person-after-role"),
        ),
        ("They bought Vextor, a software firm, in May.", [("Vextor", "PERSON")], ("Vextor", "ORG", "rule:org-context")),
        (
            "It tried to buy Vextor, one of Lundia's biggest brewers.",
            [("Vextor", "PERSON")],
            ("Vextor", "ORG", "rule:org-context"),
        ),
        ("They met Zorba - the Lundish bank that lent it.", [("Zorba", "GPE")], ("Zorba", "ORG", "rule:org-context")),
        ("Staff at Vextor headquarters left.", [("Vextor", "PERSON")], ("Vextor", "ORG", "rule:org-context")),
        (
            "He sold Zorvane Lund, which makes tyres.",
            [("Zorvane Lund", "PERSON")],
            ("Zorvane Lund", "ORG", "rule:org-before-which"),
        ),
    ],
)
def test_context_rules_relatives_and_appositions_say_what_a_name_is(apply_context, text, ents, expected):
    """A name right after a relative's word is a person; a name before "a/one of ... <kind of organisation>" or
    "X headquarters" an ORG, and a PERSON before ", which" an ORG."""
    assert expected in apply_context(text, ents)


@pytest.mark.parametrize(
    ("text", "ents"),
    [
        ("Mira Okafor, the company's founder, said so.", [("Mira Okafor", "PERSON")]),
        ("Vextor, the firm said, is fine.", [("Vextor", "ORG")]),
        ("Mira Okafor, a club stalwart, said so.", [("Mira Okafor", "PERSON")]),
        ("Mira Okafor, a Vextor bank manager, said so.", [("Mira Okafor", "PERSON")]),
        ("The partner Vextor said so.", [("Vextor", "ORG")]),
        ("He met Mira Okafor, who makes tyres.", [("Mira Okafor", "PERSON")]),
        ("Mr Okafor, the newsletter publisher, said so.", [("Okafor", "PERSON")]),
        ("Mira Lund, a software developer, said so.", [("Mira Lund", "PERSON")]),
        ("He flew to the firm's Lundport headquarters.", [("Lundport", "GPE")]),
        ("He met Mira Okafor which was nice.", [("Mira Okafor", "PERSON")]),
    ],
)
def test_context_rules_relatives_and_appositions_must_not_fire(apply_context, text, ents):
    """A kind word that is no head of the apposition, a person after an honorific or with a given name, a place
    owned by someone before "headquarters", or no relative's word: no change."""
    assert apply_context(text, ents) == [(surface, label, "model") for surface, label in ents]


@pytest.mark.parametrize(
    ("text", "ents", "expected"),
    [
        ("He says he phoned Mira as soon as he could.", [("phoned Mira", "PERSON")], ("Mira", "PERSON")),
        ("We met Ludwig van Lund there.", [("Ludwig van Lund", "PERSON")], ("Ludwig van Lund", "PERSON")),
        ("They quoted van Lund on it.", [("van Lund", "PERSON")], ("van Lund", "PERSON")),
        ("They backed the Zorba Dems.", [("the Zorba Dems", "PERSON")], ("the Zorba Dems", "PERSON")),
    ],
)
def test_rules_trim_starts_a_person_at_its_first_capitalised_word(apply_rules, text, ents, expected):
    """Lower-case words before a name are cut off; a leading name particle stays, and so does "the" (for the
    context rules, which read it as an organisation's)."""
    assert [(surface, label) for surface, label, _ in apply_rules(text, ents)] == [expected]


#: Sentences where the context rules fire, for the test of their label gates.
_CONTEXT_SENTENCES = [
    "He starred in the film Zorba Rising, starring Mira Okafor, last year.",
    "Vextor shares fell after Vextor, a software firm, said so; Vextor, which makes games, agreed.",
    "Lundport were beaten by Lundport Rovers, and the Lundport boss said Zorba Labs have won.",
    "The striker Mira Okafor joined his daughter Mira and Lundish Mira Okafor at Zorba.",
    "Vextor manager Mira Okafor, playing for Zorba after beating Lundport, was in Lundia.",
    "The Okafors said this decade that the Vextor Two show cost 5 per cent or $4m.",
    "Its Zorba operating system, the Zorba index and a factory in Lundport, near Lundia, made the news.",
    "An analyst at Zorba Lund, the Lundport area and the Vextor awards were next spring.",
]


def test_context_rules_leave_spans_outside_their_labels_alone(nlp):
    """Every rule marked `applies_to` some labels returns a span of any other label as it is, so that skipping it
    for those labels changes nothing: tried on every window of up to three tokens of sentences where the rules fire."""
    rules = nlp.get_pipe("corpusx_context_rules")
    gated = [rule for name in dir(rules) if hasattr(rule := getattr(rules, name), "labels") and callable(rule)]
    gated.append(rules.kind_cues.relabel)
    labels = set(nlp.get_pipe("ner").labels)
    assert len(gated) >= 15
    for doc in nlp.pipe(_CONTEXT_SENTENCES):
        for start in range(len(doc)):
            for end in range(start + 1, min(start + 4, len(doc) + 1)):
                for rule in gated:
                    for label in sorted(labels - rule.labels):
                        span = Span(doc, start, end, label=label)
                        assert rule(doc, span) is span, (rule.__name__, span.text, label)
