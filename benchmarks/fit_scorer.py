"""Fit the drift scorer (logistic regression over every registered check's features).

Usage::

    python benchmarks/fit_scorer.py            # fit, cross-validate, write toolkit/data/scorer.json
    python benchmarks/fit_scorer.py --dry-run  # fit and report, write nothing

Training data: WMT22 CED en-de dev (every BAD row and a seeded sample of OK rows,
weighted back to the natural 5.5 % prevalence) and the REFreSD half (en-fr). WMT21
CED is left out of fitting and reported by ``drift_eval.py`` as an unseen domain.
Features are whatever ``toolkit.scoring.extract_features`` returns, so a check that
lands later is picked up by the next refit; constant columns are dropped.

Figures printed are grouped 5-fold cross-validation: each fold's model and drift
threshold come from the other folds only. The shipped threshold maximises MCC on
the pooled out-of-fold predictions; the variant threshold is the 90th percentile of
out-of-fold scores of the fine pairs (one fine pair in ten is worded noticeably
differently).
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _features import (  # noqa: E402
    TokenCache, auc, embedded_subset, f1, feature_table, grouped_folds, load_refresd, load_wmt22, mcc,
)

SCORER_PATH = Path(__file__).resolve().parent.parent / "toolkit" / "data" / "scorer.json"
# Redundant with semantic.adjusted on cross-lingual data, or constant in training.
EXCLUDED = {"semantic.similarity", "semantic.same_language"}
L2 = 1.0
FOLDS = 5
VARIANT_QUANTILE = 0.90
# Reason kinds that make a pair drift whatever its probability (see toolkit.scoring.verdict_of).
FORCING_KINDS = ("date", "name", "negation", "number", "polarity", "role")


def fit_logistic(x: np.ndarray, y: np.ndarray, weights: np.ndarray, l2: float = L2,
                 iterations: int = 50) -> tuple[np.ndarray, float]:
    """Weighted L2-regularised logistic regression by Newton's method (IRLS); bias unpenalised."""
    n, d = x.shape
    design = np.hstack([x, np.ones((n, 1))])
    theta = np.zeros(d + 1)
    penalty = np.full(d + 1, l2)
    penalty[-1] = 0.0
    weights = weights * n / weights.sum()
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-np.clip(design @ theta, -60, 60)))
        gradient = design.T @ (weights * (p - y)) + penalty * theta
        hessian = (design * (weights * p * (1 - p))[:, None]).T @ design + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hessian, gradient)
        theta -= step
        if np.abs(step).max() < 1e-8:
            break
    return theta[:-1], float(theta[-1])


class Standardised:
    """Column means and scales from training rows; NaN (missing feature) becomes the mean."""

    def __init__(self, x: np.ndarray):
        self.means = np.nanmean(x, axis=0)
        self.scales = np.nanstd(x, axis=0)
        self.scales[self.scales < 1e-9] = 1.0

    def __call__(self, x: np.ndarray) -> np.ndarray:
        filled = np.where(np.isnan(x), self.means, x)
        return (filled - self.means) / self.scales


def predict(x: np.ndarray, weights: np.ndarray, bias: float) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x @ weights + bias, -60, 60)))


def best_threshold(scores: np.ndarray, labels: np.ndarray, weights: np.ndarray, facts: np.ndarray) -> float:
    """The drift threshold with the highest weighted MCC of the shipped verdict rule."""
    def score(threshold: float) -> float:
        variant = variant_threshold(scores, labels, threshold)
        return mcc(drift_verdicts(scores, facts, threshold, variant), labels, weights)

    candidates = np.unique(np.quantile(scores, np.linspace(0.01, 0.99, 197)))
    return float(max(candidates, key=score))


def fit(x, y, w, facts):
    """Standardise, fit, pick the drift threshold on the fitted rows."""
    scaler = Standardised(x)
    coef, bias = fit_logistic(scaler(x), y, w)
    threshold = best_threshold(predict(scaler(x), coef, bias), y, w, facts)
    return scaler, coef, bias, threshold


def cross_validate(x, y, w, groups, facts) -> tuple[np.ndarray, np.ndarray]:
    """Out-of-fold probabilities and verdicts; each fold's model and threshold come from the others."""
    folds = grouped_folds(groups, FOLDS)
    out_of_fold = np.zeros(len(y))
    predicted = np.zeros(len(y), dtype=int)
    for fold in range(FOLDS):
        train, test = folds != fold, folds == fold
        scaler, coef, bias, threshold = fit(x[train], y[train], w[train], facts[train])
        variant = variant_threshold(predict(scaler(x[train]), coef, bias), y[train], threshold)
        out_of_fold[test] = predict(scaler(x[test]), coef, bias)
        predicted[test] = drift_verdicts(out_of_fold[test], facts[test], threshold, variant)
    return out_of_fold, predicted


