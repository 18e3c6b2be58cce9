"""The README's excerpt of ``compare`` output is cut from docs/terminal.txt, not written by hand."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _compare_excerpt(readme: str) -> list[str]:
    """The lines of the first code block after the section 'What `compare` prints'."""
    section = readme.split("## What `compare` prints", 1)[1]
    block = section.split("```", 2)[1]
    return [line for line in block.splitlines()[1:] if line.strip() and not line.startswith("(…")]


def test_compare_excerpt_is_cut_from_docs_terminal_output():
    terminal = set((ROOT / "docs" / "terminal.txt").read_text(encoding="utf-8").splitlines())
    excerpt = _compare_excerpt((ROOT / "README.md").read_text(encoding="utf-8"))
    assert len(excerpt) > 20
    assert [line for line in excerpt if line not in terminal] == []
