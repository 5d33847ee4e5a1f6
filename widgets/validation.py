"""Validation errors in words a workshop can read, keyed by the field they belong to.

Forms build a new model from what was typed and let pydantic judge it; this module turns
the `ValidationError` into one short message per field, without ever repeating the input
(a mistyped secret must not be echoed on a shared screen).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, TypeVar

from pydantic import ValidationError
from textual.message import Message
from textual.widget import Widget

from model.base import URL_PATH_PATTERN, WEB_URL_PATTERN
from model.sections.pipeline import REGISTRY_PATTERN

T = TypeVar("T")


class RefusalChanged(Message):
    """A field of the design began or stopped refusing what was typed in it (posted by
    the field). The design keeps the field's last valid value meanwhile, so the live
    panel says its figures are of the last valid design while any field refuses."""

    def __init__(self, field: Widget, caption: str, refused: bool) -> None:
        super().__init__()
        # The sender is the field, not the form handling the keystroke (bubbling stops
        # at the sender's parent, and the workshop above the form must hear it).
        self.set_sender(field)
        self.field = field
        """The field (it may be gone by the time the message is read)."""
        self.caption = caption
        """What the field is called on screen."""
        self.refused = refused


_PATTERN_WORDS = {
    r"^[a-z][a-z0-9-]{0,47}$": "use lowercase letters, digits and dashes, starting with a letter",
    r"^[a-z][a-z0-9-]{0,31}$": "use lowercase letters, digits and dashes, starting with a letter",
    r"^[a-z0-9-]{2,32}$": "use lowercase letters, digits and dashes (e.g. eu-west-1)",
    r"^[A-Za-z0-9._/*-]+$": "use letters, digits and . _ / * - (no spaces)",
    r"^[A-Z][A-Z0-9_]{0,63}$": "use UPPER_SNAKE_CASE, starting with a letter (e.g. STRIPE_API_KEY)",
    r"^[A-Za-z0-9_./:+=@-]+$": "use letters, digits and _ . / : + = @ - (no spaces)",
    URL_PATH_PATTERN: "a path starting with / (no spaces, quotes, braces or backslashes)",
    WEB_URL_PATTERN: "an http(s) address without credentials, spaces, quotes or braces",
    REGISTRY_PATTERN: "a registry host, e.g. ghcr.io or registry.example.com:5000/team",
    r"^[^\s]+$": "no spaces",
}


def message(error: Mapping[str, Any]) -> str:
    """One error of `ValidationError.errors()` in plain words."""
    kind = error.get("type", "")
    text = str(error.get("msg", "invalid"))
    ctx = error.get("ctx") or {}
    if kind == "string_pattern_mismatch":
        return _PATTERN_WORDS.get(str(ctx.get("pattern", "")), "not in the expected format")
    if kind in ("int_parsing", "float_parsing", "int_type", "float_type"):
        return "not a number" if "float" in kind else "not a whole number"
    if kind == "int_from_float":
        return "must be a whole number"
    if kind == "string_too_short" and ctx.get("min_length") == 1:
        return "cannot be empty"
    return text.removeprefix("Value error, ")


def field_errors(exc: ValidationError, depth: int = 1) -> dict[str, str]:
    """The first message per field, keyed by the first `depth` parts of its location.

    Model-level errors (no location) are keyed by the empty string.
    """
    found: dict[str, str] = {}
    for error in exc.errors(include_input=False, include_url=False):
        loc = tuple(str(part) for part in error["loc"])
        key = ".".join(loc[:depth])
        found.setdefault(key, message(error))
    return found


def attempt(build: Callable[[], T]) -> tuple[T | None, dict[str, str]]:
    """Run `build`; its result and no errors, or None and the errors by field."""
    try:
        return build(), {}
    except ValidationError as exc:
        return None, field_errors(exc)


def number_text(value: float | None) -> str:
    """A number as it is typed, the inverse of `clean_number`: exact (showing it in a field
    never changes it), no exponent, no trailing zeros; empty for None."""
    if value is None:
        return ""
    if float(value).is_integer():
        return str(int(value))
    return format(Decimal(repr(float(value))), "f")


def clean_number(text: str) -> str | None:
    """Typed number text without thousands separators; None for an empty field."""
    cleaned = text.strip().replace(",", "").replace("_", "").replace(" ", "")
    return cleaned or None
