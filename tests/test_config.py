"""The batch configuration: patterns bind the same value on both sides; every mistake is a named error."""

from __future__ import annotations

import pytest

from toolkit.config import find_config, load_config
from toolkit.errors import ConfigError
from toolkit.result import Severity


def tree(tmp_path, *names):
    for name in names:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("Text.\n", encoding="utf-8")


def config_file(tmp_path, text, name="driftcheck.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_pattern_binds_the_star_on_both_sides(tmp_path):
    tree(tmp_path, "c/one/en.txt", "c/one/de.txt", "c/two/en.txt", "c/two/de.txt", "c/old/en.txt")
    path = config_file(tmp_path, '''
fail_on = "medium"
ignore = ["c/old/*"]
[thresholds]
drift = 0.6
[[pair]]
translation = "c/*/en.txt"
sources = ["c/*/de.txt"]
source_lang = "de-CH"
''')
    config = load_config(path)
    assert config.fail_on is Severity.MEDIUM and config.drift_threshold == 0.6
    assert [p.name for p in config.pairs] == ["c/one/en.txt", "c/two/en.txt"]
    assert config.pairs[1].sources == (str(tmp_path / "c/two/de.txt"),)
    assert config.pairs[0].source_lang == "de"


def test_explicit_pair_is_relative_to_the_config_file(tmp_path):
    tree(tmp_path, "sub/en.txt")
    path = config_file(tmp_path / "sub", '[[pair]]\nname = "n"\ntranslation = "en.txt"\nsources = ["de.txt", "fr.txt"]\n')
    config = load_config(path)
    assert config.pairs[0].translation == str(tmp_path / "sub/en.txt")
    assert config.pairs[0].sources == (str(tmp_path / "sub/de.txt"), str(tmp_path / "sub/fr.txt"))


@pytest.mark.parametrize("text, key", [
    ('colour = "red"\n[[pair]]\ntranslation = "a"\nsources = ["b"]\n', "colour"),
    ('fail_on = 3\n[[pair]]\ntranslation = "a"\nsources = ["b"]\n', "fail_on"),
    ('fail_on = "severe"\n[[pair]]\ntranslation = "a"\nsources = ["b"]\n', "fail_on"),
    ('[[pair]]\ntranslation = "a"\nsources = "b"\n', "pair[0].sources"),
    ('[[pair]]\ntranslation = "a"\nsource = ["b"]\n', "pair[0].source"),
    ('[[pair]]\nsources = ["b"]\n', "pair[0].translation"),
    ('[[pair]]\ntranslation = "nothing/*/en.txt"\nsources = ["nothing/*/de.txt"]\n', "pair[0].translation"),
    ('[thresholds]\ndrift = 2\n[[pair]]\ntranslation = "a"\nsources = ["b"]\n', "thresholds.drift"),
    ('presplit = "yes"\n[[pair]]\ntranslation = "a"\nsources = ["b"]\n', "presplit"),
    ('name = "x"\n', "pair"),
    ('source_lang = "xx"\n[[pair]]\ntranslation = "a"\nsources = ["b"]\n', "source_lang"),
    ('[[pair]]\ntranslation = "a"\nsources = ["b"]\ntarget_lang = "english"\n', "pair[0].target_lang"),
])
def test_mistakes_name_the_file_and_the_key(tmp_path, text, key):
    path = config_file(tmp_path, text)
    with pytest.raises(ConfigError) as raised:
        load_config(path)
    assert str(path) in str(raised.value) and f"'{key}'" in str(raised.value)


def test_broken_toml_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(config_file(tmp_path, "[[pair]\n"))


def test_pyproject_table_is_found_and_prefixed(tmp_path):
    tree(tmp_path, "en.txt")
    config_file(tmp_path, '[tool.driftcheck]\nfail_on = "high"\n[[tool.driftcheck.pair]]\n'
                          'translation = "en.txt"\nsources = ["de.txt"]\n', "pyproject.toml")
    found = find_config(tmp_path)
    assert found.name == "pyproject.toml"
    assert load_config(found).fail_on is Severity.HIGH
    config_file(tmp_path, '[tool.driftcheck]\nfail = "high"\n', "pyproject.toml")
    with pytest.raises(ConfigError, match="'tool.driftcheck.fail'"):
        load_config(tmp_path / "pyproject.toml")


def test_driftcheck_toml_wins_and_plain_pyproject_is_ignored(tmp_path):
    config_file(tmp_path, "[project]\nname = 'x'\n", "pyproject.toml")
    assert find_config(tmp_path) is None
    config_file(tmp_path, "")
    assert find_config(tmp_path).name == "driftcheck.toml"
