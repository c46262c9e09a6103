"""The shared base of corpusx's rule components, and helpers for matching words and reading tokens."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from corpusx.lexicon import Lexicon, LexiconComponent
from corpusx.model.families import enabled_families

Rule = TypeVar("Rule", bound=Callable[..., Any])
#: Where `doc_text` keeps a doc's text in `Doc.user_data`.
TEXT_KEY = "corpusx.text"


class RuleComponent(LexiconComponent):
    """A rule component: the word lists of a lexicon and rule families (`FAMILIES`) that can be switched off."""

    FAMILIES: tuple[str, ...] = ()

    def __init__(self, nlp: Language, lexicon: Lexicon, disabled: frozenset[str] = frozenset()) -> None:
        """The rules, with the word lists of `lexicon`, without the `disabled` families."""
        self.enabled = enabled_families(self.FAMILIES, disabled)
        self.nlp = nlp
        super().__init__(lexicon)


def phrase_matcher(nlp: Language, lexicon: Lexicon, *names: str) -> PhraseMatcher:
    """A matcher of the entries of the word lists `names`, compared in lower case."""
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    tokenizer: Any = nlp.tokenizer
    for name in names:
        matcher.add(Path(name).stem, list(tokenizer.pipe(lexicon.entries(name))))
    return matcher


def word_matcher(nlp: Language, words: Iterable[str]) -> PhraseMatcher:
    """A matcher of the one-word entries of `words`, compared in lower case."""
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    matcher.add("words", [nlp.make_doc(word) for word in sorted(words) if " " not in word])
    return matcher


def lower_case_hits(matcher: PhraseMatcher, doc: Doc) -> list[Token]:
    """The tokens where `matcher` finds a word written in lower case."""
    return [doc[start] for _, start, _ in matcher(doc) if doc[start].is_lower]


def text_docs(nlp: Language, texts: Iterable[str]) -> Iterator[Doc]:
    """Each text tokenized, its doc holding the text for `doc_text` (so the rules need not rebuild it)."""
    for text in texts:
        doc = nlp.make_doc(text)
        doc.user_data[TEXT_KEY] = text
        yield doc


def set_entities(doc: Doc, entities: Sequence[Span], spans: list[Span]) -> None:
    """`doc.ents = filter_spans(spans)`, where the rules changed `entities` (the doc's entities they started from):
    when `spans` are those very spans, in order, the doc is left as it is."""
    if len(spans) != len(entities) or any(span is not entity for span, entity in zip(spans, entities)):
        doc.ents = filter_spans(spans)


def doc_text(doc: Doc) -> str:
    """The doc's text, built from its tokens once per doc (`Doc.text` builds it at each access)."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text


def token_set(spans: Iterable[Span]) -> set[int]:
    """The indices of the tokens the spans cover."""
    return {index for span in spans for index in range(span.start, span.end)}


def applies_to(labels: Iterable[str]) -> Callable[[Rule], Rule]:
    """Mark a span rule that returns every span of another label as it is, so that it is called only for `labels`.

    The labels are the function's `labels` attribute; a rule without one is called for every span.
    """

    def mark(rule: Rule) -> Rule:
        rule.__dict__["labels"] = frozenset(labels)
        return rule

    return mark
