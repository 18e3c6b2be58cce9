"""Bad, odd and large input for every command: a clear one-line error (exit 2) or a correct result, never a traceback.

Errors that happen before the model loads run without it. Cases that produce a
result use the real bundled model, loaded once for the module, with the
embedding cache isolated per test through ``$DRIFTCHECK_CACHE``.
"""

from __future__ import annotations

import base64
import codecs
import hashlib
import json
import random
from pathlib import Path

import pytest
from click.testing import CliRunner

import toolkit.embed
from toolkit.cli import main
from toolkit.documents import MAX_INPUT_BYTES
from toolkit.pipeline import load_document
from toolkit.segment import MAX_SEGMENT_CHARS

ENGLISH = "Russia wants to work more closely with North Korea. The content of the agreement is still unknown.\n"
GERMAN = "Russland will enger mit Nordkorea zusammenarbeiten. Der Inhalt des Abkommens ist noch unbekannt.\n"


def write_case(directory: Path, case: str) -> tuple[Path, str]:
    """Create the bad file of ``case``; return its path and the words the error must contain."""
    path = directory / f"{case}.txt"
    if case == "missing":
        return path, "no such file"
    if case == "directory":
        path.mkdir()
        return path, "is a directory"
    contents = {
        "empty": b"",
        "whitespace": b" \n\t\n   \r\n",
        "binary": bytes(range(256)) * 8,
        "invalid-utf8": "Größe und Maß".encode("latin-1"),
        "utf16-no-bom": GERMAN.encode("utf-16-le"),
        "numbers-only": b"123 456 789\n2024 - 11.000\n",
        "base64": base64.encodebytes(b"".join(hashlib.sha256(bytes([0, i])).digest() for i in range(64))),
        "random-letters": random_words(random.Random(0)).encode(),
        "hashes": "".join(hashlib.sha1(bytes([i])).hexdigest() + "\n" for i in range(50)).encode(),
    }
    problems = {
        "empty": "is empty", "whitespace": "only white space", "binary": "binary",
        "invalid-utf8": "not valid UTF-8", "utf16-no-bom": "without a byte-order mark",
        "numbers-only": "language cannot be detected",
        "base64": "does not read as text", "random-letters": "does not read as text",
        "hashes": "mix letters and digits",
    }
    if case == "too-large":
        with open(path, "wb") as handle:  # sparse: 50 MB on paper, nothing on disk
            handle.truncate(50_000_000)
        return path, f"the limit is {MAX_INPUT_BYTES // 1048576} MiB"
    path.write_bytes(contents[case])
    return path, problems[case]


CASES = ["missing", "directory", "empty", "whitespace", "binary", "invalid-utf8", "utf16-no-bom", "too-large",
         "numbers-only", "base64", "random-letters", "hashes"]
# As a pairs file, these fail on the missing tab before any language is detected.
DETECTION_CASES = {"numbers-only", "base64", "random-letters", "hashes"}


def random_words(rng: random.Random) -> str:
    """300 words of random letters: langdetect still names a language at 70 % or more."""
    return " ".join("".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(2, 8)))
                    for _ in range(300))


def invoke(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args])


def assert_one_line_error(result, path: Path, problem: str) -> None:
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("driftcheck: error: ")
    assert str(path) in lines[0] and problem in lines[0]


@pytest.fixture
def good(tmp_path) -> tuple[Path, Path]:
    english, german = tmp_path / "en.txt", tmp_path / "de.txt"
    english.write_text(ENGLISH, encoding="utf-8")
    german.write_text(GERMAN, encoding="utf-8")
    return english, german


# -- errors found before any model is loaded -------------------------------------------------


@pytest.fixture(autouse=True)
def no_model_unless_marked(request, monkeypatch):
    """Unmarked tests must fail loudly if they would load the model."""
    if "model" not in request.keywords:
        def refuse(spec=None):
            raise AssertionError("this test must not load the model")

        monkeypatch.setattr(toolkit.embed, "load_encoder", refuse)


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("command, side", [("compare", "translation"), ("compare", "source"),
                                           ("align", "source"), ("align", "translation")])
