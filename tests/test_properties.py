"""Property-based tests: whatever the text, segmentation stays faithful to it and the checks read it."""

from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.checks import PairContext, all_checks
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


# Words the checks' tables react to, in several languages: qualifiers, scales, halves, ranges, dates, negations,
# names, so that random sentences walk the checks' rarer paths ("tot 10" once crashed the numbers check).
_CHECK_WORDS = (
    "more than", "über", "bis zu", "tot", "tot wel", "до", "od", "do", "jusqu'à", "hasta", "até", "fino a", "около",
    "rund", "about", "a", "an", "eine", "einer", "un", "et demi", "y medio", "e mezzo", "and a half", "und",
    "zweieinhalb", "anderthalb", "dreimal", "Millionen", "million", "millions", "mil", "millones", "млн", "Mrd.",
    "tausend", "hundred", "Dutzende", "dozens", "deux", "three", "zwei", "vingt-et-un", "XIXe", "siècle", "XIV",
    "am", "3.", "Juni", "June", "Mittwoch", "Wednesday", "1970er", "1980-92", "between1980", "nicht", "not",
    "kein", "never", "vor", "nach", "before", "after", "Putin", "Путин", "Wladimir", "Nordkorea", "North Korea",
    "Ostdeutschlands", "EU", "UN", "Kreml", "Washington", "Carribean", "Mr.", "“", "„", "%", "$", "€", "-", "–",
)
_CHECK_PIECES = st.sampled_from(
    [f"{word} " for word in _CHECK_WORDS] + ["10 ", "1.100 ", "11,000 ", "1,5 ", "2.5 ", "5-", "2010 ", ". ", ", "]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_CHECK_PIECES, max_size=25).map("".join), st.lists(_CHECK_PIECES, max_size=25).map("".join),
       st.sampled_from(["de", "en", "fr", "es", "it", "pt", "nl", "ru", "pl", "da", "zh"]),
       st.sampled_from(["en", "de", "fr", "nl", "ru"]))
def test_every_check_reads_any_mix_of_its_own_vocabulary(source, translation, source_lang, translation_lang):
    context = PairContext(source, translation, source_lang, translation_lang, similarity=0.5)
    for check_id, check in all_checks().items():
        result = check(context)
        for reason in result.reasons:
            for text, span in ((source, reason.source_span), (translation, reason.translation_span)):
                if span is not None:
                    assert 0 <= span[0] <= span[1] <= len(text), check_id
