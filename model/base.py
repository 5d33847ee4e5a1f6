"""Shared building blocks of the domain model: the frozen base class and common field types.

Every model of a session is immutable (`frozen=True`) and rejects unknown keys
(`extra="forbid"`), so a typo in a hand-written session file is an error with a line
number rather than a silently ignored setting. Attribute docstrings become field
descriptions in the JSON Schema, which is what editors show on hover: they are read when
the schema is generated (`model.field_docs`), not when each class is defined.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Self

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

from model.secret_scan import refuse_secret_value

_CONTROL = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f"
    r"\u061c\u200b-\u200f\u202a-\u202e\u2028\u2029\u2060-\u2064\u2066-\u2069\ufeff]"
)
"""Characters no session text may hold: C0 and C1 controls (terminal escapes, NUL, carriage
returns), odd line breaks, and the invisible formatting and bidirectional controls (zero-width
spaces and joiners, directional marks, embeddings, overrides and isolates, the byte-order
mark) that make text display other than it reads (Trojan Source). Tabs and newlines pass;
one-line fields refuse newlines as well (`ONE_LINE`)."""

_EXPRESSION_OPENERS = {
    "${{": "GitHub Actions would evaluate it as an expression",
    "$[[": "GitLab CI would interpolate it as an input",
}
"""What a CI system evaluates inside the files it reads, and what it would do."""


class Frozen(BaseModel):
    """Base of every session model: immutable, strict about keys, documented fields."""

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        str_strip_whitespace=True,
        validate_default=True,
        # Every figure is finite: infinity and NaN break the engines' arithmetic and every
        # file that prints a number.
        allow_inf_nan=False,
    )

    @model_validator(mode="before")
    @classmethod
    def _no_control_characters(cls, data: Any) -> Any:
        """Refuse terminal escapes and other control characters in any text field.

        Session text ends up on a shared terminal, in YAML, Markdown and shell scripts;
        an escape sequence in a component's name must not reach any of them.
        """
        if not isinstance(data, dict):
            return data
        problems = [
            InitErrorDetails(
                type=PydanticCustomError(
                    "control_character",
                    "contains a control character (a terminal escape, a carriage return, or "
                    "an invisible or bidirectional formatting mark)",
                ),
                loc=loc,
                input=None,
            )
            for key, value in data.items()
            for loc in _controlled(value, (key,))
        ]
        if problems:
            raise ValidationError.from_exception_data(cls.__name__, problems)
        return data

    def evolve(self, **changes: Any) -> Self:
        """A validated copy with `changes` applied (unlike `model_copy`, which skips checks).

        Unchanged fields are passed as the values they are, so nested models are not
        validated again; changed ones are validated like input from a file.
        """
        data = {name: getattr(self, name) for name in type(self).model_fields}
        data.update(changes)
        return type(self).model_validate(data)


def line_problem(text: str) -> str | None:
    """Why `text` cannot be a one-line field, or None when it can.

    One-line fields become names, commands, targets and paths in CI files, configuration
    and Markdown: a newline there starts a new statement or block, and a CI expression
    opener would be evaluated by the CI system before anything quotes it.
    """
    if "\n" in text:
        return "must be one line"
    for opener, what in _EXPRESSION_OPENERS.items():
        if opener in text:
            return f"contains {opener!r}, which {what}; write it another way"
    return None


def _one_line(value: str) -> str:
    problem = line_problem(value)
    if problem is not None:
        raise ValueError(problem)
    return refuse_secret_value(value)


ONE_LINE = AfterValidator(_one_line)
"""The checks of every one-line string field of a session: one line, no CI expression
opener, no credential. Every `str` field of a session carries it or `PROSE`."""

PROSE = AfterValidator(refuse_secret_value)
"""The checks of multi-line free text (notes, rationales): no credential. It reaches
documents only, where Markdown escaping neutralises it."""

Text = Annotated[str, Field(max_length=4000), PROSE]
"""Free text written by the team, possibly several lines: refused when it looks like a
credential."""

Name = Annotated[str, Field(min_length=1, max_length=120), ONE_LINE]
"""A short human-readable name (a component's, a project's, a dashboard's)."""

Identifier = Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]{0,47}$"), ONE_LINE]
"""A stable id: lowercase letters, digits and dashes, starting with a letter."""

EnvVarName = Annotated[str, Field(pattern=r"^[A-Z][A-Z0-9_]{0,63}$"), ONE_LINE]
"""An environment variable name in SCREAMING_SNAKE_CASE."""

URL_PATH_PATTERN = r"^/[A-Za-z0-9._~!&()*+,;=:@%/?-]*$"
"""An HTTP path (and query) in the characters RFC 3986 allows unencoded, less `$` and `'`:
no spaces, quotes, dollars, braces, backticks or backslashes, so it is data in any shell,
template or CI file."""

WEB_URL_PATTERN = r"^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?([/?#][A-Za-z0-9._~!&()*+,;=:%/?#-]*)?$"
"""An http(s) address in the characters RFC 3986 allows unencoded, less `$` and `'`, and
without credentials (no `@`): no spaces, quotes, dollars, braces, backticks or backslashes."""

Percent = Annotated[float, Field(ge=0, le=100)]
"""A percentage between 0 and 100 inclusive."""

NonNegative = Annotated[float, Field(ge=0)]
"""A quantity that cannot be negative (users, gigabytes, dollars)."""

Milliseconds = Annotated[float, Field(ge=0, le=3_600_000)]
"""A duration in milliseconds, up to an hour."""

USAGE_LIMIT = 1e9
"""The largest usage figure a design may state (requests/s, millions of requests, GB, US
dollars, alert thresholds): far beyond any real system, yet small enough that the engines'
figures at 100x stay finite however they are multiplied."""

Usage = Annotated[float, Field(ge=0, le=USAGE_LIMIT)]
"""A usage figure of a design: not negative, at most `USAGE_LIMIT`."""


def _controlled(value: Any, loc: tuple[str | int, ...]) -> list[tuple[str | int, ...]]:
    """Locations of strings holding control characters in a field value (strings and lists
    of strings; nested models check their own fields)."""
    if isinstance(value, str):
        return [loc] if _CONTROL.search(value) else []
    if isinstance(value, list | tuple):
        return [
            (*loc, i)
            for i, item in enumerate(value)
            if isinstance(item, str) and _CONTROL.search(item)
        ]
    return []


def has_control_characters(text: str) -> bool:
    """Whether `text` holds a character session text refuses (see `Frozen`)."""
    return _CONTROL.search(text) is not None
