"""One made-up credential per known format, and texts that only look like credentials.

The credentials are assembled when asked for, from a prefix split in two and a random
body, so neither this repository nor anything it exports holds a string that secret
scanners or GitHub's push protection would take for a real key. The ordinary texts are
what a design legitimately says: names of secrets, manager paths, public keys,
publishable keys, digests, identifiers and prose about passwords.
"""

from __future__ import annotations

import random
import string

_ALNUM = string.ascii_letters + string.digits
_HEX = "0123456789abcdef"
_UPPER_ALNUM = string.ascii_uppercase + string.digits
_URLSAFE = _ALNUM + "_-"


def _body(alphabet: str, length: int, seed: str) -> str:
    """`length` characters of `alphabet`, the same every run for the same `seed`."""
    pick = random.Random(seed)
    kinds = [str.isdigit, str.isalpha]
    wanted = [kind for kind in kinds if any(kind(c) for c in alphabet)]
    while True:
        body = "".join(pick.choice(alphabet) for _ in range(length))
        # Bodies mixing letters and digits where the alphabet has both, as real keys do.
        if all(any(kind(c) for c in body) for kind in wanted):
            return body


def _joined(*parts: str) -> str:
    return "".join(parts)


def fake_secrets() -> dict[str, str]:
    """A sample of each known format and of the generic checks, by the kind reported."""
    b = _body
    return {
        "private key": _joined("-----BEGIN ", "RSA PRIVATE", " KEY-----\n", b(_ALNUM, 64, "pk")),
        "private key (OpenSSH)": _joined(
            "-----BEGIN OPENSSH ", "PRIVATE KEY-----\n", b(_ALNUM, 64, "os")
        ),
        "private key (PGP)": _joined("-----BEGIN PGP PRIVATE ", "KEY BLOCK-----\n", "lQ"),
        "Google service-account key": _joined(
            '{"type": "service_account", "private_', 'key": "-----BEGIN', ' PRIVATE KEY-----\\n"}'
        ),
        "AWS access key": _joined("AK", "IA", b(string.ascii_uppercase + "234567", 16, "ak")),
        "AWS secret access key": _joined(
            "aws_secret_", "access_key = ", b(_ALNUM + "/+", 40, "as")
        ),
        "Google API key": _joined("AI", "za", b(_URLSAFE, 35, "gk")),
        "Google OAuth client secret": _joined("GOC", "SPX-", b(_URLSAFE, 28, "go")),
        "Azure storage key": _joined(
            "DefaultEndpointsProtocol=https;AccountName=shop;Account",
            "Key=",
            b(_ALNUM + "+/", 86, "az"),
            "==",
        ),
        "Azure SAS signature": _joined(
            "https://shop.blob.core.windows.net/x?sv=2024-01-01&s",
            "ig=",
            b(_ALNUM, 43, "sas"),
            "%3D",
        ),
        "DigitalOcean token": _joined("dop", "_v1_", b(_HEX, 64, "do")),
        "Heroku API key": _joined("HR", "KU-", b(_URLSAFE, 60, "hk")),
        "GitHub token": _joined("gh", "p_", b(_ALNUM, 36, "ghp")),
        "GitHub token (OAuth)": _joined("gh", "o_", b(_ALNUM, 36, "gho")),
        "GitHub token (app)": _joined("gh", "s_", b(_ALNUM, 36, "ghs")),
        "GitHub token (refresh)": _joined("gh", "r_", b(_ALNUM, 36, "ghr")),
        "GitHub token (fine-grained)": _joined("github", "_pat_", b(_ALNUM + "_", 82, "gfg")),
        "GitLab token": _joined("gl", "pat-", b(_URLSAFE, 20, "gl")),
        "npm token": _joined("np", "m_", b(_ALNUM, 36, "npm")),
        "PyPI token": _joined("py", "pi-AgEIcHlwaS5vcmc", b(_URLSAFE, 60, "pypi")),
        "Docker Hub token": _joined("dckr", "_pat_", b(_URLSAFE, 27, "dh")),
        "Stripe key": _joined("sk", "_live_", b(_ALNUM, 24, "sk")),
        "Stripe key (restricted)": _joined("rk", "_live_", b(_ALNUM, 24, "rk")),
        "Stripe webhook secret": _joined("wh", "sec_", b(_ALNUM, 32, "wh")),
        "Shopify token": _joined("shp", "at_", b(_HEX, 32, "shp")),
        "Twilio API key": _joined("S", "K", b(_HEX, 32, "tw")),
        "Twilio account SID": _joined("A", "C", b(_HEX, 32, "ac")),
        "SendGrid key": _joined("S", "G.", b(_URLSAFE, 22, "sg1"), ".", b(_URLSAFE, 43, "sg2")),
        "Mailgun key": _joined("ke", "y-", b(_ALNUM, 32, "mg")),
        "Slack token": _joined("xo", "xb-", "1234567890-", b(_ALNUM, 24, "sl")),
        "Slack token (app)": _joined(
            "xa", "pp-1-A0", b(_UPPER_ALNUM, 9, "xa"), "-1234-", b(_HEX, 64, "xb")
        ),
        "Slack webhook URL": _joined(
            "https://hooks.slack",
            ".com/services/T",
            b(_UPPER_ALNUM, 8, "t"),
            "/B",
            b(_UPPER_ALNUM, 8, "b"),
            "/",
            b(_ALNUM, 24, "w"),
        ),
        "Discord webhook URL": _joined(
            "https://discord", ".com/api/webhooks/", "123456789012345678/", b(_URLSAFE, 68, "dw")
        ),
        "Discord bot token": _joined(
            "M", b(_ALNUM, 23, "d1"), ".", b(_URLSAFE, 6, "d2"), ".", b(_URLSAFE, 27, "d3")
        ),
        "Telegram bot token": _joined("123456789", ":A", "A", b(_URLSAFE, 33, "tg")),
        "Datadog key": _joined("DD_API", "_KEY=", b(_HEX, 32, "dd")),
        "New Relic key": _joined("NR", "AK-", b(_UPPER_ALNUM, 27, "nr")),
        "PagerDuty key": _joined("PagerDuty routing ", "key: ", b(_HEX, 32, "pd")),
        "Sentry token": _joined("sntr", "ys_", b(_ALNUM, 60, "sen")),
        "Grafana token": _joined("gl", "sa_", b(_ALNUM, 32, "gf"), "_", b(_HEX, 8, "gf2")),
        "Hashicorp Vault token": _joined("hv", "s.", b(_URLSAFE, 90, "hv")),
        "Anthropic key": _joined("sk-", "ant-api03-", b(_URLSAFE, 93, "an"), "AA"),
        "OpenAI key": _joined("sk-", "proj-", b(_URLSAFE, 56, "oa")),
        "OpenAI key (legacy)": _joined(
            "sk-", b(_ALNUM, 20, "ol1"), "T3Blbk", "FJ", b(_ALNUM, 20, "ol2")
        ),
        "Hugging Face token": _joined("h", "f_", b(string.ascii_letters, 34, "hf")),
        "Postman key": _joined("PM", "AK-", b(_HEX, 24, "pm1"), "-", b(_HEX, 34, "pm2")),
        "Atlassian token": _joined("ATA", "TT3", b(_URLSAFE, 186, "at")),
        "Doppler token": _joined("dp.", "pt.", b(_ALNUM, 43, "dp")),
        "age secret key": _joined("AGE-SECRET", "-KEY-1", b(_UPPER_ALNUM, 58, "age")),
        "JSON web token": _joined(
            "ey",
            "J",
            b(_URLSAFE, 20, "j1"),
            ".ey",
            "J",
            b(_URLSAFE, 40, "j2"),
            ".",
            b(_URLSAFE, 43, "j3"),
        ),
        "password inside a URL": _joined("postgresql://app:", b(_ALNUM, 12, "pw"), "@db:5432/app"),
        "password inside a URL (no user)": _joined("redis://:", b(_ALNUM, 16, "rd"), "@cache:6379"),
        "bearer token": _joined("Authorization: Bea", "rer ", b(_ALNUM + "._-", 40, "br")),
        "basic-auth header": _joined("Authorization: Ba", "sic ", b(_ALNUM, 24, "ba"), "=="),
        "password or key assignment": _joined("DB_PASS", "WORD=", b(_ALNUM, 14, "as")),
        "hex token": _joined("signing key ", b(_HEX, 32, "hx")),
        "high-entropy token": b(_ALNUM + "+/", 40, "he"),
    }


