"""From check features to a drift probability, a verdict and a severity.

The scorer is a logistic regression over the registered checks' features. Its
weights, feature scaling and thresholds live in ``toolkit/data/scorer.json``,
written by ``benchmarks/fit_scorer.py`` and evaluated here with numpy only, so
scoring needs no ML library at run time and is identical on every machine.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from .checks import all_checks
from .checks.base import PairContext, Reason
from .result import Severity, Verdict

_HIGH_STAKES_KINDS = {"number", "name", "name-missing", "date", "negation", "polarity", "role"}


@dataclass
class Assessment:
    """The scorer's judgement of one pair."""

    drift: float
    verdict: Verdict
    severity: Severity
    reasons: list[Reason] = field(default_factory=list)
    features: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class ScorerModel:
    """Weights and thresholds of the shipped scorer (see ``toolkit/data/scorer.json``)."""

    version: str
    features: tuple[str, ...]
    means: tuple[float, ...]
    scales: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float
    drift_threshold: float
    variant_threshold: float
    forcing_kinds: tuple[str, ...] = ()

    @classmethod
    def load(cls, path: str | None = None) -> "ScorerModel":
        raw = (
            json.loads(open(path, encoding="utf-8").read())
            if path
            else json.loads(resources.files("toolkit").joinpath("data/scorer.json").read_text("utf-8"))
        )
        return cls(
            version=raw["version"],
            features=tuple(raw["features"]),
            means=tuple(raw["means"]),
            scales=tuple(raw["scales"]),
            weights=tuple(raw["weights"]),
            bias=float(raw["bias"]),
            drift_threshold=float(raw["drift_threshold"]),
            variant_threshold=float(raw["variant_threshold"]),
            forcing_kinds=tuple(raw.get("forcing_kinds", ())),
        )

    def probability(self, features: dict[str, float]) -> float:
        """Logistic model over standardised features.

        A feature a check could not compute (e.g. coverage without token embeddings)
        counts as its training mean, so it pushes the score neither way.
        """
        z = self.bias
        for name, mean, scale, weight in zip(self.features, self.means, self.scales, self.weights):
            z += weight * (features.get(name, mean) - mean) / scale
        return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))


def extract_features(ctx: PairContext) -> tuple[dict[str, float], list[Reason]]:
    """Run every registered check on one pair; all features and all reasons.

    Besides the checks' own features: ``semantic.similarity`` (the raw cosine) and
    ``reasons.fact_kinds`` (how many kinds of fact-level reasons fired).
    """
    features: dict[str, float] = {"semantic.similarity": ctx.similarity}
    reasons: list[Reason] = []
    for check in all_checks().values():
        result = check(ctx)
        features.update(result.features)
        reasons.extend(result.reasons)
    # One derived feature lets the model weigh "a fact check fired" directly, whatever the check.
    features["reasons.fact_kinds"] = float(len({r.kind for r in reasons} & _HIGH_STAKES_KINDS))
    return features, reasons


def severity_of(drift: float, reasons: list[Reason], verdict: Verdict) -> Severity:
    """High when a fact (number, name, date, negation, role) changed; otherwise by probability."""
    if not verdict.is_problem:
        return Severity.NONE
    if any(r.kind in _HIGH_STAKES_KINDS for r in reasons) or drift >= 0.9:
        return Severity.HIGH
    return Severity.MEDIUM if drift >= 0.7 else Severity.LOW


@lru_cache(maxsize=1)
def default_model() -> ScorerModel:
    return ScorerModel.load()


def assess(ctx: PairContext, model: ScorerModel | None = None) -> Assessment:
    """Judge one aligned pair: drift probability, verdict, severity and the reasons behind it."""
    model = model or default_model()
    features, reasons = extract_features(ctx)
    drift = model.probability(features)
    verdict = verdict_of(drift, reasons, model)
    shown = reasons if verdict is Verdict.DRIFT else []
    if verdict is Verdict.DRIFT and not shown:
        shown = [Reason("scorer", f"the meaning differs (drift probability {drift:.2f}, similarity "
                                  f"{ctx.similarity:.2f})", (0, len(ctx.source_text)),
                        (0, len(ctx.translation_text)), "meaning")]
    return Assessment(drift, verdict, severity_of(drift, shown, verdict), shown, features)


def verdict_of(drift: float, reasons: list[Reason], model: ScorerModel) -> Verdict:
    """Thresholds on the probability, plus two rules for fact-level reasons.

    A changed number, name, date or negation can leave the sentence similarity high,
    which the benchmark data cannot teach the model (there the fact checks also fire
    on many faithful pairs). So: a reason of a kind in ``model.forcing_kinds``
    (number, name substitution, date, negation, polarity, role as shipped) makes the pair drift whatever its
    probability; any other fact reason does so once the pair is noticeably different
    (probability past the variant threshold). ``benchmarks/fit_scorer.py``
    cross-validates with these same rules.
    """
    if drift >= model.drift_threshold or any(r.kind in model.forcing_kinds for r in reasons):
        return Verdict.DRIFT
    if drift >= model.variant_threshold:
        has_fact = any(r.kind in _HIGH_STAKES_KINDS for r in reasons)
        return Verdict.DRIFT if has_fact else Verdict.VARIANT
    return Verdict.OK
