"""The user's own rules (`extract --rules FILE`): spaCy pattern files and TSV watch lists, as a spaCy component.

A file whose first line that is not blank or a `#` comment starts with `{` is a pattern file:
JSON lines in spaCy's EntityRuler format, `{"label": "ORG", "pattern": "Acme Holdings", "id":
"acme"}`, the pattern a phrase (matched as written) or a list of token patterns, plus corpusx's
optional `"canonical"` for a phrase. Any other file is a watch list: tab-separated rows of name,
label and canonical name (the canonical optional, else the name), an optional header row `name
label canonical`, `#` lines as comments; a name matches in any case, except a name written all
in capitals ("UK", "WHO"), which matches only so.

A match becomes a mention with source `user:<id>`: the pattern's id, else the file's stem.
Matches replace the model's and the rules' entities they overlap (the component runs last);
their canonical name is the rule's (a token pattern's matches get the usual canonical names).
The rules are data (`UserRules`, hashable and picklable), so they travel to every worker;
the component saves them with `nlp.to_disk`.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import orjson
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from corpusx.errors import CorpusxError, ModelError, printable
from corpusx.model.families import USER_RULES_COMPONENT as COMPONENT
from corpusx.types import ALL_LABELS, Mention

SOURCE_PREFIX = "user:"
RULES_FILE = "user_rules.jsonl"
_PATTERN_KEYS = frozenset({"label", "pattern", "id", "canonical"})
_HEADER = ("name", "label", "canonical")


class RulesError(CorpusxError):
    """A `--rules` file cannot be read or holds a bad rule; the message names the file and the problem."""


@dataclass(frozen=True, slots=True)
class UserRule:
    """One rule: a phrase or a token pattern (as JSON text) giving mentions of `label` with source `user:<id>`."""

    id: str
    label: str
    pattern: str
    canonical: str | None = None
    tokens: bool = False  # `pattern` is a JSON list of token patterns
    ignore_case: bool = False

    @property
    def source(self) -> str:
        """The `source` of the rule's mentions."""
        return SOURCE_PREFIX + self.id

    def to_record(self) -> dict[str, Any]:
        """The rule as a JSON object, read back by `UserRule(**record)`."""
        return {
            "id": self.id,
            "label": self.label,
            "pattern": self.pattern,
            "canonical": self.canonical,
            "tokens": self.tokens,
            "ignore_case": self.ignore_case,
        }


@dataclass(frozen=True, slots=True)
class UserRules:
    """The rules of every `--rules` file, in file order."""

    rules: tuple[UserRule, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.rules)

    @property
    def labels(self) -> frozenset[str]:
        """The labels the rules give."""
        return frozenset(rule.label for rule in self.rules)

    def digest(self) -> str:
        """SHA-256 of the rules: what tells a resume manifest made with other rules apart."""
        return hashlib.sha256(orjson.dumps([rule.to_record() for rule in self.rules])).hexdigest()

    def entries(self) -> list[tuple[str, str, str]]:
        """The (source, label, canonical) of each rule with a canonical name, once each, in file order."""
        found = ((rule.source, rule.label, rule.canonical) for rule in self.rules if rule.canonical is not None)
        return list(dict.fromkeys(found))

    def canonical(self, source: str, label: str, text: str) -> str | None:
        """The canonical name the rule that matched `text` gives, or None (a token pattern, or no user rule)."""
        return _canonicals(self).get((source, label, _match_key(text, False))) or _canonicals(self).get(
            (source, label, _match_key(text, True))
        )

    def named(self, mention: Mention) -> Mention:
        """`mention` with its user rule's canonical name, if a user rule with one matched it."""
        if not mention.source.startswith(SOURCE_PREFIX):
            return mention
        canonical = self.canonical(mention.source, mention.label, mention.text)
        return mention if canonical is None else replace(mention, canonical=canonical)


NO_RULES = UserRules()
_CANONICALS: dict[UserRules, dict[tuple[str, str, str], str]] = {}


def _canonicals(rules: UserRules) -> dict[tuple[str, str, str], str]:
    """(source, label, match key) -> canonical name of the phrase rules, built once per rule set."""
    if rules not in _CANONICALS:
        _CANONICALS[rules] = {
            (rule.source, rule.label, _match_key(rule.pattern, rule.ignore_case)): rule.canonical
            for rule in rules.rules
            if not rule.tokens and rule.canonical is not None
        }
    return _CANONICALS[rules]


