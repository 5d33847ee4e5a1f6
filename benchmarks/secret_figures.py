"""`python -m benchmarks.secret_figures`: how many credential formats a session refuses.

Each made-up credential of `benchmarks.fake_secrets` is written into a component's notes
of the Azure example's file and loaded; a format counts as refused when loading fails
with a message that does not repeat the value. One that loads is exported, and counts as
leaked when any exported file holds it. Each ordinary text (public keys, digests, manager
paths, prose about passwords) is loaded the same way; one that is refused is a false
positive. Prints one line (issue 17: secret formats refused / leaked; false positives).
"""

from __future__ import annotations

from dataclasses import dataclass

from benchmarks.fake_secrets import ORDINARY, fake_secrets
from benchmarks.text_fields import full_session
from exporters.bundle import build_bundle
from model.analysis import analyse
from sessions.errors import SessionError
from sessions.store import loads
from sessions.yaml_io import dump


@dataclass(frozen=True, slots=True)
class Figures:
    """What the run found."""

    formats: int
    """Credential samples tried."""
    refused: int
    """Samples refused on load without being repeated."""
    leaked: int
    """Samples that loaded and appear in an exported file."""
    ordinary: int
    """Ordinary texts tried."""
    false_positives: int
    """Ordinary texts refused."""

    def __str__(self) -> str:
        return (
            f"secret formats refused {self.refused}/{self.formats}, leaked {self.leaked}, "
            f"false positives {self.false_positives}/{self.ordinary}"
        )


def _session_file(note: str) -> str:
    data = full_session()
    data["components"][0]["notes"] = note
    return dump(data)


def _leaks(value: str) -> bool:
    try:
        session = loads(_session_file(value), "design.yaml")
    except SessionError:
        return False
    files = build_bundle(analyse(session))
    return any(value.encode() in data for data in files.values())


def figures() -> Figures:
    """Run every sample and ordinary text."""
    secrets = list(fake_secrets().values())
    refused = sum(not _loads(value) for value in secrets)
    leaked = sum(_leaks(value) for value in secrets)
    false_positives = sum(not _loads(text) for text in ORDINARY)
    return Figures(len(secrets), refused, leaked, len(ORDINARY), false_positives)


def _loads(value: str) -> bool:
    """Whether a session file with `value` in a note loads; a refusal repeating the value
    counts as loading (the value got through to the screen)."""
    try:
        loads(_session_file(value), "design.yaml")
    except SessionError as exc:
        return value in str(exc)
    return True


if __name__ == "__main__":
    print(figures())
