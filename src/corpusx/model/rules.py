"""spaCy components for corpusx's span rules, wired from the word lists in `models/`.

Each rule records its name in the span's id, so a mention's `source` says which rule
made or changed it (`rule:<name>`); spans the model made unchanged say `model`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from corpusx.lexicon import Lexicon, LexiconComponent
from corpusx.model.families import RULE_FAMILIES, enabled_families
from corpusx.text.segments import is_english_word
from corpusx.types import NAME_LABELS

TITLES_FILE = "titles.txt"
COMPANY_TITLES_FILE = "company_titles.txt"
HONORIFICS_FILE = "honorifics.txt"
ORG_DESCRIPTORS_FILE = "org_descriptors.txt"
ORG_SUFFIXES_FILE = "org_suffixes.txt"
ORG_TRAILING_WORDS_FILE = "org_trailing_words.txt"
AGENCIES_FILE = "agencies.txt"
NOT_ENTITIES_FILE = "not_entities.txt"
EVENT_WORDS_FILE = "event_words.txt"
ORG_KINDS_FILE = "org_kinds.txt"
DISCOURSE_WORDS_FILE = "discourse_words.txt"
ORG_WORDS_FILE = "org_words.txt"
MAX_NAME_TOKENS = 4
YEAR = re.compile(r"\d{4}")
POSSESSIVES = frozenset({"'s", "’s"})
MONTHS = frozenset({"may", "march"})  # month names that are also common words
#: Lower-case words that belong to personal names ("Ludwig van Beethoven", "Mohammed bin Salman").
NAME_PARTICLES = frozenset(
    {"de", "da", "das", "do", "dos", "del", "della", "di", "du", "van", "von", "der", "den", "ter", "le", "la"}
    | {"bin", "ibn", "al", "el", "y"}
)
#: Punctuation that can sit inside a name when not spaced: "Okafor-Lund", "O'Neill", "J.".
NAME_PUNCTUATION = frozenset({"-", "'", "’", "."})
_ROLE_LINKS = frozenset({"of", "for", "at", "in"})
#: Labels a person's name can wrongly get from the model.
_NAME_OR_UNSURE_LABELS = frozenset({"PERSON", "ORG", "WORK_OF_ART", "PRODUCT", "FAC", "LAW", "EVENT"})


def source_of(span: Span) -> str:
    """What produced an entity span: `model`, `rule:<name>` from the span's id, or a user rule's `user:<id>`."""
    if span.id_.startswith("user:"):
        return span.id_
    return f"rule:{span.id_}" if span.id_ else "model"


@Language.factory("corpusx_entity_rules", default_config={"disabled": []})
def make_entity_rules(nlp: Language, name: str, disabled: list[str]) -> EntityRules:
    """Create the corpusx span-rule component with the word lists shipped in `models/`, without the `disabled` families."""
    return EntityRules(nlp, Lexicon.default(), frozenset(disabled))


class EntityRules(LexiconComponent):
    """Span rules applied after the model and the pattern ruler, in this order:

    titles split off names (an ORG after an honorific is a person), organisations named
    before a company title, people named before their role ("X, director of ..."), names
    after a kind of organisation ("operator Vextor") made ORG, unclosed parentheses,
    non-name words and sentence adverbs trimmed off names, descriptors and possessives cut
    off organisation names, photo-agency credits, the never-entity list, events and bare
    numbers taken for names or dates.
    """

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
        ORG_KINDS_FILE,
        DISCOURSE_WORDS_FILE,
        ORG_WORDS_FILE,
    )

    def __init__(self, nlp: Language, lexicon: Lexicon, disabled: frozenset[str] = frozenset()) -> None:
        """The rules, with the word lists of `lexicon`, without the `disabled` families."""
        self.enabled = enabled_families(RULE_FAMILIES, disabled)
        self.nlp = nlp
        super().__init__(lexicon)

    def load(self, lexicon: Lexicon) -> None:
        """Build the matchers and word sets from the word lists."""
        super().load(lexicon)
        self.titles = _phrase_matcher(self.nlp, lexicon, TITLES_FILE, HONORIFICS_FILE)
        self.company_titles = _phrase_matcher(self.nlp, lexicon, COMPANY_TITLES_FILE)
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
        self.org_kinds = self.descriptors | lexicon.words(ORG_KINDS_FILE)
        self.org_words = self.org_kinds | lexicon.words(ORG_WORDS_FILE)

    def __call__(self, doc: Doc) -> Doc:
        # Agency tags come first so that filter_spans prefers them over the model's span of the same words.
        on = self.enabled
        spans = list(doc.ents)
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
        if "legal-suffix" in on:
            spans = self._join_legal_suffix(doc, spans)
        if "agency-tag" in on:
            spans = self._agency_tags(doc) + spans
        if "never-entity" in on:
            spans = [span for span in spans if self._may_be_entity(span)]
        doc.ents = filter_spans(spans)
        return doc

    def _is_title_as_written(self, title: Span) -> bool:
        """False for an all-capitals match of a title written otherwise ("DR" is no "Dr")."""
        return not (title.text.isupper() and len(title.text) > 1 and title.text not in self.upper_titles)

    def _org_after_kind(self, doc: Doc, span: Span) -> Span:
        """A name right after a lower-case kind of organisation is an ORG: "operator Vextor", "startup Zoradan"
        (an ORG span is marked too, so that its evidence counts in the label votes)."""
        kind = doc[span.start - 1] if span.start > 0 else None
        after_kind = kind is not None and kind.is_lower and kind.lower_ in self.org_kinds
        relabel = span.label_ in _NAME_OR_UNSURE_LABELS and span[0].text[:1].isupper()
        if not (after_kind and relabel):
            return span
        return Span(doc, span.start, span.end, label="ORG", span_id="org-after-kind")

    def _trim(self, doc: Doc, span: Span) -> Span | None:
        """Cut off what is no part of a name: an unclosed parenthesis, a PERSON's trailing words, sentence adverbs."""
        return self._trim_discourse_words(doc, _trim_person(doc, _cut_open_parenthesis(doc, span)))

    def _may_be_entity(self, span: Span) -> bool:
        """False for never-entities, spans without content, events taken for an ORG or PERSON
        ("Grammy Awards") and a bare number taken for a DATE ("57", an age; years stay)."""
        if span.text.casefold() in self.not_entities or not _has_content(span):
            return False
        if span.label_ in NAME_LABELS and span[-1].lower_ in self.event_words:
            return False
        return not (span.label_ == "DATE" and len(span) == 1 and span[0].like_num and not YEAR.fullmatch(span.text))

    def _split_titles(self, doc: Doc, spans: list[Span], titles: list[Span]) -> list[Span]:
        """Keep job titles out of names: "Kakao CEO Shina Chung" -> ORG "Kakao" + PERSON "Shina Chung".

        A title followed by a name is cut out of a PERSON or ORG span; at the start of an ORG
        span only an honorific is ("Mr Ebbers", but "General Motors" stays whole). After a
        title, capitalised words no entity covers become a PERSON ("Chairman Chey Tae-won").
        """
        if not titles:
            return spans
        result = []
        honorific_ends = {t.end for t in titles if t.text.casefold() in self.honorifics}
        for span in spans:
            inside_title = any(t.start <= span.start and span.end <= t.end for t in titles)
            if span.label_ in NAME_LABELS and inside_title and span.start not in honorific_ends:
                continue  # a title alone names nobody: "Duke", "Home" of "Home Secretary" (but "Mr Bishop")
            if span.label_ == "ORG" and span.start in honorific_ends:
                result.append(Span(doc, span.start, span.end, label="PERSON", span_id="person-after-title"))
                continue
            title = next((t for t in titles if span.start <= t.start and t.end <= span.end), None)
            if title is None or not self._title_splits(doc, span, title):
                result.append(span)
                continue
            if title.start > span.start:
                result.append(Span(doc, span.start, title.start, label="ORG", span_id="title-split"))
            if title.end < span.end and _is_name_token(doc[title.end], sentence_start_ok=True):
                result.append(Span(doc, title.end, span.end, label="PERSON", span_id="title-split"))
        taken = _token_set(result)
        title_starts = {t.start for t in titles}
        for title in titles:
            if title.end in title_starts:  # "Lord Chancellor": a title after a title names nobody
                continue
            name_end = _name_end(doc, title.end)
            if name_end > title.end and not taken.intersection(range(title.start, name_end)):
                result.append(Span(doc, title.end, name_end, label="PERSON", span_id="person-after-title"))
        return result

    def _title_splits(self, doc: Doc, span: Span, title: Span) -> bool:
        """Whether a name span splits at the title inside it: a name follows it ("Kakao CEO Shina Chung")."""
        splits = span.label_ in NAME_LABELS and title.end < span.end
        splits = splits and _is_name_token(doc[title.end], sentence_start_ok=True)
        if splits and span.label_ == "ORG" and title.start == span.start:
            splits = title.text.casefold() in self.honorifics
        return splits

    def _orgs_before_company_titles(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """Capitalised words right before a company title name the company: "Open AI CEO Sam Altman".

        At least one of them must be an acronym or no common English word ("Committee
        chairman" is no company).
        """
        taken = _token_set(spans)
        found = []
        for title in filter_spans(self.company_titles(doc, as_spans=True)):
            start = title.start
            while start > 0 and title.start - start < MAX_NAME_TOKENS and _is_org_token(doc[start - 1]):
                start -= 1
                if doc[start].is_sent_start:
                    break
            words = doc[start : title.start]
            named = any(token.is_upper or not is_english_word(token.lower_) for token in words)
            if (
                named
                and not taken.intersection(range(start, title.start))
                and words.text.casefold() not in self.not_entities
            ):
                found.append(Span(doc, start, title.start, label="ORG", span_id="org-before-title"))
        return found

    def _cut_org(self, doc: Doc, span: Span) -> Span:
        """Cut a trailing common noun, a descriptor or a possessive out of an ORG span.

        "Kakao Shares" -> "Kakao"; "Security Firm Acme" -> "Acme"; "Apple’s App Store" ->
        "Apple", unless what follows the possessive is a company suffix ("McDonald's Corp").
        """
        if span.label_ != "ORG" or len(span) < 2:
            return span
        last = doc[span.end - 1]
        named = any(t.is_upper or not is_english_word(t.lower_) for t in doc[span.start : span.end - 1])
        if last.lower_ in self.org_trailing_words and last.is_title and _is_org_token(doc[span.end - 2]) and named:
            return Span(doc, span.start, span.end - 1, label="ORG", span_id="org-trailing-noun")
        for index in range(span.start, span.end - 1):
            token = doc[index]
            if token.lower_ in self.descriptors and index > span.start and _is_org_token(doc[index + 1]):
                return Span(doc, index + 1, span.end, label="ORG", span_id="org-descriptor")
            if token.text in POSSESSIVES and index > span.start and not self._owns_name(doc, span, index):
                return Span(doc, span.start, index, label="ORG", span_id="org-possessive")
        return span

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

    def _people_before_roles(self, doc: Doc, spans: list[Span], titles: list[Span]) -> list[Span]:
        """A name followed by ", [a/the] <title> of/for/at ..." is a person: "Nam Seok, director of the commission".

        The title must be written in lower case, as roles in apposition are. The capitalised
        words before the comma become the PERSON span, replacing entity spans there that are
        not places, dates or numbers.
        """
        role_starts = {
            t.start
            for t in titles
            if t.text.islower()
            and t.end + 1 < len(doc)
            and doc[t.end].lower_ in _ROLE_LINKS
            and doc[t.end + 1].lower_ not in ("which", "whom")
        }
        if not role_starts:
            return spans
        for role_start in sorted(role_starts):
            comma = role_start - 1
            if comma > 0 and doc[comma].lower_ in ("the", "a", "an"):
                comma -= 1
            if comma < 1 or doc[comma].text != ",":
                continue
            start = comma
            while (
                start > 0 and comma - start < MAX_NAME_TOKENS and _is_name_token(doc[start - 1], sentence_start_ok=True)
            ):
                start -= 1
                if doc[start].is_sent_start:
                    break
            while start < comma and doc[start].lower_ in self.honorifics:
                start += 1
            overlapping = [span for span in spans if span.start < comma and start < span.end]
            if start == comma or any(span.label_ not in _NAME_OR_UNSURE_LABELS for span in overlapping):
                continue
            if [(span.start, span.end, span.label_) for span in overlapping] == [(start, comma, "PERSON")]:
                continue
            start = min([start] + [span.start for span in overlapping])
            spans = [span for span in spans if span not in overlapping]
            spans.append(Span(doc, start, comma, label="PERSON", span_id="person-before-role"))
        return spans

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
        text = doc.text  # built from the tokens at each access
        if "(" not in text:
            return tags
        for match in self.agency_tag.finditer(text):
            span = doc.char_span(match.start(1), match.end(1), label="ORG", span_id="agency-tag")
            if span is not None:
                tags.append(span)
        return tags


def _cut_open_parenthesis(doc: Doc, span: Span) -> Span:
    """End a name before a parenthesis it does not close: "Court of Arbitration for Sport (CAS" loses " (CAS"."""
    opening = next((token.i for token in span if token.text == "("), None)
    if span.label_ not in NAME_LABELS or opening is None or opening == span.start or ")" in span.text:
        return span
    return Span(doc, span.start, opening, label=span.label_, span_id="parenthesis-cut")


def _trim_person(doc: Doc, span: Span) -> Span:
    """End a PERSON span before its first word that is no part of a name: "Mira Okafor - daughter" -> "Mira Okafor".

    Lower-case name particles ("de", "van", "bin") and hyphens inside a name ("Okafor-Lund") stay.
    """
    if span.label_ != "PERSON":
        return span
    end = next((token.i for token in span[1:] if _ends_name(token)), span.end)
    if end == span.end:
        return span
    return Span(doc, span.start, end, label="PERSON", span_id="person-trim")


def _ends_name(token: Token) -> bool:
    if token.is_space:
        return True
    if token.text in POSSESSIVES:
        return False
    if token.is_lower:
        attached_by_hyphen = token.doc[token.i - 1].text == "-" and not token.doc[token.i - 1].whitespace_
        return not attached_by_hyphen and token.lower_ not in NAME_PARTICLES  # "Chung Ju-yung" stays whole
    if token.is_punct:
        return token.text not in NAME_PUNCTUATION or bool(token.doc[token.i - 1].whitespace_)
    return False


def _phrase_matcher(nlp: Language, lexicon: Lexicon, *names: str) -> PhraseMatcher:
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    for name in names:
        tokenizer: Any = nlp.tokenizer
        matcher.add(Path(name).stem, list(tokenizer.pipe(lexicon.entries(name))))
    return matcher


def _token_set(spans: list[Span]) -> set[int]:
    return {index for span in spans for index in range(span.start, span.end)}


def _name_end(doc: Doc, start: int) -> int:
    """End of a run of capitalised name tokens starting at `start` (equal to `start` if none)."""
    end = start
    while end < len(doc) and end - start < MAX_NAME_TOKENS and _is_name_token(doc[end]):
        end += 1
        if _is_joining_hyphen(doc, end):
            end += 2
    return end


def _is_joining_hyphen(doc: Doc, index: int) -> bool:
    """A hyphen with no space on either side joining two name parts ("Tae-won")."""
    return (
        index + 1 < len(doc)
        and doc[index].text == "-"
        and not doc[index - 1].whitespace_
        and not doc[index].whitespace_
        and doc[index + 1].is_alpha
    )


def _is_name_token(token: Token, sentence_start_ok: bool = False) -> bool:
    return token.is_title and token.is_alpha and not token.is_stop and (sentence_start_ok or not token.is_sent_start)


def _has_content(span: Span) -> bool:
    """A span with at least one word that is no stop word or punctuation; a capitalised stop word not
    starting its sentence counts ("May", the month or a company), as does a DATE's month name."""
    return any(
        not (token.is_punct or token.is_space)
        and (not token.is_stop or (token.is_title and (not token.is_sent_start or token.lower_ in MONTHS)))
        for token in span
    )


def _is_org_token(token: Token) -> bool:
    return (token.is_title or (token.is_upper and token.is_alpha)) and not token.is_stop
