"""The DATE span rules (`corpusx_date_spans`): each family on hand-given model spans, with the cases where it
must not fire, and in the loaded pipeline."""

from __future__ import annotations

import pytest
import spacy

from corpusx.lexicon import Lexicon
from corpusx.model.date_spans import DateSpans
from corpusx.model.families import DATE_FAMILIES
from corpusx.model.rules import source_of


@pytest.fixture(scope="module")
def apply_rules():
    """Run the DATE span rules alone on a sentence whose model entities are given by hand."""
    blank = spacy.blank("en")
    blank.add_pipe("sentencizer")
    rules = DateSpans(blank, Lexicon.default())

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


@pytest.mark.parametrize(
    ("text", "ents", "expected"),
    [
        ("The curfew starts at 0300 GMT on Monday.", [("0300", "DATE"), ("Monday", "DATE")], [("Monday", "DATE")]),
        ("It ends on Monday 15:30 BST sharp.", [("Monday 15:30 BST", "DATE")], [("Monday", "DATE")]),
        ("Doors open at 0030, they said.", [("0030", "DATE")], []),
    ],
)
def test_date_time_cuts_times_of_day(apply_rules, text, ents, expected):
    """A time of day with its zone is no DATE; a four-digit number no year can be is none either."""
    assert [(surface, label) for surface, label, _ in apply_rules(text, ents)] == expected


@pytest.mark.parametrize(
    ("text", "ents"),
    [
        ("The vote was in 1997, GMT aside.", [("1997", "DATE")]),
        ("It shut in 1850 and reopened.", [("1850", "DATE")]),
        ("Talks resume on Monday GMT time.", [("Monday", "DATE")]),
    ],
)
def test_date_time_keeps_years_and_dates_without_a_clock(apply_rules, text, ents):
    assert [surface for surface, _, _ in apply_rules(text, ents)] == [surface for surface, _ in ents]


def test_date_title_drops_a_programme_named_by_a_date_word(apply_rules):
    text = "She told Radio Lundport's Tonight programme that it was over."
    assert apply_rules(text, [("Tonight", "DATE")]) == []


@pytest.mark.parametrize(
    ("text", "ents"),
    [
        ("Today the programme starts again.", [("Today", "DATE")]),
        ("He said it airs on Friday, show or no show.", [("Friday", "DATE")]),
        ("They met on Sunday series after series.", [("Sunday", "DATE")]),
    ],
)
def test_date_title_keeps_dates_at_a_sentence_start_or_before_punctuation(apply_rules, text, ents):
    assert [surface for surface, _, _ in apply_rules(text, ents)] == [surface for surface, _ in ents]


@pytest.mark.parametrize(
    ("text", "ents"),
    [
        ("Between 14 and 16 of the 90 huts were hit.", [("Between 14 and 16", "DATE")]),
        ("She capped a fine year with a win.", [("year", "DATE")]),
    ],
)
def test_date_number_drops_dates_without_a_calendar_word(apply_rules, text, ents):
    assert apply_rules(text, ents) == []


@pytest.mark.parametrize(
    ("text", "ents"),
    [
        ("It ran 1994 to 1996 in all.", [("1994 to 1996", "DATE")]),
        ("Sales rose in nineteen ninety-two.", [("nineteen ninety-two", "DATE")]),
        ("It was the week of the vote.", [("week", "DATE")]),
        ("They met on 14 March.", [("14 March", "DATE")]),
    ],
)
def test_date_number_keeps_years_spoken_years_and_the_week(apply_rules, text, ents):
    assert [surface for surface, _, _ in apply_rules(text, ents)] == [surface for surface, _ in ents]


@pytest.mark.parametrize(
    ("text", "ents", "expected"),
    [
        ("The firm said earlier in March that it would sell.", [("earlier in March", "DATE")], "March"),
        ("Prices have risen since 2003 in the city.", [("since 2003", "DATE")], "2003"),
        ("He rose to fourth from 27 last year, they said.", [("27 last year", "DATE")], "last year"),
        ("They last met in a draw six years ago in Lundport.", [("draw six years ago", "DATE")], "six years ago"),
        ("She may be 41 next week, he said.", [("41 next week", "DATE")], "next week"),
        ("She has toured in past decades - often at night.", [("past decades - often", "DATE")], "past decades"),
        ("The discs ship in 14 months' time, they said.", [("14 months' time", "DATE")], "14 months"),
    ],
)
def test_date_cut_takes_off_what_is_no_part_of_the_date(apply_rules, text, ents, expected):
    assert apply_rules(text, ents) == [(expected, "DATE", "rule:date-cut")]


