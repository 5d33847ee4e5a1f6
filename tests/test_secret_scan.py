"""Credential detection: real key formats are refused, ordinary words and paths pass."""

from __future__ import annotations

import pytest

from model.secret_scan import find_secret, refuse_secret_value

SECRETS = {
    "AWS access key": "AKIAIOSFODNN7EXAMPLE",
    "private key": "-----BEGIN RSA PRIVATE KEY-----\nMIIEow",
    "Stripe key": "sk_live_4eC39HqLyjWDarjtT1zdp7dc",
    "GitHub token": "ghp_" + "a1B2" * 9,
    "Slack token": "xoxb-123456789012-abcdefghij",
    "Google API key": "AIza" + "SyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q",
    "password inside a URL": "postgresql://app:hunter22@db.internal:5432/app",
    "password or key assignment": "password=correct-horse",
    "high-entropy token": "q8Vz3LmP0xR7tYb2Nw5Kc9Hs1Jd4Fg6A",
}

HARMLESS = [
    "DATABASE_URL",
    "prod/payments/stripe-api-key",
    "arn:aws:secretsmanager:eu-central-1:123456789012:secret:prod/db",
    "Orders API behind the ALB; scales on CPU",
    "postgresql://db.internal:5432/app",
    "the password policy is enforced by the identity provider",
    "https://status.example.com",
    "internationalization-and-localization-settings",
]


@pytest.mark.parametrize(("kind", "value"), SECRETS.items())
def test_known_secret_formats_are_found(kind: str, value: str) -> None:
    found = find_secret(value)
    assert found is not None
    assert found.startswith(kind.split(maxsplit=1)[0])


@pytest.mark.parametrize("value", HARMLESS)
def test_names_paths_and_prose_pass(value: str) -> None:
    assert find_secret(value) is None


def test_refusal_names_the_kind_and_never_echoes_the_value() -> None:
    value = SECRETS["Stripe key"]
    with pytest.raises(ValueError, match="Stripe key") as caught:
        refuse_secret_value(value)
    assert value not in str(caught.value)
