"""Model-free stand-ins for the batch tests: a hashing encoder and a 1-1 comparison.

The batch layer only needs *a* :class:`~toolkit.result.Comparison`; building one
by pairing sentences in order and flagging changed numbers keeps these tests
independent of the aligner, the scorer and the real model, while the documents
(and so every line and column) still come from real files.
"""

from __future__ import annotations

import hashlib
import re

import numpy as np

from toolkit.checks.base import Reason
from toolkit.documents import Document, read_text
from toolkit.result import CandidateResult, Comparison, PairResult, Severity, Verdict
from toolkit.segment import segment_text


class HashEncoder:
    """Deterministic unit vectors from text hashes; counts the texts it embedded."""

    name = "fake-hash-encoder"
    dim = 8

    def __init__(self):
        self.encoded: list[str] = []

    def encode(self, texts):
        self.encoded.extend(texts)
        rows = [np.frombuffer(hashlib.sha256(t.encode()).digest()[:32], dtype=np.uint8)[: self.dim] for t in texts]
        vectors = np.array(rows, dtype=np.float32).reshape(len(texts), self.dim) + 1.0
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)

    def encode_tokens(self, texts):
        raise NotImplementedError


def load(path: str, lang: str) -> Document:
    text = read_text(path)
    document = Document(path=str(path), text=text, lang=lang)
    document.segments = segment_text(text, lang)
    return document


def _numbers(text: str) -> list[tuple[str, tuple[int, int]]]:
    return [(m.group().replace(",", "").replace(".", ""), m.span()) for m in re.finditer(r"\d[\d.,]*\d|\d", text)]


def fake_compare(translation_path, source_paths, encoder, options=None):
    """Pair sentences in order; a changed number is drift, extra sentences are omissions/additions."""
    translation = load(translation_path, "en")
    source = load(source_paths[0], "de")
    encoder.encode([s.text for s in translation.segments] + [s.text for s in source.segments])
    pairs = []
    for i in range(max(len(translation.segments), len(source.segments))):
        src = [i] if i < len(source.segments) else []
        tgt = [i] if i < len(translation.segments) else []
        s_text = source.segments[i].text if src else ""
        t_text = translation.segments[i].text if tgt else ""
        if not src or not tgt:
            verdict = Verdict.OMISSION if src else Verdict.ADDITION
            kind = verdict.value
            reason = Reason("alignment", f"{kind} of a sentence", (0, len(s_text)) if src else None,
                            (0, len(t_text)) if tgt else None, kind)
            pairs.append(PairResult(src, tgt, s_text, t_text, 0.0, 1.0, verdict, Severity.MEDIUM, [reason]))
            continue
        s_numbers, t_numbers = _numbers(s_text), _numbers(t_text)
        reasons = [Reason("numbers", f"{t_value} here but {s_value} in the source", s_span, t_span, "number")
                   for (s_value, s_span), (t_value, t_span) in zip(s_numbers, t_numbers) if s_value != t_value]
        verdict = Verdict.DRIFT if reasons else Verdict.OK
        severity = Severity.HIGH if reasons else Severity.NONE
        pairs.append(PairResult(src, tgt, s_text, t_text, 0.9, 0.9 if reasons else 0.1, verdict, severity, reasons))
    candidates = [CandidateResult(source.path, "de", 1.0, 1.0, "source")]
    signature = {"toolkit": "driftcheck", "model": encoder.name, "scorer": "fake"}
    return Comparison(signature, translation, source, candidates, pairs)


def fake_comparer(spec, config, encoder):
    """:func:`fake_compare` in the batch runner's ``comparer`` shape."""
    return fake_compare(spec.translation, list(spec.sources), encoder)
