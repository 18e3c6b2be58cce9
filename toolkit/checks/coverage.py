"""Coverage check: words of one side that nothing on the other side accounts for.

A dropped clause barely moves the sentence similarity, but it leaves a run of
source words with no counterpart. Following SimAlign's idea, contextual token
vectors of both sides are compared, tokens are grouped into words, and a word is
aligned when it is the mutual best match of a word on the other side (repeated
a few rounds on the words still unaligned, "itermax"), or simply very similar to
one. Content words (not stopwords, at least three letters) left unaligned are
reported as runs: on the source side an omission, on the translation side an
addition. Two soft features need no alignment decision: the mean best-match
similarity of the content words, and the weakest window of ``WINDOW`` consecutive
words (a dropped "but this is pure fantasy" is all stopwords but two).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import numpy as np

from ..embed.base import TokenEmbeddings
from . import register
from ._lexicon import STOPWORDS, Word, words
from .base import CheckResult, PairContext, Reason, Span

# Rounds of mutual-argmax alignment on the words left over (SimAlign's itermax).
ITERATIONS = 3
# A mutual best match below this cosine is chance (leftover words paired up), not an alignment.
# Faithful REFreSD pairs: 5 % of first-round mutual matches fall below 0.65.
MIN_MATCH_SIMILARITY = 0.55
# A word whose best cosine to any word on the other side reaches this is covered
# even without a mutual match (repeated words, split compounds).
COVERED_SIMILARITY = 0.86
# Report a run of at least this many unaligned content words.
REPORT_RUN = 3
# Words per window of the soft coverage feature: a dropped clause ("but this is pure fantasy")
# is a stretch of words whose best matches are all weak, even where none is a content word run.
WINDOW = 4
MIN_CONTENT_LETTERS = 3


@dataclass(frozen=True)
class _SideWords:
    """One side's words, their pooled token vectors and which of them carry content."""

    words: list[Word]
    vectors: np.ndarray
    content: np.ndarray


def _is_content(word: Word, stopwords: frozenset[str]) -> bool:
    letters = sum(ch.isalpha() for ch in word.text)
    return letters >= MIN_CONTENT_LETTERS and word.lower not in stopwords


def _side_words(text: str, lang: str, tokens: TokenEmbeddings) -> _SideWords:
    """Pool each word's subword vectors (tokens overlapping the word's span) into one unit vector."""
    found = words(text)
    spans = np.asarray(tokens.spans, dtype=np.int64).reshape(-1, 2)
    vectors = np.asarray(tokens.vectors, dtype=np.float32)
    kept, pooled = [], []
    for word in found:
        inside = (spans[:, 0] < word.end) & (spans[:, 1] > word.start)
        if not inside.any():
            continue
        vector = vectors[inside].mean(axis=0)
        pooled.append(vector / (np.linalg.norm(vector) + 1e-12))
        kept.append(word)
    stopwords = STOPWORDS.get(lang, frozenset())
    content = np.array([_is_content(w, stopwords) for w in kept], dtype=bool)
    matrix = np.stack(pooled) if pooled else np.zeros((0, vectors.shape[1] if vectors.ndim == 2 else 0), np.float32)
    return _SideWords(kept, matrix, content)


@dataclass(frozen=True)
class WordAlignment:
    """Both sides' words, their cosines and which of them are aligned (see :func:`align_words`)."""

    source: _SideWords
    translation: _SideWords
    similarity: np.ndarray
    source_aligned: np.ndarray
    translation_aligned: np.ndarray

    def unaligned_near(self, on_source: bool, span: Span, reach: int) -> int:
        """Content words within ``reach`` words of the words at ``span`` (those aside) left unaligned."""
        side, aligned = (self.source, self.source_aligned) if on_source else (self.translation,
                                                                              self.translation_aligned)
        if not side.words:
            return 0
        inside = [k for k, word in enumerate(side.words) if word.start < span[1] and word.end > span[0]]
        if not inside:  # a span between pooled words: the nearest stands for it
            inside = [min(range(len(side.words)), key=lambda k: abs(side.words[k].start - span[0]))]
        return sum(
            1 for k in range(max(0, inside[0] - reach), min(len(side.words), inside[-1] + reach + 1))
            if k not in inside and side.content[k] and not aligned[k]
        )


def word_alignment(context: PairContext) -> Optional[WordAlignment]:
    """The pair's word alignment, or ``None`` without token embeddings or words on either side."""
    if context.source_tokens is None or context.translation_tokens is None:
        return None
    source = _side_words(context.source_text, context.source_lang, context.source_tokens)
    translation = _side_words(context.translation_text, context.translation_lang, context.translation_tokens)
    if len(source.words) == 0 or len(translation.words) == 0:
        return None
    similarity = source.vectors @ translation.vectors.T
    return WordAlignment(source, translation, similarity, *align_words(similarity))


