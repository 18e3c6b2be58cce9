"""SentenceTransformerEncoder behaviour: token spans, NFC invariance, load errors."""

from __future__ import annotations

import unicodedata

import numpy as np
import pytest

from toolkit.embed import load_encoder
from toolkit.embed.base import TokenEmbeddings
from toolkit.errors import ModelError


@pytest.fixture(scope="module")
def encoder():
    return load_encoder("bundled")


def test_nonexistent_path_is_a_model_error(tmp_path):
    with pytest.raises(ModelError, match="does not exist"):
        load_encoder(str(tmp_path / "no-such-model"))


@pytest.mark.model
def test_encode_gives_unit_float32_rows(encoder):
    vectors = encoder.encode(["Guten Morgen.", "Good morning."])
    assert vectors.dtype == np.float32 and vectors.shape == (2, encoder.dim)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert encoder.encode([]).shape == (0, encoder.dim)


@pytest.mark.model
def test_nfc_and_nfd_inputs_embed_identically(encoder):
    text = "Schöne Grüße aus Köln, sagte Åsa über die Straße."
    nfc, nfd = unicodedata.normalize("NFC", text), unicodedata.normalize("NFD", text)
    assert nfc != nfd
    vectors = encoder.encode([nfc, nfd])
    assert np.allclose(vectors[0], vectors[1], atol=1e-6)


@pytest.mark.model
def test_token_spans_point_at_the_words(encoder):
    texts = ["Die Straße ist 11.000 Meter lang.", "  Two   spaces, then\ttab.", "我们今天去北京。"]
    for text, tokens in zip(texts, encoder.encode_tokens(texts)):
        assert tokens.vectors.shape == (len(tokens.spans), encoder.dim)
        assert np.allclose(np.linalg.norm(tokens.vectors, axis=1), 1.0, atol=1e-5)
        pieces = [text[start:end] for start, end in tokens.spans]
        assert all(0 <= start < end <= len(text) for start, end in tokens.spans)
        assert all(piece.strip() == piece and piece for piece in pieces)
        # tokens cover the text in order, skipping only whitespace
        assert "".join(pieces) == "".join(text.split())
    first = [texts[0][s:e] for s, e in encoder.encode_tokens(texts[:1])[0].spans]
    assert "Straße" in first and "Meter" in first
    assert not any("query" in piece for piece in first)


@pytest.mark.model
def test_token_spans_refer_to_the_original_nfd_text(encoder):
    text = unicodedata.normalize("NFD", "Grüße aus Köln")
    tokens = encoder.encode_tokens([text])[0]
    covered = "".join(text[start:end] for start, end in tokens.spans)
    assert covered == "".join(text.split())
    assert text[tokens.spans[-1][0] : tokens.spans[-1][1]].endswith("ln")


@pytest.mark.model
def test_token_layer_is_selectable(encoder):
    from toolkit.embed.bundled import bundled_model_dir
    from toolkit.embed.sentence_transformer import SentenceTransformerEncoder

    last = SentenceTransformerEncoder(bundled_model_dir(), token_layer=12)
    text = ["Der Hund schläft."]
    middle, final = encoder.encode_tokens(text)[0], last.encode_tokens(text)[0]
    assert middle.spans == final.spans
    assert not np.allclose(middle.vectors, final.vectors)


def test_rows_overlapping_a_span_are_those_a_scan_finds():
    rng = np.random.default_rng(0)
    cuts = np.sort(rng.choice(np.arange(1, 200), size=40, replace=False))
    spans = [(int(a), int(b)) for a, b in zip(cuts[:-1:2], cuts[1::2])]  # tokens with gaps between them
    tokens = TokenEmbeddings(spans, np.zeros((len(spans), 2), dtype=np.float32))
    for start in range(0, 205, 3):
        for end in range(start, 210, 7):
            scanned = [i for i, (a, b) in enumerate(spans) if a < end and b > start]
            assert tokens.rows_overlapping((start, end)).tolist() == scanned
