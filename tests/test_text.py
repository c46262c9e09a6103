"""Text handling before the model: line segments, boilerplate, headlines and their truecasing."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpusx.text.segments import (
    BODY,
    BOILERPLATE,
    HEADLINE,
    MAX_RUN_CHARS,
    MAX_SEGMENT_CHARS,
    Boilerplate,
    CaseEvidence,
    bounded_pieces,
    collapse_whitespace,
    is_english_word,
    is_headline,
    segment,
)

BOILERPLATE_RULES = Boilerplate.load()
ARTICLE = "Sam Altman met Kakao executives in Seoul on Tuesday, officials said."


def _kinds(text: str) -> dict[str, str]:
    return {part.text: part.kind for part in segment(text, BOILERPLATE_RULES)}


@pytest.mark.parametrize(
    "line",
    [
        "Please follow and like us:",
        "Related",
        "Related Posts",
        "Advertisement",
        "Read more: Markets in Asia",
        "Sign up for our daily newsletter",
        "Photo",
    ],
)
def test_text_segment_marks_boilerplate_lines(line):
    """Known page-furniture phrases and one-word lines are boilerplate, the article line is not."""
    kinds = _kinds(f"{ARTICLE}\n{line}\n")
    assert kinds == {ARTICLE: BODY, line: BOILERPLATE}


def test_text_segment_marks_a_repeated_call_to_action_as_boilerplate():
    """A line opening with an imperative and repeated in the document is an advert."""
    advert = "Learn more about our weekly markets briefing today"
    kinds = _kinds(f"{advert}\n{ARTICLE}\n{advert}\n")
    assert kinds == {advert: BOILERPLATE, ARTICLE: BODY}


@pytest.mark.parametrize(
    "text",
    [
        "Learn how the deal works in our guide.\n",
        "Sam Altman speaks in Seoul on Tuesday.\nThe talks went on.\nSam Altman speaks in Seoul on Tuesday.\n",
        "She asked readers to please follow and like us online.\n",
        "Sam Altman\n",
    ],
)
def test_text_segment_keeps_article_lines(text):
    """A single call to action, a caption repeated verbatim, a phrase inside a sentence and a two-word line stay in."""
    assert BOILERPLATE not in _kinds(text).values()


def test_text_segment_splits_at_every_line_break():
    """Each non-blank line is its own segment, with its offset into the raw text and without line-break characters."""
    text = "  Kakao hires staff in Seoul.\r\nShares of Kakao rose.\n\n\nThe talks went on.  \n"
    parts = segment(text, BOILERPLATE_RULES)
    assert [(part.start, part.text) for part in parts] == [
        (2, "Kakao hires staff in Seoul."),
        (31, "Shares of Kakao rose."),
        (55, "The talks went on."),
    ]
    assert all(text[part.start : part.end] == part.text for part in parts)


def test_text_segment_truecases_headlines_in_place():
    """A headline is lower-cased where the body gives no reason to keep a capital, at the same offsets."""
    text = "Altman Clinches Major Deal\n\nSam Altman met Kakao executives in Seoul on Tuesday.\n"
    headline = segment(text, BOILERPLATE_RULES)[0]
    assert (headline.kind, headline.start, headline.text) == (HEADLINE, 0, "Altman clinches major deal")


@given(st.text())
def test_text_segment_keeps_the_length_of_every_line(text):
    """The text the model sees has the length of its raw slice, never spans a line break, and segments do not overlap."""
    parts = segment(text, BOILERPLATE_RULES)
    for part in parts:
        assert len(text[part.start : part.end]) == len(part.text)
        assert "\n" not in part.text and "\r" not in part.text
    assert all(first.end <= second.start for first, second in itertools.pairwise(parts))


@given(st.text(alphabet=st.sampled_from("abcdefgHIJKLMNOP xyzXYZ.,:;!?'\"\n-&0123456789")))
def test_text_segment_changes_only_case(text):
    """Segmentation and truecasing change no character except by lower-casing it."""
    for part in segment(text, BOILERPLATE_RULES):
        assert part.text.lower() == text[part.start : part.end].lower()


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Altman Clinches Major Asian Alliance", True),
        ("Markets Rally As Rates Fall", True),
        ("Related Posts", True),
        ("Sam Altman met executives in Seoul.", False),
        ("The markets rallied as rates fell", False),
        ("What Next For Markets?", False),
        ("Kakao", False),
        (" ".join(["Word"] * 26), False),
    ],
)
def test_text_is_headline(line, expected):
    """Short title-case lines without closing punctuation are headlines; sentences and single words are not."""
    assert is_headline(line) is expected


@pytest.mark.parametrize(
    ("body", "headline", "expected"),
    [
        (["Sam Altman met executives."], "Altman Clinches Major Deal", "Altman clinches major deal"),
        (["Shares of the company rose."], "Shares Rise As Company Grows", "shares rise as company grows"),
        (["The talks began at the Alliance in Seoul."], "Leaders Join Alliance Talks", "leaders join Alliance talks"),
        ([], "Zentrovix Shares Rise Sharply", "Zentrovix Shares rise sharply"),
        ([], "Stocks Fall As Quorvane Falters", "stocks fall As Quorvane Falters"),
        ([], "Markets Rally On iPhone Sales", "markets rally on iPhone sales"),
    ],
)
def test_text_truecase_lowers_only_common_headline_words(body, headline, expected):
    """Common words are lower-cased unless the body capitalises them mid-sentence or they stand next to an unknown name."""
    assert CaseEvidence.from_lines(body).truecase(headline) == expected


@pytest.mark.parametrize(
    ("body", "word"),
    [
        (["Shares rose."], "Shares"),
        (["Prices fell. Shares rose."], "Shares"),
        (["Update: Shares rose."], "Shares"),
        (["“Shares rose,” he said."], "Shares"),
    ],
)
def test_text_case_evidence_ignores_sentence_initial_words(body, word):
    """A capital at the start of a sentence says nothing about a word's case."""
    assert word not in CaseEvidence.from_lines(body).capitalised