def align_words(similarity: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Which rows and columns are aligned: iterated mutual argmax above a floor, plus near-duplicates."""
    rows, cols = similarity.shape
    row_done = np.zeros(rows, dtype=bool)
    col_done = np.zeros(cols, dtype=bool)
    if rows == 0 or cols == 0:
        return row_done, col_done
    row_partner = np.full(rows, -1)
    col_partner = np.full(cols, -1)
    for _ in range(ITERATIONS):
        free = np.where(row_done[:, None] | col_done[None, :], -np.inf, similarity)
        if not np.isfinite(free).any():
            break
        best_col = free.argmax(axis=1)
        best_row = free.argmax(axis=0)
        mutual = [(r, c) for r, c in enumerate(best_col)
                  if best_row[c] == r and free[r, c] >= MIN_MATCH_SIMILARITY]
        if not mutual:
            break
        for r, c in mutual:
            row_done[r] = col_done[c] = True
            row_partner[r], col_partner[c] = c, r
    row_done |= similarity.max(axis=1) >= COVERED_SIMILARITY
    col_done |= similarity.max(axis=0) >= COVERED_SIMILARITY
    row_done |= _compound_parts(similarity, row_partner, col_partner)
    col_done |= _compound_parts(similarity.T, col_partner, row_partner)
    return row_done, col_done


def _compound_parts(similarity: np.ndarray, row_partner: np.ndarray, col_partner: np.ndarray) -> np.ndarray:
    """Rows whose best column is aligned to a neighbouring row: parts of one word on the
    other side ("North Korea" - "Nordkorea", "more closely" - "enger")."""
    best = similarity.argmax(axis=1)
    partner_of_best = col_partner[best]
    rows = np.arange(len(best))
    return (row_partner < 0) & (partner_of_best >= 0) & (np.abs(partner_of_best - rows) == 1) & (
        similarity[rows, best] >= MIN_MATCH_SIMILARITY)


def _runs(side: _SideWords, aligned: np.ndarray) -> list[tuple[int, int, int]]:
    """Runs of unaligned content words as ``(start_char, end_char, content_words)``.

    Stopwords between two unaligned content words neither break nor lengthen a run;
    an aligned content word ends it.
    """
    runs, current = [], None
    for word, is_content, is_aligned in zip(side.words, side.content, aligned):
        if not is_content:
            continue
        if is_aligned:
            if current:
                runs.append(tuple(current))
            current = None
        elif current is None:
            current = [word.start, word.end, 1]
        else:
            current[1], current[2] = word.end, current[2] + 1
    if current:
        runs.append(tuple(current))
    return runs


def _worst_window(best: np.ndarray, width: int) -> float:
    """The lowest mean best-match similarity over ``width`` consecutive words (all words if fewer)."""
    if len(best) <= width:
        return float(best.mean())
    sums = np.convolve(best, np.ones(width), mode="valid")
    return float(sums.min() / width)


def _side_features(
    prefix: str, side: _SideWords, aligned: np.ndarray, best: np.ndarray
) -> tuple[dict[str, float], list]:
    content_total = int(side.content.sum())
    unaligned = int((side.content & ~aligned).sum())
    runs = _runs(side, aligned)
    return {
        f"coverage.{prefix}_unaligned_ratio": unaligned / content_total if content_total else 0.0,
        f"coverage.max_{prefix}_gap": float(max((r[2] for r in runs), default=0)),
        f"coverage.{prefix}_mean_best": float(best[side.content].mean()) if content_total else 1.0,
        f"coverage.{prefix}_worst_window": _worst_window(best, WINDOW),
    }, runs


@register("coverage")
def check_coverage(context: PairContext) -> CheckResult:
    """Unaligned content words on each side; reasons for runs of ``REPORT_RUN`` or more.

    Without token embeddings in the context the check returns nothing, and the
    scorer treats its features as average.
    """
    alignment = word_alignment(context)
    if alignment is None:
        return CheckResult()
    similarity = alignment.similarity
    features, source_runs = _side_features("source", alignment.source, alignment.source_aligned,
                                           similarity.max(axis=1))
    more, translation_runs = _side_features("translation", alignment.translation, alignment.translation_aligned,
                                            similarity.max(axis=0))
    features.update(more)
    reasons = []
    for start, end, count in source_runs:
        if count >= REPORT_RUN:
            reasons.append(Reason("coverage", f"'{context.source_text[start:end]}' has no counterpart in the "
                                  "translation", (start, end), None, "omission"))
    for start, end, count in translation_runs:
        if count >= REPORT_RUN:
            reasons.append(Reason("coverage", f"'{context.translation_text[start:end]}' has no counterpart in "
                                  "the source", None, (start, end), "addition"))
    return CheckResult(features, reasons)
