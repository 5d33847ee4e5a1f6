"""Recognise values that look like credentials, so a session file never holds one.

A session is committed to git and shown on a shared screen; it may name a secret
(`STRIPE_API_KEY`, `prod/payments/stripe`) but never carry its value. Three checks, in
order: known credential formats (`formats`: provider key prefixes, private keys,
credentials in URLs and headers); credential-named keys assigned a value that looks like
one (`DB_PASSWORD=...`); and, once public-by-design values are blanked out (`public`:
publishable keys, public keys, digests, UUIDs, ARNs, addresses), long tokens that look
random (`entropy`). Messages say what kind of secret was seen and never repeat the value.
"""

from __future__ import annotations

import re

from model.secret_scan.entropy import random_token
from model.secret_scan.formats import ASSIGNED, FORMATS
from model.secret_scan.public import without_public

_SHORTEST = 10
"""No credential format is shorter than this: shorter text is not scanned."""

_NAME_OF_A_SECRET = re.compile(r"^[A-Z][A-Z0-9_]*$")
_MANAGER_PATH = re.compile(r"^/?[a-z0-9_.-]+(?:/[a-z0-9_.-]+)+/?$")
_WORD = re.compile(r"^[A-Za-z]+[.!?]?$")


def assigned_value(value: str, sign: str) -> bool:
    """Whether `value`, assigned to a credential-named key with `sign`, is a credential.

    Not one: the name of a secret (`STRIPE_KEY`), a manager path (`prod/payments/stripe`),
    an address, a plain word (`password: rotated every 90 days`). With `=` any other
    value of six characters or more is; after `: ` (prose and YAML) it must also mix
    letters and digits.
    """
    if (
        len(value) < 6
        or _NAME_OF_A_SECRET.match(value)
        or _MANAGER_PATH.match(value)
        or "://" in value
        or _WORD.match(value)
    ):
        return False
    if sign.strip() == ":":
        has_letter = any(c.isalpha() for c in value)
        has_digit = any(c.isdigit() for c in value)
        return len(value) >= 8 and has_letter and has_digit
    return True


def find_secret(value: str) -> str | None:
    """Return what kind of credential `value` appears to contain, or None when it looks safe."""
    if len(value) < _SHORTEST:
        return None
    for known in FORMATS:
        if known.pattern.search(value):
            return known.kind
    for match in ASSIGNED.finditer(value):
        if assigned_value(match.group("value"), match.group("sign")):
            return "password or key assignment"
    return random_token(without_public(value))


def refuse_secret_value(value: str) -> str:
    """Pydantic validator: pass `value` through, or refuse it without echoing it."""
    kind = find_secret(value)
    if kind is not None:
        raise ValueError(
            f"looks like a secret value ({kind}); keep the value in the secrets manager "
            "and only its name here"
        )
    return value
