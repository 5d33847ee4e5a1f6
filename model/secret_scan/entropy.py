"""The generic test for credentials of no known format: long tokens that look random.

Two alphabets, two tests. Base64-like tokens (letters, digits, `+ / = _ -`) count as
random when they are long, mix lowercase, uppercase and digits, have high entropy per
character, and change character class often: a random string changes class at most steps
(about 60%), a CamelCase class name or a path of words only at word boundaries (about 30%).
Hex tokens have at most 4 bits per character, so they get their own, lower entropy bar and
must mix digits and letters; 40 and 64 hex digits are git commits and SHA-256 digests
(`model.secret_scan.public`), other lengths of 32 or more are taken as keys.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter

_BASE64_TOKEN = re.compile(r"[A-Za-z0-9+/=_-]{24,}")
_HEX_TOKEN = re.compile(r"(?<![A-Za-z0-9])(?:[0-9a-f]{32,}|[0-9A-F]{32,})(?![A-Za-z0-9])")

MIN_BASE64_BITS = 3.8
"""Entropy per character above which a mixed base64-like token may be random."""

MIN_CLASS_CHANGES = 0.4
"""Share of neighbouring characters of different classes above which a token is random."""

MIN_HEX_BITS = 3.0
"""Entropy per character above which a hex token may be random (at most 4 for hex)."""


def entropy(token: str) -> float:
    """Shannon entropy in bits per character."""
    counts = Counter(token)
    total = len(token)
    return -sum(n / total * math.log2(n / total) for n in counts.values())


def _class(c: str) -> str:
    if c.islower():
        return "a"
    if c.isupper():
        return "A"
    return "0" if c.isdigit() else "."


def class_changes(token: str) -> float:
    """The share of neighbouring letters and digits that differ in class (lower, upper,
    digit); pairs with a symbol are skipped, so dashes between words add nothing."""
    pairs = [(a, b) for a, b in itertools.pairwise(token) if a.isalnum() and b.isalnum()]
    if not pairs:
        return 0.0
    return sum(_class(a) != _class(b) for a, b in pairs) / len(pairs)


def _random_base64(token: str) -> bool:
    letters = token.strip("=")
    classes = {_class(c) for c in letters} & {"a", "A", "0"}
    return (
        len(classes) == 3
        and entropy(letters) >= MIN_BASE64_BITS
        and class_changes(letters) >= MIN_CLASS_CHANGES
    )


def _random_hex(token: str) -> bool:
    has_both = any(c.isdigit() for c in token) and any(c.isalpha() for c in token)
    return has_both and entropy(token) >= MIN_HEX_BITS


def random_token(text: str) -> str | None:
    """What kind of random token `text` holds (public values already blanked), or None."""
    for match in _HEX_TOKEN.finditer(text):
        if _random_hex(match.group()):
            return "hex token (an API key or secret)"
    for match in _BASE64_TOKEN.finditer(text):
        if _random_base64(match.group()):
            return "high-entropy token (an API key or password)"
    return None
