"""Reading pre-aligned sentence pairs (TSV or JSONL) for ``driftcheck score``."""

from __future__ import annotations

import json
from dataclasses import dataclass

from .documents import read_text
from .errors import InputError


@dataclass(frozen=True)
class InputPair:
    """One pre-aligned pair and the 1-based line it came from."""

    line: int
    source: str
    translation: str


def _parse_jsonl(path: str, number: int, raw: str) -> InputPair:
    try:
        record = json.loads(raw)
    except json.JSONDecodeError as err:
        raise InputError(path, f"line {number}: not valid JSON ({err.msg})") from None
    if not isinstance(record, dict) or not isinstance(record.get("source"), str) or not isinstance(
        record.get("translation"), str
    ):
        raise InputError(path, f'line {number}: expected an object with string keys "source" and "translation"')
    return InputPair(number, record["source"].strip(), record["translation"].strip())


def _parse_tsv(path: str, number: int, raw: str) -> InputPair:
    fields = raw.split("\t")
    if len(fields) != 2:
        raise InputError(path, f"line {number}: expected 2 tab-separated fields (source, translation), "
                               f"found {len(fields)}")
    return InputPair(number, fields[0].strip(), fields[1].strip())


def read_pairs(path: str) -> list[InputPair]:
    """Parse ``path`` as JSONL (every non-blank line starts with ``{``) or else as TSV."""
    text = read_text(path)
    lines = [(n, raw) for n, raw in enumerate(text.split("\n"), start=1) if raw.strip()]
    is_jsonl = path.endswith((".jsonl", ".json")) or all(raw.lstrip().startswith("{") for _, raw in lines)
    parse = _parse_jsonl if is_jsonl else _parse_tsv
    pairs = [parse(path, n, raw) for n, raw in lines]
    for pair in pairs:
        if not pair.source or not pair.translation:
            raise InputError(path, f"line {pair.line}: empty source or translation")
    return pairs
