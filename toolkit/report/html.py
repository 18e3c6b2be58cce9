"""The comparison as one self-contained HTML page: side by side, filterable, safe to open.

The page has no external assets (inline CSS and JS, system fonts), so it can be
mailed or archived. Every piece of input text goes through :func:`esc`; on top
of that a Content-Security-Policy allows only the page's own style and script by
hash, so even an escaping bug could not run a script smuggled into a document.
"""

from __future__ import annotations

import base64
import hashlib
import json
from html import escape
from importlib import resources
from typing import Any

from ..result import CandidateResult, Comparison, PairResult, Severity, Verdict, span_in_document
from ..checks.base import Reason
from .highlight import Side, pieces, reason_label, reason_span

MISSING_TEXT = {"source": "not in the source", "translation": "not in the translation"}


def esc(value: Any) -> str:
    """Escape text for element content and quoted attributes alike."""
    return escape(str(value), quote=True)


def render(result: Comparison) -> str:
    """The whole report as an HTML document."""
    style = asset("report.css")
    script = asset("report.js")
    title = f"driftcheck: {result.translation.path} vs {result.source.path}"
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{esc(content_security_policy(style, script))}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        f"<title>{esc(title)}</title>",
        f"<style>{style}</style>",
        "</head>",
        "<body>",
        top_bar(result),
        "<main>",
        overview(result),
        pairs_table(result),
        signature_section(result.signature),
        "</main>",
        f"<script>{script}</script>",
        "</body>",
        "</html>",
        "",
    ])


def asset(name: str) -> str:
    """A CSS or JS file shipped next to this module (package data)."""
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


def content_security_policy(style: str, script: str) -> str:
    """Nothing may load or run except the page's own inline style and script."""
    return (f"default-src 'none'; style-src '{sha256(style)}'; script-src '{sha256(script)}'; "
            "img-src 'none'; base-uri 'none'; form-action 'none'")


def sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def top_bar(result: Comparison) -> str:
    """Sticky title and verdict filters with counts."""
    counts = result.summary["verdicts"]
    filters = "".join(
        f'<label class="filter v-{v.value}"><input type="checkbox" checked data-verdict="{v.value}" '
        f'data-problem="{str(v.is_problem).lower()}"> {v.value} <span class="count">{counts[v.value]}</span></label>'
        for v in Verdict
    )
    total = len(result.pairs)
    return (
        '<header class="top">'
        f'<h1>driftcheck<span class="files">{esc(result.translation.path)} ({esc(result.translation.lang)}) '
        f'against {esc(result.source.path)} ({esc(result.source.lang)})</span></h1>'
        f'<div class="filters">{filters}'
        '<button type="button" data-preset="all">All</button>'
        '<button type="button" data-preset="problems">Problems only</button>'
        f'<span class="shown"><span id="shown-count">{total}</span> of {total} pairs shown</span>'
        "</div></header>"
    )


def overview(result: Comparison) -> str:
    """Documents and summary on the left, the candidates' ranking on the right."""
    summary = result.summary
    rows = [
        ("Translation", f"{result.translation.path} ({result.translation.lang}, "
                        f"{len(result.translation.segments)} segments)"),
        ("Source", f"{result.source.path} ({result.source.lang}, {len(result.source.segments)} segments)"),
        ("Pairs", str(summary["pairs"])),
        ("Problems", f"{summary['problems']} (drift {summary['verdicts']['drift']}, omission "
                     f"{summary['verdicts']['omission']}, addition {summary['verdicts']['addition']})"),
        ("Model", str(result.signature.get("model", "unknown"))),
    ]
    return (
        '<section class="overview">'
        f'<div class="card summary"><h2>Summary</h2>{definition_list(rows)}</div>'
        f'<div class="card"><h2>Candidate sources</h2>{candidate_table(result.candidates, result.source.path)}</div>'
        "</section>"
    )


def definition_list(rows: list[tuple[str, str]], css_class: str = "") -> str:
    items = "".join(f"<dt>{esc(key)}</dt><dd>{esc(value)}</dd>" for key, value in rows)
    return f'<dl class="{css_class}">{items}</dl>' if css_class else f"<dl>{items}</dl>"


def candidate_table(candidates: list[CandidateResult], chosen: str) -> str:
    rows = []
    for rank, candidate in enumerate(candidates, 1):
        is_chosen = candidate.path == chosen
        badge = '<span class="badge">chosen</span>' if is_chosen else ""
        coverage = max(0.0, min(1.0, candidate.coverage))
        rows.append(
            f'<tr class="{"chosen" if is_chosen else ""}"><td class="num">{rank}</td>'
            f'<td class="path">{esc(candidate.path)}{badge}</td><td>{esc(candidate.lang)}</td>'
            f"<td>{esc(candidate.relation)}</td>"
            f'<td><meter min="0" max="1" value="{coverage:.4f}"></meter>{candidate.coverage:.0%}</td>'
            f'<td class="num">{candidate.score:.3f}</td></tr>'
        )
    return ('<table class="candidates"><thead><tr><th>#</th><th>path</th><th>lang</th><th>relation</th>'
            f'<th>coverage</th><th>score</th></tr></thead><tbody>{"".join(rows)}</tbody></table>')


