"""The contrast check: its numpy network, when it applies, and what the shipped one has learned."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from toolkit.checks.base import PairContext
from toolkit.checks.contrast import ContrastNetwork, check_contrast, shipped_network
from toolkit.embed.base import TokenEmbeddings

CORPUS = Path(__file__).resolve().parent.parent / "corpora" / "dpa-putin-north-korea"


def _random_network(dim: int = 8, members: int = 2, seed: int = 0) -> ContrastNetwork:
    rng = np.random.default_rng(seed)

    def weights(*shape):
        return rng.normal(scale=0.5, size=(members, *shape)).astype(np.float32)

    hidden, compared = 6, 5
    return ContrastNetwork(
        encoder="test-encoder", token_layer=8, temperature=np.full(members, 5.0, np.float32),
        project_w=weights(dim, hidden), project_b=weights(hidden),
        compare_w=weights(4 * hidden + 1, compared), compare_b=weights(compared),
        hidden_w=weights(4 * compared, compared), hidden_b=weights(compared),
        out_w=weights(compared), out_b=weights(),
    )


def _unit_rows(rng, count: int, dim: int = 8) -> np.ndarray:
    rows = rng.normal(size=(count, dim))
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


def test_saved_network_gives_the_same_logits(tmp_path):
    network = _random_network()
    network.save(tmp_path / "net.npz")
    loaded = ContrastNetwork.load(tmp_path / "net.npz")
    rng = np.random.default_rng(1)
    source, translation = _unit_rows(rng, 5), _unit_rows(rng, 7)
    assert loaded.encoder == "test-encoder" and loaded.token_layer == 8
    assert loaded.logit(source, translation) == pytest.approx(network.logit(source, translation), abs=1e-6)


def test_which_side_is_the_source_does_not_matter():
    network = _random_network()
    rng = np.random.default_rng(4)
    german, english = _unit_rows(rng, 5), _unit_rows(rng, 8)
    assert network.logit(german, english) == pytest.approx(network.logit(english, german), abs=1e-5)


def test_logit_is_the_mean_of_the_members():
    network = _random_network(members=3)
    rng = np.random.default_rng(2)
    source, translation = _unit_rows(rng, 4), _unit_rows(rng, 6)
    members = [
        ContrastNetwork(network.encoder, network.token_layer,
                        *(getattr(network, name)[k : k + 1] for name in list(network.__dataclass_fields__)[2:]))
        for k in range(3)
    ]
    assert network.logit(source, translation) == pytest.approx(
        np.mean([m.logit(source, translation) for m in members]), abs=1e-5)


def _context(encoder_name: str, tokens: bool = True) -> PairContext:
    rng = np.random.default_rng(3)
    source, translation = "Er kam.", "He came."
    return PairContext(
        source, translation, "de", "en", 0.9,
        TokenEmbeddings([(0, 2), (3, 7)], _unit_rows(rng, 2, 384)) if tokens else None,
        TokenEmbeddings([(0, 2), (3, 8)], _unit_rows(rng, 2, 384)) if tokens else None,
        encoder_name,
    )


@pytest.mark.parametrize("encoder_name, tokens, has_feature", [
    ("multilingual-e5-small-q4@1571fc982750", True, True),
    ("multilingual-e5-small-q4@000000000000", True, True),  # the same model from another build of the file
    ("sentence-transformers/LaBSE", True, False),  # other vectors: the fitted weights mean nothing there
    ("", True, False),
    ("multilingual-e5-small-q4@1571fc982750", False, False),
])
def test_feature_only_for_the_encoder_it_was_fitted_on(encoder_name, tokens, has_feature):
    assert shipped_network() is not None, "toolkit/data/contrast.npz is missing from the package"
    result = check_contrast(_context(encoder_name, tokens))
    assert ("contrast.logit" in result.features) is has_feature
    assert result.reasons == []


@pytest.mark.model
def test_shipped_network_rates_planted_changes_above_faithful_pairs():
    """On the seed corpus, the pairs with a planted meaning change disagree more than the faithful ones."""
    from toolkit.embed import load_encoder
    from toolkit.segment import segment_text

    expectations = json.loads((CORPUS / "expectations.json").read_text(encoding="utf-8"))
    encoder = load_encoder()
    english = [s.text for s in segment_text((CORPUS / "en.txt").read_text(encoding="utf-8"), "en")]
    german = {name: [s.text for s in segment_text((CORPUS / name).read_text(encoding="utf-8"), "de")]
              for name in ("de.txt", "de-drifted.txt")}
    planted = [(german["de-drifted.txt"][c["drifted_sentence_index"]], english[c["translation_sentence_index"]])
               for c in expectations["changes"]
               if c["expect"] == "drift" and c["drifted_sentence_index"] is not None
               and c["translation_sentence_index"] is not None]
    faithful = [(german["de.txt"][s[0]], english[t[0]]) for s, t in expectations["gold_alignment_de_en"]
                if len(s) == 1 and len(t) == 1]

    def logits(pairs):
        tokens = encoder.encode_tokens([a for a, _ in pairs] + [b for _, b in pairs])
        return np.array([
            check_contrast(PairContext(a, b, "de", "en", 0.0, tokens[k], tokens[len(pairs) + k], encoder.name))
            .features["contrast.logit"] for k, (a, b) in enumerate(pairs)])

    drifted, kept = logits(planted), logits(faithful)
    assert np.median(drifted) > np.median(kept)
