"""spaCy component for rules that read the words around an entity: what kind of thing a name is,
as the text says it ("the film X", "X shares", "X boss"), places from a gazetteer, and DATE and
MONEY spans the model cut or mislabelled.

Like the other rule components, each rule records its name in the span's id.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from corpusx.lexicon import Lexicon
from corpusx.model.component import RuleComponent, lower_case_hits, token_set, word_matcher
from corpusx.model.families import CONTEXT_FAMILIES
from corpusx.model.places import place_names
from corpusx.model.tokens import name_start
from corpusx.text.segments import is_english_word
from corpusx.types import NAME_LABELS

WORK_KINDS_FILE = "work_kinds.txt"
ORG_CONTEXT_FILE = "org_context.txt"
TEAM_CONTEXT_FILE = "team_context.txt"
TITLES_FILE = "titles.txt"
ORG_SUFFIXES_FILE = "org_suffixes.txt"
ORG_KINDS_FILE = "org_kinds.txt"
ORG_WORDS_FILE = "org_words.txt"
COUNTRY_NAMES_FILE = "country_names.txt"
PRODUCT_KINDS_FILE = "product_kinds.txt"
#: Words that say whose a product is: "its", "their", a possessive "'s".
OWNER_WORDS = frozenset({"its", "their", "'s", "’s"})
#: Capitalised number words that end a channel's or a station's name ("Vextor One", "Radio Five").
CHANNEL_NUMBERS = frozenset({"One", "Two", "Three", "Four", "Five", "Six", "Seven"})
#: Labels the model gives to names whose kind the text may say better.
_RELABELLED = frozenset({"ORG", "PERSON", "GPE", "WORK_OF_ART", "PRODUCT", "FAC", "LAW", "EVENT"})
#: Lower-case words that make a following DATE relative ("this decade", "next spring").
#: Words that join the names of a list ("Okafor, Reyes and Lund").
LIST_LINKS = frozenset({",", "and", "&"})
#: Labels the model gives to people it does not know.
_NOT_PERSON_LABELS = frozenset({"ORG", "GPE", "LOC", "PRODUCT", "WORK_OF_ART", "FAC", "NORP"})
#: Verbs a singular name takes only when it names a body of people ("Lundport were", "Vextor have").
PLURAL_VERBS = frozenset({"are", "were", "have"})
#: Prepositions whose object is no subject of the verb after it.
OBJECT_PREPOSITIONS = frozenset(
    {"about", "after", "against", "at", "before", "behind", "between", "by", "for", "from", "in", "like", "of", "on"}
    | {"over", "than", "to", "under", "with", "without"}
)
PLACE_PREPOSITIONS = frozenset({"in", "from", "near", "across", "around", "throughout"})
IN_PLACE_PREPOSITIONS = PLACE_PREPOSITIONS - {"from"}
DATE_MODIFIERS = frozenset({"this", "last", "next", "early", "late", "mid"})
PERCENT_WORDS = frozenset({"%", "percent", "per cent", "pc"})
MAX_NAME_TOKENS = 4
DIGIT = re.compile(r"\d")
POSSESSIVE_MARKS = frozenset({"'s", "’s", "'", "’"})


#: A rule family's step: the entity spans of a doc before and after it.
Step = Callable[[Doc, list[Span]], list[Span]]


@Language.factory("corpusx_context_rules", default_config={"disabled": []})
def make_context_rules(nlp: Language, name: str, disabled: list[str]) -> ContextRules:
    """Create the context-rule component with the word lists shipped in `models/`, without the `disabled` families."""
    return ContextRules(nlp, Lexicon.default(), frozenset(disabled))


class ContextRules(RuleComponent):
    """Context rules applied after the span rules, in this order: works named after a kind of work
    ("the film Zorba Rising") are no ORG or PERSON; countries are no ORG or PERSON and places no
    PERSON; a name followed by a word only an organisation takes ("Vextor shares", "Rovers boss")
    is an ORG; an ORG right after a lower-case role ("striker Mira Okafor") or listed with a person is a PERSON; a DATE
    takes its relative modifier ("this decade"); a percentage or a title is no MONEY.
    """

    FILES = (
        WORK_KINDS_FILE,
        ORG_CONTEXT_FILE,
        TEAM_CONTEXT_FILE,
        TITLES_FILE,
        ORG_SUFFIXES_FILE,
        ORG_KINDS_FILE,
        ORG_WORDS_FILE,
        COUNTRY_NAMES_FILE,
        PRODUCT_KINDS_FILE,
    )
    FAMILIES = CONTEXT_FAMILIES

    def load(self, lexicon: Lexicon) -> None:
        """Build the word sets and matchers from the word lists."""
        super().load(lexicon)
        nlp = self.nlp
        self.work_kinds = lexicon.words(WORK_KINDS_FILE)
        self.product_kinds = [tuple(entry.split()) for entry in lexicon.words(PRODUCT_KINDS_FILE)]
        self.org_context = lexicon.words(ORG_CONTEXT_FILE)
        team = [entry.casefold().split(" ", 1) for entry in lexicon.entries(TEAM_CONTEXT_FILE)]
        self.team_after = {words for side, words in team if side == "after"}
        self.team_before = {words for side, words in team if side == "before"}
        self.roles = {word for word in lexicon.words(TITLES_FILE) if " " not in word}
        self.org_words = (
            lexicon.words(ORG_SUFFIXES_FILE) | lexicon.words(ORG_KINDS_FILE) | lexicon.words(ORG_WORDS_FILE)
        )
        nations, places = place_names()
        self.nations = nations | lexicon.words(COUNTRY_NAMES_FILE)
        self.places = places | self.nations
        # Matchers find the few context words of a text without a Python loop over its tokens.
        self.work_kind_matcher = word_matcher(nlp, self.work_kinds)
        self.org_context_matcher = word_matcher(nlp, self.org_context)
        #: Each family's step, in the order they run: a rule per span (None drops it), and spans found besides.
        self.steps: tuple[tuple[str, Step], ...] = (
            (
                "work-title",
                lambda doc, spans: _each(doc, spans, self._work_title) + self._untagged_work_titles(doc, spans),
            ),
            ("place", lambda doc, spans: _each(doc, spans, self._place, self._place_after_preposition)),
            ("product", lambda doc, spans: _each(doc, spans, self._product)),
            (
                "org-context",
                lambda doc, spans: _each(doc, spans, self._org_before_context) + self._uncovered_orgs(doc, spans),
            ),
            ("team-context", lambda doc, spans: _each(doc, spans, self._team)),
            ("plural-verb", lambda doc, spans: _each(doc, spans, self._body_before_plural_verb)),
            ("org-after-the", lambda doc, spans: _each(doc, spans, self._org_after_the)),
            ("org-number", lambda doc, spans: _each(doc, spans, self._org_with_number)),
            ("person-after-role", lambda doc, spans: _each(doc, spans, self._person_after_role, self._org_before_role)),
            ("person-in-list", self._people_in_lists),
            ("person-after-nationality", lambda doc, spans: _each(doc, spans, self._person_after_nationality)),
            ("date-modifier", lambda doc, spans: _each(doc, spans, self._date_with_modifier)),
            ("no-money", lambda doc, spans: _each(doc, spans, self._money)),
        )

    def __call__(self, doc: Doc) -> Doc:
        spans = list(doc.ents)
        for family, step in self.steps:
            if family in self.enabled:
                spans = step(doc, spans)
        doc.ents = filter_spans(spans)
        return doc

    def _work_title(self, doc: Doc, span: Span) -> Span:
        """A capitalised name right after a lower-case kind of work, or before "starring", is the title of a
        work: "the film Zorba Rising", "Zorba Rising, starring Mira Okafor"."""
        before = doc[span.start - 1] if span.start > 0 else None
        after = [token.lower_ for token in doc[span.end : span.end + 2] if token.text != ","][:1]
        named_kind = before is not None and before.is_lower and before.lower_ in self.work_kinds
        if (
            not (named_kind or after == ["starring"])
            or span.label_ not in _RELABELLED
            or not span[0].text[:1].isupper()
        ):
            return span
        return Span(doc, span.start, span.end, label="WORK_OF_ART", span_id="work-title")

    def _untagged_work_titles(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """Capitalised words no entity covers right after a lower-case kind of work are its title:
        "the movie The Zorba Affair" (so that the title's other mentions are no ORG or PERSON)."""
        taken = token_set(spans)
        found = []
        for token in lower_case_hits(self.work_kind_matcher, doc):
            if token.i + 1 in taken:
                continue
            end = token.i + 1
            while end < len(doc) and end - token.i <= MAX_NAME_TOKENS and doc[end].is_title and end not in taken:
                end += 1
            if end > token.i + 1 and not (end - token.i == 2 and doc[token.i + 1].is_stop):
                found.append(Span(doc, token.i + 1, end, label="WORK_OF_ART", span_id="work-title"))
        return found

    def _place(self, doc: Doc, span: Span) -> Span:
        """A country the model took for an ORG or PERSON is a GPE, and so is a region it took for a PERSON
        after "in", "from" or the like ("a man from Ontario"; a region can share a person's name)."""
        if span.id_ or span.label_ not in NAME_LABELS:
            return span
        text = span.text.casefold().removeprefix("the ")
        after_place_word = span.start > 0 and doc[span.start - 1].lower_ in PLACE_PREPOSITIONS
        if text in self.nations or (span.label_ == "PERSON" and after_place_word and text in self.places):
            return Span(doc, span.start, span.end, label="GPE", span_id="place")
        return span

    def _place_after_preposition(self, doc: Doc, span: Span) -> Span:
        """A GPE right after "in", "near" or the like is a place, as strong evidence: "a factory in Lundport"
        (not "from": a player comes from a club)."""
        before = doc[span.start - 1] if span.start > 0 else None
        if span.label_ != "GPE" or span.id_ or before is None or before.lower_ not in IN_PLACE_PREPOSITIONS:
            return span
        return Span(doc, span.start, span.end, label="GPE", span_id="place")

    def _product(self, doc: Doc, span: Span) -> Span:
        """A name between a possessive and a lower-case kind of product is a product: "its Zorba operating
        system", "Vextor's Lumo console"."""
        owner = doc[span.start - 1] if span.start > 0 else None
        if span.label_ not in _RELABELLED or owner is None or owner.lower_ not in OWNER_WORDS:
            return span
        after = tuple(token.lower_ for token in doc[span.end : span.end + 2])
        if not any(after[: len(kind)] == kind for kind in self.product_kinds):
            return span
        return Span(doc, span.start, span.end, label="PRODUCT", span_id="product")

    def _org_before_context(self, doc: Doc, span: Span) -> Span:
        """A name followed by a word only a company takes is an ORG: "Vextor shares" (an ORG span
        is marked too, so that its evidence counts in the label votes)."""
        if span.label_ not in _RELABELLED or not self._before_org_context(doc, span.end):
            return span
        if not span[0].text[:1].isupper() or span.text.casefold() in self.nations:
            return span
        return Span(doc, span.start, span.end, label="ORG", span_id="org-context")

    def _team(self, doc: Doc, span: Span) -> Span:
        """A place (no country or nation) named with a club's words is the club: "Lundport boss",
        "after beating Lundport" (an ORG span only with a word after it)."""
        if span.label_ not in ("GPE", "ORG") or span.id_ or span.text.casefold() in self.nations:
            return span
        after = doc[span.end].lower_ if span.end < len(doc) and doc[span.end].is_lower else ""
        before = {doc[start : span.start].text.casefold() for start in (span.start - 1, span.start - 2) if start >= 0}
        if after in self.team_after or (span.label_ == "GPE" and before & self.team_before):
            return Span(doc, span.start, span.end, label="ORG", span_id="team-context")
        return span

    def _body_before_plural_verb(self, doc: Doc, span: Span) -> Span:
        """A town or a single person's name that takes a plural verb names a body, as British English writes a
        club or a company: "Lundport were beaten", "Vextor have said" (not a list: "Okafor and Reyes are")."""
        if span.label_ not in ("GPE", "PERSON") or span.id_ or span.end >= len(doc):
            return span
        verb, before = doc[span.end], doc[span.start - 1] if span.start > 0 else None
        listed = (before is not None and before.lower_ in LIST_LINKS) or any(t.lower_ in LIST_LINKS for t in span)
        if before is not None and before.lower_ in OBJECT_PREPOSITIONS:
            return span  # "results under Okafor have been poor": the name is no subject
        if verb.text not in PLURAL_VERBS or listed or span.text.casefold().removeprefix("the ") in self.nations:
            return span
        return Span(doc, span.start, span.end, label="ORG", span_id="plural-verb")

    def _org_after_the(self, doc: Doc, span: Span) -> Span | None:
        """A PERSON right after "the" (lower case, or starting a sentence) is no person, unless it modifies a
        noun after it ("the Okafor campaign"): a plural or an acronym names a group ("the Okafors", "The Vextor
        Lions had", "the G7"), anything else is no name ("the Lundman", a demonym; "the Arena")."""
        before = doc[span.start - 1] if span.start > 0 else None
        after_the = before is not None and (before.text == "the" or (before.text == "The" and before.is_sent_start))
        if span.label_ != "PERSON" or span.id_ or not after_the:
            return span
        after = doc[span.end] if span.end < len(doc) else None
        if after is not None and after.is_lower and after.is_alpha and not after.is_stop:
            return span
        if not (span[-1].lower_.endswith("s") or any(token.is_upper for token in span)):
            return None
        return Span(doc, span.start, span.end, label="ORG", span_id="org-after-the")

    def _org_with_number(self, doc: Doc, span: Span) -> Span:
        """An ORG followed by a capitalised number word names a channel or a station: "Vextor Two"."""
        if span.label_ != "ORG" or span.end >= len(doc) or doc[span.end].text not in CHANNEL_NUMBERS:
            return span
        if not span[-1].whitespace_ or doc[span.end - 1].text in POSSESSIVE_MARKS:
            return span
        return Span(doc, span.start, span.end + 1, label="ORG", span_id="org-number")

    def _uncovered_orgs(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """Capitalised words no entity covers, right before an organisation's context word, at least one of
        them no common English word: "Zoradan boss" -> ORG "Zoradan"."""
        taken = token_set(spans)
        found = []
        for token in lower_case_hits(self.org_context_matcher, doc):
            if token.i in taken:
                continue
            start = name_start(doc, token.i, _is_capitalised)
            title = doc[start : token.i]
            if (
                len(title)
                and not taken.intersection(range(start, token.i))
                and any(not is_english_word(word.lower_) for word in title)
                and title.text.casefold() not in self.places
            ):
                found.append(Span(doc, start, token.i, label="ORG", span_id="org-context"))
        return found

    def _before_org_context(self, doc: Doc, end: int) -> bool:
        """True when the word at `end` is a lower-case organisation context word."""
        return end < len(doc) and doc[end].is_lower and doc[end].lower_ in self.org_context

    def _person_after_role(self, doc: Doc, span: Span) -> Span:
        """An ORG of one to three capitalised words right after a lower-case role is a person: "striker Mira Okafor"."""
        before = doc[span.start - 1] if span.start > 0 else None
        if (
            span.label_ != "ORG"
            or before is None
            or not before.is_lower
            or before.lower_ not in self.roles
            or len(span) > 3
            or not all(token.is_title and token.is_alpha for token in span)
            or self._before_org_context(doc, span.end)
        ):
            return span
        return Span(doc, span.start, span.end, label="PERSON", span_id="person-after-role")

    def _org_before_role(self, doc: Doc, span: Span) -> Span:
        """A one-word PERSON right before a lower-case role and a name is the body the role is in: "Vextor manager
        Mira Okafor" -> ORG "Vextor" (a person's name never stands before someone else's role)."""
        if span.label_ != "PERSON" or span.id_ or len(span) != 1 or span.end + 1 >= len(doc):
            return span
        role, name = doc[span.end], doc[span.end + 1]
        if not (role.is_lower and role.lower_ in self.roles and name.is_title and name.is_alpha):
            return span
        return Span(doc, span.start, span.end, label="ORG", span_id="org-before-role")

    def _people_in_lists(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """A name the model took for something else, listed with a person ("Mira Okafor and Tovan
        Reyes", "Okafor, Reyes"), is a person when its words look like a name (capitalised, one at
        least no common English word, none a company suffix or a kind of organisation)."""
        ends = {span.end for span in spans if span.label_ == "PERSON"}
        starts = {span.start for span in spans if span.label_ == "PERSON"}
        if not ends:
            return spans
        result = []
        for span in spans:
            linked_before = span.start > 1 and doc[span.start - 1].lower_ in LIST_LINKS and span.start - 1 in ends
            linked_after = span.end + 1 < len(doc) and doc[span.end].lower_ in LIST_LINKS and span.end + 1 in starts
            if (
                span.label_ in _NOT_PERSON_LABELS
                and not span.id_
                and (linked_before or linked_after)
                and len(span) <= 3
                and all(token.is_title and token.is_alpha for token in span)
                and any(not is_english_word(token.lower_) for token in span)
                and not any(token.lower_ in self.org_words for token in span)
            ):
                span = Span(doc, span.start, span.end, label="PERSON", span_id="person-in-list")
            result.append(span)
        return result

    def _person_after_nationality(self, doc: Doc, span: Span) -> Span:
        """A NORP of a nationality and a full name is the person: "Lundish Mira Okafor" -> PERSON "Mira Okafor"
        (two or three name words, one at least no common English word, none a kind of organisation)."""
        name = span[1:]
        if (
            span.label_ != "NORP"
            or not 2 <= len(name) <= 3
            or not span[0].is_title
            or not all(token.is_title and token.is_alpha for token in name)
            or all(is_english_word(token.lower_) for token in name)
            or any(token.lower_ in self.org_words for token in name)
        ):
            return span
        return Span(doc, name.start, name.end, label="PERSON", span_id="person-after-nationality")

    def _date_with_modifier(self, doc: Doc, span: Span) -> Span:
        """A DATE right after a relative modifier, lower-case or opening the sentence, takes it: "this decade",
        "next spring", "This year's results"."""
        before = doc[span.start - 1] if span.start > 0 else None
        if (
            span.label_ != "DATE"
            or before is None
            or not (before.is_lower or before.is_sent_start)
            or before.lower_ not in DATE_MODIFIERS
        ):
            return span
        return Span(doc, span.start - 1, span.end, label="DATE", span_id="date-modifier")

    def _money(self, doc: Doc, span: Span) -> Span | None:
        """None for a MONEY span that is a percentage ("5 per cent", "12%"), or capitalised words with no digit
        (a title: "Million Dollar Ride"); any other span as it is."""
        if span.label_ != "MONEY":
            return span
        if not DIGIT.search(span.text) and all(token.is_title for token in span if token.is_alpha):
            return None
        words = [token.lower_ for token in doc[span.start : min(span.end + 2, len(doc))]]
        percentage = any(word in PERCENT_WORDS for word in words) or "per cent" in " ".join(words)
        return None if percentage else span


def _each(doc: Doc, spans: list[Span], *rules: Callable[[Doc, Span], Span | None]) -> list[Span]:
    """Each span after `rules` in turn; a rule returning None drops the span."""
    result = []
    for span in spans:
        changed: Span | None = span
        for rule in rules:
            if changed is None:
                break
            changed = rule(doc, changed)
        if changed is not None:
            result.append(changed)
    return result


def _is_capitalised(token: Token) -> bool:
    return (token.is_title or (token.is_upper and len(token) > 1)) and token.is_alpha and not token.is_stop
