"""Temporary git repositories holding two commits of a session, for `infrasketch diff` tests.

`pr_change` is the pull request of the issue: the Tallybook example (`saas-mvp-aws`) with
its database moved to Multi-AZ, a Multi-AZ session cache added and staging dropped, and
a decision recording why. `commit` writes a session (or any text) and commits it.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from model.enums import Category, DecisionStatus
from model.sections.components import Component
from model.sections.decisions import Decision
from model.session import Session
from sessions.bundled import load_example
from sessions.store import dumps

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.com",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.com",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(repo: Path, *args: str) -> str:
    """Run git in `repo`; its output."""
    done = subprocess.run(
        ["git", "-c", "commit.gpgsign=false", *args],
        cwd=repo,
        env={**os.environ, **GIT_ENV},
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def new_repo(folder: Path) -> Path:
    """An empty repository on branch `main`."""
    folder.mkdir(parents=True, exist_ok=True)
    git(folder, "init", "-q", "-b", "main")
    return folder


def commit(repo: Path, text: str | Session, message: str, path: str = "design.yaml") -> None:
    """Write `text` (a session is written as `save` would) to `path` and commit it."""
    body = dumps(text) if isinstance(text, Session) else text
    (repo / path).write_text(body, encoding="utf-8")
    git(repo, "add", path)
    git(repo, "commit", "-q", "-m", message)


def base_design() -> Session:
    """The base of the pull request: Tallybook as the example has it."""
    return load_example("saas-mvp-aws")


def pr_change(base: Session) -> Session:
    """The pull request: Multi-AZ database, a Multi-AZ session cache, no staging, and a
    decision recording why (the single-AZ decision superseded)."""
    components = [c.evolve(multi_az=True) if c.id == "db" else c for c in base.components]
    index = next(i for i, c in enumerate(components) if c.id == "files")
    components.insert(
        index,
        Component(
            id="cache",
            name="Session cache",
            category=Category.CACHE,
            service="aws-elasticache-redis",
            multi_az=True,
            network="app-vpc",
        ),
    )
    decisions = [
        d.evolve(status=DecisionStatus.SUPERSEDED) if d.id == "adr-002" else d
        for d in base.decisions
    ]
    decisions.append(
        Decision(
            id="adr-004",
            title="Multi-AZ primary database and a session cache",
            choice="Multi-AZ db.t4g.small and ElastiCache",
            rationale="A zone failure must not take the database down for half an hour.",
        )
    )
    pipeline = base.pipeline.evolve(staging=base.pipeline.staging.evolve(enabled=False))
    return base.evolve(
        components=tuple(components),
        environments=tuple(e for e in base.environments if e.name != "staging"),
        pipeline=pipeline,
        decisions=tuple(decisions),
    )


def pr_repo(folder: Path) -> Path:
    """A repository whose `main~1` holds the base design and `main` the pull request."""
    repo = new_repo(folder)
    base = base_design()
    commit(repo, base, "Tallybook as designed")
    commit(repo, pr_change(base), "Multi-AZ database, a session cache, no staging")
    return repo
