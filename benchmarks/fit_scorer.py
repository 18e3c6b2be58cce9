"""Fit the drift scorer (gradient-boosted trees over every registered check's features).

Usage::

    python benchmarks/fit_scorer.py            # fit, cross-validate, write toolkit/data/scorer.json
    python benchmarks/fit_scorer.py --dry-run  # fit and report, write nothing

Training data: WMT22 CED en-de dev (all 17,280 rows, 5.5 % BAD) and the REFreSD half
(en-fr, weighed up by ``SET_EMPHASIS``). WMT21 CED train (Wikipedia comments) fits only the
offsets of ``OFFSET_FEATURES``, which the trees leave out; WMT21 dev is reported by
``drift_eval.py`` as an unseen domain (trees fitted on WMT21 train too reached its dev goal
but lost WMT22's and REFreSD's: README).
Features are whatever ``toolkit.scoring.extract_features`` returns, so a check that
lands later is picked up by the next refit; constant columns are dropped. The
``contrast.logit`` of a training row is the out-of-fold value ``fit_contrast.py``
saved (run that first), never the shipped networks' in-sample logit.

The model is ``SEEDS`` boosted-tree ensembles fitted with different subsampling seeds, their
log-odds averaged (shipped as one list of trees with the learning rate divided among them): one
seed's figures vary by a few thousandths of AUC from seed to seed, the average's hardly.

Figures printed are grouped 5-fold cross-validation: each fold's model and drift
threshold come from the other folds only. The shipped threshold is the middle of the
range where MCC on the pooled out-of-fold predictions is within ``MCC_PLATEAU`` of its
best (a bare argmax of that flat curve is unstable); the variant threshold is the 90th percentile of
out-of-fold scores of the fine pairs (one fine pair in ten is worded noticeably
differently).

Fitting needs scikit-learn (``pip install -e '.[bench]'``); the shipped scorer is
evaluated without it (``toolkit.scoring``), and this script checks that the exported
trees give scikit-learn's probabilities before writing them.
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _features import (  # noqa: E402
    FOLDS, TokenCache, auc, embedded_subset, f1, feature_table, grouped_folds, load_wmt21, mcc, stack_sets,
    training_sets,
)
from fit_contrast import substitute_out_of_fold  # noqa: E402

SCORER_PATH = Path(__file__).resolve().parent.parent / "toolkit" / "data" / "scorer.json"
# Redundant with semantic.adjusted on cross-lingual data, or constant in training; the tone check's counts,
# which the trees gave no weight (importance 0.000: WMT22 has an insult on one side only in 2 of 17,280 pairs).
EXCLUDED = {"semantic.similarity", "semantic.same_language", "tone.source_offensive", "tone.translation_offensive"}
# Features the trees leave out because their rows barely show them; each adds log-odds per unit instead, the
# coefficient of a logistic regression on WMT21 CED train (7,878 Wikipedia comments, where 1 % of the fine and
# 10 % of the bad pairs have an insult on one side only) with the trees' log-odds as a fixed offset and an
# intercept of its own (the set's base rate, not shipped). The contrast networks trained on those rows, so the
# trees' log-odds there are in-sample and overconfident: the fitted offset errs low.
OFFSET_FEATURES = ("tone.one_sided",)
TREES = 200  # depth-3 trees; measured by grouped 5-fold CV on WMT22 (AUC 0.928) against depth 2 (0.926),
TREE_DEPTH = 3  # 400 trees (0.927) and the logistic regression this replaced (0.912)
LEARNING_RATE = 0.05
SUBSAMPLE = 0.8
# Members of the ensemble, each fitted with another subsampling seed, their log-odds averaged. One seed's
# trees vary: on the same features, five single seeds gave WMT22 CV AUC 0.9547-0.9559 and REFreSD
# 0.9174-0.9218; five averaged gave 0.9561-0.9564 and 0.9201-0.9206 over three sets of seeds (ten: 0.9563 /
# 0.9203).
SEEDS = 5
VARIANT_QUANTILE = 0.90
MCC_PLATEAU = 0.005  # thresholds this close to the best MCC count as equally good
# Reason kinds that make a pair drift whatever its probability (see toolkit.scoring.verdict_of).
FORCING_KINDS = ("date", "name", "negation", "number", "polarity", "role", "tone", "untranslated")
# REFreSD (520 pairs) weighs as if it had this many times its rows beside WMT22's 17,280. Chosen on
# these CV figures (so slightly optimistic), REFreSD / WMT22 AUC: 0.883 / 0.954 at 1, 0.910 / 0.952
# at 4 (before the negation contrasts); 0.917 / 0.952 at 8, 0.921 / 0.953 at 12, 0.920 / 0.952 at 16; with
# the contrast networks trained on synthetic omissions 0.9199 / 0.9569 at 12, 0.9213 / 0.9567 at 14, 0.9207 /
# 0.9563 at 16; with the compass compounds of the names check and the numbers' halves 0.9200 / 0.9579 at 12,
# 0.9202 / 0.9574 at 14, 0.9213 / 0.9571 at 16, but 16 put its threshold at 0.328 and the faithful "should not
# ignore" / "endlich Beachtung schenken" of test_scoring at 0.335 (drift), so 14 stayed. Once a negated litotes
# verb no longer counts as a flip ("not ignore"), 0.9200 / 0.9574 (WMT22 MCC 0.678) at 14 and 0.9214 / 0.9572
# (MCC 0.675) at 16: 16, which keeps REFreSD clear of its 0.92 goal by more than refit noise.
SET_EMPHASIS = {"refresd": 16.0}


@dataclass
class FittedScorer:
    """Boosted-tree members over the tree columns of a feature matrix, plus per-column log-odds offsets."""

    boosters: list
    means: np.ndarray
    tree_columns: list[int]
    offsets: dict[int, float] = field(default_factory=dict)

    def tree_log_odds(self, x: np.ndarray) -> np.ndarray:
        """The members' mean log-odds; missing features filled with their training means."""
        columns = x[:, self.tree_columns]
        filled = np.where(np.isnan(columns), self.means, columns)
        return np.mean([booster.decision_function(filled) for booster in self.boosters], axis=0)

    def predict(self, x: np.ndarray) -> np.ndarray:
        """The drift probability, as ``toolkit.scoring.ScorerModel.probability`` computes it."""
        log_odds = self.tree_log_odds(x)
        for column, weight in self.offsets.items():
            log_odds = log_odds + weight * np.nan_to_num(x[:, column])
        return 1.0 / (1.0 + np.exp(-log_odds))