def test_document_commands_refuse_bad_files(tmp_path, good, command, side, case):
    bad, problem = write_case(tmp_path, case)
    english, _ = good
    files = [bad, english] if (command == "compare") == (side == "translation") else [english, bad]
    assert_one_line_error(invoke(command, *files), bad, problem)


@pytest.mark.parametrize("case", [c for c in CASES if c not in DETECTION_CASES])
def test_score_refuses_a_bad_pairs_file(tmp_path, case):
    bad, problem = write_case(tmp_path, case)
    assert_one_line_error(invoke("score", bad), bad, problem)


@pytest.mark.parametrize("name, content, problem", [
    ("pairs.tsv", f"{ENGLISH.strip()}\t{GERMAN.strip()}\nno tab on this line\n", "line 2: expected 2 tab-separated"),
    ("pairs.tsv", "a\tb\tc\n", "line 1: expected 2 tab-separated fields (source, translation), found 3"),
    ("pairs.tsv", "a\t \n", "line 1: empty source or translation"),
    ("pairs.jsonl", '{"source": "a", "translation": "b"}\n\n{"source": "a", "translation": \n', "line 3: not valid JSON"),
    ("pairs.jsonl", '{"source": "a", "translation": 7}\n', 'line 1: expected an object with string keys'),
    ("pairs.jsonl", '["source", "translation"]\n', "line 1: expected an object"),
    ("numbers.tsv", "1\t2\n3\t4\n", "(source column): has no letters"),
])
def test_score_names_the_file_and_line_of_a_malformed_pair(tmp_path, name, content, problem):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    assert_one_line_error(invoke("score", path), path, problem)


@pytest.mark.parametrize("case", CASES)
def test_check_reports_a_bad_file_as_dc001(tmp_path, good, case):
    bad, problem = write_case(tmp_path, case)
    english, _ = good
    result = invoke("check", bad, english, "--format", "json")
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    report = json.loads(result.stdout)
    [finding] = report["findings"]
    assert finding["rule"] == "DC001"
    assert problem in finding["message"] and bad.name in finding["message"]


@pytest.mark.parametrize("content, problem", [
    ("[[pair]\n", "not valid TOML"),
    ('[[pair]]\ntranslation = 3\nsources = ["de.txt"]\n', "key 'pair[0].translation': expected a string"),
    ('fail_on = "sometimes"\n[[pair]]\ntranslation = "en.txt"\nsources = ["de.txt"]\n', "key 'fail_on'"),
    ('[[pair]]\ntranslation = "en.txt"\n', "key 'pair[0].sources': missing"),
    ('[[pair]]\ntranslation = "en.txt"\nsources = ["de.txt"]\ncolour = "red"\n', "key 'pair[0].colour': unknown key"),
    ('[thresholds]\ndrift = 2\n[[pair]]\ntranslation = "en.txt"\nsources = ["de.txt"]\n', "key 'thresholds.drift'"),
    ('[[pair]]\ntranslation = "nothing/*.txt"\nsources = ["*.de"]\n', "key 'pair[0].translation': pattern"),
    ("", "key 'pair': no document pairs configured"),
])
def test_malformed_config_names_the_file_and_the_key(tmp_path, good, content, problem):
    config = tmp_path / "driftcheck.toml"
    config.write_text(content, encoding="utf-8")
    assert_one_line_error(invoke("check", "--config", config), config, problem)


@pytest.mark.parametrize("case", ["missing", "directory", "too-large", "invalid-utf8"])
def test_unreadable_config_is_a_clear_error(tmp_path, case):
    config, _ = write_case(tmp_path, case)
    problems = {"missing": "no such configuration file", "directory": "is a directory",
                "too-large": f"the limit is {MAX_INPUT_BYTES // 1048576} MiB", "invalid-utf8": "not valid UTF-8"}
    assert_one_line_error(invoke("check", "--config", config), config, problems[case])


def test_config_with_a_byte_order_mark_is_read(tmp_path, good):
    config = tmp_path / "driftcheck.toml"
    config.write_bytes(codecs.BOM_UTF8 + b'fail_on = "sometimes"\n')
    assert_one_line_error(invoke("check", "--config", config), config, "key 'fail_on'")


