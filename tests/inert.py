"""Checks that text placed in a session stays data in every kind of exported file.

Each placed text is wrapped in a marker (`zq7q...zq7q`), so a check can say which
placement it caught. The checks compare an export holding hostile text with the same
export holding plain text in the same fields (the baseline), so only what the hostile
text changed counts:

- `shell_code`: in a script, the text between a marker pair must be quoted data (inside
  single quotes, inside double quotes without `$` or a backtick, in a comment, or plain
  word characters);
- `expressions`: the `${{ }}` expressions of a GitHub workflow, wherever GitHub reads them;
- `markdown_shape`: the token structure a CommonMark parser reads from a document
  (headings, lists, HTML, code), text content aside;
- `yaml_shape`: the key paths of a YAML document; `env_keys`: the variables a dotenv
  file assigns.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from typing import Any

import yaml

from tests.doc_checks import tokens

MARKER = re.compile(r"zq(\d+)q")
"""What wraps each placed text: `zq` + the placement's number + `q`."""

_SAFE_BARE = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._/:@%+=,-")
_WORD_START = set(" \t\n;|&(")


def markers(text: str) -> set[int]:
    """The placement numbers whose marker occurs in `text`."""
    return {int(m.group(1)) for m in MARKER.finditer(text)}


def _shell_states(script: str) -> list[str]:
    """For each character of `script`, how a POSIX shell reads it: `N` bare, `S` inside
    single quotes, `D` inside double quotes, `A` an active `$` or backtick inside double
    quotes, `E` escaped by a backslash, `Q` a quote delimiter, `C` a comment."""
    states: list[str] = []
    state = "N"
    escaped = False
    previous = "\n"
    for c in script:
        if escaped:
            states.append("E")
            escaped = False
        elif state == "N":
            if c == "\\":
                states.append("N")
                escaped = True
            elif c in "'\"":
                states.append("Q")
                state = "S" if c == "'" else "D"
            elif c == "#" and previous in _WORD_START:
                states.append("C")
                state = "C"
            else:
                states.append("N")
        elif state == "S":
            states.append("Q" if c == "'" else "S")
            state = "N" if c == "'" else "S"
        elif state == "D":
            if c == "\\":
                states.append("D")
                escaped = True
            elif c == '"':
                states.append("Q")
                state = "N"
            else:
                states.append("A" if c in "$`" else "D")
        else:  # comment
            states.append("N" if c == "\n" else "C")
            state = "N" if c == "\n" else "C"
        previous = c
    return states


def shell_code(script: str, code_by_design: set[int]) -> set[int]:
    """Placements whose text a shell would run as code somewhere in `script` (placements
    in `code_by_design`, the team's own commands, are skipped)."""
    states = _shell_states(script)
    found: set[int] = set()
    by_number: dict[int, list[re.Match[str]]] = {}
    for match in MARKER.finditer(script):
        by_number.setdefault(int(match.group(1)), []).append(match)
    for number, matches in by_number.items():
        if number in code_by_design:
            continue
        if len(matches) % 2:
            found.add(number)
            continue
        for start, end in zip(matches[::2], matches[1::2], strict=True):
            segment = range(start.end(), end.start())
            if any(
                states[i] == "A" or (states[i] == "N" and script[i] not in _SAFE_BARE)
                for i in segment
            ):
                found.add(number)
    return found


_EXPRESSION = re.compile(r"\$\{\{.*?\}\}", re.S)


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, str):
        yield value


def expressions(workflow: str) -> set[str]:
    """The `${{ }}` expressions GitHub evaluates in a workflow: in every key and value the
    YAML holds, shell comments inside `run:` included (YAML comments are not read)."""
    document = yaml.load(workflow, Loader=yaml.CSafeLoader)
    return {found for text in _strings(document) for found in _EXPRESSION.findall(text)}


def _inline_shape(children: list[Any]) -> list[str]:
    shape: list[str] = []
    for child in children:
        kind = "text" if child.type in ("text", "text_special") else child.type
        if kind == "text" and shape and shape[-1] == "text":
            continue
        shape.append(kind)
    return shape


@functools.lru_cache(maxsize=1024)
def markdown_shape(markdown: str) -> tuple[str, ...]:
    """The parser's tokens of `markdown` by type and tag, inline ones included, without
    their text: what a field's text must not change. Remembered by text: each baseline
    document is compared with many hostile ones."""
    shape: list[str] = []
    for token in tokens(markdown):
        shape.append(f"{token.type}:{token.tag}")
        if token.children:
            shape.extend(_inline_shape(token.children))
    return tuple(shape)


def first_difference(a: Sequence[str], b: Sequence[str]) -> int | None:
    """The index where two shapes first differ, or None when they are the same."""
    for index, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            return index
    return None if len(a) == len(b) else min(len(a), len(b))


def _paths(value: Any, here: str = "") -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            path = f"{here}.{MARKER.sub('zqNq', str(key))}"
            yield path
            yield from _paths(item, path)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, f"{here}[{index}]")


@functools.lru_cache(maxsize=1024)
def yaml_shape(text: str) -> frozenset[str]:
    """The key paths of a YAML document (markers in keys made alike), remembered by text."""
    return frozenset(_paths(yaml.load(text, Loader=yaml.CSafeLoader)))


def env_keys(text: str) -> list[str]:
    """The variables a dotenv file assigns, in order."""
    return [
        line.split("=", 1)[0].strip()
        for line in text.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