@pytest.mark.parametrize(
    ("text", "ents"),
    [
        ("It happened about six years ago in Lundport.", [("about six years ago", "DATE")]),
        ("It happened 32 years ago in Lundport.", [("32 years ago", "DATE")]),
        ("Sales fell early last year in Vextor.", [("early last year", "DATE")]),
        ("The firm said later in the year that it would sell.", [("later in the year", "DATE")]),
        ("The lease ran 1998 - 2002 in all.", [("1998 - 2002", "DATE")]),
        ("It was March last year, they said.", [("March last year", "DATE")]),
        ("He is out for at least five weeks, they said.", [("at least five weeks", "DATE")]),
        ("It could take up to 12 years to finish.", [("up to 12 years", "DATE")]),
        ("The third quarter of next year looks weak.", [("third quarter of next year", "DATE")]),
        ("It runs from 5 to 8 April in Lundport.", [("5 to 8 April", "DATE")]),
        ("Sales of its first four days were good.", [("its first four days", "DATE")]),
    ],
)
def test_date_cut_keeps_hedges_counts_and_ranges(apply_rules, text, ents):
    assert [surface for surface, _, _ in apply_rules(text, ents)] == [surface for surface, _ in ents]


@pytest.mark.parametrize(
    ("text", "ents", "expected"),
    [
        ("He hopes for a better 2006 season than last.", [("2006", "DATE")], "2006 season"),
        ("It was his 2003-04 season at Lundport.", [("2003-04", "DATE")], "2003-04 season"),
        ("It costs more over a 30-month period of use.", [("30-month", "DATE")], "30-month period"),
        (
            "It gave $20m between March 1991 and June 2003 to them.",
            [("between March 1991", "DATE"), ("June 2003", "DATE")],
            "March 1991 and June 2003",
        ),
    ],
)
def test_date_extend_takes_in_the_period_noun_and_joins_ranges(apply_rules, text, ents, expected):
    assert expected in [surface for surface, _, _ in apply_rules(text, ents)]


@pytest.mark.parametrize(
    ("text", "ents"),
    [
        ("The season starts in August.", [("August", "DATE")]),
        ("In 2006 Season Two aired.", [("2006", "DATE")]),
        ("She sold March 1991 and June 2003 stock.", [("March 1991", "DATE"), ("June 2003", "DATE")]),
        ("A 30-month-old period piece.", []),
    ],
)
def test_date_extend_needs_a_lower_case_period_noun_and_between(apply_rules, text, ents):
    assert [surface for surface, _, _ in apply_rules(text, ents)] == [surface for surface, _ in ents]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The fair runs from 4-9 June in Lundport.", "4-9 June"),
        ("It was a hit in the 1970s, she said.", "1970s"),
        ("She was a star in the 70s and 80s, they said.", "70s and 80s"),
        ("It was big in the '60s, they said.", "60s"),
    ],
)
def test_date_found_adds_day_ranges_and_decades(apply_rules, text, expected):
    assert (expected, "DATE", "rule:date-found") in apply_rules(text, [])


@pytest.mark.parametrize(
    "text", ["She is in her 70s now.", "They scored 4-9 in the final.", "Rooms 40s and 50s were shut."]
)
def test_date_found_leaves_ages_scores_and_numbers_alone(apply_rules, text):
    assert apply_rules(text, []) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The curfew starts at 0300 GMT on Monday.", [("Monday", "DATE", "model")]),
        ("He rose to fourth from 27 last year, they said.", [("last year", "DATE", "rule:date-cut")]),
    ],
)
def test_date_rules_fire_in_the_full_pipeline(nlp, text, expected):
    assert [ent for ent in ((e.text, e.label_, source_of(e)) for e in nlp(text).ents) if ent[1] == "DATE"] == expected


@pytest.mark.parametrize("family", DATE_FAMILIES)
def test_each_date_family_can_be_switched_off(family):
    blank = spacy.blank("en")
    rules = DateSpans(blank, Lexicon.default(), frozenset({family}))
    assert family not in rules.enabled and set(rules.enabled) == set(DATE_FAMILIES) - {family}