def _match_key(text: str, ignore_case: bool) -> str:
    words = " ".join(text.split())
    return ("i:" + words.casefold()) if ignore_case else ("=" + words)


def read_rules(paths: Iterable[str | os.PathLike[str]]) -> UserRules:
    """The rules of every file, checked; a `RulesError` names the first bad file and line."""
    rules: list[UserRule] = []
    seen: dict[str, tuple[str, str, str]] = {}  # match key -> (label, canonical, where)
    for given in paths:
        path = Path(given)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            reason = error.strerror if isinstance(error, OSError) else "not UTF-8 text"
            raise RulesError(printable(f"{path}: can't read the rules file: {reason}")) from None
        lines = [(number, line) for number, line in enumerate(text.splitlines(), start=1) if _is_rule_line(line)]
        if not lines:
            raise RulesError(printable(f"{path}: no rules in the file"))
        parse = _pattern_rule if lines[0][1].lstrip().startswith("{") else _watch_rule
        for number, line in lines:
            try:
                rule = parse(line, path.stem)
            except ValueError as error:
                raise RulesError(printable(f"{path}:{number}: {error}")) from None
            if rule is None:
                continue
            if not rule.tokens:
                where = f"{path}:{number}"
                key = _match_key(rule.pattern, rule.ignore_case)
                label, canonical, first = seen.setdefault(key, (rule.label, str(rule.canonical), where))
                if (label, canonical) != (rule.label, str(rule.canonical)):
                    raise RulesError(
                        printable(f"{where}: {rule.pattern!r} is already a {label} named {canonical!r} at {first}")
                    )
            rules.append(rule)
    return UserRules(tuple(rules))


