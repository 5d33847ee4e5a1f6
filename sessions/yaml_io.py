"""Strict YAML reading and stable YAML writing for session files.

Reading refuses everything a session never needs and an attacker might use: tags
(`!!python/object`), anchors and aliases (alias bombs), duplicate keys, more than one
document, nesting deeper than any session needs (`MAX_DEPTH`), more values than any
session holds (`MAX_NODES`), bytes that are not UTF-8 text. The file is parsed once, by
libyaml (PyYAML's C parser; the pure-Python one where PyYAML lacks it, see
`model.yaml_loader`), into events; `parse` builds the node tree (kept for line numbers)
from them without recursion, counting as it goes, so a hostile file is refused after at
most `MAX_NODES` values. Every rule is applied to the events here, never by the parser,
so each holds with either parser. Scalars are read by the YAML 1.2 core schema with
finite numbers only (`sessions.yaml_core`); every refusal carries its line and column.

Writing keeps key order and layout stable, so changing one field is a one-line diff.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

import yaml
from yaml.error import Mark
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from model.yaml_loader import SafeLoader
from sessions.errors import shown_key
from sessions.yaml_core import STR, ScalarError, needs_quotes, plain_tag, scalar_value

MAX_BYTES = 4 * 1024 * 1024
"""Largest session file read; a 500-component design is well under a megabyte."""

MAX_DEPTH = 32
"""Deepest nesting allowed; the session format itself nests at most six levels."""

MAX_NODES = 150_000
"""Most values (scalars, lists and mappings) in one file: the largest design the model
accepts (`model.session.MAX_COMPONENTS` components, each with links and notes) holds
well under half of it. Parsing stops at the first value over it."""


class YamlError(Exception):
    """Malformed YAML, at a 1-based line and column."""

    def __init__(self, line: int, column: int, message: str) -> None:
        super().__init__(f"{line}:{column}: {message}")
        self.line = line
        self.column = column
        self.message = message


def _position(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _mark(mark: object) -> Mark:
    """libyaml's marks have the same `line`, `column` and `index` as PyYAML's."""
    return cast(Mark, mark)


def _where(event: yaml.Event) -> tuple[int, int]:
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


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


class _Composer:
    """Builds the node tree of one document from libyaml's events, refusing as it goes."""

    def __init__(self) -> None:
        self.root: Node | None = None
        self.stack: list[Node] = []
        self.keys: list[dict[str, Node] | None] = []
        """Per open collection: the keys seen so far (mappings) or None (sequences)."""
        self.pending: list[Node | None] = []
        """Per open mapping: the key whose value comes next."""
        self.nodes = 0
        self.documents = 0

    def feed(self, event: yaml.Event) -> None:
        """Take one event."""
        if isinstance(event, yaml.AliasEvent):
            raise YamlError(*_where(event), "aliases (*name) are not allowed in session files")
        if isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                raise YamlError(*_where(event), "more than one YAML document in the file")
        elif isinstance(event, yaml.ScalarEvent):
            self._check_node(event, event.implicit[0] or event.implicit[1])
            tag = plain_tag(event.value) if event.implicit[0] and not event.style else STR
            self._add(
                ScalarNode(
                    tag, event.value, _mark(event.start_mark), _mark(event.end_mark), event.style
                )
            )
        elif isinstance(event, yaml.CollectionStartEvent):
            self._check_node(event, bool(event.implicit))
            if len(self.stack) >= MAX_DEPTH:
                raise YamlError(*_where(event), f"nested deeper than {MAX_DEPTH} levels")
            mapping = isinstance(event, yaml.MappingStartEvent)
            node: Node = (
                MappingNode("tag:yaml.org,2002:map", [], _mark(event.start_mark), None)
                if mapping
                else SequenceNode("tag:yaml.org,2002:seq", [], _mark(event.start_mark), None)
            )
            self._add(node)
            self.stack.append(node)
            self.keys.append({} if mapping else None)
            self.pending.append(None)
        elif isinstance(event, yaml.CollectionEndEvent):
            self.stack.pop().end_mark = _mark(event.end_mark)
            self.keys.pop()
            self.pending.pop()

    def _check_node(self, event: yaml.NodeEvent, implicit: bool) -> None:
        where = _where(event)
        if event.anchor is not None:
            raise YamlError(*where, "anchors (&name) are not allowed in session files")
        tag = getattr(event, "tag", None)
        if tag is not None and not implicit and tag != "!":
            raise YamlError(*where, f"YAML tags such as {tag} are not allowed")
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise YamlError(
                *where,
                f"more than {MAX_NODES:,} values in one file; no design the model accepts "
                "is this large",
            )

    def _add(self, node: Node) -> None:
        if not self.stack:
            self.root = node
            return
        parent = self.stack[-1]
        keys = self.keys[-1]
        if keys is None:
            parent.value.append(node)
            return
        key = self.pending[-1]
        if key is None:
            self._check_key(node, keys)
            self.pending[-1] = node
        else:
            parent.value.append((key, node))
            self.pending[-1] = None

    @staticmethod
    def _check_key(node: Node, keys: dict[str, Node]) -> None:
        if not (isinstance(node, ScalarNode) and node.tag == STR):
            raise YamlError(*_position(node), "mapping keys must be plain strings")
        first = keys.get(node.value)
        if first is not None:
            raise YamlError(
                *_position(node),
                f"duplicate key {shown_key(node.value)!r} "
                f"(first defined on line {first.start_mark.line + 1})",
            )
        keys[node.value] = node


def _construct(node: Node) -> Any:
    """The Python value of a node (recursive: the tree is at most `MAX_DEPTH` deep)."""
    if isinstance(node, MappingNode):
        return {key.value: _construct(value) for key, value in node.value}
    if isinstance(node, SequenceNode):
        return [_construct(item) for item in node.value]
    try:
        return scalar_value(node.value, node.tag)
    except ScalarError as exc:
        raise YamlError(*_position(node), str(exc)) from None


def parse(text: str) -> tuple[Any, Node | None]:
    """The data of one strict YAML document and its node tree (for line numbers)."""
    composer = _Composer()
    loader = SafeLoader(text)
    # Typed as libyaml's is; the pure-Python parser's method is the same, untyped.
    next_event: Callable[[], yaml.Event | None] = loader.get_event
    try:
        while True:
            event = next_event()
            if event is None or isinstance(event, yaml.StreamEndEvent):
                break
            composer.feed(event)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        # Only the parser's own words: its snippet of the line could show a secret.
        words = " ".join(part for part in (exc.context, exc.problem) if part)
        raise YamlError(line, column, f"invalid YAML: {words}") from None
    except yaml.YAMLError as exc:
        raise YamlError(1, 1, f"invalid YAML: {type(exc).__name__}") from None
    finally:
        loader.dispose()
    root = composer.root
    return (None if root is None else _construct(root)), root


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
    """Every string scalar in the tree, mapping keys included, with its location (a key's
    is the location it names), for content checks."""
    found: list[tuple[tuple[str | int, ...], ScalarNode]] = []
    stack: list[tuple[tuple[str | int, ...], Node]] = [] if node is None else [(loc, node)]
    while stack:
        where, here = stack.pop()
        if isinstance(here, MappingNode):
            for key_node, value_node in here.value:
                key = key_node.value if isinstance(key_node, ScalarNode) else "?"
                if isinstance(key_node, ScalarNode):
                    found.append(((*where, key), key_node))
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
    if needs_quotes(value):
        # YAML 1.2 reads `1e3` or `0o17` as numbers where PyYAML's 1.1 rules see text.
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="'")
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
