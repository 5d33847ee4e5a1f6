"""Session files: strict reading with located errors, stable atomic writing, migrations."""

from __future__ import annotations

import errno
import multiprocessing
import os
import signal
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from model.session import SCHEMA_VERSION, Session, replace
from sessions import atomic
from sessions.errors import SessionError
from sessions.schema import MODELINE, SCHEMA_FILE
from sessions.store import backup_path, dumps, load, loads, save
from sessions.yaml_io import dump
from tests.strategies import sessions


def line_of(text: str, needle: str, start: int = 0) -> int:
    """1-based number of the first line at or after `start` containing `needle`."""
    for number, line in enumerate(text.splitlines(), start=1):
        if number > start and needle in line:
            return number
    raise AssertionError(f"{needle!r} not in text")


def problems_of(raw: bytes | str) -> list[tuple[int, str, str]]:
    started = time.perf_counter()
    with pytest.raises(SessionError) as caught:
        loads(raw, "bad.yaml")
    assert time.perf_counter() - started < 1.0, "a hostile file must be refused within a second"
    return [(p.line, p.path, p.message) for p in caught.value.problems]


# --- hostile and malformed files -----------------------------------------------------------


def test_python_object_tag_is_refused_without_running_it(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    raw = f"context: !!python/object/apply:os.system ['touch {marker}']\n"
    [(line, _, message)] = problems_of(raw)
    assert line == 1
    assert "tags" in message
    assert not marker.exists()


def test_alias_bomb_is_refused() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]"
        for i in range(8)
    ]
    [(line, _, message)] = problems_of("\n".join(lines) + "\n")
    assert line == 1
    assert "anchors" in message or "aliases" in message


def test_deep_nesting_is_refused() -> None:
    raw = "context: " + "[" * 5000 + "]" * 5000 + "\n"
    [(line, _, message)] = problems_of(raw)
    assert line == 1
    assert "nested deeper" in message


def test_duplicate_keys_are_refused_at_the_second_key(starter: Session) -> None:
    text = dumps(starter)
    second = line_of(text, "  users:")
    text = text.replace("  users:", "  users: 5\n  users:", 1)
    [(line, _, message)] = problems_of(text)
    assert line == second + 1
    assert f"duplicate key 'users' (first defined on line {second})" in message


def test_invalid_utf8_is_located() -> None:
    raw = b"context:\n  project: caf\xe9\n"
    [(line, _, message)] = problems_of(raw)
    assert line == 2
    assert "UTF-8" in message