def fit_trees(x: np.ndarray, y: np.ndarray, weights: np.ndarray):
    """``SEEDS`` gradient-boosted tree models (scikit-learn) that differ only in the seed of their row
    subsampling; missing features filled with column means."""
    from sklearn.ensemble import GradientBoostingClassifier

    means = np.nanmean(x, axis=0)
    filled = np.where(np.isnan(x), means, x)
    boosters = [
        GradientBoostingClassifier(
            max_depth=TREE_DEPTH, n_estimators=TREES, learning_rate=LEARNING_RATE, subsample=SUBSAMPLE,
            random_state=seed,
        ).fit(filled, y, sample_weight=weights)
        for seed in range(SEEDS)
    ]
    return boosters, means


def fit_offsets(scorer: FittedScorer, names: list[str], offset_rows: tuple[np.ndarray, np.ndarray]) -> dict:
    """Log-odds per unit of each of ``OFFSET_FEATURES`` beyond the trees, by Newton's method on ``offset_rows``
    (features, labels): a logistic regression with the trees' log-odds as a fixed offset and an intercept."""
    x, labels = offset_rows
    columns = [names.index(name) for name in OFFSET_FEATURES if name in names]
    design = np.column_stack([np.ones(len(labels))] + [np.nan_to_num(x[:, j]) for j in columns])
    fixed = scorer.tree_log_odds(x)
    beta = np.zeros(design.shape[1])
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-(fixed + design @ beta)))
        hessian = design.T @ (design * (p * (1 - p))[:, None]) + 1e-6 * np.eye(len(beta))
        step = np.linalg.solve(hessian, design.T @ (labels - p))
        beta += step
        if np.abs(step).max() < 1e-8:
            break
    return {j: float(weight) for j, weight in zip(columns, beta[1:])}


