"""Language identification is deterministic and refuses to guess."""

import pytest

from toolkit.errors import InputError
from toolkit.langid import detect_language

GERMAN = "Russland will enger mit Nordkorea zusammenarbeiten. Dazu gibt es einen Vertrag, den Putin unterschreiben will."


def test_same_input_same_answer():
    assert {detect_language(GERMAN) for _ in range(5)} == {"de"}


@pytest.mark.parametrize(
    "text, lang",
    [
        ("Russia wants to work more closely with North Korea. The content is still unknown.", "en"),
        ("La Russie veut coopérer plus étroitement avec la Corée du Nord. Le contenu reste inconnu.", "fr"),
        ("Россия хочет теснее сотрудничать с Северной Кореей. Содержание пока неизвестно.", "ru"),
        ("俄罗斯希望与朝鲜更紧密地合作。内容仍然未知。", "zh"),
        ("ロシアは北朝鮮との協力を強化したい。条約の内容はまだ分かっていない。両国は署名した。", "ja"),
        ("러시아는 북한과 더 긴밀히 협력하기를 원한다. 조약의 내용은 아직 알려지지 않았다.", "ko"),
        ("RUSSIA WANTS TO WORK MORE CLOSELY WITH NORTH KOREA. THE CONTENT IS STILL UNKNOWN.", "en"),
        ("I'd be unhappy, but I wouldn't kill myself.", "en"),
        ("Xi Jinping, Kim Jong Un und Wladimir Putin trafen sich am Mittwoch in Pjöngjang.", "de"),
        # Words that mix letters and digits, in prose.
        ("The G7 and the G20 met after COVID-19; KXAS DT2 and KAMR DT2 broadcast it on 4th July in MP3.", "en"),
        ("俄罗斯在2024年6月19日与朝鲜签署了条约。普京于2024年访问了平壤，这是他24年来首次访问。双方在第1条中承诺互相援助。"
         "朝鲜向俄罗斯提供了11000个集装箱。会谈持续了2天。条约有23条。他在3点抵达。会谈于19日结束。代表团有40人。"
         "双方签署了5项协议。普京在平壤停留了1天。随后他前往越南，访问持续2天。", "zh"),
    ],
)
def test_detects_document_language(text, lang):
    assert detect_language(text) == lang


@pytest.mark.parametrize("text", ["12345 678 90.", "!!! ??? ..."])
def test_text_without_letters_is_an_input_error(text):
    with pytest.raises(InputError, match="--source-lang"):
        detect_language(text, "numbers.txt")


@pytest.mark.parametrize("text, likeliest", [  # langdetect alone names these languages at 70 % or more
    ("cl fxzvjitg bsvfnu zxqlr qibal kmnqf fhhafk eqq qvrf znxqy", "sq"),
    ("zycidp opumzgdp mn yyawoi zhsdkaa ur mv nxa hyoprh hvhy", "pl"),
    ("dymev ed hwyeex vb hrx qngsc ay kggkm thgx nsv", "en"),
])
def test_random_letters_are_an_input_error(text, likeliest):
    with pytest.raises(InputError, match=f"does not read as text in any language .* occur in {likeliest},"):
        detect_language(text, "noise.txt")


@pytest.mark.parametrize("text", [  # langdetect alone names a language for each at 70 % or more
    "b6589fc6ab0dc82cf12099d1c2d40ab994e8410c 356a192b7913b04c54574d18c28d46e6395428ab "
    "da4b9237bacccdf19c0760cab7aec4a8359010b0 77de68daecd823babbb58edb1c8e14d7106e83bb "
    "1b6453892473a467d07372d45eb05abc2031647a ac3478d69a3c81fa62e60f5c3696165a4e5e6ac4 "
    "c1dfd96eea8cc2b62785275bca38ac261256e278 902ba3cda1883801594b6e1b452790cc53948fda "
    "fe5dbbcea5ce7e2988b8c69bcfdfde8904aabc1f 0ade7c2cf97f75d009975f4d720d1fa6c19f4897",
    "cd613e30-d8f1-6adf-91b7-584a2265b1f5 1e2feb89-414c-343c-1027-c4d1c386bbc4",
])
def test_hashes_and_identifiers_are_an_input_error(text):
    with pytest.raises(InputError, match="does not read as text in any language .* mix letters and digits"):
        detect_language(text, "hashes.txt")


@pytest.mark.parametrize("line, language, other, expected", [
    ("Für jedes Wetter...", "de", "fr", True),  # a German advertisement inside a French translation
    ("Ich möchte den neuen Katalog für Bekleidung und Rucksäcke.", "de", "fr", True),
    ("Meine Anschrift:", "de", "fr", True),
    ("La montée fut sans histoire, mais le sommet ne nous parut pas assez confortable.", "de", "fr", False),
    ("Moscow maintains close contacts with North Korea.", "de", "en", False),
    ("Moskau unterhält enge Kontakte zu Nordkorea.", "de", "en", True),
    ("Moskau unterhält enge Kontakte zu Nordkorea.", "de", "de", False),  # one language: nothing is foreign
    ("Ja.", "de", "en", False),  # too few trigrams to tell
    ("12 345", "de", "en", False),
    ("Moskau unterhält enge Kontakte zu Nordkorea.", "zh", "en", False),  # read by single characters
    ("Moskau unterhält enge Kontakte zu Nordkorea.", "xx", "en", False),  # no profile
])
def test_line_in_the_other_document_language(line, language, other, expected):
    from toolkit.langid import lines_in_language

    assert lines_in_language([line], language, other) == [expected]


def test_untranslated_lines_are_marked_on_both_sides():
    from toolkit.langid import untranslated_lines

    source = ["Moskau unterhält enge Kontakte zu Nordkorea.", "Moscow maintains close contacts with North Korea."]
    translation = ["Moscow maintains close contacts with North Korea.", "Moskau unterhält enge Kontakte zu Nordkorea."]
    assert untranslated_lines(source, translation, "de", "en") == ([False, True], [False, True])
