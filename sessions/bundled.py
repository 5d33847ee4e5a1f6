"""The example sessions shipped with infrasketch (`sessions/examples/*.yaml`)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from model.session import Session
from sessions.store import load

EXAMPLES: dict[str, str] = {
    "saas-mvp-aws": "A small SaaS MVP on AWS: ~1k users, two engineers.",
    "eu-shop-gcp": "An EU e-commerce shop on GCP under GDPR: ~50k users.",
    "b2b-platform-azure": "A B2B platform on Azure with SOC 2: ~200k users, an on-call team.",
}
"""Example name → one-line description."""


def example_path(name: str) -> Path:
    """The packaged file of example `name`."""
    if name not in EXAMPLES:
        known = ", ".join(EXAMPLES)
        raise KeyError(f"no example called {name!r}; examples: {known}")
    return Path(str(resources.files("sessions") / "examples" / f"{name}.yaml"))


def load_example(name: str) -> Session:
    """The validated session of example `name`."""
    return load(example_path(name))