def exported_trees(boosters) -> tuple[float, float, list[dict]]:
    """The base log-odds, the weight of each tree and every member's trees in ``toolkit.scoring.Tree``'s
    flat layout. The members start from the same prior (it depends on the labels only), so their mean
    log-odds is that prior plus every tree's value weighed by the learning rate over the member count."""
    trees = []
    for booster in boosters:
        for (estimator,) in booster.estimators_:
            tree = estimator.tree_
            leaf = tree.children_left < 0
            trees.append({
                "feature": [int(f) if not is_leaf else -1 for f, is_leaf in zip(tree.feature, leaf)],
                "threshold": [float(t) if not is_leaf else 0.0 for t, is_leaf in zip(tree.threshold, leaf)],
                "left": [int(v) for v in tree.children_left],
                "right": [int(v) for v in tree.children_right],
                "value": [round(float(v), 6) for v in tree.value[:, 0, 0]],
            })
    priors = {float(booster.init_.class_prior_[1]) for booster in boosters}
    assert len(priors) == 1, priors
    prior = priors.pop()
    return math.log(prior / (1 - prior)), LEARNING_RATE / len(boosters), trees


def best_threshold(scores: np.ndarray, labels: np.ndarray, weights: np.ndarray, forced: np.ndarray) -> float:
    """The middle of the thresholds whose weighted MCC (of the shipped verdict rule) is within
    ``MCC_PLATEAU`` of the best: the curve is flat over a wide range, and its bare argmax jumped
    from 0.17 to 0.58 between two refits that changed a few reasons."""
    candidates = np.unique(np.quantile(scores, np.linspace(0.01, 0.99, 197)))
    figures = np.array([mcc(drift_verdicts(scores, forced, threshold), labels, weights) for threshold in candidates])
    return float(np.median(candidates[figures >= figures.max() - MCC_PLATEAU]))


def fit(x, y, w, forced, names, offset_rows):
    """Fit the trees, then their offsets on ``offset_rows``, and pick the drift threshold on the fitted rows."""
    tree_columns = [j for j, name in enumerate(names) if name not in OFFSET_FEATURES]
    boosters, means = fit_trees(x[:, tree_columns], y, w)
    scorer = FittedScorer(boosters, means, tree_columns)
    scorer.offsets = fit_offsets(scorer, names, offset_rows)
    return scorer, best_threshold(scorer.predict(x), y, w, forced)


def cross_validate(x, y, w, groups, forced, names, offset_rows) -> tuple[np.ndarray, np.ndarray]:
    """Out-of-fold probabilities and verdicts; each fold's model and threshold come from the others."""
    folds = grouped_folds(groups, FOLDS)
    out_of_fold = np.zeros(len(y))
    predicted = np.zeros(len(y), dtype=int)
    for fold in range(FOLDS):
        train, test = folds != fold, folds == fold
        scorer, threshold = fit(x[train], y[train], w[train], forced[train], names, offset_rows)
        out_of_fold[test] = scorer.predict(x[test])
        predicted[test] = drift_verdicts(out_of_fold[test], forced[test], threshold)
    return out_of_fold, predicted


def variant_threshold(scores: np.ndarray, labels: np.ndarray, drift_threshold: float) -> float:
    """Scores above this are worded noticeably differently: the top tenth of the fine pairs."""
    return float(min(np.quantile(scores[labels == 0], VARIANT_QUANTILE), drift_threshold / 2))


def drift_verdicts(scores: np.ndarray, forced: np.ndarray, drift_threshold: float) -> np.ndarray:
    """1 where ``toolkit.scoring.verdict_of`` says drift: past the threshold, or a forcing reason fired."""
    return ((scores >= drift_threshold) | forced).astype(int)


def forced_flags(tables, forcing_kinds=FORCING_KINDS) -> np.ndarray:
    """Per row of the stacked tables: whether a reason of a forcing kind fired."""
    return np.array([bool(kinds & set(forcing_kinds)) for table in tables for kinds in table.reason_kinds])


