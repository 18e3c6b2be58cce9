"""The batch configuration: which document pairs ``driftcheck check`` verifies, and how strictly.

Read from ``driftcheck.toml`` or the ``[tool.driftcheck]`` table of
``pyproject.toml``. Everything is validated up front: an unknown key, a value
of the wrong type or a pattern that matches no file is a :class:`ConfigError`
naming the file and the key, because a CI gate that silently checks nothing
is worse than one that fails.

Example::

    fail_on = "medium"
    ignore = ["corpora/old/*"]

    [[pair]]                      # a pattern: each * binds the same text on both sides
    translation = "corpora/*/en.txt"
    sources = ["corpora/*/de.txt"]

    [[pair]]                      # an explicit pair
    name = "release notes"
    translation = "docs/notes.en.md"
    sources = ["docs/notes.de.md", "docs/notes.fr.md"]
    source_lang = "de"

Paths are relative to the directory of the configuration file.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .documents import MAX_INPUT_BYTES
from .errors import ConfigError
from .langid import language_code
from .result import Severity

CONFIG_FILENAME = "driftcheck.toml"
FAIL_LEVELS = ("low", "medium", "high")

_TOP_KEYS = {
    "name": str, "model": str, "fail_on": str, "source_lang": str, "target_lang": str,
    "presplit": bool, "ignore": list, "thresholds": dict, "pair": list,
}
_PAIR_KEYS = {"name": str, "translation": str, "sources": list, "source_lang": str, "target_lang": str,
              "presplit": bool}
_THRESHOLD_KEYS = {"drift": float, "variant": float}
_GLOB_CHARS = re.compile(r"[*?\[]")


@dataclass(frozen=True)
class PairSpec:
    """One document pair to check: a translation and its candidate sources (absolute paths)."""

    name: str
    translation: str
    sources: tuple[str, ...]
    source_lang: str | None = None
    target_lang: str | None = None
    presplit: bool = False


@dataclass
class Config:
    """A validated configuration.

    Attributes:
        path: the file it came from (``None`` for a pair given on the command line).
        root: the directory paths are relative to.
        name: the suite name in reports.
        pairs: the document pairs, patterns expanded, ignored paths removed.
        model: model name or path (``None``: the default model).
        fail_on: the least severity that fails the run.
        drift_threshold: override of the scorer's drift threshold.
        variant_threshold: override of the scorer's variant threshold.
    """

    path: str | None
    root: Path
    name: str
    pairs: list[PairSpec] = field(default_factory=list)
    model: str | None = None
    fail_on: Severity = Severity.LOW
    drift_threshold: float | None = None
    variant_threshold: float | None = None


def find_config(directory: str | os.PathLike) -> Path | None:
    """``driftcheck.toml`` in ``directory``, else its ``pyproject.toml`` if that has ``[tool.driftcheck]``."""
    directory = Path(directory)
    candidate = directory / CONFIG_FILENAME
    if candidate.is_file():
        return candidate
    pyproject = directory / "pyproject.toml"
    if pyproject.is_file() and "driftcheck" in _read_toml(pyproject).get("tool", {}):
        return pyproject
    return None


def _read_toml(path: Path) -> dict:
    """Parse a TOML file, refusing one over the input size limit before reading it."""
    try:
        if path.is_dir():
            raise ConfigError(f"{path}: is a directory, not a configuration file")
        size = path.stat().st_size
        if size > MAX_INPUT_BYTES:
            raise ConfigError(f"{path}: is {size / 1048576:.1f} MiB; the limit is {MAX_INPUT_BYTES / 1048576:.0f} MiB")
        return tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such configuration file") from None
    except UnicodeDecodeError as err:
        raise ConfigError(f"{path}: is not valid UTF-8 text (byte {err.start})") from None
    except OSError as err:
        raise ConfigError(f"{path}: cannot be read ({err.strerror or err})") from None
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{path}: not valid TOML ({err})") from None


def load_config(path: str | os.PathLike) -> Config:
    """Read and validate a configuration file (``driftcheck.toml`` or ``pyproject.toml``)."""
    path = Path(path)
    data = _read_toml(path)
    prefix = ""
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("driftcheck")
        prefix = "tool.driftcheck."
        if data is None:
            raise ConfigError(f"{path}: has no [tool.driftcheck] table")
    return _parse(data, path, prefix)


def single_pair_config(translation: str, sources: list[str], root: str | os.PathLike) -> Config:
    """The configuration of ``driftcheck check TRANSLATION SOURCE...``: one pair, default settings."""
    root = Path(root).resolve()
    spec = PairSpec(_relative(Path(translation).resolve(), root), str(Path(translation).resolve()),
                    tuple(str(Path(s).resolve()) for s in sources))
    return Config(path=None, root=root, name="driftcheck", pairs=[spec])


class _Checker:
    """Type checks that name the file and the dotted key of every problem."""

    def __init__(self, path: Path, prefix: str):
        self.path, self.prefix = path, prefix

    def error(self, key: str, problem: str) -> ConfigError:
        return ConfigError(f"{self.path}: key '{self.prefix}{key}': {problem}")

    def table(self, data: Any, allowed: dict[str, type], where: str) -> None:
        if not isinstance(data, dict):
            raise self.error(where.rstrip("."), f"expected a table, got {_type_name(data)}")
        for key, value in data.items():
            if key not in allowed:
                known = ", ".join(sorted(allowed))
                raise self.error(f"{where}{key}", f"unknown key (known keys: {known})")
            expected = allowed[key]
            ok = isinstance(value, expected) and not (expected is not bool and isinstance(value, bool))
            if expected is float:
                ok = isinstance(value, (int, float)) and not isinstance(value, bool)
            if not ok:
                raise self.error(f"{where}{key}", f"expected {_type_name(expected())}, got {_type_name(value)}")

    def strings(self, values: list, key: str, allow_empty: bool = False) -> list[str]:
        if not values and not allow_empty:
            raise self.error(key, "must not be empty")
        for value in values:
            if not isinstance(value, str) or not value:
                raise self.error(key, f"expected a list of non-empty strings, found {value!r}")
        return values

    def language(self, value: str | None, key: str) -> str | None:
        if value is None:
            return None
        try:
            return language_code(value)
        except ValueError as err:
            raise self.error(key, str(err)) from None


def _type_name(value: Any) -> str:
    return {bool: "a boolean", str: "a string", int: "an integer", float: "a number", list: "a list",
            dict: "a table"}.get(type(value), type(value).__name__)


def _parse(data: dict, path: Path, prefix: str) -> Config:
    check = _Checker(path, prefix)
    check.table(data, _TOP_KEYS, "")
    root = path.resolve().parent
    fail_on = data.get("fail_on", "low")
    if fail_on not in FAIL_LEVELS:
        raise check.error("fail_on", f"expected one of {', '.join(FAIL_LEVELS)}, got {fail_on!r}")
    thresholds = data.get("thresholds", {})
    check.table(thresholds, _THRESHOLD_KEYS, "thresholds.")
    for key, value in thresholds.items():
        if not 0.0 < value < 1.0:
            raise check.error(f"thresholds.{key}", f"must be between 0 and 1, got {value}")
    if "drift" in thresholds and "variant" in thresholds and thresholds["variant"] > thresholds["drift"]:
        raise check.error("thresholds.variant", "must not be above thresholds.drift")
    ignore = check.strings(data.get("ignore", []), "ignore", allow_empty=True)
    ignored = [_glob_regex(pattern) for pattern in ignore]
    pair_tables = data.get("pair", [])
    if not pair_tables:
        raise check.error("pair", "no document pairs configured; add at least one [[pair]] table")
    defaults = {k: check.language(data.get(k), k) for k in ("source_lang", "target_lang")}
    defaults["presplit"] = data.get("presplit")
    pairs: list[PairSpec] = []
    for number, table in enumerate(pair_tables):
        pairs.extend(_expand_pair(check, table, f"pair[{number}].", root, ignored, defaults))
    return Config(
        path=str(path), root=root, name=data.get("name", root.name or "driftcheck"), pairs=pairs,
        model=data.get("model"), fail_on=Severity(fail_on),
        drift_threshold=thresholds.get("drift"), variant_threshold=thresholds.get("variant"),
    )


def _expand_pair(check: _Checker, table: Any, where: str, root: Path, ignored: list[re.Pattern],
                 defaults: dict) -> list[PairSpec]:
    check.table(table, _PAIR_KEYS, where)
    for required in ("translation", "sources"):
        if required not in table:
            raise check.error(f"{where}{required}", "missing")
    sources = check.strings(table["sources"], f"{where}sources")
    options = {k: check.language(table[k], f"{where}{k}") if k in table else defaults[k]
               for k in ("source_lang", "target_lang")}
    options["presplit"] = bool(table.get("presplit", defaults["presplit"] or False))
    translation = table["translation"]
    if not _GLOB_CHARS.search(translation):
        for source in sources:
            if _GLOB_CHARS.search(source):
                raise check.error(f"{where}sources", f"{source!r} is a pattern but the translation is not")
        if _is_ignored(translation, ignored):
            return []
        return [PairSpec(table.get("name", translation), str(root / translation),
                         tuple(str(root / s) for s in sources), **options)]
    stars = translation.count("*")
    for source in sources:
        if source.count("*") > stars or "?" in source or "[" in source:
            raise check.error(f"{where}sources", f"{source!r}: a source may use at most the {stars} '*' of the "
                                                 "translation pattern and no other wildcards")
    matcher = _glob_regex(translation, capture=True)
    matches = sorted(p for p in root.glob(translation) if p.is_file())
    if not matches:
        raise check.error(f"{where}translation", f"pattern {translation!r} matches no file under {root}")
    pairs = []
    for match in matches:
        relative = match.relative_to(root).as_posix()
        if _is_ignored(relative, ignored):
            continue
        bound = matcher.fullmatch(relative)
        if bound is None:  # root.glob and our regex disagree only on exotic patterns
            raise check.error(f"{where}translation", f"cannot bind the '*' of {translation!r} for {relative}")
        concrete = [_substitute(source, bound.groups()) for source in sources]
        name = f"{table['name']} [{relative}]" if "name" in table else relative
        pairs.append(PairSpec(name, str(match), tuple(str(root / s) for s in concrete), **options))
    if not pairs:
        raise check.error(f"{where}translation", f"pattern {translation!r} matches only ignored files")
    return pairs


def _glob_regex(pattern: str, capture: bool = False) -> re.Pattern:
    """A glob as a regex over forward-slash paths: ``**`` spans directories, ``*`` and ``?`` do not."""
    group = "(" if capture else "(?:"
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append(f"{group}(?:.*/)?)")
            i += 3
        elif pattern.startswith("**", i):
            out.append(f"{group}.*)")
            i += 2
        elif pattern[i] == "*":
            out.append(f"{group}[^/]*)")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out))


def _substitute(source: str, values: tuple[str, ...]) -> str:
    """Replace the n-th ``*`` (or ``**``) of a source pattern with the n-th bound value."""
    parts = re.split(r"\*\*/|\*\*|\*", source)
    out = [parts[0]]
    for value, part in zip(values, parts[1:]):
        out.extend((value, part))
    return "".join(out)


def _is_ignored(relative: str, ignored: list[re.Pattern]) -> bool:
    return any(pattern.fullmatch(relative) for pattern in ignored)


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
