"""Recognise values that look like credentials, so a session file never holds one.

A session is committed to git and shown on a shared screen; it may name a secret
(`STRIPE_API_KEY`, `prod/payments/stripe`) but never carry its value. The checks here
are deliberately specific (known key formats, private keys, credentials inside URLs,
`password=...` assignments) plus one generic test for long high-entropy tokens, so
ordinary prose and manager paths pass. Messages say what kind of secret was seen and
never repeat the value.
"""

from __future__ import annotations

import math
import re
from collections import Counter

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("private key", re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----")),
    ("AWS access key", re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b")),
    ("Stripe key", re.compile(r"\b[sr]k_(?:live|test)_[0-9A-Za-z]{10,}")),
    ("GitHub token", re.compile(r"\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})")),
    ("Slack token", re.compile(r"\bxox[abposr]-[A-Za-z0-9-]{10,}")),
    ("Slack webhook URL", re.compile(r"hooks\.slack\.com/services/T[A-Za-z0-9]+/B[A-Za-z0-9]+/")),
    ("Google API key", re.compile(r"\bAIza[0-9A-Za-z_-]{35}\b")),
    ("SendGrid key", re.compile(r"\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}")),
    (
        "JSON web token",
        re.compile(r"\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}"),
    ),
    ("password inside a URL", re.compile(r"\b[a-z][a-z0-9+.-]*://[^/\s:@]+:[^/\s@]+@")),
    (
        "password or key assignment",
        re.compile(
            r"(?i)\b(?:password|passwd|pwd|secret|token|api[_-]?key)\s*(?:=|:\s)\s*['\"]?[^\s'\"]{6,}"
        ),
    ),
)

_TOKEN = re.compile(r"[A-Za-z0-9+=_-]{32,}")
_MIN_ENTROPY_BITS = 4.0


def _entropy(token: str) -> float:
    """Shannon entropy in bits per character."""
    counts = Counter(token)
    total = len(token)
    return -sum(n / total * math.log2(n / total) for n in counts.values())


def _looks_random(token: str) -> bool:
    """A long token mixing letter cases and digits with high entropy: an API key, not a word."""
    classes = sum(
        (
            any(c.islower() for c in token),
            any(c.isupper() for c in token),
            any(c.isdigit() for c in token),
        )
    )
    return classes >= 3 and _entropy(token) >= _MIN_ENTROPY_BITS


def find_secret(value: str) -> str | None:
    """Return what kind of credential `value` appears to contain, or None when it looks safe."""
    for kind, pattern in _PATTERNS:
        if pattern.search(value):
            return kind
    for match in _TOKEN.finditer(value):
        if _looks_random(match.group()):
            return "high-entropy token (an API key or password)"
    return None


def refuse_secret_value(value: str) -> str:
    """Pydantic validator: pass `value` through, or refuse it without echoing it."""
    kind = find_secret(value)
    if kind is not None:
        raise ValueError(
            f"looks like a secret value ({kind}); keep the value in the secrets manager "
            "and only its name here"
        )
    return value
