"""Candidate ranking on very short documents, where the background must not swallow the signal."""

from fake_encoder import FakeEncoder
from toolkit.ranking import rank_candidates


def test_one_sentence_document_against_itself_is_its_source():
    vectors = FakeEncoder().encode(["Russia wants to work more closely with North Korea."])
    best = rank_candidates(vectors, [vectors])[0]
    assert best.relation == "source"
    assert best.coverage == 1.0


def test_one_sentence_against_an_unrelated_one_is_not_covered_by_a_shared_background():
    encoder = FakeEncoder()
    translation = encoder.encode(["Putin praises North Korea.", "The content is unknown.", "Kim met Putin."])
    unrelated = encoder.encode(["Harbin hosts a trade fair.", "Exports of grain rose.", "Beijing welcomed it."])
    source = encoder.encode(["Putin praises North Korea.", "The content is unknown.", "Kim met Putin."])
    ranking = rank_candidates(translation, [unrelated, source])
    assert [r.index for r in ranking] == [1, 0]
    assert ranking[1].relation == "unrelated"