@given(st.text())
def test_text_truecase_keeps_the_length(line):
    """Truecasing never changes the length of a line, whatever its characters."""
    evidence = CaseEvidence.from_lines(["Sam Altman met executives."])
    assert len(evidence.truecase(line)) == len(line)


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("alliance", True),
        ("clinches", True),
        ("paused", True),
        ("companies", True),
        ("running", True),
        ("zentrovix", False),
        ("quorvanes", False),
        ("Alliance", False),
    ],
)
def test_text_is_english_word_knows_inflections(word, expected):
    """Lower-case common words and their inflections are English words; unknown names and capitalised forms are not."""
    assert is_english_word(word) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("  a \n\t b  c\n", "a b c"), ("Sam\u00a0Altman", "Sam Altman"), ("", ""), ("one", "one")],
)
def test_text_collapse_whitespace(text, expected):
    """Runs of white space become one space and the ends are stripped."""
    assert collapse_whitespace(text) == expected


_LONG_LINE_PARTS = st.sampled_from(
    ["Acme", "Holdings.", "said!", "Mira”", "(" * 150, "x" * 90, "a" * 40, " ", "  ", "\t"]
)


@settings(max_examples=60)
@given(st.lists(st.lists(_LONG_LINE_PARTS, max_size=300).map("".join), max_size=4).map("\n".join))
def test_text_segments_are_bounded_and_cover_every_character(text):
    """Segments hold at most MAX_SEGMENT_CHARS, no run over MAX_RUN_CHARS, slice the text, and cover all but spaces."""
    parts = segment(text, BOILERPLATE_RULES)
    covered = set()
    for part in parts:
        assert 0 < len(part.text) <= MAX_SEGMENT_CHARS
        assert all(len(run) <= MAX_RUN_CHARS for run in part.text.split())
        assert part.text.lower() == text[part.start : part.end].lower()
        assert part.text == part.text.strip()
        covered.update(range(part.start, part.end))
    assert all(first.end <= second.start for first, second in itertools.pairwise(parts))
    assert {index for index, char in enumerate(text) if not char.isspace()} <= covered


def test_text_long_line_is_cut_after_sentence_ends():
    """A line of 2,000-character sentences is cut after a sentence's full stop, each piece within the bound."""
    sentence = "Acme Holdings hired " + "Mira Okafor again " * 109 + "today."
    line = " ".join([sentence] * 6)
    pieces = list(bounded_pieces(7, line))
    assert [len(text) for _, text in pieces] == [len(sentence) * 2 + 1] * 3
    assert all(text.endswith("today.") and line[start - 7 : start - 7 + len(text)] == text for start, text in pieces)


def test_text_long_line_without_sentence_ends_is_cut_at_spaces():
    """Without a sentence end in the second half of the bound, the cut is at the last space before it."""
    line = " ".join(["Acme"] * 3000)
    pieces = list(bounded_pieces(0, line))
    assert all(
        len(text) <= MAX_SEGMENT_CHARS and text.startswith("Acme") and text.endswith("Acme") for _, text in pieces
    )
    assert " ".join(text for _, text in pieces) == line


def test_text_long_runs_without_spaces_are_cut_into_short_segments():
    """20,000 brackets (quadratic in spaCy's tokenizer) become segments of MAX_RUN_CHARS, which are boilerplate."""
    text = "(" * 20_000 + " Acme Holdings hired Mira Okafor."
    parts = segment(text, BOILERPLATE_RULES)
    assert [part.kind for part in parts] == [BOILERPLATE] * 200 + [BODY]
    assert parts[-1].text == "Acme Holdings hired Mira Okafor." and parts[-1].start == 20_001
