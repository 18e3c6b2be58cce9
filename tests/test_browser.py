"""The HTML report in a real browser (Debian's headless Chromium): scripts run, injections do not.

``--dump-dom`` prints the DOM after the page's scripts ran, so the assertions see
what a reader's browser builds, including the effect of the Content-Security-Policy.
Install the browser with ``apt-get install -y chromium``; without it these tests skip.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from html import escape
from pathlib import Path

import pytest

from html_tree import Tree, parse
from sample_comparison import ATTRIBUTE_PAYLOAD, PWNED_TITLE, SCRIPT_PAYLOAD, sample_comparison
from toolkit.report.html import render

pytestmark = pytest.mark.browser

REPO_ROOT = Path(__file__).resolve().parent.parent
SEED = REPO_ROOT / "corpora" / "dpa-putin-north-korea"
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def chromium() -> str:
    for name in CHROMIUM_NAMES:
        path = shutil.which(name)
        if path:
            return path
    pytest.skip("headless Chromium not found; install it with: apt-get install -y chromium")


def browse(chromium: str, page: Path, tmp_path: Path, *mode: str, fragment: str = "") -> subprocess.CompletedProcess:
    """Run Chromium headless and offline-ish on a local file, with a throwaway profile."""
    command = [
        chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
        f"--user-data-dir={tmp_path / 'profile'}", *mode, page.as_uri() + fragment,
    ]
    environment = {**os.environ, "HOME": str(tmp_path)}
    completed = subprocess.run(command, capture_output=True, text=True, timeout=180, env=environment)
    assert completed.returncode == 0, completed.stderr[-2000:]
    return completed


def dom_after_scripts(chromium: str, html: str, tmp_path: Path, fragment: str = "") -> Tree:
    page = tmp_path / "report.html"
    page.write_text(html, encoding="utf-8")
    return parse(browse(chromium, page, tmp_path, "--dump-dom", fragment=fragment).stdout)


def title_of(tree: Tree) -> str:
    return "".join(tree.texts_of("title"))


def assert_report_ran_safely(tree: Tree, pairs: int) -> None:
    body = tree.find("body")[0]
    assert body.get("data-ready") == "true", "the report's own script did not run (CSP hash or error?)"
    assert len(tree.find("tbody", "pair")) == pairs
    assert tree.find("mark", "drift-span")
    assert not [attrs for _, attrs in tree.elements if attrs.get("id") == "pwned"]
    assert not tree.find("img")
    assert PWNED_TITLE not in title_of(tree)


def test_sample_report_renders_scripts_run_and_injections_stay_text(chromium, tmp_path):
    result = sample_comparison()
    tree = dom_after_scripts(chromium, render(result), tmp_path)
    assert_report_ran_safely(tree, len(result.pairs))
    assert title_of(tree).startswith("driftcheck: ")
    text = "".join(tree.data)
    assert SCRIPT_PAYLOAD in text and ATTRIBUTE_PAYLOAD in text
    assert len(tree.find("script")) == 1


def test_fragment_filters_pairs_after_load(chromium, tmp_path):
    tree = dom_after_scripts(chromium, render(sample_comparison()), tmp_path, fragment="#only=problems")
    hidden = {g["data-verdict"] for g in tree.find("tbody", "pair") if "hidden" in g}
    shown = {g["data-verdict"] for g in tree.find("tbody", "pair") if "hidden" not in g}
    assert hidden == {"ok", "variant"}
    assert shown == {"drift", "omission", "addition"}


def test_csp_blocks_scripts_even_if_escaping_failed(chromium, tmp_path):
    """Simulate an escaping bug by putting the payloads back raw: the CSP must still stop them."""
    html = render(sample_comparison())
    hostile = "<script>document.title='pwned'</script><img src=x onerror=\"document.title='pwned'\">"
    broken = html.replace(escape(SCRIPT_PAYLOAD, quote=True), hostile)
    assert broken != html
    tree = dom_after_scripts(chromium, broken, tmp_path)
    assert tree.find("body")[0].get("data-ready") == "true"
    assert PWNED_TITLE not in title_of(tree)


def test_screenshot_of_the_sample_report(chromium, tmp_path):
    page = tmp_path / "report.html"
    page.write_text(render(sample_comparison()), encoding="utf-8")
    shot = tmp_path / "report.png"
    browse(chromium, page, tmp_path, f"--screenshot={shot}", "--window-size=1280,2000")
    assert shot.read_bytes().startswith(PNG_MAGIC)
    assert shot.stat().st_size > 20_000  # a rendered page, not a blank one


@pytest.mark.model
def test_seed_corpus_report_with_the_real_model(chromium, tmp_path):
    from toolkit.embed import load_encoder
    from toolkit.pipeline import CompareOptions, compare

    result = compare(str(SEED / "en.txt"), [str(SEED / "de-drifted.txt")], load_encoder(None), CompareOptions())
    assert result.source.path.endswith("de-drifted.txt")
    tree = dom_after_scripts(chromium, render(result), tmp_path)
    assert_report_ran_safely(tree, len(result.pairs))
    drifted = [g for g in tree.find("tbody", "pair") if g["data-verdict"] in ("drift", "omission", "addition")]
    assert drifted
    shot = tmp_path / "report.png"
    browse(chromium, tmp_path / "report.html", tmp_path, f"--screenshot={shot}", "--window-size=1280,2000")
    assert shot.read_bytes().startswith(PNG_MAGIC)
