"""Shared building blocks of the domain model: the frozen base class and common field types.

Every model of a session is immutable (`frozen=True`) and rejects unknown keys
(`extra="forbid"`), so a typo in a hand-written session file is an error with a line
number rather than a silently ignored setting. Attribute docstrings become field
descriptions in the JSON Schema, which is what editors show on hover.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Self

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

from model.secret_scan import refuse_secret_value

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")
"""Control characters (terminal escapes, NUL, odd line breaks); tabs and newlines pass."""


class Frozen(BaseModel):
    """Base of every session model: immutable, strict about keys, documented fields."""

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        use_attribute_docstrings=True,
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
                    "contains a control character (terminal escape or invisible code)",
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


Text = Annotated[str, Field(max_length=4000), AfterValidator(refuse_secret_value)]
"""Free text written by the team: refused when it looks like a credential."""

Name = Annotated[str, Field(min_length=1, max_length=120), AfterValidator(refuse_secret_value)]
"""A short human-readable name (a component's, a project's, a dashboard's)."""

Identifier = Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]{0,47}$")]
"""A stable id: lowercase letters, digits and dashes, starting with a letter."""

EnvVarName = Annotated[str, Field(pattern=r"^[A-Z][A-Z0-9_]{0,63}$")]
"""An environment variable name in SCREAMING_SNAKE_CASE."""

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
