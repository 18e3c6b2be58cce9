"""The drift scorer: the shipped weights load and fit the checks; verdicts on hand-made pairs."""

from __future__ import annotations

import math

import pytest

from toolkit.checks.base import PairContext, Reason
from toolkit.result import Verdict
from toolkit.scoring import ScorerModel, Tree, default_model, extract_features, verdict_of

_MODEL = ScorerModel("test", ("x",), (0.0,), 0.0, 1.0, (), drift_threshold=0.8, variant_threshold=0.4,
                     forcing_kinds=("number", "negation"))
# Root splits on "a" at 1.5; its right child splits on "b" at 0.
_TREE = Tree(feature=(0, -1, 1, -1, -1), threshold=(1.5, 0.0, 0.0, 0.0, 0.0), left=(1, -1, 3, -1, -1),
             right=(2, -1, 4, -1, -1), value=(0.0, -2.0, 0.0, 1.0, 3.0))
_TREES = ScorerModel("t", ("a", "b"), (1.0, 2.0), -1.0, 0.5, (_TREE, _TREE), 0.5, 0.2)
_OFFSET = ScorerModel("o", ("a", "b"), (1.0, 2.0), -1.0, 0.5, (_TREE, _TREE), 0.5, 0.2, offsets=(("c", 0.75),))


@pytest.mark.parametrize("features, log_odds", [
    ({"a": 1.0, "b": 5.0}, -1.0 + 0.5 * 2 * -2.0),  # left leaf
    ({"a": 1.5, "b": 5.0}, -1.0 + 0.5 * 2 * -2.0),  # a split value goes left
    ({"a": 2.0, "b": -1.0}, -1.0 + 0.5 * 2 * 1.0),
    ({"a": 2.0, "b": 0.5}, -1.0 + 0.5 * 2 * 3.0),
    ({"a": 2.0}, -1.0 + 0.5 * 2 * 3.0),  # missing "b" counts as its mean, 2.0
])
def test_trees_sum_their_leaves_in_log_odds(features, log_odds):
    assert _TREES.probability(features) == pytest.approx(1 / (1 + math.exp(-log_odds)))


@pytest.mark.parametrize("features, log_odds", [
    ({"a": 1.0, "b": 5.0, "c": 1.0}, -1.0 + 0.5 * 2 * -2.0 + 0.75),
    ({"a": 1.0, "b": 5.0, "c": 2.0}, -1.0 + 0.5 * 2 * -2.0 + 1.5),  # per unit of the feature
    ({"a": 1.0, "b": 5.0}, -1.0 + 0.5 * 2 * -2.0),  # a missing offset feature adds nothing
])
def test_offsets_add_log_odds_beside_the_trees(features, log_odds):
    assert _OFFSET.probability(features) == pytest.approx(1 / (1 + math.exp(-log_odds)))


@pytest.mark.parametrize("drift, kinds, expected", [
    (0.9, [], Verdict.DRIFT),
    (0.5, [], Verdict.VARIANT),
    (0.1, [], Verdict.OK),
    (0.1, ["number"], Verdict.DRIFT),  # a forcing kind
    (0.1, ["negation", "omission"], Verdict.DRIFT),
    (0.5, ["number-missing"], Verdict.VARIANT),  # hints weigh through the probability only
    (0.5, ["omission"], Verdict.VARIANT),
    (0.1, ["name-missing"], Verdict.OK),
])
def test_verdict_thresholds_and_the_fact_rule(drift, kinds, expected):
    reasons = [Reason("c", "m", kind=kind) for kind in kinds]
    assert verdict_of(drift, reasons, _MODEL) is expected


def test_shipped_scorer_is_consistent():
    model = default_model()
    assert len(model.features) == len(model.means) and model.trees
    assert 0.0 < model.variant_threshold < model.drift_threshold < 1.0
    for tree in model.trees:
        inner = [i for i, feature in enumerate(tree.feature) if feature >= 0]
        assert all(feature < len(model.features) for feature in tree.feature)
        assert all(0 < tree.left[i] < len(tree.feature) and 0 < tree.right[i] < len(tree.feature) for i in inner)


@pytest.mark.parametrize("source, translation, source_lang, translation_lang, reworded", [
    ("Before foreign trip", "Before travelling abroad", "en", "en", True),
    ("Before foreign trip", "before foreign trip!", "en", "en", False),  # case and punctuation only
    ("Before foreign trip", "Before foreign trip", "en-GB", "en", False),
    ("Vor Auslandsreise", "Before travelling abroad", "de", "en", False),  # across languages: no surface test
])
def test_rewording_is_told_by_words_in_one_language(source, translation, source_lang, translation_lang, reworded):
    from toolkit.scoring import reworded_in_same_language

    assert reworded_in_same_language(PairContext(source, translation, source_lang, translation_lang)) == reworded


