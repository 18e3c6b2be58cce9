"""The CLI answers --help without heavy imports and turns bad input into exit code 2."""

import subprocess
import sys

import pytest
from click.testing import CliRunner

from toolkit.cli import main


def test_help_does_not_import_torch():
    code = (
        "import sys\n"
        "from toolkit.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "for name in ['compare', 'align', 'score', 'check']:\n"
        "    try:\n        main([name, '--help'])\n    except SystemExit:\n        pass\n"
        "heavy = [m for m in ('torch', 'sentence_transformers', 'transformers') if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "HEAVY []" in out


@pytest.fixture
def bad_files(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Russia wants to work more closely with North Korea. The content is still unknown.\n")
    files = {
        "missing": (tmp_path / "missing.txt", "no such file"),
        "directory": (tmp_path, "is a directory"),
        "empty": (tmp_path / "empty.txt", "is empty"),
        "binary": (tmp_path / "bin.dat", "binary"),
        "latin1": (tmp_path / "latin1.txt", "not valid UTF-8"),
        "numbers": (tmp_path / "numbers.txt", "language cannot be detected"),
    }
    files["empty"][0].write_bytes(b"")
    files["binary"][0].write_bytes(bytes(range(256)) * 4)
    files["latin1"][0].write_bytes("Größe und Maß".encode("latin-1"))
    files["numbers"][0].write_text("123 456 789\n")
    return good, files


@pytest.mark.parametrize("case", ["missing", "directory", "empty", "binary", "latin1", "numbers"])
@pytest.mark.parametrize("side", ["translation", "source"])
def test_compare_bad_input_exit_2_one_line(bad_files, case, side):
    good, files = bad_files
    bad, problem = files[case]
    args = ["compare", str(bad), str(good)] if side == "translation" else ["compare", str(good), str(bad)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    message = result.stderr if hasattr(result, "stderr") else result.output
    assert problem in message
    assert str(bad) in message
    assert "Traceback" not in result.output
    assert len(message.strip().splitlines()) == 1


@pytest.mark.parametrize("command", ["compare", "align", "score", "check"])
def test_unknown_language_code_is_refused_before_any_work(tmp_path, command):
    text = tmp_path / "en.txt"
    text.write_text("A sentence.\n", encoding="utf-8")
    args = {"compare": [str(text), str(text)], "align": [str(text), str(text)], "score": [str(text)],
            "check": [str(text)]}[command]
    result = CliRunner().invoke(main, [command, *args, "--source-lang", "xx"])
    assert result.exit_code == 2
    assert "'xx' is not a known language code" in result.output
    assert "Traceback" not in result.output
