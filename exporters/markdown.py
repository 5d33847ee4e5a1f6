"""A small Markdown builder shared by every document exporter.

Documents are built as a list of blocks (headings, paragraphs, lists, tables, code) and
rendered once, so spacing and escaping are the same in every document. A document also
collects its open questions: `undecided(...)` writes "not decided" where the session
has no answer and lists the question under "Open questions" at the end, so no template
bracket is ever left in an export.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

NOT_DECIDED = "not decided"
"""What a document says where the session holds no answer."""

_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<&|])")
"""What Markdown acts on anywhere in a line: escapes, code, emphasis, links, HTML tags,
character references (`&#x202E;` would bring back the bidi override the model refuses),
table pipes. A `>` inside a line means nothing without a `<` before it; at the start of a
line it opens a quote and is escaped there."""

_LINE_START_SPECIAL = re.compile(r"^([#>+~=-]|\d+[.)])")
"""What Markdown acts on at the start of a line: headings, quotes, list markers, `~~~`
fences, setext underlines."""


_AUTOLINK = re.compile(
    r"\bhttps?://[^\s<>`\\|]*[^\s<>`\\|.,;:!?)\]'\"]|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}\b"
)
"""A web or e-mail address in running text."""


def escape(text: str) -> str:
    """Text safe inside a Markdown paragraph, list item, heading or table cell (one line).

    Line breaks and runs of whitespace become one space, so no field can end its block
    and start a heading, list or HTML block of its own. Only what Markdown would act on
    is escaped: emphasis, code, links, HTML tags and character references (`<`, `&`),
    table pipes, and a heading, quote, list or fence marker at the very start. Web addresses
    and e-mail addresses become autolinks (`<https://…>`), as bare ones are easy to
    mis-render (markdownlint's MD034).
    """
    flat = " ".join(text.split())
    parts: list[str] = []
    last = 0
    for link in _AUTOLINK.finditer(flat):
        parts += [_INLINE_SPECIAL.sub(r"\\\1", flat[last : link.start()]), f"<{link.group(0)}>"]
        last = link.end()
    one_line = "".join([*parts, _INLINE_SPECIAL.sub(r"\\\1", flat[last:])])
    return _LINE_START_SPECIAL.sub(lambda m: m.group(1)[:-1] + "\\" + m.group(1)[-1], one_line)


def code(text: str) -> str:
    """Inline code on one line, with a fence longer than any run of backticks inside.

    Line breaks become spaces: a code span spread over lines ends at a blank one, and
    whatever follows would be read as Markdown (raw HTML included). Inside a table,
    `Document.table` escapes the span's pipes as GitHub requires.
    """
    flat = " ".join(text.splitlines())
    ticks = "`" * (max((len(m) for m in re.findall(r"`+", flat)), default=0) + 1)
    pad = " " if flat.startswith("`") or flat.endswith("`") else ""
    return f"{ticks}{pad}{flat}{pad}{ticks}"


def anchor(heading: str) -> str:
    """GitHub's anchor for a heading: lowercase, punctuation dropped, spaces to dashes."""
    text = heading.strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


@dataclass
class Document:
    """A Markdown document under construction."""

    title: str
    """The H1 title."""
    blocks: list[str] = field(default_factory=list)
    """Rendered blocks, joined by blank lines."""
    questions: list[str] = field(default_factory=list)
    """Open questions collected by `undecided`."""

    def undecided(self, question: str) -> str:
        """Record `question` as open and return the words to print in its place."""
        if question not in self.questions:
            self.questions.append(question)
        return NOT_DECIDED

    def or_undecided(self, value: str | None, question: str) -> str:
        """`value` escaped, or "not decided" with `question` recorded when it is empty."""
        if value is None or not str(value).strip():
            return self.undecided(question)
        return escape(str(value))

    def heading(self, text: str, level: int = 2) -> None:
        """A heading below the title (level 2 by default)."""
        self.blocks.append(f"{'#' * level} {text}")

    def paragraph(self, *sentences: str) -> None:
        """A paragraph of already-escaped Markdown."""
        text = " ".join(s for s in sentences if s)
        if text:
            self.blocks.append(text)

    def bullets(self, items: Iterable[str], indent: int = 0) -> None:
        """A bulleted list of already-escaped items."""
        lines = [f"{' ' * indent}- {item}" for item in items]
        if lines:
            self.blocks.append("\n".join(lines))

    def numbered(self, items: Iterable[str]) -> None:
        """A numbered list of already-escaped items."""
        lines = [f"{n}. {item}" for n, item in enumerate(items, start=1)]
        if lines:
            self.blocks.append("\n".join(lines))

    def checklist(self, items: Iterable[tuple[str, bool]]) -> None:
        """A task list: (already-escaped text, done)."""
        lines = [f"- [{'x' if done else ' '}] {text}" for text, done in items]
        if lines:
            self.blocks.append("\n".join(lines))

    def table(self, headers: Sequence[str], rows: Iterable[Sequence[str]], align: str = "") -> None:
        """A table of already-escaped cells; `align` holds one of `l`/`r`/`c` per column."""
        rule = []
        for index in range(len(headers)):
            kind = align[index] if index < len(align) else "l"
            rule.append({"l": "---", "r": "---:", "c": ":---:"}[kind])
        lines = ["| " + " | ".join(headers) + " |", "| " + " | ".join(rule) + " |"]
        # An empty cell is `| |`: one space on each side of every pipe (MD060, compact).
        lines += [
            "|" + "|".join(f" {_cell(cell)} " if cell.strip() else " " for cell in row) + "|"
            for row in rows
        ]
        self.blocks.append("\n".join(lines))

    def fenced(self, body: str, language: str = "") -> None:
        """A fenced code block, with a fence longer than any inside `body`."""
        longest = max((len(m) for m in re.findall(r"`{3,}", body)), default=2)
        fence = "`" * (longest + 1)
        self.blocks.append(f"{fence}{language}\n{body.rstrip()}\n{fence}")

    def raw(self, markdown: str) -> None:
        """A block of Markdown produced elsewhere (another document's section)."""
        if markdown.strip():
            self.blocks.append(markdown.strip())

    def render(self, level: int = 1) -> str:
        """The whole document, with an "Open questions" section when any were recorded.

        `level` is the title's heading level; nested documents (inside ARCHITECTURE.md)
        render with `level=2` and every heading shifts down with them.
        """
        blocks = [f"{'#' * level} {self.title}", *self.blocks]
        if self.questions:
            blocks.append("## Open questions")
            blocks.append("\n".join(f"- [ ] {escape(q)}" for q in self.questions))
        if level > 1:
            blocks = [_demote(block, level - 1) if i else block for i, block in enumerate(blocks)]
        return "\n\n".join(blocks) + "\n"


_BARE_PIPE = re.compile(r"(?<!\\)\|")


def _cell(markdown: str) -> str:
    """A table cell's Markdown with every pipe escaped, code spans' included: GitHub splits
    rows on any unescaped pipe, even inside code."""
    return _BARE_PIPE.sub(r"\\|", " ".join(markdown.splitlines()))


def _outside_fences(markdown: str, change: Callable[[str], str]) -> str:
    """Apply `change` to every line that is not inside a fenced code block."""
    out = []
    fence = ""
    for line in markdown.split("\n"):
        stripped = line.lstrip()
        if fence:
            if stripped.startswith(fence) and not stripped.strip("`"):
                fence = ""
            out.append(line)
        elif stripped.startswith("```"):
            fence = stripped[: len(stripped) - len(stripped.lstrip("`"))]
            out.append(line)
        else:
            out.append(change(line))
    return "\n".join(out)


def _demote(block: str, by: int) -> str:
    """Push the headings of a block `by` levels down (outside code fences)."""
    return _outside_fences(block, lambda line: "#" * by + line if line.startswith("#") else line)


def nest(markdown: str, by: int, *, drop_title: bool = True) -> str:
    """A rendered document nested inside another: its H1 title dropped, headings `by` deeper."""
    text = markdown.strip()
    if drop_title and text.startswith("# "):
        text = text.split("\n", 1)[1].lstrip("\n") if "\n" in text else ""
    return _demote(text, by) if by else text


_LINK = re.compile(r"(\]\()([^)\s]+)(\))")


def rebase_links(markdown: str, rebase: Callable[[str], str]) -> str:
    """Rewrite every relative link target with `rebase` (outside code fences).

    Absolute URLs (`https:`, `mailto:`) and in-page anchors (`#...`) are left alone.
    """
    return _outside_fences(
        markdown, lambda line: _LINK.sub(lambda m: m[1] + _rebased(m[2], rebase) + m[3], line)
    )


def _rebased(target: str, rebase: Callable[[str], str]) -> str:
    if target.startswith("#") or re.match(r"^[a-z][a-z0-9+.-]*:", target):
        return target
    return rebase(target)
