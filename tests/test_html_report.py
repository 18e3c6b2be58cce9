"""The HTML report: structure, escaping, span merging, self-containment and its CSP."""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import replace

import pytest

from html_tree import parse
from sample_comparison import (ATTRIBUTE_PAYLOAD, HOSTILE_CANDIDATE_PATH, SCRIPT_PAYLOAD, sample_comparison)
from toolkit.checks.base import Reason
from toolkit.report import render_comparison
from toolkit.report.html import render
from toolkit.result import Verdict


@pytest.fixture()
def page():
    return render(sample_comparison())


@pytest.fixture()
def tree(page):
    return parse(page)


def test_markup_is_balanced(tree):
    assert tree.errors == []
    assert tree.stack == []


def test_one_group_per_pair_in_alignment_order_with_verdict_classes(tree):
    groups = tree.find("tbody", "pair")
    assert [g["data-verdict"] for g in groups] == [p.verdict.value for p in sample_comparison().pairs]
    assert all(f"v-{g['data-verdict']}" in g["class"] for g in groups)
    rows = tree.find("tr", "pair-row")
    assert len(rows) == len(groups) == 6


def test_highlighted_spans_carry_their_reasons(tree):
    marks = tree.find("mark", "drift-span")
    assert marks
    by_text = {m["data-reason"] for m in marks}
    assert any(r.startswith("number: 1,100 in the translation is 11.000") for r in by_text)
    assert all(m["title"] == m["data-reason"] for m in marks)
    ids = {attrs["id"] for _, attrs in tree.elements if "id" in attrs}
    for mark in marks:
        assert set(mark["data-reasons"].split()) <= ids  # a click can open each reason's detail


def test_overlapping_spans_become_adjacent_marks_not_nested_ones(page, tree):
    assert "<mark" not in re.sub(r"<mark[^>]*>[^<]*</mark>", "", page)
    overlap = [m for m in tree.find("mark", "overlap")]
    assert len(overlap) == 2  # "nicht" in the source, "have" in the translation
    assert all(len(m["data-reasons"].split()) == 2 for m in overlap)


def test_injected_markup_is_text(page, tree):
    assert SCRIPT_PAYLOAD not in page and ATTRIBUTE_PAYLOAD not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&quot;&gt;&lt;img src=x id=pwned onerror=alert(1)&gt;" in page
    assert not tree.find("img")
    assert len(tree.find("script")) == 1
    assert not [attrs for _, attrs in tree.elements if attrs.get("id") == "pwned"]
    assert not [attrs for _, attrs in tree.elements if any(k.startswith("on") for k in attrs)]
    text = "".join(tree.data)
    assert SCRIPT_PAYLOAD in text and ATTRIBUTE_PAYLOAD in text and HOSTILE_CANDIDATE_PATH in text


def test_escaping_of_reason_messages_in_attributes():
    result = sample_comparison()
    hostile = Reason("x", 'a" onmouseover="alert(1)', (0, 3), None, "k")
    result.pairs[0] = replace(result.pairs[0], reasons=[hostile])
    parsed = parse(render(result))
    mark = [m for m in parsed.find("mark") if "alert" in m["data-reason"]][0]
    assert set(mark) == {"class", "tabindex", "data-reasons", "data-reason", "title"}


def test_missing_sides_are_empty_cells(tree):
    missing = tree.find("td", "missing")
    assert len(missing) == 2


def test_filters_with_counts_for_every_verdict(page, tree):
    boxes = tree.find("input")
    assert [b["data-verdict"] for b in boxes] == [v.value for v in Verdict]
    assert re.search(r'data-verdict="ok"[^>]*> ok <span class="count">2</span>', page)
    assert re.search(r'data-verdict="drift"[^>]*> drift <span class="count">1</span>', page)


def test_header_has_ranking_coverage_and_the_whole_signature(page, tree):
    assert len(tree.find("table", "candidates")) == 1
    assert "83%" in page and "0.870" in page and "chosen" in page
    for key, value in sample_comparison().signature.items():
        assert f"<dt>{key}</dt>" in page
    assert "<dd>AlignConfig(max_bead=2, skip_penalty=0.3)</dd>" in page
    assert "<dd>false</dd>" in page


def test_reason_details_locate_spans_in_the_files(page):
    assert "“11.000” at corpora/sample/de.txt:3:10" in page
    assert "“1,100” at corpora/sample/en.txt:3:11" in page


def test_self_contained_no_external_resources(page, tree):
    assert not re.search(r"(?:src|href)=\"(?!#)", page)
    assert "url(" not in page and "@import" not in page
    assert not tree.find("link")


def test_content_security_policy_pins_the_inline_style_and_script(page, tree):
    csp = [m for m in tree.find("meta") if m.get("http-equiv") == "Content-Security-Policy"][0]["content"]
    assert "default-src 'none'" in csp and "unsafe" not in csp
    for tag in ("style", "script"):
        body = re.search(rf"<{tag}>(.*?)</{tag}>", page, re.S).group(1)
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"{tag}-src 'sha256-{digest}'" in csp


def test_dispatch_and_determinism(page):
    assert render_comparison(sample_comparison(), "html") == page