def _is_rule_line(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _pattern_rule(line: str, stem: str) -> UserRule:
    """One EntityRuler pattern line: {"label", "pattern", "id"?, "canonical"?}."""
    try:
        record = orjson.loads(line)
    except orjson.JSONDecodeError as error:
        raise ValueError(f"not a JSON object: {error}") from None
    if not isinstance(record, dict):
        raise ValueError("not a JSON object")
    if unknown := sorted(set(record) - _PATTERN_KEYS):
        raise ValueError(f"unknown key {', '.join(map(repr, unknown))}; a pattern has label, pattern, id, canonical")
    label = _label(record.get("label"))
    rule_id = record.get("id", stem)
    if not isinstance(rule_id, str) or not rule_id.strip():
        raise ValueError("id must be a non-empty string")
    pattern, canonical = record.get("pattern"), record.get("canonical")
    if canonical is not None and (not isinstance(canonical, str) or not canonical.strip()):
        raise ValueError("canonical must be a non-empty string")
    if isinstance(pattern, str) and pattern.strip():
        return UserRule(rule_id.strip(), label, pattern, canonical or pattern)
    if isinstance(pattern, list) and pattern:
        if canonical is not None:
            raise ValueError("canonical needs a phrase pattern (a string), not a token pattern")
        _check_token_pattern(pattern)
        return UserRule(rule_id.strip(), label, orjson.dumps(pattern).decode(), None, tokens=True)
    raise ValueError("pattern must be a phrase (a string) or a list of token patterns")


def _watch_rule(line: str, stem: str) -> UserRule | None:
    """One watch-list row: name, label, canonical (optional); None for the header row."""
    cells = [cell.strip() for cell in line.split("\t")]
    if tuple(cell.casefold() for cell in cells) in (_HEADER, _HEADER[:2]):
        return None
    if not 2 <= len(cells) <= 3:
        raise ValueError(f"{len(cells)} tab-separated column(s); a row is name, label and canonical (optional)")
    name, label = cells[0], _label(cells[1])
    if not name:
        raise ValueError("empty name")
    canonical = cells[2] if len(cells) == 3 and cells[2] else name
    return UserRule(stem, label, name, canonical, ignore_case=not _all_capitals(name))


def _label(value: Any) -> str:
    if not isinstance(value, str) or value.strip().upper() not in ALL_LABELS:
        raise ValueError(f"label {value!r} is not one of {','.join(ALL_LABELS)}")
    return value.strip().upper()


def _all_capitals(name: str) -> bool:
    letters = [character for character in name if character.isalpha()]
    return bool(letters) and all(character.isupper() for character in letters)


def _check_token_pattern(pattern: list[Any]) -> None:
    from spacy.errors import MatchPatternError
    from spacy.vocab import Vocab

    try:
        Matcher(Vocab(), validate=True).add("check", [pattern])
    except (MatchPatternError, ValueError, TypeError, KeyError) as error:
        message = " ".join(str(error).split())
        raise ValueError(f"bad token pattern: {message[:200]}") from None


@Language.factory(COMPONENT)
def make_user_rules(nlp: Language, name: str) -> UserRulesComponent:
    """Create an empty user-rules component; `add` gives it its rules."""
    return UserRulesComponent(nlp)


class UserRulesComponent:
    """Marks the matches of the user's rules as entities, over whatever the pipeline found there."""

    def __init__(self, nlp: Language) -> None:
        """A component with no rules yet."""
        self.nlp = nlp
        self.rules = NO_RULES
        self._build()

    def add(self, rules: UserRules) -> None:
        """Add `rules` after the component's own."""
        self.rules = UserRules(self.rules.rules + rules.rules)
        self._build()

    def _build(self) -> None:
        vocab = self.nlp.vocab
        self._exact = PhraseMatcher(vocab, attr="ORTH")
        self._folded = PhraseMatcher(vocab, attr="LOWER")
        self._tokens = Matcher(vocab)
        for number, rule in enumerate(self.rules.rules):
            key = str(number)
            if rule.tokens:
                self._tokens.add(key, [orjson.loads(rule.pattern)])
            elif rule.ignore_case:
                self._folded.add(key, [self.nlp.make_doc(rule.pattern)])
            else:
                self._exact.add(key, [self.nlp.make_doc(rule.pattern)])

    def __call__(self, doc: Doc) -> Doc:
        """The doc with the rules' matches as entities, replacing the entities they overlap."""
        if not self.rules:
            return doc
        found = []
        for matcher in (self._exact, self._folded, self._tokens):
            if not len(matcher):
                continue
            for match_id, start, end in matcher(doc):
                rule = self.rules.rules[int(self.nlp.vocab.strings[match_id])]
                found.append(Span(doc, start, end, label=rule.label, span_id=rule.source))
        if not found:
            return doc
        spans = filter_spans(found)
        taken = {index for span in spans for index in range(span.start, span.end)}
        kept = [ent for ent in doc.ents if not taken.intersection(range(ent.start, ent.end))]
        doc.ents = sorted(spans + kept, key=lambda span: span.start)
        return doc

    def to_disk(self, path: Path, *, exclude: Any = ()) -> None:
        """Save the rules with the pipeline."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        lines = b"".join(orjson.dumps(r.to_record(), option=orjson.OPT_APPEND_NEWLINE) for r in self.rules.rules)
        (path / RULES_FILE).write_bytes(lines)

    def from_disk(self, path: Path, *, exclude: Any = ()) -> UserRulesComponent:
        """Load the rules saved with the pipeline."""
        lines = (Path(path) / RULES_FILE).read_bytes().splitlines()
        self.rules = UserRules(tuple(UserRule(**orjson.loads(line)) for line in lines if line.strip()))
        self._build()
        return self


def add_user_rules(nlp: Language, rules: UserRules) -> None:
    """Add the user-rules component with `rules` at the end of `nlp` (a pipeline may have one)."""
    if COMPONENT in nlp.pipe_names:
        raise ModelError("the pipeline already has user rules; give the rules once")
    component: Any = nlp.add_pipe(COMPONENT, last=True)
    component.add(rules)


def pipeline_rules(nlp: Language) -> UserRules:
    """The user rules of `nlp`'s component, or none."""
    return nlp.get_pipe(COMPONENT).rules if COMPONENT in nlp.pipe_names else NO_RULES  # type: ignore[attr-defined]


@contextmanager
def rules_added(nlp: Language, rules: UserRules) -> Iterator[Language]:
    """`nlp` with `rules` added for the duration (a loaded pipeline the caller keeps using is left as it was)."""
    if not rules:
        yield nlp
        return
    add_user_rules(nlp, rules)
    try:
        yield nlp
    finally:
        nlp.remove_pipe(COMPONENT)
