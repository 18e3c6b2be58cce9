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
