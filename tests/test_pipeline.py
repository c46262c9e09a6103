"""The pipeline corpusx loads, saved with `nlp.to_disk` and loaded back with its rule data."""

from __future__ import annotations

import spacy

import corpusx
from corpusx.lexicon import Lexicon
from corpusx.model.pipeline import RULE_COMPONENTS, load_pipeline

TEXT = "Acme Holdings paid $259.8m to Mira Okafor on Tuesday, Feb. 4, 2025, security firm Vextor said."


def _entities(nlp, text: str = TEXT) -> list[tuple[str, str]]:
    return [(ent.text, ent.label_) for ent in nlp(text).ents]


def test_pipeline_round_trips_through_to_disk_and_from_disk(nlp, tmp_path):
    """A saved pipeline carries the rule components' word lists and patterns and finds the same entities."""
    nlp.to_disk(tmp_path / "pipeline")
    saved = sorted(path.name for path in (tmp_path / "pipeline" / "corpusx_entity_rules").iterdir())
    assert "titles.txt" in saved and "honorifics.txt" in saved
    assert (tmp_path / "pipeline" / "corpusx_patterns" / "patterns.jsonl").is_file()
    reloaded = spacy.load(tmp_path / "pipeline")
    assert reloaded.pipe_names == nlp.pipe_names
    assert _entities(reloaded) == _entities(nlp)


def test_pipeline_loaded_from_disk_uses_the_saved_word_lists_not_the_shipped_ones(nlp, tmp_path):
    """Editing a saved word list changes what the reloaded pipeline does: the data travels with it."""
    nlp.to_disk(tmp_path / "pipeline")
    not_entities = tmp_path / "pipeline" / "corpusx_entity_rules" / "not_entities.txt"
    not_entities.write_text(not_entities.read_text(encoding="utf-8") + "\nVextor\n", encoding="utf-8")
    reloaded = spacy.load(tmp_path / "pipeline")
    assert ("Vextor", "ORG") in _entities(nlp)
    assert "Vextor" not in [text for text, _ in _entities(reloaded)]


def test_pipeline_saved_by_corpusx_loads_again_through_load_pipeline(nlp, tmp_path):
    """`--model DIR` on a saved corpusx pipeline adds no second copy of the rule components."""
    nlp.to_disk(tmp_path / "pipeline")
    again = load_pipeline(str(tmp_path / "pipeline"))
    assert [name for name in again.pipe_names if name in RULE_COMPONENTS] == list(RULE_COMPONENTS)
    mentions = list(corpusx.extract([corpusx.Document("d", "<memory>", TEXT)], model=again))
    assert {m.text for m in mentions} >= {"Acme Holdings", "$259.8m", "Mira Okafor"}


def test_lexicon_round_trips_through_a_folder(tmp_path):
    """A lexicon written to a folder reads back with the same files and digest."""
    lexicon = Lexicon.default().subset(["titles.txt", "patterns.jsonl"])
    lexicon.to_disk(tmp_path)
    assert Lexicon.from_disk(tmp_path).files == lexicon.files
    assert Lexicon.from_disk(tmp_path).digest() == lexicon.digest()
