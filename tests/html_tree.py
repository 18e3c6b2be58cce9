"""A tiny HTML tree recorder for report tests: elements, attributes, text, and nesting errors."""

from __future__ import annotations

from html.parser import HTMLParser

VOID = {"meta", "input", "col", "br", "img", "link", "hr", "wbr"}


class Tree(HTMLParser):
    """Records start tags with attributes and checks that every element is closed in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.errors: list[str] = []
        self.data: list[str] = []
        self.data_in: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}> with open {self.stack[-3:]}")
        else:
            self.stack.pop()

    def handle_data(self, data):
        self.data.append(data)
        self.data_in.append((self.stack[-1] if self.stack else "", data))

    def texts_of(self, tag: str) -> list[str]:
        """Text found directly inside elements named ``tag``."""
        return [data for parent, data in self.data_in if parent == tag]

    def find(self, tag: str, css_class: str | None = None) -> list[dict[str, str]]:
        return [attrs for name, attrs in self.elements
                if name == tag and (css_class is None or css_class in (attrs.get("class") or "").split())]


def parse(page: str) -> Tree:
    tree = Tree()
    tree.feed(page)
    tree.close()
    return tree
