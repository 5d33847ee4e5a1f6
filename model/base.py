"""Shared building blocks of the domain model: the frozen base class and common field types.

Every model of a session is immutable (`frozen=True`) and rejects unknown keys
(`extra="forbid"`), so a typo in a hand-written session file is an error with a line
number rather than a silently ignored setting. Attribute docstrings become field
descriptions in the JSON Schema, which is what editors show on hover.
"""

from __future__ import annotations

from typing import Annotated, Any, Self

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from model.secret_scan import refuse_secret_value


class Frozen(BaseModel):
    """Base of every session model: immutable, strict about keys, documented fields."""

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        use_attribute_docstrings=True,
        str_strip_whitespace=True,
        validate_default=True,
    )

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
