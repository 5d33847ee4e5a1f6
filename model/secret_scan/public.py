"""Values that look random yet are public by design, so the entropy test leaves them alone.

Publishable keys (Stripe's `pk_live_`), public keys (SSH, PGP, PEM public keys and
certificates), content digests (`sha256:` + hex, Subresource Integrity hashes, bare git
commit SHAs and SHA-256 digests), UUIDs, ARNs, and the paths of addresses (a key vault's
URI, a registry's image path) are meant to be shared: a design names them. Known credential
formats are checked before this list applies, so a credential inside a URL or beside a
public key is still found.
"""

from __future__ import annotations

import re

PUBLIC: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("Stripe publishable key", re.compile(r"\bpk_(?:live|test)_[0-9A-Za-z]{10,}")),
    (
        "SSH public key",
        re.compile(
            r"\b(?:ssh-(?:ed25519|rsa|dss)|ecdsa-sha2-nistp\d+|sk-(?:ssh-ed25519|ecdsa-sha2-nistp256)"
            r"@openssh\.com)\s+AAAA[A-Za-z0-9+/]+={0,3}"
        ),
    ),
    (
        "PEM public key or certificate",
        re.compile(
            r"-----BEGIN (PGP PUBLIC KEY BLOCK|PUBLIC KEY|RSA PUBLIC KEY|CERTIFICATE)-----"
            r".*?(?:-----END \1-----|\Z)",
            re.DOTALL,
        ),
    ),
    (
        "digest",
        re.compile(
            r"\b(?:sha(?:1|224|256|384|512)|md5|blake2b|git):[0-9a-fA-F]{32,128}\b"
            r"|\bsha(?:256|384|512)-[A-Za-z0-9+/]{40,}={0,2}"
        ),
    ),
    ("git commit or SHA-256 digest", re.compile(r"\b(?:[0-9a-f]{40}|[0-9a-f]{64})\b")),
    (
        "UUID",
        re.compile(r"\b[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}\b"),
    ),
    ("ARN", re.compile(r"\barn:aws[a-z-]*:[a-z0-9-]*:[a-z0-9-]*:\d{0,12}:[^\s'\"]+")),
    (
        "address without credentials",
        re.compile(r"\b[a-z][a-z0-9+.-]*://[^\s/?#@'\"]+(?:/[^\s?#'\"]*)?"),
    ),
)
"""Each public-by-design shape and its name; only the path of an address is public (its
query string may carry a token and is still checked)."""


def without_public(text: str) -> str:
    """`text` with every public-by-design value blanked out (same length, spaces)."""
    for _, pattern in PUBLIC:
        text = pattern.sub(lambda m: " " * len(m.group()), text)
    return text
