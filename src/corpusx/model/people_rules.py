"""The person rules of `ContextRules`: what the words around a name say about whether it names a person
("striker Mira Okafor", "his daughter Mira", "Mira Okafor and Tovan Reyes", "Vextor manager Mira Okafor")."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from corpusx.model.component import applies_to
from corpusx.text.segments import is_english_word

#: Labels the model gives to names whose kind the text may say better.
RELABELLED = frozenset({"ORG", "PERSON", "GPE", "WORK_OF_ART", "PRODUCT", "FAC", "LAW", "EVENT"})
#: Words that join the names of a list ("Okafor, Reyes and Lund").
LIST_LINKS = frozenset({",", "and", "&"})
#: Labels the model gives to people it does not know.
_NOT_PERSON_LABELS = frozenset({"ORG", "GPE", "LOC", "PRODUCT", "WORK_OF_ART", "FAC", "NORP"})


class PersonRules:
    """The rules of `ContextRules` that tell people from the bodies and groups named around them."""

    roles: set[str]
    kin_words: frozenset[str]
    person_words: set[str]
    honorifics: frozenset[str]
    given_names: frozenset[str]
    org_words: frozenset[str]
    org_context: frozenset[str]

    def _is_person(self, doc: Doc, span: Span) -> bool:
        """A PERSON after an honorific ("Mr Okafor") or starting with a common given name ("Mira Okafor")."""
        after_honorific = span.start > 0 and doc[span.start - 1].lower_ in self.honorifics
        return span.label_ == "PERSON" and (after_honorific or span[0].lower_ in self.given_names)

    def _before_org_context(self, doc: Doc, end: int) -> bool:
        """True when the word at `end` is a lower-case organisation context word."""
        return end < len(doc) and doc[end].is_lower and doc[end].lower_ in self.org_context

    @applies_to(RELABELLED)
    def _person_after_role(self, doc: Doc, span: Span) -> Span:
        """An ORG of one to three capitalised words right after a lower-case role is a person: "striker Mira Okafor";
        so is any name right after a relative's word: "his daughter Mira"."""
        before = doc[span.start - 1] if span.start > 0 else None
        after_kin = before is not None and before.is_lower and before.lower_ in self.kin_words
        if (
            not (span.label_ == "ORG" or (after_kin and span.label_ in RELABELLED))
            or before is None
            or not before.is_lower
            or before.lower_ not in self.person_words
            or len(span) > 3
            or not all(token.is_title and token.is_alpha for token in span)
            or self._before_org_context(doc, span.end)
        ):
            return span
        return Span(doc, span.start, span.end, label="PERSON", span_id="person-after-role")

    @applies_to({"PERSON"})
    def _org_before_role(self, doc: Doc, span: Span) -> Span:
        """A one-word PERSON right before a lower-case role and a name is the body the role is in: "Vextor manager
        Mira Okafor" -> ORG "Vextor" (a person's name never stands before someone else's role); so is a PERSON of
        two words, and one before a role in capitals ("Vextor Dem MP Mira Okafor")."""
        if span.label_ != "PERSON" or span.id_ or len(span) > 2 or span.end + 1 >= len(doc):
            return span
        role, name = doc[span.end], doc[span.end + 1]
        written_as_role = role.is_lower or (role.is_upper and len(role) > 1)
        if not (written_as_role and role.lower_ in self.roles and name.is_title and name.is_alpha):
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

    @applies_to({"NORP"})
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
