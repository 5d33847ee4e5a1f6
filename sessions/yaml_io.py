"""Strict YAML reading and stable YAML writing for session files.

Reading refuses everything a session never needs and an attacker might use: tags
(`!!python/object`), anchors and aliases (alias bombs), duplicate keys, more than one
document, nesting deeper than any session needs, files above a size cap, bytes that are
not UTF-8 text. Checks that walk the input run over the event stream, which is
iterative, before anything recursive sees it.

Writing keeps key order and layout stable, so changing one field is a one-line diff.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

MAX_BYTES = 4 * 1024 * 1024
"""Largest session file read; a 500-component design is well under a megabyte."""

MAX_DEPTH = 32
"""Deepest nesting allowed; the session format itself nests at most six levels."""


class YamlError(Exception):
    """Malformed YAML, at a 1-based line and column."""

    def __init__(self, line: int, column: int, message: str) -> None:
        super().__init__(f"{line}:{column}: {message}")
        self.line = line
        self.column = column
        self.message = message


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate mapping keys."""

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, Node] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, str):
                raise YamlError(*_position(key_node), "mapping keys must be plain strings")
            if key in seen:
                first = seen[key].start_mark.line + 1
                raise YamlError(
                    *_position(key_node), f"duplicate key {key!r} (first defined on line {first})"
                )
            seen[key] = key_node
        return super().construct_mapping(node, deep=deep)


def _position(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def decode(raw: bytes) -> str:
    """UTF-8 text of `raw`, or a YamlError at the first byte that is not text."""
    nul = raw.find(b"\x00")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _line_column(raw, exc.start)
        raise YamlError(line, column, "not UTF-8 text (binary or wrongly encoded file)") from None
    if nul != -1:
        line, column = _line_column(raw, nul)
        raise YamlError(line, column, "binary data (NUL byte) in a text file")
    if text.startswith("\ufeff"):
        text = text[1:]
    return text


def _line_column(raw: bytes, offset: int) -> tuple[int, int]:
    before = raw[:offset]
    line = before.count(b"\n") + 1
    column = offset - (before.rfind(b"\n") + 1) + 1
    return line, column


def _check_events(text: str) -> None:
    """Refuse tags, anchors, aliases, extra documents and deep nesting, iteratively."""
    depth = 0
    documents = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        mark = event.start_mark
        where = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
        if isinstance(event, yaml.AliasEvent):
            raise YamlError(*where, "aliases (*name) are not allowed in session files")
        if isinstance(event, yaml.NodeEvent) and event.anchor is not None:
            raise YamlError(*where, "anchors (&name) are not allowed in session files")
        if isinstance(event, yaml.ScalarEvent | yaml.CollectionStartEvent):
            tag = event.tag
            implicit = event.implicit[0] if isinstance(event, yaml.ScalarEvent) else event.implicit
            if tag is not None and not implicit and tag != "!":
                raise YamlError(*where, f"YAML tags such as {tag} are not allowed")
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise YamlError(*where, f"nested deeper than {MAX_DEPTH} levels")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        elif isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise YamlError(*where, "more than one YAML document in the file")


def parse(text: str) -> tuple[Any, Node | None]:
    """The data of one strict YAML document and its node tree (for line numbers)."""
    try:
        _check_events(text)
        loader = _StrictLoader(text)
        try:
            node = loader.get_single_node()
            data = None if node is None else loader.construct_document(node)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        # Only the parser's own words: its snippet of the line could show a secret.
        words = " ".join(part for part in (exc.context, exc.problem) if part)
        raise YamlError(line, column, f"invalid YAML: {words}") from None
    except yaml.YAMLError as exc:
        raise YamlError(0, 0, f"invalid YAML: {type(exc).__name__}") from None
    return data, node


def locate(node: Node | None, loc: tuple[str | int, ...]) -> tuple[int, int]:
    """Line and column of the deepest node along `loc` that exists in the file."""
    if node is None:
        return 1, 1
    here = node
    for part in loc:
        child: Node | None = None
        if isinstance(here, MappingNode) and isinstance(part, str):
            for key_node, value_node in here.value:
                if isinstance(key_node, ScalarNode) and key_node.value == part:
                    child = value_node if not _is_empty(value_node) else key_node
                    break
        elif (
            isinstance(here, SequenceNode) and isinstance(part, int) and 0 <= part < len(here.value)
        ):
            child = here.value[part]
        if child is None:
            break
        here = child
    return _position(here)


def _is_empty(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.value == "" and node.tag.endswith(":null")


def scalars(
    node: Node | None, loc: tuple[str | int, ...] = ()
) -> list[tuple[tuple[str | int, ...], ScalarNode]]:
    """Every string scalar value in the tree with its location, for content checks."""
    found: list[tuple[tuple[str | int, ...], ScalarNode]] = []
    stack: list[tuple[tuple[str | int, ...], Node]] = [] if node is None else [(loc, node)]
    while stack:
        where, here = stack.pop()
        if isinstance(here, MappingNode):
            for key_node, value_node in here.value:
                key = key_node.value if isinstance(key_node, ScalarNode) else "?"
                stack.append(((*where, key), value_node))
        elif isinstance(here, SequenceNode):
            stack.extend(((*where, i), item) for i, item in enumerate(here.value))
        elif isinstance(here, ScalarNode) and here.tag.endswith(":str"):
            found.append((where, here))
    found.sort(key=lambda item: (item[1].start_mark.line, item[1].start_mark.column))
    return found


class _StableDumper(yaml.SafeDumper):
    """Block style, indented sequences, multi-line strings as literal blocks."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


_LINE_BREAKS_BESIDES_NEWLINE = ("\r", "\x85", "\u2028", "\u2029")


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if any(c in value for c in _LINE_BREAKS_BESIDES_NEWLINE):
        # YAML folds these inside plain and block scalars; only double quotes keep them.
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_StableDumper.add_representer(str, _represent_str)


def dump(data: Any) -> str:
    """Stable YAML text for `data`: key order kept, one scalar per line, no wrapping."""
    return yaml.dump(
        data,
        Dumper=_StableDumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=1_000_000,
        indent=2,
    )
