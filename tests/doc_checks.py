"""Checks every generated Markdown page must pass, as a Markdown parser sees the page.

Used by the trade-off summary and role brief tests: headings, tables and links come from
markdown-it-py's tokens rather than from regular expressions over the text, so a table
that does not parse or a link GitHub would not render fails here.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.token import Token

from exporters.documents import common

PARSER = MarkdownIt("commonmark").enable(["table", "strikethrough"])

DOC_NAMES = frozenset(str(value) for name, value in vars(common).items() if name.endswith("_DOC"))
"""The document file names of `exporters.documents.common`: the only relative link targets."""


def tokens(markdown: str) -> list[Token]:
    """The parser's block tokens of `markdown`."""
    return PARSER.parse(markdown)


def headings(markdown: str) -> list[tuple[int, str]]:
    """(level, text) of every heading."""
    found = tokens(markdown)
    return [
        (int(token.tag[1]), found[index + 1].content)
        for index, token in enumerate(found)
        if token.type == "heading_open"
    ]


def links(markdown: str) -> list[str]:
    """Every link target outside code."""
    return [
        str(child.attrs["href"])
        for token in tokens(markdown)
        for child in token.children or ()
        if child.type == "link_open"
    ]


def relative_links(markdown: str) -> list[str]:
    """Link targets that are neither absolute URLs nor in-page anchors."""
    return [t for t in links(markdown) if not re.match(r"^[a-z]+:", t) and not t.startswith("#")]


def table_shapes(markdown: str) -> list[list[int]]:
    """For each table, the number of cells in each row (header first)."""
    shapes: list[list[int]] = []
    row = 0
    for token in tokens(markdown):
        if token.type == "table_open":
            shapes.append([])
        elif token.type == "tr_open":
            row = 0
        elif token.type in ("th_open", "td_open"):
            row += 1
        elif token.type == "tr_close":
            shapes[-1].append(row)
    return shapes


def placeholders(markdown: str) -> list[str]:
    """Template brackets left in the text (`[amount]`), not links or task-list boxes."""
    prose = re.sub(r"```.*?```", "", markdown, flags=re.DOTALL)
    return re.findall(r"(?<!\\)\[(?![ x]\])[^\]\n]*\](?!\()", prose)


def assert_clean_page(markdown: str) -> None:
    """One H1, parsed tables with even rows, no placeholders or TODO, links to known docs."""
    titles = [text for level, text in headings(markdown) if level == 1]
    assert len(titles) == 1, titles
    assert placeholders(markdown) == []
    assert "TODO" not in markdown
    shapes = table_shapes(markdown)
    rules = re.findall(r"^\| (?::?---:? \| )*:?---:? \|$", markdown, flags=re.MULTILINE)
    assert len(shapes) == len(rules), "a table did not parse as a table"
    for shape in shapes:
        assert len(set(shape)) == 1, f"a table row has a different number of cells: {shape}"
    # The parser pads short rows, so count the cell separators in the source as well.
    widths: list[int] = []
    for line in [*markdown.splitlines(), ""]:
        if line.startswith("|"):
            widths.append(len(re.findall(r"(?<!\\)\|", line)))
        elif widths:
            assert len(set(widths)) == 1, f"table rows of different widths: {widths}"
            widths = []
    for target in relative_links(markdown):
        assert target in DOC_NAMES, f"link to {target} is not a document of the bundle"
