"""The session files shipped with infrasketch: the example sessions
(`sessions/examples/*.yaml`) and the starter design of each provider
(`sessions/starters/<provider>.yaml`), read by the same loader as any session file."""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path

from model.enums import Provider
from model.session import Session
from sessions.store import load

EXAMPLES: dict[str, str] = {
    "saas-mvp-aws": "A small SaaS MVP on AWS: ~1k users, two engineers.",
    "eu-shop-gcp": "An EU e-commerce shop on GCP under GDPR: ~50k users.",
    "b2b-platform-azure": "A B2B platform on Azure with SOC 2: ~200k users, an on-call team.",
}
"""Example name → one-line description."""


def _packaged(folder: str, name: str) -> Path:
    return Path(str(resources.files("sessions") / folder / f"{name}.yaml"))


def example_path(name: str) -> Path:
    """The packaged file of example `name`."""
    if name not in EXAMPLES:
        known = ", ".join(EXAMPLES)
        raise KeyError(f"no example called {name!r}; examples: {known}")
    return _packaged("examples", name)


def load_example(name: str) -> Session:
    """The validated session of example `name`."""
    return load(example_path(name))


def starter_path(provider: Provider) -> Path:
    """The packaged starter design of `provider`."""
    return _packaged("starters", provider.value)


@functools.cache
def load_starter(provider: Provider) -> Session:
    """The validated starter design of `provider`, read once: sessions are immutable, and
    the app compares every change with it (`model.progress`)."""
    return load(starter_path(provider))
