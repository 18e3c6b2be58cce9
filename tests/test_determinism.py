"""Determinism: the same input gives byte-identical reports across processes, hash seeds and cache states.

Each run is a separate ``driftcheck`` process with its own ``PYTHONHASHSEED``, so
an order that depends on set or dict hashing would show up as a difference. The
embedding cache is private to the test (``$DRIFTCHECK_CACHE``): the first run
fills it (cold), the next reads from it (warm), and a ``--no-cache`` run embeds
everything afresh; all must agree to the byte.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpora" / "dpa-putin-north-korea"
DRIFTCHECK = Path(sys.executable).parent / "driftcheck"
PAIR = [str(CORPUS / "de-drifted.txt"), str(CORPUS / "en.txt")]

pytestmark = pytest.mark.model


def run(args: list[str], cache: Path, hash_seed: str) -> bytes:
    env = {**os.environ, "DRIFTCHECK_CACHE": str(cache), "PYTHONHASHSEED": hash_seed, "CI": "true"}
    env.pop("DRIFTCHECK_NO_CACHE", None)
    done = subprocess.run([str(DRIFTCHECK), *args], env=env, cwd=REPO, capture_output=True, timeout=900)
    assert done.returncode in (0, 1), done.stderr.decode("utf-8", "replace")
    return done.stdout


def test_compare_json_is_identical_cold_warm_and_uncached(tmp_path):
    cache = tmp_path / "cache.sqlite3"
    args = ["compare", *PAIR, "--format", "json"]
    cold = run(args, cache, "1")
    warm = run(args, cache, "2")
    fresh = run([*args, "--no-cache"], tmp_path / "unused.sqlite3", "3")
    assert b'"pairs"' in cold
    assert warm == cold
    assert fresh == cold


def test_check_sarif_is_identical_cold_and_warm(tmp_path):
    cache = tmp_path / "cache.sqlite3"
    args = ["check", *PAIR, "--format", "sarif"]
    cold = run(args, cache, "4")
    warm = run(args, cache, "5")
    assert b'"results"' in cold
    assert warm == cold
