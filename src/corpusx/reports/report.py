"""The corpus report: one self-contained HTML page with the summary tables, timelines and the ORG/PERSON network.

Everything is inline (CSS in a <style> element, charts as inline SVG, no script), so the page opens
offline; every string from the data goes through `html.escape`.
"""

from __future__ import annotations

import math
from html import escape
from typing import Any

from corpusx.reports.render import table_title
from corpusx.reports.summary import UNDATED, Summary, summary_tables

LABEL_COLOURS = {"ORG": "#3b6fb6", "PERSON": "#c0504d", "DATE": "#4f9a55", "MONEY": "#b8860b"}
OTHER_COLOUR = "#777777"
CHART_WIDTH = 940
CHART_HEIGHT = 240
NETWORK_WIDTH = 940
NETWORK_HEIGHT = 600
STYLE = """
body { font: 14px/1.4 system-ui, sans-serif; margin: 2em auto; max-width: 980px; color: #222; }
h1 { font-size: 1.6em; } h2 { font-size: 1.2em; margin-top: 2em; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; margin: 0.5em 0 1em; }
th, td { padding: 2px 10px; border-bottom: 1px solid #eee; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
svg text { font: 11px system-ui, sans-serif; fill: #222; }
.legend span { display: inline-block; margin-right: 1em; }
.legend i { display: inline-block; width: 10px; height: 10px; margin-right: 4px; }
"""


def report_html(summary: Summary, *, title: str = "corpusx report") -> str:
    """The whole page for a summary (from `summarize`): tables, the two timelines and the network."""
    tables = summary_tables(summary)
    total = sum(summary.mentions_per_label.values())
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        f"<p>{summary.documents} documents, {total} mentions</p>",
        '<h2 id="timeline-dates">DATE mentions per month</h2>',
        bar_chart([(month, count) for month, count in summary.timeline], "DATE mentions per month of their value"),
        '<h2 id="timeline-articles">Articles per month of their date</h2>',
        bar_chart(
            [(month, documents) for month, documents, _ in summary.article_timeline],
            "documents per month of their article date",
        ),
        '<h2 id="network">ORG/PERSON co-occurrence network</h2>',
        network_svg(summary),
    ]
    for name, rows in tables.items():
        if rows:
            parts.append(f'<h2 id="table-{name}">{escape(table_title(summary, name))}</h2>')
            parts.append(html_table(rows))
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def html_table(rows: list[dict[str, Any]]) -> str:
    """Rows of dicts (same keys) as an HTML table; numbers right-aligned, null as "-"."""
    columns = list(rows[0])
    head = "".join(f"<th>{escape(column)}</th>" for column in columns)
    body = []
    for row in rows:
        cells = []
        for column in columns:
            value = row[column]
            numeric = isinstance(value, int | float) and not isinstance(value, bool)
            cells.append(f'<td class="n">{_number(value)}</td>' if numeric else f"<td>{_text(value)}</td>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def bar_chart(bars: list[tuple[str, int]], caption: str) -> str:
    """An inline SVG bar chart of (month, count), months in order and `undated` last in grey; a note if empty."""
    if not bars:
        return f"<p>No {escape(caption)}.</p>"
    most = max(count for _, count in bars) or 1
    left, bottom, top = 40, 60, 20
    slot = (CHART_WIDTH - left) / len(bars)
    width = max(1.0, min(40.0, slot * 0.8))
    plot = CHART_HEIGHT - bottom - top
    shapes = [
        f'<line x1="{left}" y1="{top + plot}" x2="{CHART_WIDTH}" y2="{top + plot}" stroke="#999"/>',
        f'<text x="{left - 6}" y="{top + 4}" text-anchor="end">{most}</text>',
        f'<text x="{left - 6}" y="{top + plot}" text-anchor="end">0</text>',
    ]
    every = max(1, math.ceil(len(bars) / 24))  # at most about 24 month labels under the bars
    for index, (month, count) in enumerate(bars):
        height = plot * count / most
        x = left + index * slot + (slot - width) / 2
        colour = "#bbbbbb" if month == UNDATED else "#3b6fb6"
        shapes.append(
            f'<rect x="{x:.1f}" y="{top + plot - height:.1f}" width="{width:.1f}" height="{height:.1f}" '
            f'fill="{colour}"><title>{escape(month)}: {count}</title></rect>'
        )
        if width >= 14:  # room for the count above the bar
            shapes.append(
                f'<text x="{x + width / 2:.1f}" y="{top + plot - height - 4:.1f}" text-anchor="middle">{count}</text>'
            )
        if index % every == 0 or month == UNDATED:
            label_x = x + width / 2
            shapes.append(
                f'<text x="{label_x:.1f}" y="{top + plot + 14}" text-anchor="end" '
                f'transform="rotate(-40 {label_x:.1f} {top + plot + 14})">{escape(month)}</text>'
            )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{CHART_WIDTH}" height="{CHART_HEIGHT}" '
        f'viewBox="0 0 {CHART_WIDTH} {CHART_HEIGHT}"><title>{escape(caption)}</title>{"".join(shapes)}</svg>'
    )


