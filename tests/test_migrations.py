"""Older session files are carried to the current schema version on load."""

from __future__ import annotations

from pathlib import Path

import pytest

from model.enums import Metric
from model.session import SCHEMA_VERSION
from sessions.errors import SessionError
from sessions.migrations import STEPS, migrate
from sessions.store import dumps, load, loads

V1 = Path(__file__).parent / "data" / "v1-session.yaml"


def test_hand_written_v1_file_loads_as_current() -> None:
    session = load(V1)
    assert session.schema_version == SCHEMA_VERSION
    assert session.context.users == 800
    assert session.incidents.postmortem_hours == 72
    assert [(t.metric, t.warning, t.critical) for t in session.monitoring.thresholds] == [
        (Metric.ERROR_RATE, 1, 5),
        (Metric.LATENCY_P95, 800, 2000),
    ]


def test_migrated_file_saves_in_the_current_format() -> None:
    text = dumps(load(V1))
    assert f"schema_version: {SCHEMA_VERSION}" in text
    assert "expected_users" not in text
    assert loads(text) == load(V1)


def test_every_old_version_has_a_step() -> None:
    assert sorted(STEPS) == list(range(1, SCHEMA_VERSION))


def test_missing_version_counts_as_current() -> None:
    assert migrate({"provider": "aws"})["provider"] == "aws"


def test_a_problem_in_a_migrated_file_still_points_at_its_line(tmp_path: Path) -> None:
    broken = tmp_path / "old.yaml"
    broken.write_text(V1.read_text().replace("expected_users: 800", "expected_users: many"))
    with pytest.raises(SessionError) as caught:
        load(broken)
    [problem] = caught.value.problems
    assert problem.path == "context.users"
    assert problem.line == 5  # where the old file spells it `expected_users`


V2 = Path(__file__).parent / "data" / "v2-session.yaml"
"""The `saas-mvp-aws` example as version 2 wrote it: no subnets, no external systems."""


def test_a_v2_file_loads_as_current_and_gains_nothing_it_did_not_say() -> None:
    session = load(V2)
    assert session.schema_version == SCHEMA_VERSION == 3
    assert {c.subnet for c in session.components} == {None}
    assert {c.external for c in session.components} == {None}
    assert [c.network for c in session.components if c.network] == ["app-vpc"] * 3
    text = dumps(session)
    assert "schema_version: 3" in text
    assert loads(text) == session