def test_thirty_megabyte_file_is_refused_unread(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as out:
        out.truncate(30 * 1024 * 1024)
    started = time.perf_counter()
    with pytest.raises(SessionError, match="limited to"):
        load(big)
    assert time.perf_counter() - started < 1.0


def test_binary_bytes_are_refused() -> None:
    [(line, _, message)] = problems_of(b"context:\n  project: x\x00\x01\x02\n")
    assert line == 2
    assert "binary" in message


def test_top_level_list_is_refused() -> None:
    [(line, _, message)] = problems_of("- context\n- provider\n")
    assert line == 1
    assert "mapping" in message


def test_empty_file_is_refused() -> None:
    [(_, _, message)] = problems_of("")
    assert "empty" in message


def test_truncated_file_is_located(starter: Session) -> None:
    text = dumps(starter)
    cut = text[: text.index("components:") + len("components:\n  - id: ")] + '"api'
    [(line, _, message)] = problems_of(cut)
    assert line >= line_of(text, "components:")
    assert "invalid YAML" in message


def test_wrong_type_names_the_field_and_line(starter: Session) -> None:
    text = dumps(starter)
    target = line_of(text, "  users:")
    text = text.replace(f"  users: {starter.context.users}", "  users: lots", 1)
    [(line, path, message)] = problems_of(text)
    assert (line, path) == (target, "context.users")
    assert "integer" in message


def test_unknown_field_is_located(starter: Session) -> None:
    text = dumps(starter)
    target = line_of(text, "  team_size:")
    text = text.replace("  team_size:", "  team_sise:", 1)
    found = problems_of(text)
    assert (
        target,
        "context.team_sise",
        "unknown field 'team_sise'; did you mean 'team_size'?",
    ) in found
    assert any(p == "context.team_size" and m == "Field required" for _, p, m in found)


def test_unknown_service_is_located(starter: Session) -> None:
    text = dumps(starter)
    service = starter.components[0].service
    target = line_of(text, f"service: {service}")
    text = text.replace(f"service: {service}", "service: aws-mainframe", 1)
    [(line, path, message)] = problems_of(text)
    assert (line, path) == (target, "components[0].service")
    assert "unknown service 'aws-mainframe'" in message


def test_service_of_another_provider_is_refused(starter: Session) -> None:
    text = dumps(starter)
    database = next(i for i, c in enumerate(starter.components) if c.category.value == "database")
    service = starter.components[database].service
    target = line_of(text, f"service: {service}")
    text = text.replace(f"service: {service}", "service: gcp-cloud-sql-postgres", 1)
    # The starter names an RDS size; Cloud SQL's default size keeps the one problem in view.
    text = text.replace(f"size: {starter.components[database].size}", "size: null", 1)
    [(line, path, message)] = problems_of(text)
    assert (line, path) == (target, f"components[{database}].service")
    assert "offered on GCP, not on AWS" in message


def test_dangling_link_is_located(starter: Session) -> None:
    with_links = replace(starter, links=({"source": "users", "target": starter.components[0].id},))
    text = dumps(with_links).replace(f"target: {starter.components[0].id}", "target: ghost", 1)
    target = line_of(text, "target: ghost")
    [(line, path, message)] = problems_of(text)
    assert (line, path) == (target, "links[0].target")
    assert "no component has id 'ghost'" in message


def test_warning_above_critical_is_located(starter: Session) -> None:
    text = dumps(starter)
    start = line_of(text, "metric: cpu")
    warning_line = line_of(text, "warning:", start)
    lines = text.splitlines(keepends=True)
    lines[warning_line - 1] = lines[warning_line - 1].split("warning:")[0] + "warning: 99\n"
    found = problems_of("".join(lines))
    [(line, path, message)] = found
    index = [t.metric.value for t in starter.monitoring.thresholds].index("cpu")
    assert path == f"monitoring.thresholds[{index}]"
    assert start - 1 <= line <= warning_line
    assert "warning (99 %) must be below critical" in message


def test_percentage_above_hundred_is_refused(starter: Session) -> None:
    text = dumps(starter)
    target = line_of(text, "coverage_threshold_percent:")
    text = text.replace(
        f"coverage_threshold_percent: {starter.pipeline.unit_tests.coverage_threshold_percent}",
        "coverage_threshold_percent: 180",
        1,
    )
    [(line, path, message)] = problems_of(text)
    assert (line, path) == (target, "pipeline.unit_tests.coverage_threshold_percent")
    assert "less than or equal to 100" in message


def test_duplicate_environment_names_are_refused(starter: Session) -> None:
    data = starter.model_dump(mode="json")
    data["environments"].append(dict(data["environments"][0]))
    text = MODELINE + dump(data)
    index = len(data["environments"]) - 1
    name = data["environments"][0]["name"]
    target = line_of(text, f"- name: {name}", line_of(text, f"- name: {name}"))
    [(line, path, message)] = problems_of(text)
    assert (line, path) == (target, f"environments[{index}].name")
    assert f"environment name {name!r} is used twice" in message


def test_secret_value_is_refused_without_echoing_it(starter: Session) -> None:
    key = "sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc"
    text = dumps(starter)
    target = line_of(text, "  description:")
    text = text.replace("  description:", f"  description: 'Stripe {key}' #", 1)
    with pytest.raises(SessionError) as caught:
        loads(text, "bad.yaml")
    problem = caught.value.problems[0]
    assert (problem.line, problem.path) == (target, "context.description")
    assert "Stripe key" in problem.message
    assert key not in str(caught.value)


def test_secret_in_a_non_text_field_is_refused(starter: Session) -> None:
    hook = "https://hooks.slack.com/services/T0000/B0000/XXXXXXXX"
    data = starter.model_dump(mode="json")
    data["monitoring"]["channels"] = [{"kind": "slack", "target": hook}]
    text = MODELINE + dump(data)
    with pytest.raises(SessionError) as caught:
        loads(text, "bad.yaml")
    problem = caught.value.problems[0]
    assert (problem.line, problem.path) == (line_of(text, hook), "monitoring.channels[0].target")
    assert "Slack webhook URL" in problem.message
    assert hook not in str(caught.value)


def test_newer_schema_version_is_refused(starter: Session) -> None:
    current = f"schema_version: {SCHEMA_VERSION}"
    text = dumps(starter).replace(current, "schema_version: 9", 1)
    [(line, path, message)] = problems_of(text)
    assert (line, path) == (2, "schema_version")
    assert "newer" in message


# --- writing -------------------------------------------------------------------------------


def test_saved_file_starts_with_the_schema_modeline(tmp_path: Path, starter: Session) -> None:
    path = tmp_path / "design.yaml"
    save(starter, path)
    assert path.read_text().startswith(MODELINE)
    assert MODELINE == "# yaml-language-server: $schema=./infrasketch.schema.json\n"


def test_save_keeps_the_previous_version_as_bak(tmp_path: Path, starter: Session) -> None:
    path = tmp_path / "design.yaml"
    save(starter, path)
    first = path.read_bytes()
    changed = replace(starter, context=starter.context.evolve(team_size=9))
    save(changed, path)
    assert backup_path(path).read_bytes() == first
    assert load(path) == changed


def test_one_field_change_is_a_one_line_diff(starter: Session) -> None:
    before = dumps(starter).splitlines()
    changed = replace(starter, context=starter.context.evolve(peak_rps=123.0))
    after = dumps(changed).splitlines()
    assert len(before) == len(after)
    assert [(a, b) for a, b in zip(before, after, strict=True) if a != b] == [
        (f"  peak_rps: {starter.context.peak_rps}", "  peak_rps: 123.0")
    ]


def test_save_into_a_read_only_folder_fails_cleanly(
    tmp_path: Path, starter: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    path = folder / "design.yaml"
    save(starter, path)
    before = path.read_bytes()
    folder.chmod(0o500)
    if os.access(folder, os.W_OK):
        # Root ignores permission bits; make the folder refuse new files the way the OS would.
        def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
            raise PermissionError(errno.EACCES, "Permission denied")

        monkeypatch.setattr(atomic, "_temp_file", refuse)
    try:
        with pytest.raises(
            SessionError, match=r"cannot save: permission denied \(is the folder read-only\?\)"
        ):
            save(starter, path)
    finally:
        folder.chmod(0o700)
    assert path.read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == ["design.yaml", SCHEMA_FILE]


def test_save_on_a_full_disk_leaves_the_old_file(
    tmp_path: Path, starter: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "design.yaml"
    save(starter, path)
    before = path.read_bytes()
    real_fsync = os.fsync

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(SessionError, match="the disk is full"):
        save(replace(starter, context=starter.context.evolve(team_size=7)), path)
    monkeypatch.setattr(os, "fsync", real_fsync)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["design.yaml", SCHEMA_FILE]


def _save_forever(path: str, a: Session, b: Session) -> None:
    while True:
        save(a, path)
        save(b, path)


def test_kill_during_save_leaves_old_or_new_never_torn(tmp_path: Path, starter: Session) -> None:
    path = tmp_path / "design.yaml"
    a = starter
    b = replace(starter, context=starter.context.evolve(description="x" * 3_900))
    save(a, path)
    fork = multiprocessing.get_context("fork")
    for attempt in range(60):
        child = fork.Process(target=_save_forever, args=(str(path), a, b))
        child.start()
        time.sleep(0.005 + (attempt % 10) * 0.004)
        assert child.pid is not None
        os.kill(child.pid, signal.SIGKILL)
        child.join()
        assert load(path) in (a, b)
    # A killed writer may leave its temp files (of the file and of its backup), never a torn
    # target; each save removes the leftovers older than the file, so they never pile up.
    # Only the kills since the last completed save can still have theirs: on a loaded
    # machine a few children in a row die before saving, so the bound is a handful, far
    # below the 60 kills (stop 24 saw 145 after 600 kills before the clean-up existed).
    leftovers = [p.name for p in tmp_path.iterdir() if p.suffix == ".tmp"]
    assert len(leftovers) <= 12, leftovers
    for session in (a, b):
        time.sleep(0.01)
        save(session, path)
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".tmp"] == []


# --- round trip ----------------------------------------------------------------------------


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(session=sessions())
def test_round_trip_and_stable_bytes(session: Session) -> None:
    text = dumps(session)
    assert loads(text) == session
    assert dumps(loads(text)) == text


@given(st.text(max_size=200))
@settings(max_examples=200, deadline=None)
def test_any_text_gives_a_session_or_a_session_error(text: str) -> None:
    try:
        loads(text, "fuzz.yaml")
    except SessionError as exc:
        assert all(p.file == "fuzz.yaml" for p in exc.problems)
