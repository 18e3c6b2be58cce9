"""Contrast check: a small learned comparison of the two sides' token vectors.

The explicit checks see what they have rules for; an entity replaced by another
of its kind, a clause dropped inside a long sentence or a word added in passing
often slips between them, and the sentence cosine barely moves. This check runs a
decomposable-attention network (Parikh et al., 2016) over the contextual token
vectors the pipeline already has: every token of one side attends to the other
side, the token is compared with what it attended to, and the comparisons are
pooled into one logit, the feature ``contrast.logit`` for the scorer. The two
sides are pooled symmetrically, so which one is the source does not matter: the
training pairs all have English first, the seed article has German first.

The networks are tiny (three of about 80k weights each in ``toolkit/data/contrast.npz``,
evaluated with numpy) and were fitted by ``benchmarks/fit_contrast.py`` on token
vectors of the bundled model's layer ``DEFAULT_TOKEN_LAYER``: with any other
encoder or layer the vectors mean something else, so the check returns nothing
and the scorer treats the feature as average. It gives no reasons: it cannot say which words differ,
only how strongly the two sides disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Optional

import numpy as np

from ..embed.sentence_transformer import DEFAULT_TOKEN_LAYER
from . import register
from .base import CheckResult, PairContext

CHECK_ID = "contrast"
WEIGHTS_FILE = "contrast.npz"


@dataclass(frozen=True)
class ContrastNetwork:
    """The fitted weights of an ensemble of equally shaped networks (first axis: member).

    Matrices are ``(members, inputs, outputs)``; the logit is the members' mean, which
    steadies a network fitted on a thousand positive pairs.

    Attributes:
        encoder: the encoder name (before ``@``) whose token vectors it was fitted on.
        token_layer: the hidden layer those token vectors come from.
        temperature: ``(members,)`` scale of the token cosines before the attention softmax.
    """

    encoder: str
    token_layer: int
    temperature: np.ndarray
    project_w: np.ndarray
    project_b: np.ndarray
    compare_w: np.ndarray
    compare_b: np.ndarray
    hidden_w: np.ndarray
    hidden_b: np.ndarray
    out_w: np.ndarray
    out_b: np.ndarray

    def _side(self, k: int, own: np.ndarray, other: np.ndarray, cosine: np.ndarray) -> np.ndarray:
        """Max- and mean-pooled comparisons of each ``own`` token with what it attends to on ``other``."""
        scaled = cosine * self.temperature[k]
        attention = np.exp(scaled - scaled.max(axis=1, keepdims=True))
        attention /= attention.sum(axis=1, keepdims=True)
        attended = attention @ other
        best = cosine.max(axis=1, keepdims=True)
        features = np.concatenate([own, attended, own - attended, own * attended, best], axis=1)
        compared = np.maximum(features @ self.compare_w[k] + self.compare_b[k], 0.0)
        return np.concatenate([compared.max(axis=0), compared.mean(axis=0)])

    def _member_logit(self, k: int, source: np.ndarray, translation: np.ndarray, cosine: np.ndarray) -> float:
        own = np.maximum(source @ self.project_w[k] + self.project_b[k], 0.0)
        other = np.maximum(translation @ self.project_w[k] + self.project_b[k], 0.0)
        first, second = self._side(k, own, other, cosine), self._side(k, other, own, cosine.T)
        pooled = np.concatenate([first + second, np.maximum(first, second)])  # the same either way round
        hidden = np.maximum(pooled @ self.hidden_w[k] + self.hidden_b[k], 0.0)
        return float(hidden @ self.out_w[k] + self.out_b[k])

    def logit(self, source: np.ndarray, translation: np.ndarray) -> float:
        """The disagreement logit of two sides' unit token vectors ``(n, dim)`` and ``(m, dim)``."""
        cosine = source @ translation.T
        return float(np.mean([self._member_logit(k, source, translation, cosine)
                              for k in range(len(self.temperature))]))

    def save(self, path) -> None:
        np.savez(path, **{name: np.asarray(getattr(self, name)) for name in self.__dataclass_fields__})

    @classmethod
    def load(cls, path) -> "ContrastNetwork":
        with np.load(path, allow_pickle=False) as data:
            arrays = {name: data[name] for name in cls.__dataclass_fields__}
        return cls(encoder=str(arrays.pop("encoder")), token_layer=int(arrays.pop("token_layer")),
                   **{name: value.astype(np.float32) for name, value in arrays.items()})


@lru_cache(maxsize=1)
def shipped_network() -> Optional[ContrastNetwork]:
    """The packaged network, or ``None`` when none has been fitted yet."""
    path = resources.files("toolkit") / "data" / WEIGHTS_FILE
    if not path.is_file():
        return None
    with resources.as_file(path) as local:
        return ContrastNetwork.load(local)


def applies_to(network: ContrastNetwork, encoder_name: str) -> bool:
    """Whether token vectors from ``encoder_name`` (at the run-time token layer) are the kind it was fitted on."""
    return encoder_name.split("@")[0] == network.encoder and network.token_layer == DEFAULT_TOKEN_LAYER


@register(CHECK_ID)
def check_contrast(context: PairContext) -> CheckResult:
    """Feature ``contrast.logit`` (higher: the sides disagree more); nothing without fitting token vectors."""
    network = shipped_network()
    if (network is None or context.source_tokens is None or context.translation_tokens is None
            or not applies_to(network, context.encoder_name)
            or len(context.source_tokens.spans) == 0 or len(context.translation_tokens.spans) == 0):
        return CheckResult()
    logit = network.logit(np.asarray(context.source_tokens.vectors, dtype=np.float32),
                          np.asarray(context.translation_tokens.vectors, dtype=np.float32))
    return CheckResult({"contrast.logit": logit})
