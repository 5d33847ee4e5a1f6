"""Comments written by hand in a session file, carried across a save.

A saved session is the validated data written in the stable layout of `dumps`; YAML
comments are not data, so the reader drops them. To keep what a person wrote, saving
reads the comments of the file it replaces and puts each one back beside the same field
of the new text:

- a run of comment lines goes above the field of the first line that follows it (or at
  the end of the file when nothing follows);
- a comment at the end of a line (`users: 500  # launch estimate`) goes at the end of that
  field's line.

A field is known by its path of keys; an item of a list of mappings by its `id`, `name`
or `metric` when it has one (so a comment stays with its component when others are added
before it), by its position otherwise. `#` lines inside a multi-line text are text, not
comments. A comment whose field is no longer in the session is dropped, and counted so
saving can say so. The result is read back before it is used: should it not hold exactly
the session (it always should), the plain text is written instead, every comment counted
as dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from sessions.yaml_io import YamlError, parse

Path = tuple[str, ...]
"""A field's path: keys, and `[key=value]` or `[index]` for list items."""

END: Path = ("<end>",)
"""Where comments after the last field go."""

_TRAILING = re.compile(r"^[:|>+\-0-9 \t]*?[ \t](#.*)$")
"""After a field's last scalar: the colon or a block indicator, then the comment."""
_IDENTITY_KEYS = ("id", "name", "metric")


@dataclass
class Comments:
    """The comments of one file, by the path of the field they belong to."""

    above: dict[Path, list[str]] = field(default_factory=dict)
    """Comment lines above a field, without their indentation."""
    trailing: dict[Path, str] = field(default_factory=dict)
    """The comment at the end of a field's line."""

    def __len__(self) -> int:
        return sum(len(lines) for lines in self.above.values()) + len(self.trailing)


def _item(node: Node, index: int) -> str:
    if isinstance(node, MappingNode):
        for key, value in node.value:
            if key.value in _IDENTITY_KEYS and isinstance(value, ScalarNode):
                return f"[{key.value}={value.value}]"
    return f"[{index}]"


def _walk(node: Node, path: Path) -> Iterator[tuple[Path, Node, Node]]:
    """(path, node that starts the field's line, value) of every field and list item."""
    if isinstance(node, MappingNode):
        for key, value in node.value:
            here = (*path, key.value)
            yield here, key, value
            yield from _walk(value, here)
    elif isinstance(node, SequenceNode):
        for index, item in enumerate(node.value):
            here = (*path, _item(item, index))
            if not isinstance(item, MappingNode):
                yield here, item, item
            yield from _walk(item, here)


@dataclass(frozen=True, slots=True)
class _Layout:
    """Where each field's line is in a text, and which lines are inside scalars."""

    line_of: dict[Path, int]
    path_at: dict[int, Path]
    ends: dict[int, int]
    """Per line, the column where the last scalar ending on it ends."""
    inside: frozenset[int]
    """Lines within multi-line scalars (their `#` is text)."""


def _layout(text: str) -> _Layout | None:
    try:
        _, root = parse(text)
    except YamlError:
        return None
    line_of: dict[Path, int] = {}
    path_at: dict[int, Path] = {}
    ends: dict[int, int] = {}
    inside: set[int] = set()
    if root is None:
        return _Layout(line_of, path_at, ends, frozenset())
    for path, start, value in _walk(root, ()):
        line = start.start_mark.line
        line_of.setdefault(path, line)
        path_at.setdefault(line, path)
        for scalar in (start, value):
            if not isinstance(scalar, ScalarNode):
                continue
            first, last = scalar.start_mark.line, scalar.end_mark.line
            if scalar.end_mark.column == 0 and last > first:
                last -= 1
            inside.update(range(first + 1, last + 1))
            if last == scalar.end_mark.line:
                ends[last] = max(ends.get(last, 0), scalar.end_mark.column)
    return _Layout(line_of, path_at, ends, frozenset(inside))


def read_comments(text: str, skip: Callable[[str], bool] | None = None) -> Comments:
    """The comments of `text` by field; lines for which `skip` holds (the schema
    modeline, which saving writes afresh) are left out."""
    found = Comments()
    layout = _layout(text)
    if layout is None:
        return found
    lines = text.splitlines()
    waiting: list[str] = []
    for number, line in enumerate(lines):
        stripped = line.strip()
        if number in layout.inside:
            continue
        if stripped.startswith("#"):
            if skip is None or not skip(stripped):
                waiting.append(stripped)
            continue
        path = layout.path_at.get(number)
        if path is None:
            continue
        if waiting:
            found.above.setdefault(path, []).extend(waiting)
            waiting = []
        end = layout.ends.get(number)
        if end is not None and (match := _TRAILING.match(line[end:])):
            found.trailing[path] = match.group(1)
    if waiting:
        found.above.setdefault(END, []).extend(waiting)
    return found


def with_comments(text: str, comments: Comments) -> tuple[str, int]:
    """`text` with `comments` put back beside their fields; how many were dropped."""
    if not comments:
        return text, 0
    layout = _layout(text)
    if layout is None:
        return text, len(comments)
    lines = text.splitlines()
    above: dict[int, list[str]] = {}
    dropped = 0
    for path, block in comments.above.items():
        number = len(lines) if path == END else layout.line_of.get(path)
        if number is None:
            dropped += len(block)
            continue
        above.setdefault(number, []).extend(block)
    for path, comment in comments.trailing.items():
        number = layout.line_of.get(path)
        if number is None:
            dropped += 1
            continue
        lines[number] += f"  {comment}"
    out: list[str] = []
    for number in range(len(lines) + 1):
        if number in above:
            target = lines[number] if number < len(lines) else ""
            indent = target[: len(target) - len(target.lstrip())]
            out.extend(f"{indent}{comment}" for comment in above[number])
        if number < len(lines):
            out.append(lines[number])
    return "\n".join(out) + "\n", dropped
