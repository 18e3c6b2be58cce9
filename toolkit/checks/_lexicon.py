"""Shared pieces of the lexical checks: word tokens with offsets and word-list matching.

The names, negation and polarity checks all look words up in small per-language
lists kept as JSON under ``toolkit/data/`` (so they can grow without touching the
logic). A list entry is either a whole word (``"nicht"``) or a stem ending in
``*`` (``"kein*"`` matches ``keine``, ``keinen``...). Everything here is pure
Python and regex because the checks run on every aligned pair.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Iterable, Optional

# Letters joined by hyphens or apostrophes form one word ("US-Außenministeriums",
# "don't", "l'Ukraine"); digits and punctuation separate words.
_WORD_RE = re.compile(r"[^\W\d_]+(?:[-‐‑’'][^\W\d_]+)*")
HYPHENS = "-‐‑"
# A word right after one of these (or after a line break) starts a sentence or headline.
_SENTENCE_OPENERS = set(".!?:;\"“„«»‚‘(–—•·|")
_ELISION_RE = re.compile(r"^(?:[lLdDjJmMnNsStTcC]|[qQ]u)['’](?=[^\W\d_])")
_POSSESSIVE_RE = re.compile(r"['’]s?$")  # at the end of a word, stripped by words()
_POSSESSIVE_AFTER_RE = re.compile(r"['’]s\b")  # right after a name: "Turkey's ability"

# Function words per language: what carries no content (coverage) and what shows which language a text is
# written in (untranslated).
_STOPWORD_TEXT = {
    "en": "the a an and or but of to in on at by for with from as is are was were be been being it its this that "
          "these those there their they them he she his her him we our you your i me my not no do does did has have "
          "had will would can could should may might must than then so such also very which who whom whose what "
          "when where why how all any some one about into over after before up out if just only",
    "de": "der die das den dem des ein eine einen einem einer eines und oder aber von zu im in am an auf bei mit "
          "für aus als ist sind war waren sein wird werden wurde wurden hat haben hatte es er sie wir ihr ich du "
          "sich nicht kein keine auch so wie dass daß noch nur schon sehr mehr um über nach vor bis durch zum zur "
          "dieser diese dieses man was wer wo wenn dann denn doch ob ihre ihren seine seinen seiner ihrer",
    "fr": "le la les un une des du de et ou mais à au aux en dans sur par pour avec sans est sont était été être "
          "a ont avait il elle ils elles nous vous je tu on se ce cet cette ces son sa ses leur leurs qui que quoi "
          "dont où ne pas plus ne y très aussi comme si tout tous",
    "es": "el la los las un una unos unas de del y o pero a al en con por para sin es son era fue ser ha han se "
          "que quien como muy más no su sus lo le les",
    "it": "il lo la i gli le un una di del della e o ma a al in con per su è sono era stato essere ha hanno si "
          "che chi come molto più non suo sua",
    "ru": "и в во не что он она оно они на я с со как а то все так его ее её но да ты к у же вы за бы по только "
          "от из о об для при это этот эта эти был была были было быть ли или уже",
}
STOPWORDS = {lang: frozenset(text.split()) for lang, text in _STOPWORD_TEXT.items()}


@dataclass(frozen=True)
class Word:
    """One word of a text, with where it is and whether it opens a sentence.

    Attributes:
        text: the word as written, without a French elision (``l'``) or an English
            possessive (``'s``).
        start: offset of ``text`` in the original string.
        end: offset just past ``text``.
        sentence_initial: first word of the text, of a line, or after sentence
            punctuation or an opening quote; capitals there carry no information.
    """

    text: str
    start: int
    end: int
    sentence_initial: bool

    @property
    def lower(self) -> str:
        return self.text.lower()


def opens_sentence(text: str, start: int) -> bool:
    """True when the word at ``start`` follows nothing, a line break or sentence punctuation."""
    i = start - 1
    while i >= 0 and text[i] in " \t\u00a0":
        i -= 1
    if i >= 1 and is_initial(text, i - 1):
        return False  # "George W. Bush": the full stop closes an initial, not a sentence
    return i < 0 or text[i] in "\r\n" or text[i] in _SENTENCE_OPENERS


def is_initial(text: str, index: int) -> bool:
    """Whether ``text[index]`` is a capital standing alone before a full stop ("W." in "George W. Bush")."""
    return (
        text[index].isupper() and text[index + 1 : index + 2] == "."
        and (index == 0 or not (text[index - 1].isalpha() or text[index - 1] == "."))
    )


def words(text: str, strip_clitics: bool = True) -> list[Word]:
    """Split ``text`` into words with offsets (hyphenated compounds stay one word).

    Args:
        text: any text.
        strip_clitics: drop a French elision (``l'``) and an English possessive
            (``'s``) so that names compare bare; the negation check keeps them
            because ``n'`` is a negation particle.
    """
    result = []
    for match in _WORD_RE.finditer(text):
        start, end = match.span()
        if strip_clitics:
            elision = _ELISION_RE.match(match.group())
            if elision:
                start += elision.end()
            possessive = _POSSESSIVE_RE.search(text[start:end])
            if possessive and end - start - len(possessive.group()) > 1:
                end -= len(possessive.group())
        result.append(Word(text[start:end], start, end, opens_sentence(text, match.start())))
    return result


def possessive_follows(text: str, offset: int) -> bool:
    """Whether an English possessive ``'s`` follows ``offset`` (the end of a name, as :func:`words` strips it)."""
    return bool(_POSSESSIVE_AFTER_RE.match(text, offset))


def word_parts(word: Word, separators: str = HYPHENS) -> list[Word]:
    """The parts of a compound between ``separators`` ("UN-Sicherheitsrat" -> "UN", "Sicherheitsrat")."""
    parts = []
    offset = word.start
    for index, piece in enumerate(re.split(f"[{re.escape(separators)}]", word.text)):
        parts.append(Word(piece, offset, offset + len(piece), word.sentence_initial and index == 0))
        offset += len(piece) + 1
    return parts


class WordList:
    """Case-insensitive membership in a list of words, ``stem*`` and ``*ending`` entries."""

    def __init__(self, entries: Iterable[str]):
        entries = [entry.lower() for entry in entries]
        self.exact = frozenset(entry for entry in entries if "*" not in entry)
        self.stems = tuple(entry[:-1] for entry in entries if entry.endswith("*"))
        self.endings = tuple(entry[1:] for entry in entries if entry.startswith("*"))

    def __contains__(self, word: str) -> bool:
        word = word.lower()
        return (
            word in self.exact
            or (bool(self.stems) and word.startswith(self.stems))
            or (bool(self.endings) and word.endswith(self.endings))
        )

    def __bool__(self) -> bool:
        return bool(self.exact or self.stems or self.endings)


@lru_cache(maxsize=None)
def load_data(name: str) -> dict:
    """The parsed JSON file ``toolkit/data/<name>.json`` (read once per process)."""
    path = resources.files("toolkit").joinpath("data", f"{name}.json")
    return json.loads(path.read_text(encoding="utf-8"))


def base_language(code: Optional[str]) -> str:
    """``"de-CH"`` or ``"DE"`` -> ``"de"``; unknown or empty -> ``""``."""
    return (code or "").lower().replace("_", "-").split("-")[0]


def quote(text: str, limit: int = 40) -> str:
    """Text for a message, shortened so a long span does not swamp it."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
