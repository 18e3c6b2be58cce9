"""The comparison pipeline: load -> detect language -> segment -> embed -> align -> check -> verdict.

Library code only: the CLI, the batch checker and the benchmarks all call
:func:`compare`, so a result means the same thing wherever it is produced.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np

from . import __version__
from .align import AlignConfig, Bead, align, summed_cosine
from .checks.base import PairContext, Reason
from .documents import Document, read_text
from .embed.base import Encoder
from .langid import detect_language, untranslated_lines
from .ranking import rank_candidates
from .result import CandidateResult, Comparison, PairResult, Severity, Verdict, join_segments
from .scoring import ScorerModel, assess, default_model
from .segment import segment_text

LANGDETECT_SEED = 0
STAGES = ("embedding", "ranking candidates", "aligning", "checking")
"""What :func:`compare` reports to its ``progress`` callback, in order."""


@dataclass
class CompareOptions:
    """Knobs of one comparison.

    Attributes:
        source_lang: force the sources' language instead of detecting it.
        target_lang: force the translation's language instead of detecting it.
        presplit: one sentence per line in every input, no re-segmentation.
        align_config: aligner settings (``None``: the measured defaults).
        scorer: drift scorer (``None``: the shipped one).
    """

    source_lang: str | None = None
    target_lang: str | None = None
    presplit: bool = False
    align_config: AlignConfig | None = None
    scorer: ScorerModel | None = None


def load_document(path: str, lang: str | None = None, presplit: bool = False) -> Document:
    """Read, identify and segment one file; every failure is an :class:`InputError`."""
    text = read_text(path)
    document = Document(path=str(path), text=text, lang=lang or detect_language(text, str(path)))
    document.segments = segment_text(text, document.lang, presplit=presplit)
    return document


def embed_document(document: Document, encoder: Encoder) -> np.ndarray:
    """One vector per segment: each sentence is embedded exactly once."""
    return encoder.encode([s.text for s in document.segments])


def align_documents(source: Document, translation: Document, source_vectors: np.ndarray,
                    translation_vectors: np.ndarray, encoder: Encoder, config: AlignConfig | None = None) -> list[Bead]:
    """Align two loaded documents with every pass their texts allow: re-embedded concatenations, attached
    fragments, debris, layout lines and untranslated text (the aligner measured in ``benchmarks/align_textberg.py``)."""
    source_texts, translation_texts = [s.text for s in source.segments], [s.text for s in translation.segments]
    return align(source_vectors, translation_vectors,
                 [len(t) for t in source_texts], [len(t) for t in translation_texts],
                 config, embed_concat=encoder.encode, source_texts=source_texts, translation_texts=translation_texts,
                 untranslated=untranslated_lines(source_texts, translation_texts, source.lang, translation.lang))


def signature(encoder: Encoder, options: CompareOptions) -> dict:
    """What a reader needs to reproduce a result: versions, model, aligner and scorer settings."""
    scorer = options.scorer or default_model()
    config = options.align_config or AlignConfig()
    return {
        "toolkit": "driftcheck",
        "version": __version__,
        "model": encoder.name,
        "aligner": config.describe() if hasattr(config, "describe") else repr(config),
        "scorer": scorer.version,
        "drift_threshold": scorer.drift_threshold,
        "variant_threshold": scorer.variant_threshold,
        "langdetect_seed": LANGDETECT_SEED,
        "presplit": options.presplit,
    }


def _one_sided(indices_src: list[int], indices_tgt: list[int], source: Document, translation: Document,
               similarity: float) -> PairResult:
    if indices_src:
        verdict = Verdict.OMISSION
        message = "this source sentence has no counterpart in the translation"
        reason = Reason("alignment", message, (0, len(join_segments(source.segments, indices_src))), None, "omission")
    else:
        verdict = Verdict.ADDITION
        message = "this translation sentence has no counterpart in the source"
        span = (0, len(join_segments(translation.segments, indices_tgt)))
        reason = Reason("alignment", message, None, span, "addition")
    return PairResult(
        source=indices_src,
        translation=indices_tgt,
        source_text=join_segments(source.segments, indices_src),
        translation_text=join_segments(translation.segments, indices_tgt),
        similarity=similarity,
        drift=1.0,
        verdict=verdict,
        severity=Severity.MEDIUM,
        reasons=[reason],
    )


def _token_embeddings(encoder: Encoder, texts: list[str]) -> list:
    """Token embeddings of ``texts`` in one batched call; ``None`` each when the encoder has none.

    The coverage check needs them to find words left out inside a pair. They cost one
    more forward pass per side, so they are computed once, batched, for the two-sided
    beads only (one-sided beads are judged without checks).
    """
    if not texts:
        return []
    try:
        return list(encoder.encode_tokens(texts))
    except (AttributeError, NotImplementedError):
        return [None] * len(texts)


def judge_pairs(source: Document, translation: Document, beads, source_vectors: np.ndarray,
                translation_vectors: np.ndarray, encoder: Encoder, scorer: ScorerModel | None) -> list[PairResult]:
    """Give every bead of an alignment a verdict."""
    two_sided = [(list(b.source), list(b.translation)) for b in beads if b.source and b.translation]
    source_texts = [join_segments(source.segments, src) for src, _ in two_sided]
    translation_texts = [join_segments(translation.segments, tgt) for _, tgt in two_sided]
    tokens = _token_embeddings(encoder, source_texts + translation_texts)
    pairs = []
    k = 0
    for bead in beads:
        src, tgt = list(bead.source), list(bead.translation)
        if not src or not tgt:
            pairs.append(_one_sided(src, tgt, source, translation, float(bead.score)))
            continue
        similarity = summed_cosine(src, tgt, source_vectors, translation_vectors)
        ctx = PairContext(
            source_text=source_texts[k],
            translation_text=translation_texts[k],
            source_lang=source.lang,
            translation_lang=translation.lang,
            similarity=similarity,
            source_tokens=tokens[k],
            translation_tokens=tokens[len(two_sided) + k],
            encoder_name=encoder.name,
        )
        k += 1
        judgement = assess(ctx, scorer)
        pairs.append(PairResult(src, tgt, ctx.source_text, ctx.translation_text, similarity,
                                judgement.drift, judgement.verdict, judgement.severity, judgement.reasons))
    return pairs


def compare(translation_path: str, source_paths: Sequence[str], encoder: Encoder,
            options: CompareOptions | None = None,
            progress: Callable[[str], None] | None = None) -> Comparison:
    """Find which candidate the translation came from and judge every aligned sentence pair."""
    options = options or CompareOptions()
    note = progress or (lambda message: None)
    translation = load_document(translation_path, options.target_lang, options.presplit)
    sources = [load_document(p, options.source_lang, options.presplit) for p in source_paths]
    note("embedding")
    translation_vectors = embed_document(translation, encoder)
    source_vectors = [embed_document(s, encoder) for s in sources]
    note("ranking candidates")
    ranking = rank_candidates(translation_vectors, source_vectors,
                              translation_lengths=[len(s.text) for s in translation.segments],
                              candidate_lengths=[[len(s.text) for s in d.segments] for d in sources])
    best = sources[ranking[0].index]
    best_vectors = source_vectors[ranking[0].index]
    note("aligning")
    beads = align_documents(best, translation, best_vectors, translation_vectors, encoder, options.align_config)
    note("checking")
    pairs = judge_pairs(best, translation, beads, best_vectors, translation_vectors, encoder, options.scorer)
    candidates = [
        CandidateResult(sources[c.index].path, sources[c.index].lang, c.score, c.coverage, c.relation)
        for c in ranking
    ]
    return Comparison(signature(encoder, options), translation, best, candidates, pairs)


def score_pairs(pairs: Sequence[tuple[str, str]], source_lang: str, translation_lang: str, encoder: Encoder,
                scorer: ScorerModel | None = None) -> list[PairResult]:
    """Judge pre-aligned (source, translation) pairs, as if each were a one-to-one bead."""
    from .documents import Segment

    def as_document(texts: list[str], lang: str) -> Document:
        segments = [Segment(i, t, 0, len(t), i + 1, 1, i + 1, len(t) + 1) for i, t in enumerate(texts)]
        return Document(path="", text="", lang=lang, segments=segments)

    source = as_document([s for s, _ in pairs], source_lang)
    translation = as_document([t for _, t in pairs], translation_lang)
    vectors = encoder.encode([s for s, _ in pairs] + [t for _, t in pairs])
    beads = [Bead((i,), (i,), 0.0) for i in range(len(pairs))]
    return judge_pairs(source, translation, beads, vectors[: len(pairs)], vectors[len(pairs):], encoder, scorer)
