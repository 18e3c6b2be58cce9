"""Concurrency and interruption: a shared cache stays intact, an interrupted run leaves nothing half-written."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import click
import numpy as np
import pytest
from click.testing import CliRunner

from toolkit.cli._common import handle_errors, write_output
from toolkit.embed.cache import EmbeddingCache, default_cache_path

REPO = Path(__file__).resolve().parent.parent
TESTS = REPO / "tests"
CORPUS = REPO / "corpora" / "dpa-putin-north-korea"
DRIFTCHECK = Path(sys.executable).parent / "driftcheck"


def integrity(path: Path) -> tuple[str, int]:
    """SQLite's own verdict on the cache file and its number of sentence vectors (token embeddings aside)."""
    with sqlite3.connect(path) as db:
        status = db.execute("PRAGMA integrity_check").fetchone()[0]
        if not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'vectors'").fetchone():
            return status, 0  # interrupted before the first run created the table: a valid empty cache
        return status, db.execute("SELECT COUNT(*) FROM vectors WHERE model NOT LIKE '%#tokens'").fetchone()[0]


def child_env(**extra: str) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), str(TESTS)]), "CI": "true"}
    env.update(extra)
    return env


def leftovers(directory: Path) -> list[str]:
    """Files the atomic writer would leave behind if it were interrupted mid-write."""
    return sorted(p.name for p in directory.iterdir() if p.name.startswith("."))


def test_cache_path_can_be_set_apart_from_the_model_home(tmp_path, monkeypatch):
    monkeypatch.setenv("DRIFTCHECK_HOME", str(tmp_path / "home"))
    assert default_cache_path() == tmp_path / "home" / "embeddings.sqlite3"
    monkeypatch.setenv("DRIFTCHECK_CACHE", str(tmp_path / "elsewhere" / "c.sqlite3"))
    assert default_cache_path() == tmp_path / "elsewhere" / "c.sqlite3"
    EmbeddingCache().close()
    assert (tmp_path / "elsewhere" / "c.sqlite3").is_file()
    assert not (tmp_path / "home").exists()


_CACHE_WRITER = textwrap.dedent("""
    import sys
    from batch_fakes import HashEncoder
    from toolkit.embed.cache import CachedEncoder, EmbeddingCache

    worker = sys.argv[2]
    encoder = CachedEncoder(HashEncoder(), EmbeddingCache(sys.argv[1]))
    for batch in range(15):
        encoder.encode([f"shared {batch} {i}" for i in range(20)] + [f"own {worker} {batch} {i}" for i in range(5)])
""")


def test_processes_filling_one_fresh_cache_at_once_leave_it_intact(tmp_path):
    path = tmp_path / "fresh.sqlite3"
    workers = 5
    runs = [subprocess.Popen([sys.executable, "-c", _CACHE_WRITER, str(path), str(w)], env=child_env(),
                             stderr=subprocess.PIPE, text=True) for w in range(workers)]
    errors = [run.communicate(timeout=300)[1] for run in runs]
    assert [run.returncode for run in runs] == [0] * workers, errors
    assert integrity(path) == ("ok", 15 * 20 + workers * 15 * 5)


def test_opening_a_fresh_cache_while_another_process_writes_to_it_waits(tmp_path):
    # SQLite refuses the switch to WAL at once, without its busy timeout, while a write is under way:
    # that is what two runs starting together on one fresh cache meet.
    path = tmp_path / "fresh.sqlite3"
    writer = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    writer.execute("CREATE TABLE other (x)")
    writer.execute("BEGIN IMMEDIATE")
    threading.Timer(0.3, writer.commit).start()
    with EmbeddingCache(path) as cache:
        cache.put_many("m", ["a"], np.ones((1, 4)))
    writer.close()
    assert integrity(path) == ("ok", 1)


@click.command()
@click.argument("output")
@handle_errors
def _terminated_while_writing(output):
    """Sends itself SIGTERM in the middle of the atomic write."""
    original = os.replace

    def replace_after_sigterm(src, dst):
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(5)  # the handler interrupts the sleep; without one the process would be dead
        original(src, dst)

    os.replace = replace_after_sigterm
    try:
        write_output("{}\n", output)
    finally:
        os.replace = original


def test_sigterm_during_the_atomic_write_leaves_no_file(tmp_path):
    result = CliRunner().invoke(_terminated_while_writing, [str(tmp_path / "report.json")])
    assert result.exit_code == 128 + signal.SIGTERM
    assert "terminated" in result.output
    assert list(tmp_path.iterdir()) == []
    assert signal.getsignal(signal.SIGTERM) is not None  # the CLI's handler does not outlive the command


