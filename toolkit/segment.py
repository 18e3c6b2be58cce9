"""Sentence segmentation that keeps character offsets, line and column.

Line breaks are hard boundaries: a headline, a caption or a credit line without
final punctuation is a segment of its own, and no sentence spans a blank line.
Inside a line, pysbd splits sentences with the rules of the document's language
(English rules where pysbd has none for it).
"""

from __future__ import annotations

import threading

from .documents import Segment, line_starts, locate

MAX_SEGMENT_CHARS = 2000
"""Longer stretches without a sentence boundary are cut at white space near this length,
so one runaway line cannot make pysbd (or the model's 512-token window) the bottleneck."""


_per_thread = threading.local()


def _segmenter(lang: str):
    """This thread's pysbd segmenter for ``lang``.

    A pysbd ``Segmenter`` keeps the text it is segmenting on itself (``segment`` sets
    ``original_text`` and reads it back to find the sentences' spans), so threads
    (``check --jobs``) sharing one got sentences of each other's documents.
    """
    import pysbd
    from pysbd.languages import LANGUAGE_CODES

    segmenters = getattr(_per_thread, "segmenters", None)
    if segmenters is None:
        segmenters = _per_thread.segmenters = {}
    if lang not in segmenters:
        segmenters[lang] = pysbd.Segmenter(language=lang if lang in LANGUAGE_CODES else "en", clean=False)
    return segmenters[lang]


def _line_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every non-blank line, without surrounding white space."""
    spans = []
    offset = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            start = offset + (len(raw) - len(raw.lstrip()))
            spans.append((start, start + len(stripped)))
        offset += len(raw) + 1
    return spans


def _hard_wrap(start: int, end: int, text: str) -> list[tuple[int, int]]:
    """Cut an over-long span at white space so no piece exceeds MAX_SEGMENT_CHARS."""
    pieces = []
    while end - start > MAX_SEGMENT_CHARS:
        cut = text.rfind(" ", start + MAX_SEGMENT_CHARS // 2, start + MAX_SEGMENT_CHARS)
        if cut == -1:
            cut = start + MAX_SEGMENT_CHARS
        pieces.append((start, cut))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if start < end:
        pieces.append((start, end))
    return pieces


def _sentence_spans(text: str, start: int, end: int, lang: str) -> list[tuple[int, int]]:
    """Sentence spans inside one line, located in the text (pysbd's own offsets are unreliable)."""
    line = text[start:end]
    spans = []
    cursor = 0
    for sentence in _segmenter(lang).segment(line):
        piece = sentence.strip()
        if not piece:
            continue
        found = line.find(piece, cursor)
        if found == -1:  # pysbd altered the text; fall back to the rest of the line
            spans.append((start + cursor, end))
            return spans
        spans.append((start + found, start + found + len(piece)))
        cursor = found + len(piece)
    return spans


def segment_text(text: str, lang: str, presplit: bool = False) -> list[Segment]:
    """Split ``text`` into segments.

    Args:
        text: the decoded document text.
        lang: ISO 639-1 code, selects pysbd's rules.
        presplit: treat every non-blank line as exactly one segment (gold sets).
    """
    starts = line_starts(text)
    spans: list[tuple[int, int]] = []
    for line_start, line_end in _line_spans(text):
        if presplit:
            spans.append((line_start, line_end))
            continue
        for piece_start, piece_end in _hard_wrap(line_start, line_end, text):
            spans.extend(_sentence_spans(text, piece_start, piece_end, lang))
    segments = []
    for index, (s, e) in enumerate(spans):
        line, column = locate(starts, s)
        end_line, end_col = locate(starts, e - 1)
        segments.append(Segment(index, text[s:e], s, e, line, column, end_line, end_col + 1))
    return segments
