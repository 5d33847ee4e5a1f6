"""Known credential formats: the shapes providers give their keys, tokens and connection
strings, after the rules of established scanners (gitleaks, detect-secrets, trufflehog).

Each format is a regular expression for the credential itself, anchored on what makes it
recognisable (a fixed prefix, a fixed structure, or a key name in an assignment) so that
ordinary prose never matches. Public-by-design values that resemble keys (publishable
keys, public keys, digests) are not formats here; `model.secret_scan.public` lists them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_END = r"(?![A-Za-z0-9_-])"
"""The token ends here (the next character cannot continue it)."""

_PLACEHOLDER = r"(?![$<{%*\[(]|x{3}|X{3})"
"""Not a placeholder such as `$DB_PASSWORD`, `${VAR}`, `<token>`, `{{ secret }}` or `xxx`."""


@dataclass(frozen=True, slots=True)
class Format:
    """One kind of credential and the expression that finds it."""

    kind: str
    """What it is, in words, for the refusal message (never the value)."""
    pattern: re.Pattern[str]
    """Where it occurs in a text."""


def _format(kind: str, pattern: str) -> Format:
    return Format(kind, re.compile(pattern))


FORMATS: tuple[Format, ...] = (
    # Private keys: a service account's JSON key file, then every PEM flavour and PuTTY's.
    _format(
        "Google service-account key",
        r'"private_key(?:_id)?"\s*:\s*"(?:-----BEGIN|[0-9a-f]{40}")',
    ),
    _format(
        "private key",
        r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----|PuTTY-User-Key-File-\d",
    ),
    # Cloud providers.
    _format("AWS access key", r"\b(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{16}\b"),
    _format(
        "AWS secret access key",
        r"(?i)aws[\w.-]{0,20}?(?:secret|private)[\w.-]{0,20}?['\"]?\s*(?:=|:|=>)\s*['\"]?"
        r"[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+])",
    ),
    _format("Google API key", r"\bAIza[0-9A-Za-z_-]{35}" + _END),
    _format("Google OAuth client secret", r"\bGOCSPX-[A-Za-z0-9_-]{28}" + _END),
    _format(
        "Azure storage key",
        r"(?i)\b(?:AccountKey|SharedAccessKey)\s*=\s*[A-Za-z0-9+/]{30,}={0,2}",
    ),
    _format("Azure SAS signature", r"(?i)[?&;\s]sig=[A-Za-z0-9%+/]{30,}(?:%3D|=){0,2}"),
    _format("DigitalOcean token", r"\bdo[opr]_v1_[a-f0-9]{64}\b"),
    _format("Heroku API key", r"\bHRKU-[A-Za-z0-9_-]{20,}"),
    # Source hosting and package registries.
    _format(
        "GitHub token",
        r"\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})",
    ),
    _format(
        "GitLab token",
        r"\bgl(?:pat|ptt|dt|rt|cbt|soat|ft|imt|oas|agent)-[A-Za-z0-9_-]{20,}"
        r"|\bGR1348941[A-Za-z0-9_-]{20,}",
    ),
    _format("npm token", r"\bnpm_[A-Za-z0-9]{36}" + _END),
    _format("PyPI token", r"\bpypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{20,}"),
    _format("Docker Hub token", r"\bdckr_(?:pat|oat)_[A-Za-z0-9_-]{20,}"),
    # Payments, messaging, e-mail.
    _format("Stripe key", r"\b(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{10,}"),
    _format("Stripe webhook secret", r"\bwhsec_[A-Za-z0-9+/]{24,}"),
    _format("Shopify token", r"\bshp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}\b"),
    _format("Twilio API key", r"\bSK[0-9a-f]{32}\b"),
    _format("Twilio account SID", r"\bAC[0-9a-f]{32}\b"),
    _format("SendGrid key", r"\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}"),
    _format("Mailgun key", r"\bkey-[0-9a-zA-Z]{32}\b"),
    _format(
        "Slack token",
        r"\bxox[abposre]-[A-Za-z0-9-]{10,}|\bxapp-\d-[A-Z0-9]+-\d+-[A-Za-z0-9]{20,}",
    ),
    _format(
        "Slack webhook URL",
        r"hooks\.slack\.com/(?:services|workflows|triggers)/T[A-Za-z0-9]+/",
    ),
    _format(
        "Discord webhook URL",
        r"discord(?:app)?\.com/api/webhooks/\d+/[A-Za-z0-9_-]{20,}",
    ),
    _format(
        "Discord bot token",
        r"\b[MNO][A-Za-z0-9_-]{23,27}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,40}" + _END,
    ),
    _format("Telegram bot token", r"\b\d{8,10}:AA[A-Za-z0-9_-]{33}" + _END),
    # Observability, paging and AI services.
    _format(
        "Datadog key",
        r"(?i)\b(?:datadog|dd)[_-]?(?:api|app|application)[_-]?key['\"]?\s*(?:=|:)\s*['\"]?"
        r"[a-f0-9]{32,40}\b",
    ),
    _format("New Relic key", r"\bNR(?:AK|AA|II|JS|RA)-[A-Za-z0-9]{19,}|\b[a-f0-9]{36}NRAL\b"),
    _format(
        "PagerDuty key",
        r"(?i)\bpager[_ -]?duty[\w .-]{0,30}?(?:key|token)['\"]?\s*(?:=|:)\s*['\"]?"
        r"[A-Za-z0-9_+-]{20,32}" + _END,
    ),
    _format("Sentry token", r"\bsntry[su]_[A-Za-z0-9+/=_-]{40,}"),
    _format("Grafana token", r"\bgl(?:c|sa)_[A-Za-z0-9+/=_-]{32,}"),
    _format("Hashicorp Vault token", r"\bhv[sbr]\.[A-Za-z0-9_-]{24,}"),
    _format("Anthropic key", r"\bsk-ant-[a-z]+\d*-[A-Za-z0-9_-]{20,}"),
    _format(
        "OpenAI key",
        r"\bsk-(?:proj-|svcacct-|admin-|None-)?[A-Za-z0-9_-]{20,}T3BlbkFJ[A-Za-z0-9_-]{20,}"
        r"|\bsk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,}|\bsk-[A-Za-z0-9]{48}\b",
    ),
    _format("Hugging Face token", r"\bhf_[A-Za-z]{34}\b"),
    _format("Postman key", r"\bPMAK-[a-f0-9]{24}-[a-f0-9]{34}\b"),
    _format("Atlassian token", r"\bATATT3[A-Za-z0-9_=-]{100,}"),
    _format("Doppler token", r"\bdp\.(?:pt|st|sa|ct|scim|audit)\.[A-Za-z0-9]{40,}"),
    _format("age secret key", r"\bAGE-SECRET-KEY-1[0-9A-Z]{58}\b"),
    # Generic shapes: signed tokens, credentials in URLs and headers, assignments.
    _format(
        "JSON web token",
        r"\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}",
    ),
    _format(
        "password inside a URL",
        r"\b[a-z][a-z0-9+.-]*://[^/\s:@]*:" + _PLACEHOLDER + r"[^/\s@]+@",
    ),
    _format(
        "bearer token",
        r"(?i)\bbearer\s+(?=[A-Za-z0-9._~+/-]*\d)(?=[A-Za-z0-9._~+/-]*[A-Za-z])"
        r"[A-Za-z0-9._~+/-]{16,}=*",
    ),
    _format(
        "basic-auth header",
        r"(?i)\bauthorization\s*:\s*basic\s+[A-Za-z0-9+/]{8,}={0,2}",
    ),
)
"""Every known format, most specific first (the first match names the kind)."""

ASSIGNED = re.compile(
    r"(?i)(?<![a-z0-9])(?:[a-z0-9]+[_.-])*"
    r"(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key"
    r"|client[_-]?secret|auth[_-]?token)"
    r"(?:[_.-][a-z0-9]+)*['\"]?\s*(?P<sign>=|:\s|=>)\s*['\"]?(?P<value>[^\s'\",;]+)"
)
"""A key named like a credential, assigned a value (`DB_PASSWORD=...`, `api_key: ...`).

Whether the value is one is decided by `model.secret_scan.assigned_value`: names of
secrets, manager paths, placeholders and plain words are not."""