def variant_threshold(scores: np.ndarray, labels: np.ndarray, drift_threshold: float) -> float:
    """Scores above this are worded noticeably differently: the top tenth of the fine pairs."""
    return float(min(np.quantile(scores[labels == 0], VARIANT_QUANTILE), drift_threshold / 2))


def drift_verdicts(scores: np.ndarray, facts: np.ndarray, drift_threshold: float, variant: float) -> np.ndarray:
    """1 where ``toolkit.scoring.verdict_of`` says drift.

    ``facts`` per row: 2 = a forcing reason fired, 1 = another fact reason, 0 = none.
    """
    return ((scores >= drift_threshold) | ((scores >= variant) & (facts > 0)) | (facts >= 2)).astype(int)


def fact_flags(tables, forcing_kinds=FORCING_KINDS) -> np.ndarray:
    """Per row of the stacked tables: 2 forcing reason, 1 other fact reason, 0 none."""
    from toolkit.scoring import _HIGH_STAKES_KINDS

    return np.array([2 if kinds & set(forcing_kinds) else int(bool(kinds & _HIGH_STAKES_KINDS))
                     for table in tables for kinds in table.reason_kinds])


def load_training(cache: TokenCache):
    """Feature matrices of the training sets, restricted to shared, non-constant features."""
    sets = [embedded_subset(s, cache) for s in (load_wmt22(), load_refresd())]
    sets = [s for s in sets if len(s.labels)]
    tables = [feature_table(s, cache) for s in sets]
    shared = sorted(set.intersection(*(set(t.names) for t in tables)) - EXCLUDED)
    x = np.vstack([t.values[:, [t.names.index(n) for n in shared]] for t in tables])
    keep = [j for j, _ in enumerate(shared) if np.nanstd(x[:, j]) > 1e-9]
    names = [shared[j] for j in keep]
    return sets, tables, names, x[:, keep]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dry-run", action="store_true", help="report only, do not write scorer.json")
    args = parser.parse_args()

    cache = TokenCache()
    sets, tables, names, x = load_training(cache)
    y = np.concatenate([s.labels for s in sets]).astype(float)
    w = np.concatenate([s.weights / s.weights.sum() * len(s.labels) for s in sets])
    set_of_row = np.concatenate([[k] * len(s.labels) for k, s in enumerate(sets)])
    groups = np.concatenate([s.groups + 1_000_000 * k for k, s in enumerate(sets)])
    print(f"features ({len(names)}): {', '.join(names)}")
    for s in sets:
        print(f"  {s.name}: {len(s.labels)} pairs embedded, {int(s.labels.sum())} positive")

    facts = fact_flags(tables)
    out_of_fold, predicted = cross_validate(x, y, w, groups, facts)
    print(f"\ngrouped {FOLDS}-fold cross-validation (fold thresholds from training folds):")
    cv = {}
    for k, s in enumerate(sets):
        rows = set_of_row == k
        figures = {
            "auc": auc(out_of_fold[rows], y[rows], s.weights),
            "mcc": mcc(predicted[rows], y[rows], s.weights),
            "f1": f1(predicted[rows], y[rows], s.weights),
            "cosine_auc": auc(-tables[k].similarity, s.labels, s.weights),
        }
        cv[s.name] = {key: round(value, 4) for key, value in figures.items()}
        print(f"  {s.name:10s} AUC {figures['auc']:.3f}  MCC {figures['mcc']:.3f}  F1 {figures['f1']:.3f}"
              f"   (plain cosine AUC {figures['cosine_auc']:.3f})")

    drift_threshold = best_threshold(out_of_fold, y, w, facts)
    variant = variant_threshold(out_of_fold, y, drift_threshold)
    scaler, coef, bias, _ = fit(x, y, w, facts)
    print(f"\nfinal model (all rows): drift_threshold {drift_threshold:.3f}, variant_threshold "
          f"{variant:.3f}, bias {bias:+.3f}")
    for name, weight in sorted(zip(names, coef), key=lambda item: -abs(item[1])):
        print(f"  {weight:+.3f}  {name}")
    if args.dry_run:
        return
    from toolkit.checks import all_checks

    scorer = {
        "version": f"logreg-{datetime.date.today().isoformat()}-{len(names)}f",
        "note": "Written by benchmarks/fit_scorer.py; do not edit by hand.",
        "fitted_on": {s.name: {"pairs": int(len(s.labels)), "positives": int(s.labels.sum())} for s in sets},
        "checks": sorted(all_checks()),
        "cross_validation": cv,
        "features": names,
        "means": [round(float(v), 6) for v in scaler.means],
        "scales": [round(float(v), 6) for v in scaler.scales],
        "weights": [round(float(v), 6) for v in coef],
        "bias": round(bias, 6),
        "drift_threshold": round(drift_threshold, 4),
        "variant_threshold": round(variant, 4),
        "forcing_kinds": list(FORCING_KINDS),
    }
    SCORER_PATH.write_text(json.dumps(scorer, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {SCORER_PATH}")


if __name__ == "__main__":
    main()
