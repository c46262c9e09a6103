"""spaCy component for rules that read the words around an entity: what kind of thing a name is,
as the text says it ("the film X", "X shares", "X boss"), places from a gazetteer, and DATE and
MONEY spans the model cut or mislabelled.

Like the other rule components, each rule records its name in the span's id.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.language import Language
from spacy.tokens import Doc, Span

from corpusx.lexicon import Lexicon
from corpusx.model.component import (
    RuleComponent,
    applies_to,
    lower_case_hits,
    set_entities,
    token_set,
    word_matcher,
)
from corpusx.model.families import CONTEXT_FAMILIES
from corpusx.model.kinds import KIND_CUES_FILE, KindCues
from corpusx.model.org_rules import OrgRules
from corpusx.model.people_rules import LIST_LINKS, RELABELLED
from corpusx.model.places import place_names
from corpusx.model.tokens import DIGIT, is_capitalised, name_start
from corpusx.text.segments import is_english_word
from corpusx.types import NAME_LABELS

WORK_KINDS_FILE = "work_kinds.txt"
ORG_CONTEXT_FILE = "org_context.txt"
TEAM_CONTEXT_FILE = "team_context.txt"
TITLES_FILE = "titles.txt"
ORG_SUFFIXES_FILE = "org_suffixes.txt"
ORG_KINDS_FILE = "org_kinds.txt"
ORG_DESCRIPTORS_FILE = "org_descriptors.txt"
ORG_WORDS_FILE = "org_words.txt"
COUNTRY_NAMES_FILE = "country_names.txt"
PRODUCT_KINDS_FILE = "product_kinds.txt"
KIN_WORDS_FILE = "kin_words.txt"
HONORIFICS_FILE = "honorifics.txt"
GIVEN_NAMES_FILE = "given_names.tsv"
ORG_ROLES_FILE = "org_roles.txt"
CLUB_WORDS_FILE = "club_words.txt"
DEMONYMS_FILE = "demonyms.tsv"
#: Words that say whose a product is: "its", "their", a possessive "'s".
OWNER_WORDS = frozenset({"its", "their", "'s", "’s"})
#: Capitalised number words that end a channel's or a station's name ("Vextor One", "Radio Five").
CHANNEL_NUMBERS = frozenset({"One", "Two", "Three", "Four", "Five", "Six", "Seven"})
#: Verbs a singular name takes only when it names a body of people ("Lundport were", "Vextor have").
PLURAL_VERBS = frozenset({"are", "were", "have"})
#: Prepositions whose object is no subject of the verb after it.
OBJECT_PREPOSITIONS = frozenset(
    {"about", "after", "against", "at", "before", "behind", "between", "by", "for", "from", "in", "like", "of", "on"}
    | {"over", "than", "to", "under", "with", "without"}
)
PLACE_PREPOSITIONS = frozenset({"in", "from", "near", "across", "around", "throughout"})
IN_PLACE_PREPOSITIONS = PLACE_PREPOSITIONS - {"from"}
#: Lower-case words that make a following DATE relative ("this decade", "next spring").
DATE_MODIFIERS = frozenset({"this", "last", "next", "early", "late", "mid"})
PERCENT_WORDS = frozenset({"%", "percent", "per cent", "pc"})
MAX_NAME_TOKENS = 4
POSSESSIVE_MARKS = frozenset({"'s", "’s", "'", "’"})
#: What opens an apposition after a name ("Vextor, a software firm"), its articles, and words that may follow its head.
APPOSITION_MARKS = frozenset({",", "-", "–", "—"})
ARTICLES = frozenset({"a", "an", "the"})
APPOSITION_ENDS = frozenset({"that", "which", "whose", "based", "in", "with", "and", "owned", "founded", "run"})
APPOSITION_WORDS = 6


#: A rule family's step: the entity spans of a doc before and after it.
Step = Callable[[Doc, list[Span]], list[Span]]


@Language.factory("corpusx_context_rules", default_config={"disabled": []})
def make_context_rules(nlp: Language, name: str, disabled: list[str]) -> ContextRules:
    """Create the context-rule component with the word lists shipped in `models/`, without the `disabled` families."""
    return ContextRules(nlp, Lexicon.default(), frozenset(disabled))


class ContextRules(OrgRules, RuleComponent):
    """Context rules applied after the span rules, in this order: works named after a kind of work
    ("the film Zorba Rising") are no ORG or PERSON; countries are no ORG or PERSON and places no
    PERSON; nor is a name with a kind noun after it or a place cue before it ("the Zorba index",
    "based in Lundport"); a name followed by a word only an organisation takes ("Vextor shares", "Rovers boss")
    is an ORG, and so are clubs and companies named in other ways (`OrgRules`: "playing for Zorba", "Zorba Labs", "an
    analyst at Zorba"); an ORG right after a lower-case role ("striker Mira Okafor") or listed with a person is a PERSON; a DATE
    takes its relative modifier ("this decade"); a percentage or a title is no MONEY.
    """

    FILES = (
        WORK_KINDS_FILE,
        ORG_CONTEXT_FILE,
        TEAM_CONTEXT_FILE,
        TITLES_FILE,
        ORG_SUFFIXES_FILE,
        ORG_KINDS_FILE,
        ORG_DESCRIPTORS_FILE,
        ORG_WORDS_FILE,
        COUNTRY_NAMES_FILE,
        PRODUCT_KINDS_FILE,
        KIN_WORDS_FILE,
        HONORIFICS_FILE,
        GIVEN_NAMES_FILE,
        KIND_CUES_FILE,
        ORG_ROLES_FILE,
        CLUB_WORDS_FILE,
        DEMONYMS_FILE,
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
        self.kin_words = lexicon.words(KIN_WORDS_FILE)
        self.person_words = self.roles | self.kin_words
        self.honorifics = lexicon.words(HONORIFICS_FILE)
        self.given_names = frozenset(name.casefold() for name, _ in lexicon.rows(GIVEN_NAMES_FILE))
        self.org_words = (
            lexicon.words(ORG_SUFFIXES_FILE) | lexicon.words(ORG_KINDS_FILE) | lexicon.words(ORG_WORDS_FILE)
        )
        self.org_kinds = lexicon.words(ORG_KINDS_FILE) | lexicon.words(ORG_DESCRIPTORS_FILE)
        self.kind_cues = KindCues(lexicon, self.org_words)
        self.name_words = lexicon.words(ORG_SUFFIXES_FILE) | lexicon.words(ORG_WORDS_FILE)
        self.org_roles = lexicon.words(ORG_ROLES_FILE)
        self.club_words = lexicon.words(CLUB_WORDS_FILE)
        self.demonyms = frozenset(word.casefold() for word, _ in lexicon.rows(DEMONYMS_FILE))
        nations, places = place_names()
        self.nations = nations | lexicon.words(COUNTRY_NAMES_FILE)
        self.places = places | self.nations
        # Matchers find the few context words of a text without a Python loop over its tokens.
        self.work_kind_matcher = word_matcher(nlp, self.work_kinds)
        self.org_context_matcher = word_matcher(nlp, self.org_context)
        self.team_after_matcher = word_matcher(nlp, self.team_after)
        self.org_role_matcher = word_matcher(nlp, self.org_roles)
        #: Each family's step, in the order they run: a rule per span (None drops it), and spans found besides.
        self.steps: tuple[tuple[str, Step], ...] = (
            (
                "work-title",
                lambda doc, spans: _each(doc, spans, self._work_title) + self._untagged_work_titles(doc, spans),
            ),
            ("place", lambda doc, spans: _each(doc, spans, self._place, self._place_after_preposition)),
            ("product", lambda doc, spans: _each(doc, spans, self._product)),
            ("kind-cue", lambda doc, spans: _each(doc, spans, self.kind_cues.relabel)),
            (
                "org-context",
                lambda doc, spans: (
                    _each(doc, spans, self._org_before_context, self._org_before_apposition, self._thing_before_which)
                    + self._uncovered_orgs(doc, spans)
                ),
            ),
            ("team-context", lambda doc, spans: _each(doc, spans, self._team) + self._uncovered_clubs(doc, spans)),
            ("club-phrase", lambda doc, spans: _each(doc, spans, self._club_after_team_phrase)),
            ("org-name-word", lambda doc, spans: _each(doc, spans, self._org_by_last_word)),
            ("org-after-role", self._orgs_after_roles),
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
        entities = doc.ents
        spans = list(entities)
        for family, step in self.steps:
            if family in self.enabled:
                spans = step(doc, spans)
        set_entities(doc, entities, spans)
        return doc

    @applies_to(RELABELLED)
    def _work_title(self, doc: Doc, span: Span) -> Span:
        """A capitalised name right after a lower-case kind of work, or before "starring", is the title of a
        work: "the film Zorba Rising", "Zorba Rising, starring Mira Okafor"."""
        before = doc[span.start - 1] if span.start > 0 else None
        after = [token.lower_ for token in doc[span.end : span.end + 2] if token.text != ","][:1]
        named_kind = before is not None and before.is_lower and before.lower_ in self.work_kinds
        if not (named_kind or after == ["starring"]) or span.label_ not in RELABELLED or not span[0].text[:1].isupper():
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

    @applies_to(NAME_LABELS)
    def _place(self, doc: Doc, span: Span) -> Span:
        """A country the model took for an ORG or PERSON (with a possessive too) is a GPE, and so is a region it took for a PERSON
        after "in", "from" or the like ("a man from Ontario"; a region can share a person's name)."""
        if span.id_ or span.label_ not in NAME_LABELS:
            return span
        owner = len(span) > 1 and span[-1].text in POSSESSIVE_MARKS  # "DR Lundia's"
        text = (span[:-1] if owner else span).text.casefold().removeprefix("the ")
        after_place_word = span.start > 0 and doc[span.start - 1].lower_ in PLACE_PREPOSITIONS
        if text in self.nations or (span.label_ == "PERSON" and after_place_word and text in self.places):
            return Span(doc, span.start, span.end, label="GPE", span_id="place")
        return span

    @applies_to({"GPE"})
    def _place_after_preposition(self, doc: Doc, span: Span) -> Span:
        """A GPE right after "in", "near" or the like is a place, as strong evidence: "a factory in Lundport"
        (not "from": a player comes from a club)."""
        before = doc[span.start - 1] if span.start > 0 else None
        if span.label_ != "GPE" or span.id_ or before is None or before.lower_ not in IN_PLACE_PREPOSITIONS:
            return span
        return Span(doc, span.start, span.end, label="GPE", span_id="place")

    @applies_to(RELABELLED)
    def _product(self, doc: Doc, span: Span) -> Span:
        """A name between a possessive and a lower-case kind of product is a product: "its Zorba operating
        system", "Vextor's Lumo console"."""
        owner = doc[span.start - 1] if span.start > 0 else None
        if span.label_ not in RELABELLED or owner is None or owner.lower_ not in OWNER_WORDS:
            return span
        after = tuple(token.lower_ for token in doc[span.end : span.end + 2])
        if not any(after[: len(kind)] == kind for kind in self.product_kinds):
            return span
        return Span(doc, span.start, span.end, label="PRODUCT", span_id="product")

    @applies_to(RELABELLED)
    def _org_before_context(self, doc: Doc, span: Span) -> Span:
        """A name followed by a word only a company takes is an ORG: "Vextor shares" (an ORG span
        is marked too, so that its evidence counts in the label votes)."""
        if span.label_ not in RELABELLED or not self._before_org_context(doc, span.end):
            return span
        owner = doc[span.start - 1].lower_ if span.start > 0 else ""
        if not span[0].text[:1].isupper() or span.text.casefold() in self.places or owner in OWNER_WORDS:
            return span  # "Tokyo shares": a market; "its Lundport headquarters": a place
        return Span(doc, span.start, span.end, label="ORG", span_id="org-context")

    @applies_to(RELABELLED)
    def _org_before_apposition(self, doc: Doc, span: Span) -> Span:
        """A name followed by an apposition that ends in a kind of organisation is an ORG: "Vextor, a software
        firm,", "Zorba - the Lundish bank that", "Vextor, one of Lundia's biggest brewers." (up to five words
        between the article and the kind word, no punctuation but a possessive)."""
        if span.label_ not in RELABELLED or span.id_ or not span[0].text[:1].isupper() or self._is_person(doc, span):
            return span
        index = span.end + 1
        if span.end >= len(doc) or doc[span.end].text not in APPOSITION_MARKS or index >= len(doc):
            return span
        plural = doc[index].lower_ == "one" and index + 1 < len(doc) and doc[index + 1].lower_ == "of"
        index += 2 if plural else 0
        if index < len(doc) and doc[index].lower_ in ARTICLES:
            index += 1
        elif not plural:
            return span
        for token in doc[index : index + APPOSITION_WORDS]:
            after = doc[token.i + 1] if token.i + 1 < len(doc) else None
            if token.is_lower and _singular(token.lower_, plural) in self.org_kinds:
                if after is None or after.is_punct or after.lower_ in APPOSITION_ENDS:
                    return Span(doc, span.start, span.end, label="ORG", span_id="org-context")
                return span
            if not (token.is_alpha or token.text in POSSESSIVE_MARKS):
                return span
        return span

    @applies_to({"PERSON"})
    def _thing_before_which(self, doc: Doc, span: Span) -> Span:
        """A PERSON followed by ", which" is no person (people take "who"): most likely a company, "Vextor, which
        makes..." -> ORG, as weak evidence the label votes can overrule."""
        if span.label_ != "PERSON" or span.id_ or span.end + 1 >= len(doc):
            return span
        if doc[span.end].text != "," or doc[span.end + 1].lower_ != "which":
            return span
        return Span(doc, span.start, span.end, label="ORG", span_id="org-before-which")

    @applies_to({"GPE", "ORG"})
    def _team(self, doc: Doc, span: Span) -> Span:
        """A place (no country or nation) named with a club's words is the club: "Lundport boss",
        "after beating Lundport" (an ORG span only with a word after it)."""
        if span.label_ not in ("GPE", "ORG") or span.id_ or span.text.casefold().removeprefix("the ") in self.nations:
            return span
        after = doc[span.end].lower_ if span.end < len(doc) and doc[span.end].is_lower else ""
        before = {doc[start : span.start].text.casefold() for start in (span.start - 1, span.start - 2) if start >= 0}
        if after in self.team_after or (span.label_ == "GPE" and before & self.team_before):
            return Span(doc, span.start, span.end, label="ORG", span_id="team-context")
        return span

    @applies_to({"GPE", "PERSON"})
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

    @applies_to({"PERSON"})
    def _org_after_the(self, doc: Doc, span: Span) -> Span | None:
        """A PERSON right after "the" (lower case, or starting a sentence) is no person, unless it modifies a
        noun after it ("the Okafor campaign"): a plural or an acronym names a group ("the Okafors", "The Vextor
        Lions had", "the G7"), anything else is no name ("the Lundman", a demonym; "the Arena")."""
        if span.label_ == "PERSON" and len(span) > 1 and span[0].lower_ == "the" and span[1].text[:1].isupper():
            span = Span(doc, span.start + 1, span.end, label="PERSON")  # the model's span "the Vextor Dems"
        before = doc[span.start - 1] if span.start > 0 else None
        after_the = before is not None and (before.text == "the" or (before.text == "The" and before.is_sent_start))
        if span.label_ != "PERSON" or span.id_ or not after_the:
            return span
        after = doc[span.end] if span.end < len(doc) else None
        plural_name = len(span) > 1 and span[-1].lower_.endswith("s")  # "The Vextor Dems plan": no modifier
        if after is not None and after.is_lower and after.is_alpha and not after.is_stop and not plural_name:
            return span
        if not (span[-1].lower_.endswith("s") or any(token.is_upper for token in span)):
            return None
        return Span(doc, span.start, span.end, label="ORG", span_id="org-after-the")

    @applies_to({"ORG"})
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
            start = name_start(doc, token.i, is_capitalised)
            title = doc[start : token.i]
            if (
                len(title)
                and not taken.intersection(range(start, token.i))
                and any(not is_english_word(word.lower_) for word in title)
                and title.text.casefold() not in self.places
            ):
                found.append(Span(doc, start, token.i, label="ORG", span_id="org-context"))
        return found

    @applies_to({"DATE"})
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

    @applies_to({"MONEY"})
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
    """Each span after `rules` in turn, each rule called only for the labels it `applies_to`; None drops the span."""
    gated = [(rule, getattr(rule, "labels", None)) for rule in rules]
    result = []
    for span in spans:
        changed: Span | None = span
        for rule, labels in gated:
            if changed is None:
                break
            if labels is None or changed.label_ in labels:
                changed = rule(doc, changed)
        if changed is not None:
            result.append(changed)
    return result


def _singular(word: str, plural: bool) -> str:
    """The singular of a plural noun ("firms", "companies") when `plural`, else the word."""
    if not plural:
        return word
    return word[:-3] + "y" if word.endswith("ies") else word.removesuffix("s")
