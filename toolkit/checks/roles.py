"""Role check: who did what to whom, when the same names appear on both sides.

Sentence embeddings barely notice a reversed role ("North Korea supplies Russia"
vs "Russia supplies North Korea": same words, same score). Case-marking words do:
a name introduced by "to"/"an"/"à" is a recipient, by "against"/"gegen" a target,
by "by"/"durch" an agent, by "from"/"aus" an origin. When a name that
occurs on both sides holds such a role on one side only, while the other side
gives that role to something else, the roles were most likely swapped.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from . import register
from ._lexicon import HYPHENS, Word, base_language, load_data, possessive_follows, quote, words
from ._token_spans import span_similarity
from .base import CheckResult, PairContext, Reason
from .names import NOUN_CAPITALISING_LANGUAGES, keys_match, name_mentions

CHECK_ID = "roles"
MAX_SWAPS = 3


class _Lexicon(NamedTuple):
    """One language's role vocabulary (``data/roles.json``)."""

    markers: dict[str, str]  # marker word -> role
    articles: frozenset[str]  # may stand between marker and name
    fixed: frozenset[str]  # a marker right after one is part of a fixed phrase
    prepositions: frozenset[str]  # mark no role this check knows
    oblique_articles: dict[str, tuple[str, ...]]  # article -> name endings that show a dative or genitive
    genitive_articles: frozenset[str]  # after a noun, open a genitive attribute
    double_object_verbs: frozenset[str]  # the name right after one is an unmarked recipient
    genitive: str  # genitive ending of names ('' for none)


@lru_cache(maxsize=None)
def _lexicon(language: str) -> _Lexicon:
    data = load_data("roles")
    markers = {word: role for role, by_language in data["markers"].items() for word in by_language.get(language, [])}
    oblique = {article: tuple(endings) for article, endings in data["oblique_articles"].get(language, {}).items()}
    return _Lexicon(markers, frozenset(data["articles"].get(language, [])),
                    frozenset(data["fixed_phrases"].get(language, [])),
                    frozenset(data["other_prepositions"].get(language, [])), oblique,
                    frozenset(data["genitive_articles"].get(language, [])),
                    frozenset(data["double_object_verbs"].get(language, [])),
                    data["genitive_suffix"].get(language, ""))


def _capitalised(word: Word | None) -> bool:
    """A word capitalised not for opening a sentence: a noun where nouns take capitals, else part of a name."""
    return word is not None and word.text[:1].isupper() and not word.sentence_initial


class Mention(NamedTuple):
    """A name on one side: its key, span, the role its marker gives it, and whether another
    preposition governs it, its article marks a dative or a genitive ("den Amerikanern",
    "Unterstützung der USA"), or it modifies a noun (a possessor, "by Turkey's ability", "Katars
    Unterstützung": the ability, the support hold the role; a nationality adjective, "griechischen
    Banken"), or it is the first object of a verb that takes two ("offered the Swedes a deal"); then it
    holds a role this check does not know."""

    key: str
    span: tuple[int, int]
    role: str | None
    governed: bool


def _roles(text: str, language: str) -> tuple[list[Mention], dict[str, int]]:
    """Each name with the role its marker gives it, and how many role markers the side has in all."""
    language_key = base_language(language)
    lexicon = _lexicon(language_key)
    markers, articles, genitive = lexicon.markers, lexicon.articles, lexicon.genitive
    tokens = words(text, strip_clitics=False)
    starts = {w.start: i for i, w in enumerate(tokens)}
    ends = {w.end: i for i, w in enumerate(tokens)}

    def modifies_noun(span: tuple[int, int]) -> bool:
        """A possessor, an adjective or part of a longer name: 's follows, the name is lowercase, part of a
        hyphenated compound ("Qatar-funded", "EU-Kommission"), next to other capitalised words where only
        names take capitals ("Peking University"), or in the genitive beside a noun ("Amerikas Reiche",
        "der Angriff Japans")."""
        name = text[span[0]:span[1]]
        if (possessive_follows(text, span[1]) or name[:1].islower()
                or any(0 <= i < len(text) and text[i] in HYPHENS for i in (span[0] - 1, span[1]))):
            return True
        if span[0] not in starts or span[1] not in ends:
            return False
        first, last = starts[span[0]], ends[span[1]]
        following = tokens[last + 1] if last + 1 < len(tokens) else None
        preceding = tokens[first - 1] if first > 0 else None
        if language_key not in NOUN_CAPITALISING_LANGUAGES:
            return ((_capitalised(following) and following.start - span[1] <= 1)
                    or (_capitalised(preceding) and span[0] - preceding.end <= 1))
        return bool(genitive) and name.endswith(genitive) and (_capitalised(following) or _capitalised(preceding))

    def role_of(i: int) -> str | None:
        """The role marked by word ``i``: it must introduce a noun phrase (an article or a capital follows)."""
        if tokens[i].lower not in markers or (i > 0 and tokens[i - 1].lower in lexicon.fixed):
            return None
        following = tokens[i + 1] if i + 1 < len(tokens) else None
        if following is None or following.start - tokens[i].end > 2:
            return None
        if following.lower not in articles and not following.text[:1].isupper():
            return None
        return markers[tokens[i].lower]

    marker_counts: dict[str, int] = {}
    for i in range(len(tokens)):
        role = role_of(i)
        if role:
            marker_counts[role] = marker_counts.get(role, 0) + 1
    mentions = []
    for key, span in name_mentions(text, language):
        index = starts.get(span[0])
        role, governed = None, False
        if modifies_noun(span):
            governed = True
        elif index is not None:
            before = index - 1
            if before >= 0 and tokens[before].lower in articles:
                article = tokens[before].lower
                endings = lexicon.oblique_articles.get(article)
                governed = ((endings is not None and text[span[0]:span[1]].endswith(endings))  # "den Amerikanern"
                            or (article in lexicon.genitive_articles and before > 0
                                and _capitalised(tokens[before - 1])))  # "Unterstützung der USA"
                before -= 1
            if before >= 0:
                role = role_of(before)
                governed = governed or (role is None and (tokens[before].lower in lexicon.prepositions
                                                          or tokens[before].lower in lexicon.double_object_verbs))
        mentions.append(Mention(key, span, role, governed))
    return mentions, marker_counts