def load_training(cache: TokenCache):
    """Feature matrices of the training sets, restricted to shared, non-constant features."""
    sets = training_sets(cache)
    tables = [feature_table(s, cache) for s in sets]
    substitute_out_of_fold(sets, tables)
    shared = sorted(set.intersection(*(set(t.names) for t in tables)) - EXCLUDED)
    x = np.vstack([t.values[:, [t.names.index(n) for n in shared]] for t in tables])
    keep = [j for j, _ in enumerate(shared) if np.nanstd(x[:, j]) > 1e-9]
    names = [shared[j] for j in keep]
    return sets, tables, names, x[:, keep]


def load_offset_rows(cache: TokenCache, names: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """WMT21 CED train's features (columns as ``names``; absent ones NaN) and labels, to fit the offsets."""
    pairs = embedded_subset(load_wmt21("train"), cache)
    table = feature_table(pairs, cache)
    x = np.full((len(pairs.labels), len(names)), np.nan)
    for j, name in enumerate(names):
        if name in table.names:
            x[:, j] = table.values[:, table.names.index(name)]
    return x, pairs.labels.astype(float)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dry-run", action="store_true", help="report only, do not write scorer.json")
    args = parser.parse_args()

    cache = TokenCache()
    sets, tables, names, x = load_training(cache)
    offset_rows = load_offset_rows(cache, names)
    y, w, groups = stack_sets(sets, SET_EMPHASIS)
    set_of_row = np.concatenate([[k] * len(s.labels) for k, s in enumerate(sets)])
    print(f"features ({len(names)}): {', '.join(names)}")
    for s in sets:
        print(f"  {s.name}: {len(s.labels)} pairs embedded, {int(s.labels.sum())} positive")

    forced = forced_flags(tables)
    out_of_fold, predicted = cross_validate(x, y, w, groups, forced, names, offset_rows)
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

    drift_threshold = best_threshold(out_of_fold, y, w, forced)
    variant = variant_threshold(out_of_fold, y, drift_threshold)
    scorer, _ = fit(x, y, w, forced, names, offset_rows)
    tree_names = [names[j] for j in scorer.tree_columns]
    offsets = {names[j]: round(weight, 4) for j, weight in scorer.offsets.items()}
    print(f"\nfinal model (all rows): drift_threshold {drift_threshold:.3f}, variant_threshold {variant:.3f}")
    print(f"offsets (log-odds per unit, fitted on WMT21 CED train): {offsets}")
    print("feature importances (share of the loss reduction, mean over the members):")
    importances = np.mean([booster.feature_importances_ for booster in scorer.boosters], axis=0)
    for name, importance in sorted(zip(tree_names, importances), key=lambda item: -item[1]):
        print(f"  {importance:.3f}  {name}")
    if args.dry_run:
        return
    from toolkit.checks import all_checks
    from toolkit.scoring import ScorerModel

    base_log_odds, tree_weight, trees = exported_trees(scorer.boosters)
    payload = {
        "version": f"trees-{datetime.date.today().isoformat()}-{len(names)}f",
        "note": "Written by benchmarks/fit_scorer.py; do not edit by hand.",
        "fitted_on": {s.name: {"pairs": int(len(s.labels)), "positives": int(s.labels.sum())} for s in sets},
        "checks": sorted(all_checks()),
        "cross_validation": cv,
        "features": tree_names,
        "means": [float(v) for v in scorer.means],
        "drift_threshold": round(drift_threshold, 4),
        "variant_threshold": round(variant, 4),
        "forcing_kinds": list(FORCING_KINDS),
        "offsets": offsets,
        "base_log_odds": base_log_odds,
        "learning_rate": tree_weight,
    }
    # One line per tree keeps the file short and its diffs readable.
    tree_lines = ",\n".join("    " + json.dumps(tree, separators=(",", ":")) for tree in trees)
    text = json.dumps(payload, indent=2)[:-2] + ',\n  "trees": [\n' + tree_lines + "\n  ]\n}\n"
    shipped = ScorerModel.from_dict(json.loads(text))
    exported = [shipped.probability({name: value for name, value in zip(names, row) if not np.isnan(value)})
                for row in x]
    assert np.allclose(exported, scorer.predict(x), atol=1e-5)
    SCORER_PATH.write_text(text, encoding="utf-8")
    print(f"\nwrote {SCORER_PATH}")


if __name__ == "__main__":
    main()
