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
    ],
)
def test_detects_document_language(text, lang):
    assert detect_language(text) == lang


@pytest.mark.parametrize("text", ["12345 678 90.", "!!! ??? ..."])
def test_text_without_letters_is_an_input_error(text):
    with pytest.raises(InputError, match="--source-lang"):
        detect_language(text, "numbers.txt")
