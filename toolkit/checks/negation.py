"""Negation and polarity check: a dropped "nicht" or a "before" turned "after".

Sentence embeddings score "war bekannt" and "was not known" almost the same, so
this check counts negations on both sides with per-language cue lists
(``toolkit/data/negation.json``) and compares antonym concepts such as
before/after or praise/criticise (``toolkit/data/polarity.json``). Both lists are
small, explicit and explainable; everything is word lookup, fast enough for every pair.
Only when a negation is found on one side do the token vectors tell whether the words
around it are rendered one for one (a flip) or reworded (a rewording may carry it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from . import register
from ._lexicon import HYPHENS, Word, WordList, base_language, load_data, quote, word_parts, words
from ._token_spans import rendered_elsewhere, span_similarity
from .base import CheckResult, PairContext, Reason, Span
from .coverage import WordAlignment, word_alignment

CHECK_ID = "negation"
FEATURE_KEYS = ("negation.count_diff", "negation.flip", "polarity.flips", "polarity.any_flip")
MAX_COUNT_DIFF = 3  # features are capped so that one long sentence cannot dominate a scorer
MAX_FLIPS = 3
REPORTED_COUNT_DIFF = 2  # a difference of one without a flip is too often a paraphrase to report
CUE_RENDERED_MARGIN = 0.1  # an antonym cue reading this much more like another word renders that word
# A negation or polarity flip forces drift when the words around its cue (this many on either side) are rendered
# one for one; when one of them has no counterpart, a rewording may carry the negation ("nicht vergessen" for
# "bear in mind") or the reversal ("reduced inequality" / "Erhöhung der Gleichheit"), and the reason (kind
# "negation-reworded", "polarity-reworded") is only a hint. On WMT22, 46 of the 105 negation reasons on faithful
# pairs and 5 of the 31 on pairs with an error have such clean surroundings; of the polarity reasons, 2 of 7
# and 0 of 2.
CUE_REACH = 4
REWORDED = "-reworded"  # the suffix of a hint's kind
_CLAUSE_BREAK = re.compile(r"[,;:.!?()\n\"“”„«»–—]")
_SENTENCE_BREAK = re.compile(r"[.!?\n]")
_NEEDS_AFTER_REACH = 12  # words to look ahead for a separable German particle ("lehnt ... ab")
_APOSTROPHES = "'’"


@dataclass(frozen=True)
class _Token:
    """A word with the clause and sentence it sits in (cues never pair across clauses)."""

    word: Word
    clause: int
    sentence: int

    @property
    def lower(self) -> str:
        return self.word.lower


def _tokens(text: str, keep_whole: WordList, separators: str = _APOSTROPHES) -> list[_Token]:
    """Words of ``text`` split at apostrophes ("n'a" -> "n", "a"), or at other ``separators``, unless a cue
    needs them whole ("don't")."""
    tokens: list[_Token] = []
    clause = sentence = 0
    previous_end = 0
    for word in words(text, strip_clitics=False):
        gap = text[previous_end : word.start]
        clause += bool(_CLAUSE_BREAK.search(gap))
        sentence += bool(_SENTENCE_BREAK.search(gap))
        previous_end = word.end
        pieces = [word] if word.text in keep_whole else word_parts(word, separators)
        tokens.extend(_Token(piece, clause, sentence) for piece in pieces if piece.text)
    return tokens


_Phrases = tuple[tuple[WordList, ...], ...]  # phrases of words, each word a WordList entry ("stem*" allowed)


@dataclass(frozen=True)
class _NegationLexicon:
    cues: WordList
    concord: WordList
    brackets: dict[str, WordList]
    bracket_subjects: dict[str, WordList]  # "Personne n'a": a negative subject closes the opener from before
    not_subject_after: WordList  # "la personne n'est ... que": a determiner makes it a noun
    window: int
    implicit: Optional[re.Pattern[str]]
    focus: WordList  # "not only": with a closer later in the sentence ("but", "sondern") no negation
    closers: WordList
    alternatives: WordList  # "or not" closing a clause offers an alternative, it negates nothing
    idioms: dict[str, _Phrases]  # cue -> phrases after it that make it no negation ("no matter")
    idioms_before: dict[str, _Phrases]  # cue -> phrases right before it that make it a comparison ("wie nie")
    name_particles: WordList  # between two capitalised words, part of a name ("Fujiwara no Hirotsugu")
    litotes_cues: WordList  # before a negative-prefixed word, cancel with it ("not impossible")
    litotes_degree: WordList  # may stand between the two ("nicht ganz unschuldig")
    litotes_copulas: WordList  # may stand before the degree word ("not be unprecedented")
    litotes_words: Optional[re.Pattern[str]]
    litotes_verbs: Optional[re.Pattern[str]]  # negated, a positive verb of the other side ("not forget")
    listed: WordList  # a determiner a list repeats ("keine A, keine B und kein C": one negation)
    coordinators: WordList


@lru_cache(maxsize=None)
def _negation_lexicon(language: str) -> Optional[_NegationLexicon]:
    data = load_data("negation")
    spec = data["languages"].get(language)
    if spec is None:
        return None
    return _NegationLexicon(
        cues=WordList(spec["cues"] + spec.get("lexical", [])),
        concord=WordList(spec.get("concord", [])),
        brackets={opener: WordList(closers) for opener, closers in spec.get("bracket", {}).items()},
        bracket_subjects={opener: WordList(words) for opener, words in spec.get("bracket_subjects", {}).items()},
        not_subject_after=WordList(spec.get("not_subject_after", [])),
        window=data["window"],
        implicit=re.compile("|".join(f"(?:{pattern})" for pattern in spec["implicit"])) if "implicit" in spec else None,
        focus=WordList(spec.get("correlative", {}).get("focus", [])),
        closers=WordList(spec.get("correlative", {}).get("closers", [])),
        alternatives=WordList(spec.get("alternatives", [])),
        idioms=_phrase_lists(spec.get("idioms", {})),
        idioms_before=_phrase_lists(spec.get("idioms_before", {})),
        name_particles=WordList(spec.get("name_particles", [])),
        litotes_cues=WordList(spec.get("litotes", {}).get("cues", [])),
        litotes_degree=WordList(spec.get("litotes", {}).get("degree", [])),
        litotes_copulas=WordList(spec.get("litotes", {}).get("copulas", [])),
        litotes_words=re.compile(spec["litotes"]["words"]) if "words" in spec.get("litotes", {}) else None,
        litotes_verbs=re.compile(spec["litotes"]["verbs"]) if "verbs" in spec.get("litotes", {}) else None,
        listed=WordList(spec.get("listed", [])),
        coordinators=WordList(spec.get("coordinators", [])),
    )


def _phrase_lists(by_word: dict[str, list[str]]) -> dict[str, _Phrases]:
    """Word -> phrases of the data files ("no": ["matter", "more than"]), each phrase word a WordList entry."""
    return {word: tuple(tuple(WordList([part]) for part in phrase.split()) for phrase in phrases)
            for word, phrases in by_word.items()}


def _next_to(tokens: list[_Token], index: int, phrases: _Phrases, before: bool = False) -> bool:
    """Whether one of ``phrases`` follows the token at ``index`` (with ``before``: ends right before it).
    Negation idioms ("no matter") and polarity cues used in another sense ("nach Angaben", "Angst vor")
    are both told this way."""
    for phrase in phrases:
        start = index - len(phrase) if before else index + 1
        near = tokens[start : start + len(phrase)] if start >= 0 else []
        if len(near) == len(phrase) and all(token.lower in word for token, word in zip(near, phrase)):
            return True
    return False


def _litotes_word(tokens: list[_Token], index: int, lexicon: _NegationLexicon) -> Optional[int]:
    """The index of the word a litotes cue at ``index`` bears on, or ``None``: the word right after it, or after a
    copula and one degree word ("not impossible", "nicht ganz unschuldig", "would not be entirely unprecedented",
    "nicht zu unterschätzen")."""
    if tokens[index].lower not in lexicon.litotes_cues:
        return None
    partner = index + 1
    for between in (lexicon.litotes_copulas, lexicon.litotes_degree):
        if partner < len(tokens) and tokens[partner].lower in between:
            partner += 1
    if partner >= len(tokens) or tokens[partner].clause != tokens[index].clause:
        return None
    return partner


def _litotes_partner(tokens: list[_Token], index: int, lexicon: _NegationLexicon) -> Optional[int]:
    """The index of the word the cue at ``index`` cancels with in a litotes, or ``None``: a word negative by
    its prefix (see :func:`_litotes_word`)."""
    if lexicon.litotes_words is None or lexicon.implicit is None:
        return None
    partner = _litotes_word(tokens, index, lexicon)
    if partner is None:
        return None
    text = tokens[partner].word.text
    if lexicon.litotes_words.fullmatch(text) is None or lexicon.implicit.fullmatch(text) is None:
        return None
    return partner


def _litotes_verbs(text: str, language: str) -> tuple[list[Span], bool]:
    """The cues in ``text`` that negate a litotes verb ("nicht vergessen", "not ignore", "nicht zu
    unterschätzen"), and whether ``text`` has such a verb at all, negated or not ("he forgot").

    A negated verb of the kind says the positive of another ("remember", "heed", "take seriously"), so
    the other side may render it without a negation, but not by the verb itself.
    """
    lexicon = _negation_lexicon(base_language(language))
    if lexicon is None or lexicon.litotes_verbs is None:
        return [], False
    tokens = _tokens(text, lexicon.cues)
    cues = [(tokens[index].word.start, tokens[index].word.end) for index in range(len(tokens))
            if (verb := _litotes_word(tokens, index, lexicon)) is not None
            and lexicon.litotes_verbs.fullmatch(tokens[verb].word.text)]
    return cues, any(lexicon.litotes_verbs.fullmatch(token.word.text) for token in tokens)


def _name_particle(tokens: list[_Token], index: int, lexicon: _NegationLexicon) -> bool:
    """Whether the cue at ``index`` is a name's lowercase particle between two capitalised words of its
    clause ("Fujiwara no Hirotsugu"): the name, spelled alike on the other side, holds no negation there."""
    if tokens[index].lower not in lexicon.name_particles or not 0 < index < len(tokens) - 1:
        return False
    before, cue, after = tokens[index - 1 : index + 2]
    return (before.clause == cue.clause == after.clause and cue.word.text[:1].islower()
            and before.word.text[:1].isupper() and after.word.text[:1].isupper())


def _negative_subject_before(tokens: list[_Token], index: int, lexicon: _NegationLexicon) -> bool:
    """Whether a negative subject right before the opener at ``index`` closes it ("Personne n'a")."""
    if index == 0 or tokens[index - 1].clause != tokens[index].clause:
        return False
    subject = tokens[index - 1]
    return (subject.lower in lexicon.bracket_subjects.get(tokens[index].lower, ())
            and not (index > 1 and tokens[index - 2].lower in lexicon.not_subject_after))


def _negates_nothing(tokens: list[_Token], index: int, lexicon: _NegationLexicon) -> bool:
    """Whether the cue at ``index`` is part of a phrase that negates nothing: a correlative ("not only ...
    but also", "nicht nur ..., sondern auch"), an alternative closing a clause ("whether ... or not", "oder
    nicht."), an idiom ("no matter", "not to mention"), a comparison ("so hoch wie nie", "like never
    before": a record), or a litotes, a cue before a word negative in meaning ("not impossible", "nicht
    unschuldig": rendered "possible", "to blame")."""
    token = tokens[index]
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    if (_next_to(tokens, index, lexicon.idioms.get(token.lower, ()))
            or _next_to(tokens, index, lexicon.idioms_before.get(token.lower, ()), before=True)):
        return True
    if _litotes_partner(tokens, index, lexicon) is not None:
        return True
    if (following is not None and following.lower in lexicon.focus
            and any(later.sentence == token.sentence and later.lower in lexicon.closers
                    for later in tokens[index + 2 :])):
        return True
    return (index > 0 and tokens[index - 1].lower in lexicon.alternatives
            and tokens[index - 1].clause == token.clause
            and (following is None or following.clause != token.clause))


def _continues_list(text: str, tokens: list[_Token], index: int, last_negation: Optional[int],
                    lexicon: _NegationLexicon) -> bool:
    """Whether the cue at ``index`` repeats the determiner of the negation ending at ``last_negation`` over the
    next item of a list, after a comma or a coordinator ("keine Eisenbahnen, keine Autos und kein Internet"):
    one negation spread over the items, as "no railways, cars or Internet" is."""
    if last_negation is None or index == 0 or tokens[index].lower not in lexicon.listed:
        return False
    previous = tokens[last_negation]
    return (previous.lower in lexicon.listed and previous.sentence == tokens[index].sentence
            and ("," in text[tokens[index - 1].word.end : tokens[index].word.start]
                 or tokens[index - 1].lower in lexicon.coordinators))


def negative_in_meaning(text: str, language: str) -> bool:
    """Whether a word of ``text`` is negative without a negation cue ("failed", "unless", "kaum")."""
    lexicon = _negation_lexicon(base_language(language))
    if lexicon is None or lexicon.implicit is None:
        return False
    tokens = _tokens(text, lexicon.cues)
    for index, token in enumerate(tokens):
        if token.lower in lexicon.cues and _negates_nothing(tokens, index, lexicon):
            return True  # "nicht nur ..., sondern auch" may render a plain "not" of the other side
        candidates = [token.word.text, *(part.text for part in word_parts(token.word)[1:])]  # "still-inconclusive"
        if token.word.sentence_initial:  # "Zweifellos werden wir ..."
            candidates.append(token.word.text[:1].lower() + token.word.text[1:])
        if any(lexicon.implicit.fullmatch(candidate) for candidate in candidates):
            return True
    return False


def negation_spans(text: str, language: str) -> Optional[list[Span]]:
    """Character spans of the negations in ``text``, one per negation.

    "ne ... pas" is one negation spanning both words; a concord word ("nada" after
    "no", "ni" after "не") next to another cue in the same clause adds nothing.

    Returns:
        The spans in text order, or ``None`` when the language has no cue list
        (so a caller never mistakes "unsupported" for "no negation").
    """
    lexicon = _negation_lexicon(base_language(language))
    if lexicon is None:
        return None
    tokens = _tokens(text, lexicon.cues)
    negations: list[tuple[int, int]] = []  # (first token, last token) of each negation
    closers_used: set[int] = set()
    cancelled = {partner for index in range(len(tokens))  # "keineswegs unmöglich": two negations cancel
                 if (partner := _litotes_partner(tokens, index, lexicon)) is not None}
    for index, token in enumerate(tokens):
        closers = lexicon.brackets.get(token.lower)
        if closers is not None:
            closer = next(
                (
                    later
                    for later in range(index + 1, min(index + 1 + lexicon.window, len(tokens)))
                    if tokens[later].clause == token.clause and tokens[later].lower in closers
                ),
                None,
            )
            if closer is not None:  # an opener without a closer is not negation ("ne ... que" = only)
                negations.append((index, closer))
                closers_used.add(closer)
            elif _negative_subject_before(tokens, index, lexicon):
                negations.append((index - 1, index))
        elif (token.lower in lexicon.cues and index not in cancelled
              and not _negates_nothing(tokens, index, lexicon) and not _name_particle(tokens, index, lexicon)
              and not _continues_list(text, tokens, index, negations[-1][1] if negations else None, lexicon)):
            negations.append((index, index))
    for index, token in enumerate(tokens):
        if index in closers_used or token.lower not in lexicon.concord:
            continue
        reinforces = any(
            tokens[first].clause == token.clause
            and first - lexicon.window <= index <= last + lexicon.window
            for first, last in negations
        )
        if not reinforces:
            negations.append((index, index))
    negations.sort()
    return [(tokens[first].word.start, tokens[last].word.end) for first, last in negations]


@dataclass(frozen=True)
class _PolarityCue:
    concept: str
    pole: str
    span: Span


@dataclass(frozen=True)
class _PolarityIndex:
    """Which (concept, pole) pairs a word of one language evokes: whole words by dict, stems by prefix."""

    exact: dict[str, list[tuple[str, str]]]
    stems: list[tuple[str, str, str]]  # (stem, concept, pole)

    def lookup(self, word: str) -> list[tuple[str, str]]:
        found = list(self.exact.get(word, ()))
        found.extend((concept, pole) for stem, concept, pole in self.stems if word.startswith(stem))
        return found


@lru_cache(maxsize=None)
def _polarity_index(language: str) -> _PolarityIndex:
    exact: dict[str, list[tuple[str, str]]] = {}
    stems = []
    for concept, spec in load_data("polarity")["concepts"].items():
        for pole in "+-":
            for entry in spec[pole].get(language, ()):
                entry = entry.lower()
                if entry.endswith("*"):
                    stems.append((entry[:-1], concept, pole))
                else:
                    exact.setdefault(entry, []).append((concept, pole))
    return _PolarityIndex(exact, stems)


@lru_cache(maxsize=None)
def _polarity_skips(language: str) -> tuple[dict[str, _Phrases], dict[str, _Phrases]]:
    """Cue -> words right after it, and words right before it, that show another sense."""
    data = load_data("polarity")
    return _phrase_lists(data["skip_before"].get(language, {})), _phrase_lists(data["skip_after"].get(language, {}))


def _polarity_cues(text: str, language: str) -> list[_PolarityCue]:
    """Antonym-concept words in ``text``, minus uses in another sense ("nach Angaben")."""
    data = load_data("polarity")
    skip_before, skip_after = _polarity_skips(language)
    needs_after = data["needs_after"].get(language, {})
    needs_next = data["needs_next"].get(language, {})
    concept_index = _polarity_index(language)
    tokens = _tokens(text, WordList([]), _APOSTROPHES + HYPHENS)  # "just-concluded"
    cues = []
    for index, token in enumerate(tokens):
        following = tokens[index + 1].lower if index + 1 < len(tokens) else ""
        if (_next_to(tokens, index, skip_before.get(token.lower, ()))
                or _next_to(tokens, index, skip_after.get(token.lower, ()), before=True)):
            continue
        if token.lower in needs_next and following not in needs_next[token.lower]:
            continue
        particle = needs_after.get(token.lower)
        if particle and not any(
            later.lower == particle and later.sentence == token.sentence
            for later in tokens[index + 1 : index + 1 + _NEEDS_AFTER_REACH]
        ):
            continue
        for concept, pole in concept_index.lookup(token.lower):
            cues.append(_PolarityCue(concept, pole, (token.word.start, token.word.end)))
    return cues


def _side_name(is_source: bool) -> str:
    return "source" if is_source else "translation"


def _rendered_by_fewer_side(context: PairContext, source: list[Span], translation: list[Span]) -> bool:
    """The side with fewer negations has a word negative in meaning ('failed', 'statt') that may render
    the other side's negations, or the extra negations negate litotes verbs ('nicht vergessen') whose positive
    the fewer side may say ('bear in mind'), having no such verb of its own (see :func:`_litotes_verbs`)."""
    sides = [(context.source_text, context.source_lang, source),
             (context.translation_text, context.translation_lang, translation)]
    if len(source) <= len(translation):
        sides.reverse()
    (more_text, more_lang, more), (fewer_text, fewer_lang, fewer) = sides
    if negative_in_meaning(fewer_text, fewer_lang):
        return True
    verb_cues, _ = _litotes_verbs(more_text, more_lang)
    negating_verbs = sum(any(start <= cue_start and cue_end <= end for cue_start, cue_end in verb_cues)
                         for start, end in more)  # "ne faut pas oublier": the cue is part of the negation
    return negating_verbs >= len(more) - len(fewer) > 0 and not _litotes_verbs(fewer_text, fewer_lang)[1]


def _is_flip(context: PairContext, source: list[Span], translation: list[Span]) -> bool:
    """Exactly one side negates, and the other has no word that is negative in meaning."""
    return bool(source) != bool(translation) and not _rendered_by_fewer_side(context, source, translation)


class _Surroundings:
    """Whether the words around a cue are reworded, by the pair's word alignment: computed once, and only
    when a reason asks (most pairs have none)."""

    def __init__(self, context: PairContext):
        self._context = context
        self._alignment: Optional[WordAlignment] = None
        self._aligned = False

    def reworded(self, on_source: bool, span: Span) -> bool:
        """Whether a content word within ``CUE_REACH`` words of ``span`` has no counterpart (``False`` without
        token vectors to tell)."""
        if not self._aligned:
            self._alignment, self._aligned = word_alignment(self._context), True
        return self._alignment is not None and self._alignment.unaligned_near(on_source, span, CUE_REACH) > 0


def _negation_kind(surroundings: _Surroundings, source: list[Span], translation: list[Span]) -> str:
    """"negation" when some negation of the side with more is surrounded by words rendered one for one (or
    without token vectors to tell), else "negation-reworded"."""
    on_source = len(source) > len(translation)
    if all(surroundings.reworded(on_source, span) for span in (source if on_source else translation)):
        return "negation" + REWORDED
    return "negation"


def _negation_reasons(context: PairContext, surroundings: _Surroundings, source: list[Span], translation: list[Span],
                      flip: bool) -> list[Reason]:
    """A reason for a flip (see :func:`_is_flip`), or when the counts differ a lot and the side
    with fewer negations has no word negative in meaning that may render the others."""
    if flip:
        source_negates = bool(source)
        spans, text = (source, context.source_text) if source_negates else (translation, context.translation_text)
        start, end = spans[0]
        message = (
            f"the {_side_name(source_negates)} negates ('{quote(text[start:end])}') "
            f"but the {_side_name(not source_negates)} has no negation"
        )
        kind = _negation_kind(surroundings, source, translation)
        if kind.endswith(REWORDED):
            message += " (the words around it are reworded, which may carry the negation)"
        return [
            Reason(
                CHECK_ID,
                message,
                source_span=spans[0] if source_negates else None,
                translation_span=None if source_negates else spans[0],
                kind=kind,
            )
        ]
    if (abs(len(source) - len(translation)) >= REPORTED_COUNT_DIFF
            and not _rendered_by_fewer_side(context, source, translation)):
        source_more = len(source) > len(translation)
        first = (source if source_more else translation)[0]
        message = (
            f"the source has {len(source)} negations and the translation {len(translation)}: "
            "check that each negation was kept"
        )
        return [
            Reason(
                CHECK_ID,
                message,
                source_span=first if source_more else None,
                translation_span=None if source_more else first,
                kind=_negation_kind(surroundings, source, translation),
            )
        ]
    return []


def _facing_cues(context: PairContext, source_hits: list[_PolarityCue],
                 translation_hits: list[_PolarityCue]) -> tuple[_PolarityCue, _PolarityCue]:
    """The source and translation cue of one concept that read most alike (the first two without tokens)."""
    pairs = [(source_hit, translation_hit) for source_hit in source_hits for translation_hit in translation_hits]
    similarities = [span_similarity(context.source_tokens, a.span, context.translation_tokens, b.span) or 0.0
                    for a, b in pairs]
    return pairs[max(range(len(pairs)), key=lambda i: (similarities[i], -i))]


def _polarity_reasons(context: PairContext, surroundings: _Surroundings) -> list[Reason]:
    """One reason per concept that appears on both sides with only opposite poles."""
    source_cues = _polarity_cues(context.source_text, base_language(context.source_lang))
    translation_cues = _polarity_cues(context.translation_text, base_language(context.translation_lang))
    concepts = load_data("polarity")["concepts"]
    reasons = []
    for concept in dict.fromkeys(cue.concept for cue in source_cues):
        source_hits = [cue for cue in source_cues if cue.concept == concept]
        translation_hits = [cue for cue in translation_cues if cue.concept == concept]
        if not translation_hits or {c.pole for c in source_hits} & {c.pole for c in translation_hits}:
            continue
        source_hit, translation_hit = _facing_cues(context, source_hits, translation_hits)
        if rendered_elsewhere(context.source_tokens, source_hit.span, context.translation_tokens,
                              translation_hit.span, CUE_RENDERED_MARGIN):
            continue  # the cue renders another word ("ein Ende der Fischerei" for "eliminating fishing")
        gloss = concepts[concept]["gloss"]
        source_word = context.source_text[slice(*source_hit.span)]
        translation_word = context.translation_text[slice(*translation_hit.span)]
        reworded = surroundings.reworded(True, source_hit.span) or surroundings.reworded(False, translation_hit.span)
        message = (
            f"the source says '{source_word}' ({gloss[source_hit.pole]}) but the translation says "
            f"'{translation_word}' ({gloss[translation_hit.pole]}): "
            + ("the meaning may be reversed (the words around them are reworded, which may turn it back)"
               if reworded else "the meaning is reversed")
        )
        kind = "polarity" + (REWORDED if reworded else "")
        reasons.append(Reason(CHECK_ID, message, source_hit.span, translation_hit.span, kind=kind))
    return reasons


@register(CHECK_ID)
def check_negation(context: PairContext) -> CheckResult:
    """Compare negations and antonym polarity between the two sides of a pair.

    Features (always all present, bounded):
        ``negation.count_diff``: |negations in source - in translation|, capped at 3.
        ``negation.flip``: 1.0 when exactly one side contains a negation.
        ``polarity.flips``: antonym concepts with opposite poles, capped at 3.
        ``polarity.any_flip``: 1.0 when there is at least one such concept.
    Negation features stay 0 when either language has no cue list.
    """
    features = dict.fromkeys(FEATURE_KEYS, 0.0)
    reasons: list[Reason] = []
    surroundings = _Surroundings(context)
    source = negation_spans(context.source_text, context.source_lang)
    translation = negation_spans(context.translation_text, context.translation_lang)
    if source is not None and translation is not None:
        features["negation.count_diff"] = float(min(abs(len(source) - len(translation)), MAX_COUNT_DIFF))
        flip = _is_flip(context, source, translation)
        features["negation.flip"] = float(flip)
        reasons.extend(_negation_reasons(context, surroundings, source, translation, flip))
    polarity = _polarity_reasons(context, surroundings)
    features["polarity.flips"] = float(min(len(polarity), MAX_FLIPS))
    features["polarity.any_flip"] = float(bool(polarity))
    reasons.extend(polarity)
    return CheckResult(features, reasons)
