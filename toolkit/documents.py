"""Reading text files into documents whose segments remember where they came from.

Every segment keeps character offsets into the decoded text plus 1-based line and
column numbers, so a finding can point a reader (or a CI annotation) at the exact
place in the file.
"""

from __future__ import annotations

import bisect
import codecs
import os
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError

MAX_INPUT_BYTES = 20 * 1024 * 1024
"""Largest file driftcheck reads (20 MiB, about 3 million words): beyond it, a clear error."""

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True)
class Segment:
    """One sentence (or headline line) of a document.

    Attributes:
        index: position in the document's segment list.
        text: the segment's text, as in the file (stripped of surrounding space).
        start: character offset of the first character in the document text.
        end: character offset just past the last character.
        line: 1-based line of ``start``.
        column: 1-based column of ``start`` (in characters).
        end_line: 1-based line of the last character.
        end_column: 1-based column just past the last character.
    """

    index: int
    text: str
    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int


@dataclass
class Document:
    """A decoded text file, its language and its segments."""

    path: str
    text: str
    lang: str = ""
    segments: list[Segment] = field(default_factory=list)

    def locate(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset."""
        return locate(self._line_starts, offset)

    @property
    def _line_starts(self) -> list[int]:
        starts = self.__dict__.get("_starts_cache")
        if starts is None:
            starts = line_starts(self.text)
            self.__dict__["_starts_cache"] = starts
        return starts


def line_starts(text: str) -> list[int]:
    """Offsets at which each line of ``text`` begins."""
    starts = [0]
    pos = text.find("\n")
    while pos != -1:
        starts.append(pos + 1)
        pos = text.find("\n", pos + 1)
    return starts


def locate(starts: list[int], offset: int) -> tuple[int, int]:
    """1-based (line, column) of ``offset`` given the line starts of its text."""
    line = bisect.bisect_right(starts, offset) - 1
    return line + 1, offset - starts[line] + 1


def decode(data: bytes, path: str | None = None) -> str:
    """Decode file bytes as UTF-8 (with or without BOM) or BOM-marked UTF-16.

    Anything else is refused rather than guessed: a wrong guess would silently
    compare mojibake. Line endings are normalised to ``\\n`` and the text to NFC,
    so offsets and embeddings do not depend on how the file was saved.
    """
    encoding = "utf-8"
    for bom, name in _BOMS:
        if data.startswith(bom):
            encoding = name
            break
    else:
        if b"\x00" in data[:4096]:
            raise InputError(path, "looks like a binary file (NUL bytes), or UTF-16 without a byte-order mark; "
                                   "save it as UTF-8")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as err:
        raise InputError(path, f"is not valid {encoding.upper()} text (byte {err.start}); save it as UTF-8") from None
    if "\x00" in text:
        raise InputError(path, "contains NUL characters; it does not look like a text file")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def read_text(path: str | os.PathLike, max_bytes: int = MAX_INPUT_BYTES) -> str:
    """Read and decode a text file, turning every failure into one clear :class:`InputError`."""
    name = str(path)
    p = Path(path)
    try:
        if p.is_dir():
            raise InputError(name, "is a directory, not a text file")
        size = p.stat().st_size
        if size > max_bytes:
            raise InputError(name, f"is {size / 1048576:.1f} MiB; the limit is {max_bytes / 1048576:.0f} MiB")
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError(name, "no such file") from None
    except PermissionError:
        raise InputError(name, "permission denied") from None
    except IsADirectoryError:
        raise InputError(name, "is a directory, not a text file") from None
    except OSError as err:
        raise InputError(name, f"cannot be read ({err.strerror or err})") from None
    text = decode(data, name)
    if not text.strip():
        raise InputError(name, "is empty" if not text else "contains only white space")
    return text