def test_a_long_line_without_boundaries_is_cut_into_bounded_segments(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text(("Russland will mit Nordkorea enger zusammenarbeiten und " * 2000)[:100_000], encoding="utf-8")
    unspaced = tmp_path / "unspaced.txt"
    unspaced.write_text("俄罗斯希望与朝鲜更密切地合作" * 7200, encoding="utf-8")
    for file, lang in ((path, None), (unspaced, "zh")):
        document = load_document(str(file), lang)
        assert all(len(s.text) <= MAX_SEGMENT_CHARS for s in document.segments)
        assert "".join(document.text.split()) == "".join("".join(s.text for s in document.segments).split())


# -- cases that produce a result: the real model, loaded once -----------------------------------


@pytest.fixture(scope="module")
def real_encoder():
    from toolkit.embed import load_encoder

    return load_encoder(None)


@pytest.fixture
def model(real_encoder, tmp_path, monkeypatch):
    """The CLI with the module's loaded model and a private embedding cache."""
    monkeypatch.setattr(toolkit.embed, "load_encoder", lambda spec=None: real_encoder)
    monkeypatch.setenv("DRIFTCHECK_CACHE", str(tmp_path / "cache.sqlite3"))
    return real_encoder


def compare_json(*args) -> dict:
    result = invoke("compare", *args, "--format", "json")
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


@pytest.mark.model
@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom_is_read(tmp_path, good, model, encoding):
    english, _ = good
    translation = tmp_path / "de16.txt"
    bom = codecs.BOM_UTF16_LE if encoding.endswith("le") else codecs.BOM_UTF16_BE
    translation.write_bytes(bom + GERMAN.replace("\n", "\r\n").encode(encoding))
    report = compare_json(translation, english)
    assert report["translation"]["lang"] == "de"
    assert [p["translation_text"] for p in report["pairs"]] == [
        "Russland will enger mit Nordkorea zusammenarbeiten.", "Der Inhalt des Abkommens ist noch unbekannt."]


TRANSLATIONS = {
    "arabic": "روسيا تريد العمل بشكل أوثق مع كوريا الشمالية. محتوى الاتفاق لا يزال غير معروف.\n",
    "hebrew": "רוסיה רוצה לעבוד בצורה הדוקה יותר עם צפון קוריאה. תוכן ההסכם עדיין לא ידוע.\n",
    "chinese": "俄罗斯希望与朝鲜更密切地合作。协议的内容仍然未知。\n",
    "japanese": "ロシアは北朝鮮とより緊密に協力したいと考えている。合意の内容はまだ分かっていない。\n",
    "no-boundary": "Russland will enger mit Nordkorea zusammenarbeiten und der Inhalt des Abkommens ist noch unbekannt\n",
    "identical": ENGLISH,
}


@pytest.mark.model
@pytest.mark.parametrize("case", sorted(TRANSLATIONS))
def test_scripts_and_shapes_of_text_give_a_result(tmp_path, good, model, case):
    english, _ = good
    translation = tmp_path / f"{case}.txt"
    translation.write_text(TRANSLATIONS[case], encoding="utf-8")
    report = compare_json(translation, english)
    pairs = report["pairs"]
    source_sentences = sorted(i for p in pairs for i in p["source"])
    assert source_sentences == [0, 1]  # every source sentence is accounted for once
    if case == "identical":
        assert {p["verdict"] for p in pairs} == {"ok"}
    if case == "no-boundary":
        assert report["translation"]["segments"] == 1


@pytest.mark.model
def test_numbers_only_work_when_the_languages_are_given(tmp_path, model):
    numbers = tmp_path / "numbers.txt"
    numbers.write_text("123 456 789\n2024 - 11\n", encoding="utf-8")  # no "11.000": eleven in English, 11000 in German
    report = compare_json(numbers, numbers, "--source-lang", "en", "--target-lang", "de")
    assert [p["verdict"] for p in report["pairs"]] == ["ok", "ok"]


@pytest.mark.model
def test_mixed_languages_give_a_result_or_a_clear_error(tmp_path, good, model):
    english, _ = good
    mixed = tmp_path / "mixed.txt"
    mixed.write_text(GERMAN + ENGLISH + "Россия хочет сотрудничать с Северной Кореей.\n", encoding="utf-8")
    result = invoke("compare", mixed, english, "--format", "json")
    if result.exit_code == 2:
        assert_one_line_error(result, mixed, "language")
    else:
        assert result.exit_code in (0, 1), result.output
        assert json.loads(result.stdout)["translation"]["segments"] == 5


@pytest.mark.model
def test_a_script_the_model_barely_knows_gives_a_result_or_a_clear_error(tmp_path, good, model):
    english, _ = good
    cherokee = tmp_path / "chr.txt"
    cherokee.write_text("ᏣᎳᎩ ᎠᏕᎶᏆᏍᏗ ᎤᏍᏗ ᏗᏎᏍᏗ. ᎣᏍᏓ ᏑᎾᎴᎢ ᏙᎯᏧ.\n", encoding="utf-8")
    detected = invoke("compare", cherokee, english)
    assert_one_line_error(detected, cherokee, "--source-lang/--target-lang")
    report = compare_json(cherokee, english, "--target-lang", "chr")
    assert sorted(i for p in report["pairs"] for i in p["source"]) == [0, 1]


@pytest.mark.model
def test_a_100k_character_line_is_aligned_in_bounded_pieces(tmp_path, good, model):
    english, _ = good
    long_line = tmp_path / "long.txt"
    unit = "Russland will mit Nordkorea enger zusammenarbeiten und "  # repeated: the cache embeds each piece once
    long_line.write_text((unit * (100_000 // len(unit) + 1))[:100_000], encoding="utf-8")
    result = invoke("align", english, long_line, "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["translation"]["segments"] >= 100_000 // MAX_SEGMENT_CHARS
    beads = report["beads"]
    assert sorted(j for b in beads for j in b["translation"]) == list(range(report["translation"]["segments"]))


@pytest.mark.model
def test_score_reads_rtl_and_cjk_pairs(tmp_path, model):
    pairs = tmp_path / "pairs.jsonl"
    rows = [{"source": ENGLISH.split(". ")[0] + ".", "translation": TRANSLATIONS[lang].split("。")[0].split(". ")[0]}
            for lang in ("arabic", "chinese")]
    pairs.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    # Arabic and Chinese rows in one column: "und", BCP 47's undetermined language, skips detection.
    result = invoke("score", pairs, "--target-lang", "und", "--format", "json")
    assert result.exit_code == 0, result.output
    assert [p["line"] for p in json.loads(result.stdout)["pairs"]] == [1, 2]


@pytest.mark.model
def test_batch_checks_the_good_pairs_and_reports_the_bad_one(tmp_path, model):
    for name, text in (("a", GERMAN), ("b", TRANSLATIONS["chinese"])):
        (tmp_path / name).mkdir()
        (tmp_path / name / "en.txt").write_text(ENGLISH, encoding="utf-8")
        (tmp_path / name / "tr.txt").write_text(text, encoding="utf-8")
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "en.txt").write_text(ENGLISH, encoding="utf-8")
    (tmp_path / "c" / "tr.txt").write_bytes("Größe".encode("latin-1"))
    config = tmp_path / "driftcheck.toml"
    config.write_text('[[pair]]\ntranslation = "*/tr.txt"\nsources = ["*/en.txt"]\n', encoding="utf-8")
    result = invoke("check", "--config", config, "--format", "json")
    assert result.exit_code == 2, result.output
    report = json.loads(result.stdout)
    by_name = {p["name"]: p for p in report["pairs"]}
    assert by_name["c/tr.txt"]["input_error"] is True
    assert [f["rule"] for f in report["findings"] if f["location"]["path"] == "c/tr.txt"] == ["DC001"]
    for name in ("a/tr.txt", "b/tr.txt"):
        assert by_name[name]["input_error"] is False
        assert by_name[name]["sentence_pairs"] == 2


def test_an_unwritable_output_is_a_clear_error(tmp_path, good):
    english, _ = good
    output = english / "report.json"  # its "directory" is a file
    result = invoke("check", tmp_path / "missing.txt", english, "--output", output)
    assert_one_line_error(result, output, "cannot be written")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["de.txt", "en.txt"]
