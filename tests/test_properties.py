"""Property-based tests: whatever the text, segmentation stays faithful to it."""

from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.documents import decode
from toolkit.segment import segment_text

pieces = st.sampled_from(list("ab cdÄß.!?\n\t\u00a0\u200b„“«»—:;,0123456789") + ["Mr.", "i.e.", "3.", "\r\n", "Putin "])
texts = st.lists(pieces, max_size=120).map("".join)


@settings(max_examples=150, deadline=None)
@given(texts, st.sampled_from(["en", "de", "fr", "ru", "zh", "xx"]), st.booleans())
def test_segments_are_inside_the_text_in_order_and_cover_every_word(text, lang, presplit):
    segments = segment_text(text, lang, presplit=presplit)
    previous_end = 0
    for seg in segments:
        assert 0 <= seg.start < seg.end <= len(text)
        assert seg.start >= previous_end
        assert text[seg.start:seg.end] == seg.text
        previous_end = seg.end
    covered = "".join(s.text for s in segments)
    assert "".join(text.split()) == "".join(covered.split())


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=200))
def test_decode_either_returns_text_or_raises_input_error(data):
    from toolkit.errors import InputError

    try:
        result = decode(data, "f")
    except InputError as err:
        assert str(err).startswith("f: ")
    else:
        assert isinstance(result, str) and "\r" not in result
