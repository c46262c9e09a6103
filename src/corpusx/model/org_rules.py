"""The organisation rules of `ContextRules`: names the model missed or took for a person that the words in
and around them say are organisations ("an analyst at Vextor Lund", "Zorba Labs", "Lundport Rovers",
"playing for Zorba", "Lundport boss")."""

from __future__ import annotations

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from corpusx.model.component import applies_to, lower_case_hits, token_set
from corpusx.model.people_rules import PersonRules
from corpusx.model.tokens import MAX_NAME_TOKENS, is_capitalised, name_start
from corpusx.text.segments import is_english_word

#: How many words may stand between an organisation role and the "at" or "of" before the name.
ROLE_GAP = 3
#: What joins a role to its organisation: "an analyst at Vextor", "the chairman of Zorba".
ROLE_LINKS = frozenset({"at", "of"})
#: Punctuation a role may be separated from its link by ("managing director, of Zorba").
ROLE_GAP_PUNCTUATION = frozenset({",", "-"})
#: Team phrases after which a person stands as often as a club ("the case against Okafor", "he joins Okafor").
PERSON_TEAM_PHRASES = frozenset({"against", "join", "joined", "joining", "joins"})


class OrgRules(PersonRules):
    """The rules of `ContextRules` that find organisations the model missed or called a person or a place."""

    org_roles: frozenset[str]
    club_words: frozenset[str]
    demonyms: frozenset[str]
    name_words: frozenset[str]
    team_before: set[str]
    nations: frozenset[str]
    places: frozenset[str]
    team_after_matcher: PhraseMatcher
    org_role_matcher: PhraseMatcher

    def _orgs_after_roles(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """The name right after a role in an organisation and "at" or "of" is the organisation: "vice president of
        sales at Zorba Lund", "managing director, of VX Okafor Amberly" (capitals right before a PERSON are part of
        it), a PERSON or words no entity covers, one at least no common English word (a person's name after "of"
        stays: "the manager of Mira Okafor")."""
        by_start = {span.start: span for span in spans}
        taken = token_set(spans)
        changed: dict[int, Span] = {}
        for role in lower_case_hits(self.org_role_matcher, doc):
            for link in doc[role.i + 1 : role.i + 2 + ROLE_GAP]:
                if link.is_punct and link.text not in ROLE_GAP_PUNCTUATION:
                    break
                if link.text in ROLE_LINKS and (found := self._org_after_link(doc, link, by_start, taken)):
                    changed[found.start] = found
                    break
        if not changed:
            return spans
        return [span for span in spans if span.start not in changed] + list(changed.values())

    def _org_after_link(self, doc: Doc, link: Token, by_start: dict[int, Span], taken: set[int]) -> Span | None:
        """The ORG named right after a role's "at" or "of", if the words there are an organisation's name."""
        start = end = link.i + 1
        while end < len(doc) and end not in taken and is_capitalised(doc[end]) and end - start < MAX_NAME_TOKENS:
            end += 1
        span = by_start.get(end)
        if span is not None and span.label_ == "PERSON" and not span.id_:
            if not (link.text == "of" and self._is_person(doc, span)):
                return Span(doc, start, span.end, label="ORG", span_id="org-after-role")
        elif end > start and end not in taken and any(not is_english_word(t.lower_) for t in doc[start:end]):
            return Span(doc, start, end, label="ORG", span_id="org-after-role")
        return None

    @applies_to({"ORG", "GPE", "PERSON"})
    def _org_by_last_word(self, doc: Doc, span: Span) -> Span:
        """A PERSON of two or more words ending in a capitalised word only an organisation's name ends in, or a PERSON
        or GPE ending in a club's word, is an ORG: "Zorba Labs", "Lundport Rovers" (not "the Lundish Union", a
        place); a club named by its town takes the club word after it: "Lundport" + "Rovers"."""
        nation = span.text.casefold().removeprefix("the ") in self.nations
        after = doc[span.end] if span.end < len(doc) else None
        club_after = after is not None and self._is_club_word(after) and bool(span[-1].whitespace_)
        if span.label_ in ("ORG", "GPE") and not nation and club_after:
            return Span(doc, span.start, span.end + 1, label="ORG", span_id="club-name")
        if span.label_ not in ("PERSON", "GPE") or span.id_ or len(span) < 2 or nation:
            return span
        last = span[-1]
        before = doc[span.start - 1].lower_ if span.start > 0 else ""
        after_honorific = before in self.honorifics or before in self.person_words  # "striker Lundport Rovers": unsure
        name_word = span.label_ == "PERSON" and last.is_title and last.lower_ in self.name_words
        if after_honorific or not (self._is_club_word(last) or name_word):
            return span
        return Span(doc, span.start, span.end, label="ORG", span_id="org-name-word")

    def _is_club_word(self, token: Token) -> bool:
        return (token.is_title or token.is_upper) and token.lower_ in self.club_words

    @applies_to({"PERSON"})
    def _club_after_team_phrase(self, doc: Doc, span: Span) -> Span:
        """A one-word PERSON right after a club's phrase is the club: "playing for Zorba", "after beating Lundport"
        (as weak evidence: the label votes keep a surname of a full name in the document a person's)."""
        if span.label_ != "PERSON" or span.id_ or " " in span.text or self._is_person(doc, span):
            return span
        before = {doc[start : span.start].text.casefold() for start in (span.start - 1, span.start - 2) if start >= 0}
        if not before & (self.team_before - PERSON_TEAM_PHRASES):
            return span
        return Span(doc, span.start, span.end, label="ORG", span_id="team-phrase")

    def _uncovered_clubs(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """Capitalised words no entity covers right before a club's word ("Zoradan boss") are the club when none of
        them is a common English word or a nationality, or the document tags the same words ORG elsewhere ("Harbour
        boss"; not "Legendary Norwegian coach")."""
        taken = token_set(spans)
        orgs = {span.text for span in spans if span.label_ == "ORG"}
        found = []
        for token in lower_case_hits(self.team_after_matcher, doc):
            start = name_start(doc, token.i, is_capitalised)
            name = doc[start : token.i]
            if not len(name) or taken.intersection(range(start, token.i)) or name.text.casefold() in self.places:
                continue
            if any(word.lower_ in self.demonyms for word in name):
                continue  # "Lundish coach Mira Okafor"
            if name.text in orgs or all(not is_english_word(word.lower_) for word in name):
                found.append(Span(doc, start, token.i, label="ORG", span_id="team-context"))
        return found