def network_layout(nodes: list[tuple[str, str]]) -> dict[tuple[str, str], tuple[float, float]]:
    """Node positions on a circle, in the order given (sorted by the caller), the same for the same nodes."""
    radius = NETWORK_HEIGHT / 2 - 40
    count = len(nodes)
    return {
        node: (
            NETWORK_WIDTH / 2 + radius * math.cos(2 * math.pi * index / count - math.pi / 2),
            NETWORK_HEIGHT / 2 + radius * math.sin(2 * math.pi * index / count - math.pi / 2),
        )
        for index, node in enumerate(nodes)
    }


def network_svg(summary: Summary) -> str:
    """The ORG/PERSON pairs as an inline SVG graph: nodes on a circle, edge width by shared sentences."""
    if not summary.pairs:
        return "<p>No ORG/PERSON pairs named in the same sentence.</p>"
    nodes = sorted({(p.label_a, p.name_a) for p in summary.pairs} | {(p.label_b, p.name_b) for p in summary.pairs})
    where = network_layout(nodes)
    most = max(p.sentences for p in summary.pairs)
    degree = dict.fromkeys(nodes, 0)
    shapes = []
    for pair in summary.pairs:
        a, b = (pair.label_a, pair.name_a), (pair.label_b, pair.name_b)
        degree[a] += pair.sentences
        degree[b] += pair.sentences
        (x1, y1), (x2, y2) = where[a], where[b]
        shapes.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="#888" stroke-opacity="0.6" '
            f'stroke-width="{1 + 5 * pair.sentences / most:.1f}"><title>{escape(pair.name_a)} – '
            f"{escape(pair.name_b)}: {pair.sentences} sentences</title></line>"
        )
    centre = NETWORK_WIDTH / 2
    for node in nodes:
        x, y = where[node]
        label, name = node
        radius = 4 + 8 * math.sqrt(degree[node] / max(degree.values()))
        anchor = "start" if x >= centre else "end"
        offset = radius + 4 if x >= centre else -radius - 4
        shapes.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius:.1f}" fill="{LABEL_COLOURS.get(label, OTHER_COLOUR)}">'
            f"<title>{escape(label)} {escape(name)}</title></circle>"
            f'<text x="{x + offset:.1f}" y="{y + 4:.1f}" text-anchor="{anchor}">{escape(name)}</text>'
        )
    legend = "".join(
        f'<span><i style="background:{LABEL_COLOURS[label]}"></i>{label}</span>' for label in ("ORG", "PERSON")
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{NETWORK_WIDTH}" height="{NETWORK_HEIGHT}" '
        f'viewBox="0 0 {NETWORK_WIDTH} {NETWORK_HEIGHT}"><title>ORG/PERSON co-occurrence network</title>'
        f'{"".join(shapes)}</svg><p class="legend">{legend}</p>'
    )


def _number(value: float) -> str:
    if isinstance(value, float):
        return f"{value:,.0f}" if value.is_integer() else f"{value:,.2f}"
    return f"{value:,}"


def _text(value: Any) -> str:
    return "-" if value is None else escape(str(value))
