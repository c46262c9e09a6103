"""One article with its mentions marked inline: rich Text for a terminal, a displaCy HTML page."""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from rich.text import Text
from spacy import displacy

from corpusx.types import LABELS, Mention

STYLES = {
    "ORG": "bold cyan",
    "PERSON": "bold magenta",
    "DATE": "bold green",
    "MONEY": "bold yellow",
    "GPE": "bold blue",
    "LOC": "bold bright_blue",
    "NORP": "bold red",
}
COLORS = {
    "ORG": "#7aecec",
    "PERSON": "#aa9cfc",
    "DATE": "#bfe1d9",
    "MONEY": "#e4e7d2",
    "GPE": "#feca74",
    "LOC": "#ff9561",
    "NORP": "#c887fb",
}
VALUE_STYLE = "dim"


def format_value(value: Any) -> str | None:
    """A normalised value in a few characters: a DATE's ISO string, a MONEY amount or range with its currency,
    a place's country code."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and isinstance(value.get("country"), str):
        return value["country"]
    if isinstance(value, dict):
        currency = value.get("currency") or "?"
        if "amount" in value:
            return f"{currency} {_number(value['amount'])}"
        if "min" in value and "max" in value:
            return f"{currency} {_number(value['min'])}-{_number(value['max'])}"
    return None


def legend(labels: Sequence[str] = LABELS) -> Text:
    """One line naming each label in its style."""
    text = Text("labels: ")
    for label in labels:
        text.append(label, style=STYLES[label])
        text.append(" ")
    text.append("[normalised value]", style=VALUE_STYLE)
    return text


def highlight(text: str, mentions: Sequence[Mention], *, plain: bool = False) -> Text:
    """The text with each mention styled by label and its normalised value in brackets after it.

    With `plain`, mentions are also marked in the characters themselves, `[Vextor|ORG]`, for output
    without colour.
    """
    result = Text()
    position = 0
    for mention in _ordered(mentions):
        result.append(text[position : mention.start])
        value = format_value(mention.value)
        if plain:
            result.append(f"[{mention.text}|{mention.label}{'=' + value if value else ''}]")
        else:
            result.append(mention.text, style=STYLES.get(mention.label, "bold"))
            if value:
                result.append(f" [{value}]", style=VALUE_STYLE)
        position = mention.end
    result.append(text[position:])
    return result


def displacy_page(documents: Sequence[tuple[str, str, Sequence[Mention]]]) -> str:
    """A standalone HTML page (displaCy's entity view) of (title, text, mentions) documents; DATE and
    MONEY labels carry their normalised value.

    displaCy escapes the text but not titles or labels: those are escaped here, so no string
    from the data (an id, a file name, a label, a value) reaches the page as markup.
    """
    colors = dict(COLORS)
    parsed = []
    for title, text, mentions in documents:
        ents = []
        for mention in _ordered(mentions):
            value = format_value(mention.value)
            label = html.escape(f"{mention.label} = {value}" if value else mention.label)
            colors.setdefault(label, COLORS.get(mention.label, "#ddd"))
            ents.append({"start": mention.start, "end": mention.end, "label": label})
        parsed.append({"text": text, "ents": ents, "title": html.escape(title)})
    return displacy.render(parsed, style="ent", manual=True, page=True, options={"colors": colors})


def _ordered(mentions: Sequence[Mention]) -> list[Mention]:
    """Mentions by start offset, dropping any that overlap an earlier one."""
    kept: list[Mention] = []
    for mention in sorted(mentions, key=lambda m: (m.start, -m.end)):
        if not kept or mention.start >= kept[-1].end:
            kept.append(mention)
    return kept


def _number(amount: Any) -> str:
    if isinstance(amount, float) and amount.is_integer():
        amount = int(amount)
    return f"{amount:,}" if isinstance(amount, int | float) else str(amount)