def pairs_table(result: Comparison) -> str:
    """One ``tbody.pair`` per pair, in alignment order, so a filter hides a pair and its reasons together."""
    head = (
        '<table class="pairs"><colgroup><col class="index"><col class="verdict"><col><col></colgroup>'
        "<thead><tr><th>#</th><th>verdict</th>"
        f'<th>Source · {esc(result.source.path)} <span class="lang">{esc(result.source.lang)}</span></th>'
        f'<th>Translation · {esc(result.translation.path)} '
        f'<span class="lang">{esc(result.translation.lang)}</span></th></tr></thead>'
    )
    body = "".join(pair_group(result, number, pair) for number, pair in enumerate(result.pairs, 1))
    return head + body + "</table>"


def pair_group(result: Comparison, number: int, pair: PairResult) -> str:
    verdict = pair.verdict.value
    anchor = f"pair-{number}"
    scores = f"sim {pair.similarity:.2f} · drift {pair.drift:.2f}"
    severity = "" if pair.severity == Severity.NONE else f'<span class="severity">{esc(pair.severity.value)}</span>'
    cells = (
        f'<td class="index"><a href="#{anchor}">{number}</a></td>'
        f'<td class="verdict"><span class="verdict-label">{verdict}</span>{severity}'
        f'<span class="scores">{scores}</span></td>'
        + text_cell(result, number, pair, "source")
        + text_cell(result, number, pair, "translation")
    )
    rows = f'<tr class="pair-row v-{verdict}">{cells}</tr>'
    if pair.reasons:
        items = "".join(reason_item(result, number, index, pair, reason) for index, reason in enumerate(pair.reasons))
        rows += f'<tr class="reasons"><td></td><td></td><td colspan="2"><ul class="reason-list">{items}</ul></td></tr>'
    return f'<tbody class="pair v-{verdict}" id="{anchor}" data-verdict="{verdict}">{rows}</tbody>'


def reason_id(number: int, index: int) -> str:
    return f"pair-{number}-reason-{index}"


def text_cell(result: Comparison, number: int, pair: PairResult, side: Side) -> str:
    """One side's text with its reason spans as non-overlapping ``<mark>`` elements."""
    document = result.source if side == "source" else result.translation
    indices = pair.source if side == "source" else pair.translation
    if not indices:
        return f'<td class="text missing">{MISSING_TEXT[side]}</td>'
    parts = []
    for piece in pieces(pair, side):
        if not piece.reasons:
            parts.append(esc(piece.text))
            continue
        explained = "\n".join(f"{reason_label(pair.reasons[i])}: {pair.reasons[i].message}" for i in piece.reasons)
        ids = " ".join(reason_id(number, i) for i in piece.reasons)
        overlap = " overlap" if len(piece.reasons) > 1 else ""
        parts.append(
            f'<mark class="drift-span{overlap}" tabindex="0" data-reasons="{ids}" data-reason="{esc(explained)}" '
            f'title="{esc(explained)}">{esc(piece.text)}</mark>'
        )
    return f'<td class="text" lang="{esc(document.lang)}">{"".join(parts)}</td>'


def reason_item(result: Comparison, number: int, index: int, pair: PairResult, reason: Reason) -> str:
    """A reason as an expandable detail: check, kind and where its spans are in each file."""
    details = [("check", reason.check), ("kind", reason.kind or "—")]
    for side in ("source", "translation"):
        where = span_location(result, pair, reason, side)
        if where:
            details.append((side, where))
    return (
        f'<li><details id="{reason_id(number, index)}"><summary><span class="kind">{esc(reason_label(reason))}</span>: '
        f"{esc(reason.message)}</summary>{definition_list(details, 'reason-detail')}</details></li>"
    )


def span_location(result: Comparison, pair: PairResult, reason: Reason, side: Side) -> str:
    """``“quoted text” at path:line:column``, or empty when the reason has no span on that side."""
    span = reason_span(reason, side)
    document = result.source if side == "source" else result.translation
    indices = pair.source if side == "source" else pair.translation
    text = pair.source_text if side == "source" else pair.translation_text
    if span is None or not indices:
        return ""
    start, end = max(0, span[0]), min(len(text), span[1])
    doc_start, _ = span_in_document(document.segments, indices, (start, end))
    line, column = document.locate(doc_start)
    return f"“{text[start:end]}” at {document.path}:{line}:{column}"


def signature_section(signature: dict[str, Any]) -> str:
    """Every key of the signature, so a reader can reproduce the result."""
    rows = [(key, value if isinstance(value, str) else json.dumps(value)) for key, value in signature.items()]
    return f'<section class="signature card"><h2>Reproducibility signature</h2>{definition_list(rows)}</section>'
