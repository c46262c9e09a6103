"""Places, opt-in: GPE, LOC and NORP mentions with country canonical names and ISO 3166 codes."""

from __future__ import annotations

import subprocess
import sys

import orjson
import pycountry
import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.text import Text
from typer.testing import CliRunner

import corpusx
from corpusx.cli import app
from corpusx.mentions import document_mentions
from corpusx.names.places import country_code, country_name, place_canonical, place_value
from corpusx.reports.highlight import STYLES, highlight, legend
from corpusx.reports.summary import summarize, summary_tables
from corpusx.types import ALL_LABELS, LABELS, Document, Entity, Mention, PreparedDocument, check_labels

runner = CliRunner()
TEXT = (
    "Mira Okafor of Acme Holdings flew from Britain to the United States.\n"
    "British and Dutch traders met in Lundport, near the Alps, and the UK paid $5m.\n"
)
PLACES = "ORG,PERSON,GPE,LOC,NORP"


@pytest.mark.parametrize("name", ["UK", "Britain", "United Kingdom", "Great Britain", "the UK", "Britain's", "U.K."])
def test_places_british_aliases_are_one_country(name):
    """Every common name of the United Kingdom gets one canonical name and the code GB."""
    assert place_canonical("GPE", name) == "United Kingdom"
    assert place_value("GPE", name) == {"country": "GB"}


@pytest.mark.parametrize(
    "name, canonical, code",
    [
        ("the US", "United States", "US"),
        ("America", "United States", "US"),
        ("Holland", "Netherlands", "NL"),
        ("Korea, Republic of", "South Korea", "KR"),
        ("DR Congo", "Democratic Republic of the Congo", "CD"),
        ("Russia", "Russian Federation", "RU"),
    ],
)
def test_places_country_aliases_and_short_names(name, canonical, code):
    """Aliases pycountry lacks come from the alias table; an inverted ISO name is turned round."""
    assert (place_canonical("GPE", name), country_code("GPE", name)) == (canonical, code)


def test_places_nationality_words_give_a_code_but_keep_their_name():
    """A NORP of one country carries its code; its canonical is not the country's name; an unknown one has none."""
    assert place_value("NORP", "Britons") == place_value("NORP", "british") == {"country": "GB"}
    assert place_canonical("NORP", "British") is None
    assert place_value("NORP", "Martians") is None


def test_places_only_place_labels_get_countries():
    """ "UK" as an ORG, or a city, has no country value or canonical name."""
    assert place_value("ORG", "UK") is None and place_canonical("ORG", "UK") is None
    assert place_value("GPE", "Lundport") is None and place_canonical("GPE", "Lundport") is None


_COUNTRIES = sorted(pycountry.countries, key=lambda country: country.alpha_2)


@given(
    st.sampled_from(_COUNTRIES),
    st.sampled_from(("name", "common_name", "official_name")),
    st.sampled_from(("", "the ", "The ")),
    st.sampled_from(("", "'s", "’s")),
    st.booleans(),
)
def test_places_every_iso_name_normalises_to_its_code(country, attribute, article, possessive, upper):
    """Any ISO 3166 name of a country, in any case, after "the", before a possessive, gives its code and name."""
    name = getattr(country, attribute, None) or country.name
    article = "" if name.casefold().startswith("the ") else article  # "the State of Palestine" has its own
    written = f"{article}{name.upper() if upper else name}{possessive}"
    assert country_code("GPE", written) == country.alpha_2
    assert place_canonical("LOC", written) == country_name(country.alpha_2)
    assert country_code("GPE", country_name(country.alpha_2)) == country.alpha_2  # the canonical reads back


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=30))
def test_places_normaliser_never_fails(text):
    """Any string gives a code or None, and a canonical only with a code."""
    code = country_code("GPE", text)
    assert code is None or len(code) == 2
    assert (place_canonical("GPE", text) is None) == (code is None)


def test_places_labels_are_checked_case_insensitively():
    """check_labels upper-cases, drops repeats and names an unknown label."""
    assert check_labels("gpe, norp,GPE") == ("GPE", "NORP")
    with pytest.raises(ValueError, match="unknown label PLANET"):
        check_labels(["ORG", "planet"])


def test_places_a_country_the_context_rule_relabelled_is_kept():
    """A GPE the place rule made of a model ORG ("rule:place") is a place mention with its code."""
    text = "Officials in Norway agreed."
    document = Document("d", "<memory>", text)
    start = text.index("Norway")
    entity = Entity(start, start + 6, "GPE", "rule:place", 0, len(text))
    mentions = document_mentions(PreparedDocument(document, [entity], {}), {}, labels=frozenset({"GPE"}))
    assert [(m.label, m.source, m.canonical, m.value) for m in mentions] == [
        ("GPE", "rule:place", "Norway", {"country": "NO"})
    ]


def test_places_python_api_extracts_places_when_asked(nlp):
    """extract(labels=...) with places gives GPE, LOC and NORP mentions; the default gives none."""
    document = Document("d", "<memory>", TEXT)
    found = [
        (m.label, m.text, m.canonical, m.value) for m in corpusx.extract([document], model=nlp, labels=["gpe", "norp"])
    ]
    assert ("GPE", "Britain", "United Kingdom", {"country": "GB"}) in found
    assert ("GPE", "UK", "United Kingdom", {"country": "GB"}) in found
    assert ("NORP", "British", "British", {"country": "GB"}) in found
    assert {label for label, *_ in found} == {"GPE", "NORP"}
    assert {m.label for m in corpusx.extract([document], model=nlp)} <= set(LABELS)


