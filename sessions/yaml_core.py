"""The scalars of session files, read by the YAML 1.2 core schema with finite numbers only.

A plain (unquoted) scalar is null, a boolean, a whole number or a finite decimal number
when it is spelt exactly as the YAML 1.2 core schema spells one; anything else is a
string. So `1:00:00` stays the text it is (YAML 1.1 read it as 3600), a date such as
`2026-02-30` stays a string for the model to check (YAML 1.1 built a `date` from it, or
failed inside the loader), `yes` is the word yes. Quoted scalars are always strings.

Numbers are bounded where they are read: `.inf`, `.nan` and decimals that overflow to
infinity are refused, and so are whole numbers longer than `MAX_DIGITS` digits (Python
refuses to convert very long ones at all); the model then holds each figure to its own
sane range. `scalar_value` raises `ScalarError` with words for people; the reader adds
the line and column.

`needs_quotes` is the writer's side of the same rule: a string that either YAML 1.2 or
YAML 1.1 would read as something else is written quoted, so a saved file reads back the
same here and in any other YAML tool.
"""

from __future__ import annotations

import math
import re

STR = "tag:yaml.org,2002:str"
NULL = "tag:yaml.org,2002:null"
BOOL = "tag:yaml.org,2002:bool"
INT = "tag:yaml.org,2002:int"
FLOAT = "tag:yaml.org,2002:float"

MAX_DIGITS = 30
"""Longest whole number read; every figure of a session fits in far fewer digits."""

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_DECIMAL = re.compile(r"^[-+]?[0-9]+$")
_OCTAL = re.compile(r"^0o[0-7]+$")
_HEX = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_INFINITE = re.compile(r"^(?:[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$")

# What YAML 1.1 (PyYAML's default resolver) reads as something other than a string, for
# the writer: booleans and nulls of 1.1, its ints with `_` and base 60, its floats and
# timestamps. Quoting these costs nothing and keeps other tools reading the same text.
_YAML11 = re.compile(
    r"""^(?:yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|y|Y|n|N
    |[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+
    |[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+
    |[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?
    |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)
    |[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}.*)?
    |=|<<)$""",
    re.VERBOSE,
)


class ScalarError(ValueError):
    """A plain scalar spelt as a number that cannot be one here."""


def plain_tag(text: str) -> str:
    """The core-schema tag of a plain scalar spelt `text`."""
    if _NULL.match(text):
        return NULL
    if text in _BOOL:
        return BOOL
    if _DECIMAL.match(text) or _OCTAL.match(text) or _HEX.match(text):
        return INT
    if _FLOAT.match(text) or _INFINITE.match(text):
        return FLOAT
    return STR


def scalar_value(text: str, tag: str) -> object:
    """The Python value of a scalar of `tag` (from `plain_tag`, or `STR` when quoted)."""
    if tag == STR:
        return text
    if tag == NULL:
        return None
    if tag == BOOL:
        return _BOOL[text]
    if tag == INT:
        digits = text.lstrip("+-")
        if len(digits) > MAX_DIGITS:
            raise ScalarError(
                f"a number of {len(digits):,} digits; numbers here have at most {MAX_DIGITS}"
            )
        if _OCTAL.match(text):
            return int(text[2:], 8)
        if _HEX.match(text):
            return int(text[2:], 16)
        return int(text, 10)
    if _INFINITE.match(text):
        raise ScalarError(f"{text} is not a finite number; give a figure")
    value = float(text)
    if not math.isfinite(value):
        raise ScalarError("the number is too large to be a figure of a design")
    return value


def needs_quotes(text: str) -> bool:
    """Whether the string `text` must be quoted to read back as a string (in YAML 1.2 here,
    and in YAML 1.1 tools)."""
    return plain_tag(text) != STR or _YAML11.match(text) is not None