_COMPARE_KILLED_WHILE_WRITING = textwrap.dedent("""
    import os, signal, sys, time
    import toolkit.embed.factory
    from fake_encoder import FakeEncoder
    from toolkit.cli import main

    toolkit.embed.factory.encoder_factory = lambda model, use_cache=True, jobs=1: FakeEncoder
    signal.signal(signal.SIGINT, signal.default_int_handler)  # as at a terminal: a background job inherits it ignored
    real_replace = os.replace

    def replace_after_signal(src, dst):
        os.kill(os.getpid(), getattr(signal, sys.argv[1]))
        time.sleep(30)
        real_replace(src, dst)

    os.replace = replace_after_signal
    main(sys.argv[2:])
""")


@pytest.mark.parametrize("signame", ["SIGTERM", "SIGINT"])
def test_signal_while_the_report_is_written_leaves_no_partial_or_temp_file(tmp_path, signame):
    out = tmp_path / "out"
    out.mkdir()
    args = ["compare", str(CORPUS / "de-drifted.txt"), str(CORPUS / "en.txt"), "--format", "json",
            "--output", str(out / "report.json")]
    run = subprocess.run([sys.executable, "-c", _COMPARE_KILLED_WHILE_WRITING, signame, *args],
                         env=child_env(), capture_output=True, text=True, timeout=300)
    assert run.returncode == 128 + getattr(signal, signame), run.stderr
    assert "Traceback" not in run.stderr
    assert list(out.iterdir()) == []


def _wait_for(path: Path, process: subprocess.Popen) -> None:
    """Until ``path`` exists (the run is under way) or the process has ended."""
    while not path.exists() and process.poll() is None:
        time.sleep(0.05)


@pytest.mark.model
@pytest.mark.parametrize("command, signame", [("compare", "SIGINT"), ("check", "SIGTERM")])
def test_interrupted_real_run_leaves_no_report_and_an_intact_cache(tmp_path, command, signame):
    cache = tmp_path / "cache.sqlite3"
    out = tmp_path / "out"
    out.mkdir()
    report = out / "report.json"
    args = [str(DRIFTCHECK), command, str(CORPUS / "de-drifted.txt"), str(CORPUS / "en.txt"),
            "--format", "json", "--output", str(report)]
    process = subprocess.Popen(args, env=child_env(DRIFTCHECK_CACHE=str(cache)), stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    _wait_for(cache, process)
    process.send_signal(getattr(signal, signame))
    _, stderr = process.communicate(timeout=600)
    assert "Traceback" not in stderr
    if process.returncode == 128 + getattr(signal, signame):
        assert list(out.iterdir()) == []
    else:  # the run finished before the signal arrived: then the report is whole
        assert process.returncode in (0, 1), stderr
        json.loads(report.read_text(encoding="utf-8"))
        assert leftovers(out) == []
    assert integrity(cache)[0] == "ok"


@pytest.mark.model
def test_two_check_runs_sharing_a_fresh_cache_both_succeed(tmp_path):
    from toolkit.pipeline import load_document

    cache = tmp_path / "cache.sqlite3"
    pair = [str(CORPUS / "de-drifted.txt"), str(CORPUS / "en.txt")]
    reports = [tmp_path / f"report{n}.json" for n in range(2)]
    runs = [subprocess.Popen([str(DRIFTCHECK), "check", *pair, "--format", "json", "--output", str(report)],
                             env=child_env(DRIFTCHECK_CACHE=str(cache)), stderr=subprocess.PIPE, text=True)
            for report in reports]
    errors = [run.communicate(timeout=900)[1] for run in runs]
    assert [run.returncode for run in runs] == [1, 1], errors  # the drifted corpus has findings
    assert not any("Traceback" in error for error in errors), errors
    first, second = (json.loads(r.read_text(encoding="utf-8")) for r in reports)
    assert first == second
    sentences = {s.text for path in pair for s in load_document(path).segments}
    assert integrity(cache)[0] == "ok"
    with sqlite3.connect(cache) as db:
        stored = {key for (key,) in db.execute("SELECT key FROM vectors WHERE model NOT LIKE '%#tokens'")}
        results = db.execute("SELECT COUNT(*) FROM vectors WHERE model = 'driftcheck-pair-results'").fetchone()[0]
    # Every sentence embedded and kept once (besides them: the aligner's few refined concatenations).
    assert {EmbeddingCache.key(text) for text in sentences} <= stored
    assert results == 1  # both runs computed the same pair; its result is stored once


def test_an_interrupt_while_langdetect_loads_is_an_interrupt_not_an_undetectable_language(monkeypatch):
    from langdetect import detector_factory

    from toolkit.langid import detect_language

    def interrupted(handle):
        raise KeyboardInterrupt

    monkeypatch.setattr(detector_factory, "_factory", None)
    monkeypatch.setattr(detector_factory.json, "load", interrupted)
    with pytest.raises(KeyboardInterrupt):
        detect_language("Russland will enger mit Nordkorea zusammenarbeiten.", "de.txt")
    monkeypatch.undo()
    assert detect_language("Russland will enger mit Nordkorea zusammenarbeiten.", "de.txt") == "de"