def test_places_cli_labels_option(tmp_path):
    """`extract --labels ...,GPE,LOC,NORP` (CliRunner) writes places with canonical names and values."""
    article = tmp_path / "article.txt"
    article.write_text(TEXT, encoding="utf-8")
    result = runner.invoke(app, ["extract", str(article), "--labels", PLACES, "-q"], catch_exceptions=False)
    assert result.exit_code == 0
    records = [orjson.loads(line) for line in result.stdout.splitlines()]
    places = {(r["label"], r["canonical"], orjson.dumps(r["value"]).decode()) for r in records if r["label"] == "GPE"}
    assert ("GPE", "United Kingdom", '{"country":"GB"}') in places
    assert ("GPE", "United States", '{"country":"US"}') in places
    assert {r["label"] for r in records} <= {"ORG", "PERSON", "GPE", "LOC", "NORP"}


def test_places_cli_subprocess_and_summary(tmp_path):
    """A real `corpusx extract --labels gpe,norp` run piped into `corpusx summary` counts the places by country."""
    article = tmp_path / "article.txt"
    article.write_text(TEXT, encoding="utf-8")
    extract = subprocess.run(
        [sys.executable, "-m", "corpusx", "extract", str(article), "--labels", "gpe,norp", "-q"],
        capture_output=True,
        check=True,
    )
    summary = subprocess.run(
        [sys.executable, "-m", "corpusx", "summary", "-", "-f", "json"],
        input=extract.stdout,
        capture_output=True,
        check=False,
    )
    assert summary.returncode == 0, summary.stderr
    tables = orjson.loads(summary.stdout)
    assert [row["label"] for row in tables["labels"]] == ["GPE", "NORP"]
    uk = next(row for row in tables["entities"] if row["name"] == "United Kingdom")
    assert (uk["label"], uk["mentions"]) == ("GPE", 2)


def test_places_summary_orders_place_labels_after_the_default_ones():
    """Place labels follow ORG, PERSON, DATE, MONEY in every table, and their top entities are counted."""
    mentions = [
        Mention("a", "a.txt", "NORP", "British", 0, 7, "s", "model", "British", {"country": "GB"}),
        Mention("a", "a.txt", "GPE", "UK", 8, 10, "s", "model", "United Kingdom", {"country": "GB"}),
        Mention("a", "a.txt", "GPE", "Britain", 11, 18, "s", "model", "United Kingdom", {"country": "GB"}),
        Mention("a", "a.txt", "ORG", "Acme", 19, 23, "s", "model", "Acme"),
    ]
    tables = summary_tables(summarize(mentions))
    assert [row["label"] for row in tables["labels"]] == ["ORG", "GPE", "NORP"]
    assert tables["entities"][1] == {
        "label": "GPE",
        "name": "United Kingdom",
        "mentions": 2,
        "documents": 1,
        "first_document": "a",
        "last_document": "a",
    }


def test_places_show_colours_place_labels():
    """show styles each place label in its own colour, names it in the legend and shows the code when plain."""
    text = "British firms left Britain."
    mentions = [
        Mention("a", "a", "NORP", "British", 0, 7, text, "model", "British", {"country": "GB"}),
        Mention("a", "a", "GPE", "Britain", 19, 26, text, "model", "United Kingdom", {"country": "GB"}),
    ]
    styled: Text = highlight(text, mentions)
    assert {span.style for span in styled.spans} >= {STYLES["NORP"], STYLES["GPE"]}
    assert len({STYLES[label] for label in ALL_LABELS}) == len(ALL_LABELS)
    assert highlight(text, mentions, plain=True).plain == "[British|NORP=GB] firms left [Britain|GPE=GB]."
    assert "GPE" in legend(("ORG", "GPE")).plain


def test_places_show_cli_labels(tmp_path):
    """`corpusx show --labels gpe` marks places (piped: labels and codes written out)."""
    article = tmp_path / "article.txt"
    article.write_text(TEXT, encoding="utf-8")
    result = runner.invoke(app, ["show", str(article), "--labels", "gpe"], catch_exceptions=False)
    assert result.exit_code == 0
    assert "[Britain|GPE=GB]" in result.stdout
    assert "|ORG" not in result.stdout


def test_places_duckdb_and_pandas_read_country_codes(tmp_path):
    """The README's DuckDB (`value->>'country'`) and pandas (`value.str.get`) forms count mentions per country."""
    duckdb = pytest.importorskip("duckdb")
    pandas = pytest.importorskip("pandas")
    article = tmp_path / "article.txt"
    article.write_text(TEXT + "The report was dated 4 March 2025.\n", encoding="utf-8")
    output = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["extract", str(article), "-l", "date,gpe,norp", "-o", str(output), "-q"])
    assert result.exit_code == 0, result.stderr
    query = f"select value->>'country' as country, count(*) as n from read_json_auto('{output}') group by 1"
    counts = {country: n for country, n in duckdb.sql(query).fetchall() if country}
    assert counts["GB"] == 3 and counts["US"] == 1
    frame = pandas.read_json(output, lines=True)
    by_pandas = frame.value.str.get("country").value_counts().to_dict()
    assert by_pandas == counts
