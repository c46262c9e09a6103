"""spaCy components for corpusx's span rules, wired from the word lists in `models/`.

Each rule records its name in the span's id, so a mention's `source` says which rule
made or changed it (`rule:<name>`); spans the model made unchanged say `model`.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from corpusx.lexicon import Lexicon
from corpusx.model.component import RuleComponent, doc_text, phrase_matcher, set_entities
from corpusx.model.families import RULE_FAMILIES
from corpusx.model.titles import NAME_OR_UNSURE_LABELS, TitleRules
from corpusx.model.tokens import POSSESSIVES, cut_open_parenthesis, has_content, is_org_token, trim_person
from corpusx.text.segments import is_english_word
from corpusx.types import NAME_LABELS, PLACE_LABELS

TITLES_FILE = "titles.txt"
COMPANY_TITLES_FILE = "company_titles.txt"
HONORIFICS_FILE = "honorifics.txt"
ORG_DESCRIPTORS_FILE = "org_descriptors.txt"
ORG_SUFFIXES_FILE = "org_suffixes.txt"
ORG_TRAILING_WORDS_FILE = "org_trailing_words.txt"
AGENCIES_FILE = "agencies.txt"
NOT_ENTITIES_FILE = "not_entities.txt"
EVENT_WORDS_FILE = "event_words.txt"
LAW_WORDS_FILE = "law_words.txt"
ORG_KINDS_FILE = "org_kinds.txt"
DISCOURSE_WORDS_FILE = "discourse_words.txt"
ORG_WORDS_FILE = "org_words.txt"
YEAR = re.compile(r"\d{4}")
#: Labels a name after a kind of organisation can have from the model: a place or a nationality too ("club Lundish").
_KIND_RELABELLED = NAME_OR_UNSURE_LABELS | frozenset(PLACE_LABELS)


def source_of(span: Span) -> str:
    """What produced an entity span: `model`, `rule:<name>` from the span's id, or a user rule's `user:<id>`."""
    if span.id_.startswith("user:"):
        return span.id_
    return f"rule:{span.id_}" if span.id_ else "model"


@Language.factory("corpusx_entity_rules", default_config={"disabled": []})
def make_entity_rules(nlp: Language, name: str, disabled: list[str]) -> EntityRules:
    """Create the corpusx span-rule component with the word lists shipped in `models/`, without the `disabled` families."""
    return EntityRules(nlp, Lexicon.default(), frozenset(disabled))


class EntityRules(TitleRules, RuleComponent):
    """Span rules applied after the model and the pattern ruler, in this order:

    titles split off names (an ORG after an honorific is a person), organisations named
    before a company title, people named before their role ("X, director of ..."), names
    after a kind of organisation ("operator Vextor") made ORG, unclosed parentheses,
    non-name words and sentence adverbs trimmed off names, descriptors and possessives cut
    off organisation names, two bodies joined by "and" split, photo-agency credits, the never-entity list, events and bare
    numbers taken for names or dates.
    """

    FAMILIES = RULE_FAMILIES
    FILES = (
        TITLES_FILE,
        COMPANY_TITLES_FILE,
        HONORIFICS_FILE,
        ORG_DESCRIPTORS_FILE,
        ORG_SUFFIXES_FILE,
        ORG_TRAILING_WORDS_FILE,
        AGENCIES_FILE,
        NOT_ENTITIES_FILE,
        EVENT_WORDS_FILE,
        LAW_WORDS_FILE,
        ORG_KINDS_FILE,
        DISCOURSE_WORDS_FILE,
        ORG_WORDS_FILE,
    )

    def load(self, lexicon: Lexicon) -> None:
        """Build the matchers and word sets from the word lists."""
        super().load(lexicon)
        self.titles = phrase_matcher(self.nlp, lexicon, TITLES_FILE, HONORIFICS_FILE)
        self.company_titles = phrase_matcher(self.nlp, lexicon, COMPANY_TITLES_FILE)
        self.honorifics = lexicon.words(HONORIFICS_FILE)
        self.upper_titles = {
            entry for name in (TITLES_FILE, HONORIFICS_FILE) for entry in lexicon.entries(name) if entry.isupper()
        }
        self.descriptors = lexicon.words(ORG_DESCRIPTORS_FILE)
        self.org_trailing_words = lexicon.words(ORG_TRAILING_WORDS_FILE)
        self.org_suffixes = lexicon.words(ORG_SUFFIXES_FILE)
        agencies = "|".join(re.escape(name) for name in lexicon.entries(AGENCIES_FILE))
        self.agency_tag = re.compile(rf"\(({agencies})\)")
        self.discourse_words = lexicon.words(DISCOURSE_WORDS_FILE)
        self.not_entities = lexicon.words(NOT_ENTITIES_FILE)
        self.event_words = lexicon.words(EVENT_WORDS_FILE)
        self.law_words = lexicon.words(LAW_WORDS_FILE)
        self.org_kinds = self.descriptors | lexicon.words(ORG_KINDS_FILE)
        self.org_words = self.org_kinds | lexicon.words(ORG_WORDS_FILE)
        self.company_words = self.org_words | self.org_suffixes

    def __call__(self, doc: Doc) -> Doc:
        # Agency tags come first so that filter_spans prefers them over the model's span of the same words.
        on = self.enabled
        entities = doc.ents
        spans = list(entities)
        titles = [t for t in filter_spans(self.titles(doc, as_spans=True)) if self._is_title_as_written(t)]
        if "titles" in on:
            spans = self._split_titles(doc, spans, titles)
        if "org-before-title" in on:
            spans += self._orgs_before_company_titles(doc, spans)
        if "person-before-role" in on:
            spans = self._people_before_roles(doc, spans, titles)
        if "org-after-kind" in on:
            spans = [self._org_after_kind(doc, span) for span in spans]
        if "trim" in on:
            spans = [trimmed for span in spans if (trimmed := self._trim(doc, span)) is not None]
        if "org-cut" in on:
            spans = [self._cut_org(doc, span) for span in spans]
        if "org-list" in on:
            spans = [part for span in spans for part in self._split_org_list(doc, span)]
        if "legal-suffix" in on:
            spans = self._join_legal_suffix(doc, spans)
        if "agency-tag" in on:
            spans = self._agency_tags(doc) + spans
        if "never-entity" in on:
            spans = [span for span in spans if self._may_be_entity(span)]
        set_entities(doc, entities, spans)
        return doc

    def _org_after_kind(self, doc: Doc, span: Span) -> Span:
        """A name right after a lower-case kind of organisation is an ORG, whatever the model said (a place or a
        nationality too: "club Lundish", "side Lundport"): "operator Vextor", "startup Zoradan" (an ORG span is
        marked too, so that its evidence counts in the label votes)."""
        if span.label_ not in _KIND_RELABELLED or span.start == 0 or not span[0].text[:1].isupper():
            return span
        kind = doc[span.start - 1]
        hyphenated = span.start > 1 and doc[span.start - 2].text == "-"  # "open-side Mira Okafor": a position
        if not kind.is_lower or kind.lower_ not in self.org_kinds or hyphenated:
            return span
        return Span(doc, span.start, span.end, label="ORG", span_id="org-after-kind")

    def _trim(self, doc: Doc, span: Span) -> Span | None:
        """Cut off what is no part of a name: an unclosed parenthesis, a PERSON's trailing words, sentence adverbs."""
        if span.label_ not in NAME_LABELS:
            return span  # each trim below keeps other labels as they are
        cut = cut_open_parenthesis(doc, span)
        if cut is not span and self._is_person_before_bracket(doc, cut):
            cut = Span(doc, cut.start, cut.end, label="PERSON", span_id="parenthesis-cut")
        return self._trim_discourse_words(doc, trim_person(doc, cut))

    def _is_person_before_bracket(self, doc: Doc, span: Span) -> bool:
        """True for an ORG cut before a bracket of capitalised words that is a full name, as in a squad
        list "Mira Okafor (Lundport), Tovan Reyes (Vextor)": two or three capitalised words, one at least
        no common English word, none an organisation word, the bracket no acronym ("Zeta Trade Board (ZTB")."""
        inside = doc[span.end + 1] if span.end + 1 < len(doc) else None
        return (
            span.label_ == "ORG"
            and 2 <= len(span) <= 3
            and inside is not None
            and not inside.is_upper
            and all(token.is_title and token.is_alpha for token in span)
            and any(not is_english_word(token.lower_) for token in span)
            and not any(token.lower_ in self.company_words for token in span)
        )

    def _may_be_entity(self, span: Span) -> bool:
        """False for never-entities, spans without content, events taken for an ORG or PERSON
        ("Grammy Awards"), laws taken for an ORG ("the Zorba Housing Bill"), a PERSON with a number ("Vextor 2")
        and a bare number taken for a DATE ("57", an age; years stay)."""
        if span.text.casefold() in self.not_entities or not has_content(span):
            return False
        if span.label_ in NAME_LABELS and span[-1].lower_ in self.event_words:
            return False
        if span.label_ == "ORG" and len(span) > 1 and span[-1].is_title and span[-1].lower_ in self.law_words:
            return False
        if span.label_ == "PERSON" and any(token.is_digit for token in span):
            return False  # "Zorba Rally 2005", "Vextor 2": a product or a work (but "the G8" is a group)
        return not (span.label_ == "DATE" and len(span) == 1 and span[0].like_num and not YEAR.fullmatch(span.text))

    def _cut_org(self, doc: Doc, span: Span) -> Span:
        """Cut a trailing common noun, a descriptor or a possessive out of an ORG span.

        "Vextor Shares" -> "Vextor"; "Security Firm Acme" -> "Acme"; "Zorba’s App Store" ->
        "Zorba", "Vextor Films' Zorba Rising" -> "Vextor Films", unless what follows the possessive
        is a company suffix ("Okafor's Corp").
        """
        if span.label_ != "ORG" or len(span) < 2:
            return span
        last = doc[span.end - 1]
        named = any(t.is_upper or not is_english_word(t.lower_) for t in doc[span.start : span.end - 1])
        if last.lower_ in self.org_trailing_words and last.is_title and is_org_token(doc[span.end - 2]) and named:
            return Span(doc, span.start, span.end - 1, label="ORG", span_id="org-trailing-noun")
        for index in range(span.start, span.end - 1):
            token = doc[index]
            if token.lower_ in self.descriptors and index > span.start and is_org_token(doc[index + 1]):
                return Span(doc, index + 1, span.end, label="ORG", span_id="org-descriptor")
            if index > span.start and _is_possessive(doc, span, index) and not self._owns_name(doc, span, index):
                return Span(doc, span.start, index, label="ORG", span_id="org-possessive")
        return span

    def _split_org_list(self, doc: Doc, span: Span) -> list[Span]:
        """An ORG of two names joined by "and", each with a word only an organisation's name holds and a word of its
        own, is two ORGs: "Lundia Department of Transport and Vextor State University" (not "Vextor Bank and Trust
        Company", "Department of Trade and Industry", "Ernst and Okafor")."""
        if span.label_ != "ORG":
            return [span]
        joins = [t.i for t in span if t.text == "and"]
        if len(joins) != 1:
            return [span]
        start = span.start + (span[0].lower_ == "the")
        right = joins[0] + 1 + (joins[0] + 1 < span.end and doc[joins[0] + 1].lower_ == "the")
        parts = [
            Span(doc, start, joins[0], label="ORG", span_id="org-list"),
            Span(doc, right, span.end, label="ORG", span_id="org-list"),
        ]
        return parts if all(self._is_named_org(part) for part in parts) else [span]

    def _is_named_org(self, span: Span) -> bool:
        """True for capitalised words holding an organisation's word and a capitalised word of their own."""
        if not len(span) or not span[0].text[:1].isupper():
            return False
        org = [t.text[:1].isupper() and t.lower_ in self.company_words for t in span]
        own = [
            t.text[:1].isupper() and t.is_alpha and not t.is_stop and t.lower_ not in self.company_words for t in span
        ]
        return any(org) and any(own)

    def _owns_name(self, doc: Doc, span: Span, possessive: int) -> bool:
        """True when the words after a possessive inside an ORG span are part of the name: they are all
        capitalised and end in a company suffix or a kind of organisation ("Okafor's Retail Group")."""
        rest = doc[possessive + 1 : span.end]
        if not len(rest) or not all(t.text[:1].isupper() or not t.is_alpha for t in rest):
            return False
        words = {t.lower_.rstrip(".") for t in rest}
        return bool(words & self.org_suffixes) or rest[-1].lower_ in self.org_words

    def _join_legal_suffix(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """An ORG followed by ", Inc." (or another company suffix) takes it: "Acme Holdings, Inc."."""
        joined = []
        for span in spans:
            end = span.end
            if (
                span.label_ == "ORG"
                and end + 1 < len(doc)
                and doc[end].text == ","
                and doc[end + 1].lower_.rstrip(".") in self.org_suffixes
                and doc[end + 1].text[:1].isupper()
            ):
                span = Span(doc, span.start, end + 2, label="ORG", span_id="legal-suffix")
            joined.append(span)
        return joined

    def _trim_discourse_words(self, doc: Doc, span: Span) -> Span | None:
        """Cut sentence adverbs off the ends of a name: "Warner Bros. However" -> "Warner Bros."."""
        if span.label_ not in NAME_LABELS:
            return span
        start, end = span.start, span.end
        while start < end and doc[start].lower_ in self.discourse_words:
            start += 1
        while end > start and doc[end - 1].lower_ in self.discourse_words:
            end -= 1
        if (start, end) == (span.start, span.end):
            return span
        return Span(doc, start, end, label=span.label_, span_id="discourse-trim") if end > start else None

    def _agency_tags(self, doc: Doc) -> list[Span]:
        """A photo-agency credit in parentheses, "(AP)", names an organisation."""
        tags: list[Span] = []
        text = doc_text(doc)
        if "(" not in text:
            return tags
        for match in self.agency_tag.finditer(text):
            span = doc.char_span(match.start(1), match.end(1), label="ORG", span_id="agency-tag")
            if span is not None:
                tags.append(span)
        return tags


def _is_possessive(doc: Doc, span: Span, index: int) -> bool:
    """A possessive "'s", or the apostrophe of a plural's possessive right after a name: "Vextor Films' Zorba" (not
    after common words alone, which describe whose the body is: "Lawyers' Fellowship")."""
    token, before = doc[index], doc[index - 1]
    if token.text in POSSESSIVES:
        return True
    plural = token.text in ("'", "’") and not before.whitespace_ and before.lower_.endswith("s")
    return plural and any(t.is_upper or not (t.is_stop or is_english_word(t.lower_)) for t in doc[span.start : index])