ORDINARY = [
    "DATABASE_URL",
    "STRIPE_SECRET_KEY",
    "prod/payments/stripe",
    "prod/payments/stripe-api-key",
    "projects/acme-prod-4711/secrets/StripeSecretKey/versions/latest",
    "https://acme-prod.vault.azure.net/secrets/StripeKey/4387e9f3d6e14c459867679a90fd0f79",
    "https://vault.example.com/v1/secret/data/prod/payments/stripe",
    "arn:aws:secretsmanager:eu-central-1:123456789012:secret:prod/db-AbCdEf",
    "arn:aws:iam::123456789012:role/GitHubActionsDeployRole",
    "Orders API behind the ALB; scales on CPU",
    "postgresql://db.internal:5432/app",
    "postgresql://app:${DB_PASSWORD}@db.internal:5432/app",
    "https://status.example.com",
    "https://github.com/acme/shop/blob/3f786850e387550fdab836ed7e6dc881de23001b/README.md",
    "the password policy is enforced by the identity provider",
    "password: rotated every 90 days by the platform team",
    "secret: prod/payments/stripe",
    "token: expires after 15 minutes",
    "Bearer tokens are issued by the identity provider",
    "Basic authentication is disabled",
    "internationalization-and-localization-settings",
    "AbstractSingletonProxyFactoryBean2Impl",
    "OrdersApiPaymentsWebhookHandlerV2Service",
    _joined("pk", "_live_51H8xYzAbCdEfGhIjKlMnOpQrStUvWxYz0123456789"),
    _joined("pk", "_test_TYooMQauvdEDq54NiTphI7jx"),
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl "
    "ops@example.com",
    "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7vbqajDhA3b7Gx6tw8xKxQ4vQd2mZ9Wq1k8Jm5rT0pY deploy",
    "-----BEGIN PGP PUBLIC KEY BLOCK-----\n"
    "mQINBFzYX2IBEADcC1vR0XxQ8mJ7gK9vZqQ3nP2wL5kT8bR4yF6hJ1sD0aE3cV7u\n"
    "-----END PGP PUBLIC KEY BLOCK-----",
    "sha384-oqVuAfXRKap7fdgcCY5uykM6+R9GqQ8K/uxy9rx7HNQlGYl1kPzQho1wx4JwY8wC",
    "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    "3f786850e387550fdab836ed7e6dc881de23001b",
    "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    "ghcr.io/acme/api@sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    "docker.io/library/postgres:16.4-alpine3.20",
    "123e4567-e89b-12d3-a456-426614174000",
    "eu-central-1, ap-southeast-2 and us-east-1",
]
"""Texts a design may hold that a careless scanner would take for credentials."""
