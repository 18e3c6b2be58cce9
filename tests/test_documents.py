"""Decoding and reading files: every bad input becomes one clear InputError."""

import codecs

import pytest

from toolkit.documents import Document, decode, read_text
from toolkit.errors import InputError

GERMAN = "Größere Straßen in Pjöngjang.\nZweite Zeile."


@pytest.mark.parametrize(
    "data",
    [
        GERMAN.encode("utf-8"),
        codecs.BOM_UTF8 + GERMAN.encode("utf-8"),
        GERMAN.encode("utf-16"),  # with BOM
        codecs.BOM_UTF16_BE + GERMAN.encode("utf-16-be"),
        GERMAN.replace("\n", "\r\n").encode("utf-8"),
    ],
    ids=["utf8", "utf8-bom", "utf16-le-bom", "utf16-be-bom", "crlf"],
)
def test_decodes_supported_encodings_to_the_same_text(data):
    assert decode(data) == GERMAN


def test_nfd_input_is_normalised_to_nfc():
    nfd = "Gro\u0308ße"
    assert decode(nfd.encode("utf-8")) == "Größe"


@pytest.mark.parametrize(
    "data, problem",
    [
        (GERMAN.encode("utf-16-le"), "UTF-16 without a byte-order mark"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("Größe".encode("latin-1"), "not valid UTF-8"),
    ],
    ids=["utf16-no-bom", "binary", "latin1"],
)
def test_refuses_what_it_cannot_decode(data, problem):
    with pytest.raises(InputError) as err:
        decode(data, "f.txt")
    assert problem in str(err.value)
    assert str(err.value).startswith("f.txt: ")


def test_read_text_errors(tmp_path):
    cases = {
        "missing": (tmp_path / "nope.txt", "no such file"),
        "directory": (tmp_path, "is a directory"),
    }
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    blank = tmp_path / "blank.txt"
    blank.write_text("  \n\t\n")
    cases["empty"] = (empty, "is empty")
    cases["blank"] = (blank, "only white space")
    for name, (path, problem) in cases.items():
        with pytest.raises(InputError) as err:
            read_text(path)
        assert problem in str(err.value), name
        assert str(path) in str(err.value), name


def test_read_text_refuses_files_over_the_limit(tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(b"word " * 1000)
    with pytest.raises(InputError, match="limit"):
        read_text(big, max_bytes=1000)


def test_locate_gives_one_based_line_and_column():
    doc = Document(path="x", text="ab\ncde\n\nf")
    assert doc.locate(0) == (1, 1)
    assert doc.locate(4) == (2, 2)
    assert doc.locate(8) == (4, 1)
