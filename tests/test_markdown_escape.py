"""Session text in Markdown: escaped text and code spans never start a block of their own,
never become HTML, and never split a table row; as a CommonMark parser reads them."""

from __future__ import annotations

import pytest

from exporters.markdown import Document, code, escape
from tests.doc_checks import headings, table_shapes, tokens

HOSTILE = [
    "\n# Heading",
    "x\n\n# Heading",
    "<script>alert(1)</script>",
    "</details><script>x</script>",
    "a\n\n<div>raw</div>",
    "&#x202E;evil &lt;b&gt;",
    "a | b | c",
    "- item\n- item",
    "1. first",
    "> quoted",
    "~~~\nfenced",
    "```\nfenced",
    "[link](javascript:alert(1))",
    "![image](https://example.com/x.png)",
    "*emphasis* _too_",
    "line\\",
]


def _inline_types(markdown: str) -> set[str]:
    return {child.type for token in tokens(markdown) for child in token.children or ()}


def _page(cell: str) -> str:
    doc = Document("Title")
    doc.paragraph(f"Before {cell} after.")
    doc.bullets([cell])
    doc.table(["Name", "Value"], [[cell, cell]])
    doc.heading(cell, level=3)
    return doc.render()


@pytest.mark.parametrize("text", HOSTILE)
def test_escaped_text_stays_inside_its_block(text: str) -> None:
    for cell in (escape(text), code(text)):
        page = _page(cell)
        assert headings(page) == [(1, "Title"), (3, headings(page)[1][1])], page
        assert table_shapes(page) == [[2, 2]], page
        kinds = {token.type for token in tokens(page)}
        assert kinds.isdisjoint({"html_block", "fence", "code_block", "blockquote_open"}), page
        assert "html_inline" not in _inline_types(page), page
        assert {"image", "em_open"}.isdisjoint(_inline_types(page)), page
        # Addresses become autolinks by design; nothing else becomes a link.
        assert all(
            child.markup == "autolink"
            for token in tokens(page)
            for child in token.children or ()
            if child.type == "link_open"
        ), page


def test_escape_flattens_lines_and_neutralises_references() -> None:
    assert "\n" not in escape("one\ntwo\r\nthree")
    assert escape("&#x202E;") == "\\&#x202E;"
    assert escape("<b>") == "\\<b>"


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("npm test", "`npm test`"),
        ("echo `id`", "`` echo `id` ``"),
        ("a ``b`` c", "```a ``b`` c```"),
        ("`x`", "`` `x` ``"),
        ("npm test\n\n<script>", "`npm test  <script>`"),
    ],
)
def test_code_spans_are_one_line_with_a_longer_fence(text: str, span: str) -> None:
    assert code(text) == span


def test_table_cells_escape_pipes_inside_code_spans() -> None:
    doc = Document("T")
    doc.table(["Command"], [[code("npm test | tee log")]])
    assert "`npm test \\| tee log`" in doc.render()
    assert table_shapes(doc.render()) == [[1, 1]]