def _same_name(a: str, b: str) -> bool:
    return a == b or keys_match(a, b)


def _swap(name_source: list[Mention], name_translation: list[Mention], source_markers: dict[str, int],
          translation_markers: dict[str, int], ctx: PairContext) -> tuple[str, Mention, Mention, bool] | None:
    """The first role one name holds more often on one side, while that side's rival marks something else
    and the other side has the name bare (a subject or an object, not governed by another preposition:
    "from the Soviet Union" is rendered "von der Sowjetunion", not swapped). With token vectors, that is the
    other side's mention of the name reading most like the marked one ("den Amerikanern" for "to the
    Americans", not a later "die Vereinigten Staaten"). Both sides must mark the role equally often: a swap
    moves a role between names, it adds none ("European men" rendered "Männer aus Europa" adds an origin).

    Returns the role, the marked mention, a mention on the other side, and whether the marked one is in the source.
    """
    for role in sorted({m.role for m in name_source + name_translation if m.role}):
        in_source = [m for m in name_source if m.role == role]
        in_translation = [m for m in name_translation if m.role == role]
        if source_markers.get(role, 0) != translation_markers.get(role, 0):
            continue
        # Each marked mention has a marker of its own, so with equal marker counts the side with fewer mentions
        # marks something else.
        if len(in_source) > len(in_translation):
            marked, others, marked_in_source = in_source[0], name_translation, True
            marked_side, marked_markers = name_source, source_markers
        elif len(in_translation) > len(in_source):
            marked, others, marked_in_source = in_translation[0], name_source, False
            marked_side, marked_markers = name_translation, translation_markers
        else:
            continue
        others = _facing_first(marked, others, marked_in_source, ctx)
        bare = next((m for m in others if m.role != role and not m.governed
                     and (m.role is None or _given_to_another(m.role, marked_side, marked_markers))), None)
        if bare is not None:
            return role, marked, bare, marked_in_source
    return None


def _facing_first(marked: Mention, others: list[Mention], marked_in_source: bool, ctx: PairContext) -> list[Mention]:
    """Without token vectors every mention of the other side; with them, only the one reading most like
    ``marked``."""
    if len(others) < 2:
        return others
    tokens = (ctx.source_tokens, ctx.translation_tokens)
    if not marked_in_source:
        tokens = tokens[::-1]
    similarities = [span_similarity(tokens[0], marked.span, tokens[1], other.span) for other in others]
    if any(similarity is None for similarity in similarities):
        return others
    return [others[max(range(len(others)), key=lambda i: similarities[i])]]


def _given_to_another(role: str, mentions: list[Mention], markers: dict[str, int]) -> bool:
    """Whether a side marks ``role`` more often than it gives it to the name of ``mentions``: the role went to
    another name there. A name with two different roles on the two sides ("provocations from North Korea" /
    "Provokationen durch Nordkorea") is only swapped when each side gives the other's role to someone else
    ("sent by Russia to Korea" / "sent by Korea to Russia"); otherwise the languages mark it differently."""
    return markers.get(role, 0) > sum(mention.role == role for mention in mentions)


@register(CHECK_ID)
def check_roles(ctx: PairContext) -> CheckResult:
    """Flag a shared name whose marked role (recipient, target, agent, origin) differs between the sides."""
    source, source_markers = _roles(ctx.source_text, ctx.source_lang)
    translation, translation_markers = _roles(ctx.translation_text, ctx.translation_lang)
    reasons = []
    seen: list[str] = []
    for key, *_ in translation:
        if any(_same_name(key, done) for done in seen):
            continue
        seen.append(key)
        name_translation = [m for m in translation if _same_name(key, m.key)]
        name_source = [m for m in source if _same_name(key, m.key)]
        if not name_source:
            continue
        found = _swap(name_source, name_translation, source_markers, translation_markers, ctx)
        if not found:
            continue
        role, marked, other, marked_in_source = found
        text, side = (ctx.source_text, "source") if marked_in_source else (ctx.translation_text, "translation")
        other_side = "translation" if marked_in_source else "source"
        message = (f"'{quote(text[slice(*marked.span)])}' is the {role} in the {side} but not in the "
                   f"{other_side}: the roles look swapped")
        source_span, translation_span = (marked.span, other.span) if marked_in_source else (other.span, marked.span)
        reasons.append(Reason(CHECK_ID, message, source_span, translation_span, "role"))
    swaps = min(len(reasons), MAX_SWAPS)
    return CheckResult({"roles.swaps": float(swaps), "roles.any_swap": float(swaps > 0)}, reasons[:MAX_SWAPS])
