"""Helpers shared by the number and date checks.

Both checks search a Unicode-normalised copy of each side (NFC, every decimal digit
turned into ASCII) so that one set of patterns covers all scripts, yet reasons must
point into the text the user gave us. :class:`NormalisedText` keeps the map back.
Both checks also pair up mentions across the two sides by shared keys (a value, a
weekday index...), which :func:`pair_mentions` does once for both, and report what
stays unpaired the same way (:func:`unpaired_reasons`).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Callable, Hashable, Optional, Sequence

from .base import Reason, Span

COUNT_CAP = 10
"""Counts handed to the scorer are clipped here so the feature vector stays bounded."""


def capped(count: int) -> float:
    """A count clipped to :data:`COUNT_CAP`, as a float feature."""
    return float(min(count, COUNT_CAP))


def base_language(code: str) -> str:
    """``"de-CH"``/``"pt_BR"``/``"DE"`` -> ``"de"``/``"pt"``/``"de"``; tables are keyed by the bare code."""
    return (code or "").replace("_", "-").split("-")[0].strip().lower()


@dataclass(frozen=True)
class NormalisedText:
    """A searchable copy of ``original`` and the way back to original offsets.

    Attributes:
        original: the text as given.
        text: NFC-normalised with every Unicode decimal digit (Arabic-Indic,
            Devanagari, full-width...) replaced by its ASCII digit.
        starts: for each character of ``text``, where its source starts in ``original``.
        ends: for each character of ``text``, where its source ends in ``original``.
    """

    original: str
    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def original_span(self, start: int, end: int) -> Span:
        """Map ``text[start:end]`` to the covering span of ``original``."""
        if not self.text:
            return (0, 0)
        if end <= start:
            position = self.starts[start] if start < len(self.starts) else len(self.original)
            return (position, position)
        return (self.starts[start], self.ends[end - 1])

    def original_excerpt(self, start: int, end: int) -> str:
        """The original characters behind ``text[start:end]``."""
        first, last = self.original_span(start, end)
        return self.original[first:last]


def normalise(original: str) -> NormalisedText:
    """NFC-normalise ``original`` cluster by cluster, keeping an offset map.

    Each base character and the combining marks after it form one cluster, so a
    composed character always maps back onto the whole decomposed sequence.
    """
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    cluster_start = 0
    for position in range(1, len(original) + 1):
        if position < len(original) and unicodedata.combining(original[position]):
            continue
        cluster = unicodedata.normalize("NFC", original[cluster_start:position])
        for char in cluster:
            pieces.append(_ascii_digit(char))
            starts.append(cluster_start)
            ends.append(position)
        cluster_start = position
    return NormalisedText(original, "".join(pieces), tuple(starts), tuple(ends))


def _ascii_digit(char: str) -> str:
    """Any decimal digit (category Nd) as its ASCII digit; every other character unchanged."""
    if char.isascii() or unicodedata.category(char) != "Nd":
        return char
    return str(unicodedata.digit(char))


@dataclass
class Mention:
    """One thing found on one side that should have a counterpart on the other.

    Attributes:
        span: ``(start, end)`` in the normalised text of its side.
        keys: what it may match on the other side; several keys = several readings.
        label: how to name it in a message (the original surface form).
        weak: matches like any other mention, but is never reported when unmatched
            (e.g. "ein"/"one", which is mostly an article or pronoun).
        detail: check-specific extras (qualifier, day of month...).
    """

    span: Span
    keys: tuple[Hashable, ...]
    label: str
    weak: bool = False
    detail: dict = field(default_factory=dict)


def pair_mentions(
    source: Sequence[Mention], translation: Sequence[Mention]
) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """Match mentions one-to-one on shared keys.

    Greedy but order-aware: strong mentions with fewest readings pick first, and
    each prefers a strong partner that appears earliest, so repeated values pair
    in reading order. Returns ``(pairs, unmatched_source, unmatched_translation)``
    with indices into the inputs.
    """
    by_key: dict[Hashable, list[int]] = {}
    partner_order = sorted(range(len(translation)), key=lambda j: (translation[j].weak, j))
    for j in partner_order:
        for key in translation[j].keys:
            by_key.setdefault(key, []).append(j)
    taken: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for i in sorted(range(len(source)), key=lambda i: (source[i].weak, len(source[i].keys), i)):
        partner = _first_free(source[i].keys, by_key, taken)
        if partner is not None:
            taken.add(partner)
            pairs.append((i, partner))
    matched_source = {i for i, _ in pairs}
    pairs.sort()
    unmatched_source = [i for i in range(len(source)) if i not in matched_source]
    unmatched_translation = [j for j in range(len(translation)) if j not in taken]
    return pairs, unmatched_source, unmatched_translation


def _first_free(keys: Sequence[Hashable], by_key: dict[Hashable, list[int]], taken: set[int]) -> Optional[int]:
    """The best untaken partner sharing a key, trying the primary reading first."""
    for key in keys:
        candidates = by_key.get(key)
        if not candidates:
            continue
        while candidates and candidates[0] in taken:
            candidates.pop(0)
        if candidates:
            return candidates[0]
    return None


@dataclass(frozen=True)
class Side:
    """One side of a pair: its normalised text and what an extractor found in it, with original spans."""

    normalised: NormalisedText
    mentions: list

    @classmethod
    def read(cls, text: str, lang: str, extract: Callable[[str, str], list]) -> "Side":
        normalised = normalise(text)
        return cls(normalised, extract(normalised.text, lang))

    def span(self, mention) -> tuple[int, int]:
        return self.normalised.original_span(*mention.span)

    def label(self, mention) -> str:
        return self.normalised.original_excerpt(*mention.span)


def unpaired_reasons(
    check_id: str,
    source: Side,
    translation: Side,
    lost: list,
    added: list,
    noun: Callable[[object], str],
    describe: Callable[[Side, object], str],
    kinds: tuple[str, str],
    tell_apart: Optional[Callable[[object, object, str, str], tuple[str, str]]] = None,
) -> list[Reason]:
    """Reasons for mentions left unpaired: in reading order, a lost one and an added one are one
    replacement; the rest stand on one side only.

    Args:
        check_id: the reporting check.
        source, translation: the two sides the mentions come from.
        lost: source mentions without a counterpart; ``added``: translation mentions without one.
        noun: what a mention is, opening its message ("number", "weekday").
        describe: how a mention reads in a message ("11.000", "Mittwoch (Wednesday)").
        kinds: ``(replacement kind, one-sided kind)``, e.g. ``("number", "number-missing")``.
        tell_apart: called when a replacement's two descriptions read the same, to say how they differ.
    """
    reasons = []
    for before, after in zip(lost, added):
        was, became = describe(source, before), describe(translation, after)
        if was == became and tell_apart is not None:
            was, became = tell_apart(before, after, was, became)
        reasons.append(Reason(check_id, f"{noun(before)} {was} in the source became {became} in the translation",
                              source.span(before), translation.span(after), kinds[0]))
    for before in lost[len(added):]:
        reasons.append(Reason(check_id, f"{noun(before)} {describe(source, before)} in the source is missing from "
                                        "the translation", source.span(before), None, kinds[1]))
    for after in added[len(lost):]:
        reasons.append(Reason(check_id, f"{noun(after)} {describe(translation, after)} in the translation has no "
                                        "counterpart in the source", None, translation.span(after), kinds[1]))
    return reasons