@pytest.mark.parametrize("probability, verdict, shown", [
    (0.9, Verdict.DRIFT, True), (0.5, Verdict.VARIANT, True), (0.1, Verdict.OK, False),
])
def test_a_variant_shows_its_hints_and_an_ok_pair_none(probability, verdict, shown):
    from toolkit.scoring import assess

    model = ScorerModel("fixed", (), (), math.log(probability / (1 - probability)), 1.0, (), 0.8, 0.2)
    judgement = assess(PairContext("Es kamen 300 Menschen und 12 Kinder.", "300 people came.", "de", "en"), model)
    assert judgement.verdict is verdict
    assert ("number-missing" in {r.kind for r in judgement.reasons}) == shown


@pytest.fixture(scope="module")
def encoder():
    from toolkit.embed import load_encoder

    return load_encoder()


def _context(encoder, source: str, translation: str, source_lang: str, translation_lang: str) -> PairContext:
    vectors = encoder.encode([source, translation])
    tokens = encoder.encode_tokens([source, translation])
    return PairContext(source, translation, source_lang, translation_lang, float(vectors[0] @ vectors[1]),
                       tokens[0], tokens[1], encoder.name)


@pytest.mark.model
def test_every_scorer_feature_is_produced_by_the_checks(encoder):
    features, _ = extract_features(_context(encoder, "Putin lobt Nordkorea.", "Putin praises North Korea.",
                                            "de", "en"))
    model = default_model()
    assert set(model.features) | {name for name, _ in model.offsets} <= set(features)


CASES = [
    # source, translation, languages, drifted?, reason kind that must be shown
    ("Vor Auslandsreise", "Before travelling abroad", "de", "en", False, None),
    ("Nach Auslandsreise", "Before travelling abroad", "de", "en", True, "polarity"),
    ("Before foreign trip", "Before travelling abroad", "en", "en", False, None),
    ("After foreign trip", "Before travelling abroad", "en", "en", True, "polarity"),
    ("Seine Ankunftszeit war nicht bekannt.", "His arrival time was not known.", "de", "en", False, None),
    ("Seine Ankunftszeit war bekannt.", "His arrival time was not known.", "de", "en", True, "negation"),
    # A negation next to reworded words may be carried by the rewording: a hint, not a forced drift.
    ("The critics are right that something is wrong with the plan.",
     "Die Kritiker haben recht: Mit dem Plan stimmt etwas nicht.", "en", "de", False, "negation-reworded"),
    # a negated litotes verb ("not ignore") says what its positive says ("heed"): no negation to miss
    ("The ministers should not ignore this anger any longer.",
     "Die Minister müssen dieser Wut endlich Beachtung schenken.", "en", "de", False, None),
    ("This arrangement is here to stay.", "Diese Regelung wird sich auch künftig nicht ändern.", "en", "de", False,
     "negation-reworded"),
    ("Le président a rencontré douze ministres à Paris mardi.",
     "The president met twelve ministers in Paris on Tuesday.", "fr", "en", False, None),
    ("Le président a rencontré 12 ministres à Paris mardi.",
     "The president met 21 ministers in Paris on Tuesday.", "fr", "en", True, "number"),
    ("Президент встретился с министрами в Москве.", "The president met the ministers in Moscow.",
     "ru", "en", False, None),
    ("Der Handel zwischen Moskau und Pjöngjang ist seit 24 Jahren stark gewachsen.",
     "Trade between Moscow and Pyongyang has grown strongly in 14 years.", "de", "en", True, "number"),
    # An insult on one side only forces drift: the probability alone stays low in a sentence otherwise faithful.
    ("Thanks for fixing the article.", "Danke, dass du den Artikel repariert hast, du Arschloch.", "en", "de", True,
     "tone"),
]


@pytest.mark.model
@pytest.mark.parametrize("source, translation, source_lang, translation_lang, drifted, kind", CASES)
def test_assess_on_hand_made_pairs(encoder, source, translation, source_lang, translation_lang, drifted, kind):
    from toolkit.scoring import assess

    context = _context(encoder, source, translation, source_lang, translation_lang)
    judgement = assess(context)
    assert (judgement.verdict is Verdict.DRIFT) == drifted, (judgement.drift, judgement.reasons)
    if kind and drifted:
        assert kind in {r.kind for r in judgement.reasons}
    elif kind:  # a hint: the checks find it; it is shown only if the pair scores as a variant
        assert kind in {r.kind for r in extract_features(context)[1]}
        assert {r.kind for r in judgement.reasons} <= {kind}
    else:
        assert judgement.reasons == []
