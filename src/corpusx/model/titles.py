"""Span rules about titles and roles: a title is no part of a name, and it says what the names around it are."""

from __future__ import annotations

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from corpusx.model.component import token_set
from corpusx.model.tokens import is_name_token, is_org_token, name_end, name_start
from corpusx.text.segments import is_english_word
from corpusx.types import NAME_LABELS

_ROLE_LINKS = frozenset({"of", "for", "at", "in"})
#: Labels a person's name can wrongly get from the model.
NAME_OR_UNSURE_LABELS = frozenset({"PERSON", "ORG", "WORK_OF_ART", "PRODUCT", "FAC", "LAW", "EVENT"})


class TitleRules:
    """The title rules of `EntityRules`: "Vextor CEO Ana Ruiz", "Zorba Labs CEO Tom Blake", "Lena Park, director of ..."."""

    honorifics: frozenset[str]
    upper_titles: set[str]
    company_titles: PhraseMatcher
    not_entities: frozenset[str]

    def _is_title_as_written(self, title: Span) -> bool:
        """False for an all-capitals match of a title written otherwise ("DR" is no "Dr")."""
        return not (title.text.isupper() and len(title.text) > 1 and title.text not in self.upper_titles)

    def _split_titles(self, doc: Doc, spans: list[Span], titles: list[Span]) -> list[Span]:
        """Keep job titles out of names: "Vextor CEO Ana Ruiz" -> ORG "Vextor" + PERSON "Ana Ruiz".

        A title followed by a name is cut out of a PERSON or ORG span; at the start of an ORG
        span only an honorific is ("Mr Ebbers", but "General Vextor" stays whole). After a
        title, capitalised words no entity covers become a PERSON ("Chairman Rho Min-jun").
        """
        if not titles:
            return spans
        result = []
        honorific_ends = {t.end for t in titles if t.text.casefold() in self.honorifics}
        title_starts = {t.start for t in titles}
        title_tokens = token_set(titles)
        for span in spans:
            after_honorific = len(span) > 1 and doc[span.start].lower_ in self.honorifics
            only_titles = title_tokens.issuperset(range(span.start, span.end)) and not after_honorific
            if span.label_ in NAME_LABELS and only_titles and span.start not in honorific_ends:
                continue  # titles alone name nobody: "Duke", "Home" of "Home Secretary", "Princess Consort" (but "Mr Bishop")
            if span.label_ == "ORG" and span.start in honorific_ends:
                result.append(Span(doc, span.start, span.end, label="PERSON", span_id="person-after-title"))
                continue
            title = next((t for t in titles if span.start <= t.start and t.end <= span.end), None)
            if title is None or not self._title_splits(doc, span, title, title_starts):
                result.append(span)
                continue
            if title.start > span.start:
                result.append(Span(doc, span.start, title.start, label="ORG", span_id="title-split"))
            if title.end < span.end and is_name_token(doc[title.end], sentence_start_ok=True):
                result.append(Span(doc, title.end, span.end, label="PERSON", span_id="title-split"))
        taken = token_set(result)
        for title in titles:
            if title.end in title_starts:  # "Lord Chancellor": a title after a title names nobody
                continue
            end = name_end(doc, title.end)
            if end > title.end and not taken.intersection(range(title.start, end)):
                result.append(Span(doc, title.end, end, label="PERSON", span_id="person-after-title"))
        return result

    def _title_splits(self, doc: Doc, span: Span, title: Span, title_starts: set[int]) -> bool:
        """Whether a name span splits at the title inside it: a name follows it ("Vextor CEO Ana Ruiz"), not
        another title after one that is no honorific ("Princess Consort"; but "Mr Bishop")."""
        honorific = title.text.casefold() in self.honorifics
        splits = span.label_ in NAME_LABELS and title.end < span.end
        splits = splits and is_name_token(doc[title.end], sentence_start_ok=True)
        splits = splits and (honorific or title.end not in title_starts)
        if splits and span.label_ == "ORG" and title.start == span.start:
            splits = honorific
        return splits

    def _orgs_before_company_titles(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """Capitalised words right before a company title name the company: "Zorba Labs CEO Tom Blake".

        At least one of them must be an acronym or no common English word ("Committee
        chairman" is no company).
        """
        taken = token_set(spans)
        found = []
        for title in filter_spans(self.company_titles(doc, as_spans=True)):
            start = name_start(doc, title.start, is_org_token)
            words = doc[start : title.start]
            named = any(token.is_upper or not is_english_word(token.lower_) for token in words)
            if (
                named
                and not taken.intersection(range(start, title.start))
                and words.text.casefold() not in self.not_entities
            ):
                found.append(Span(doc, start, title.start, label="ORG", span_id="org-before-title"))
        return found

    def _people_before_roles(self, doc: Doc, spans: list[Span], titles: list[Span]) -> list[Span]:
        """A name followed by ", [a/the] <title> of/for/at ..." is a person: "Lena Park, director of the commission".

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
            start = name_start(doc, comma, lambda token: is_name_token(token, sentence_start_ok=True))
            while start < comma and doc[start].lower_ in self.honorifics:
                start += 1
            overlapping = [span for span in spans if span.start < comma and start < span.end]
            if start == comma or any(span.label_ not in NAME_OR_UNSURE_LABELS for span in overlapping):
                continue
            if [(span.start, span.end, span.label_) for span in overlapping] == [(start, comma, "PERSON")]:
                continue
            start = min([start] + [span.start for span in overlapping])
            spans = [span for span in spans if span not in overlapping]
            spans.append(Span(doc, start, comma, label="PERSON", span_id="person-before-role"))
        return spans
