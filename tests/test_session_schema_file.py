"""The modeline of a session names a schema an editor can load: a file beside the session.

Saving writes `infrasketch.schema.json` beside the session (only when its content
changed, never failing the save), the export bundle carries it, and the sessions shipped
in the repository name the committed copy. Each check ends with check-jsonschema reading
the schema from where the modeline points, relative to the session's folder, as
yaml-language-server does.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from exporters.bundle import build_bundle
from model.analysis import analyse
from model.session import Session, replace
from sessions.bundled import example_path
from sessions.schema import MODELINE, SCHEMA_FILE, schema_text
from sessions.store import dumps, load, save
from tests.cli import infrasketch

CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"
REPO = Path(__file__).parent.parent
OLD_MODELINE = (
    "# yaml-language-server: $schema=https://raw.githubusercontent.com/infrasketch/"
    "infrasketch/main/sessions/session.schema.json\n"
)
"""What versions before this one wrote: a URL that never existed."""


def modeline_target(session_file: Path) -> Path:
    """The file the session's modeline names, resolved from the session's folder."""
    first = session_file.read_text(encoding="utf-8").splitlines()[0]
    prefix = "# yaml-language-server: $schema="
    assert first.startswith(prefix), first
    reference = first.removeprefix(prefix)
    assert "://" not in reference, f"{session_file}: {reference} is not a relative path"
    return session_file.parent / reference


def validates(schema: Path, *sessions: Path) -> None:
    """check-jsonschema accepts each session against `schema`."""
    check = subprocess.run(
        [str(CHECK_JSONSCHEMA), "--schemafile", str(schema), *map(str, sessions)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert check.returncode == 0, check.stdout + check.stderr


def test_the_modeline_names_the_schema_saved_beside_the_session(
    tmp_path: Path, starter: Session
) -> None:
    path = tmp_path / "design.yaml"
    saved = save(starter, path)
    assert saved.schema_warning is None
    assert path.read_text().startswith(MODELINE)
    target = modeline_target(path)
    assert target.resolve() == (tmp_path / SCHEMA_FILE).resolve()
    assert target.read_text() == schema_text()
    validates(target, path)


def test_the_schema_is_rewritten_only_when_its_content_changed(
    tmp_path: Path, starter: Session
) -> None:
    path = tmp_path / "design.yaml"
    save(starter, path)
    schema = tmp_path / SCHEMA_FILE
    before = schema.stat()
    save(replace(starter, context=starter.context.evolve(users=9_000)), path)
    after = schema.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    schema.write_text('{"an older": "schema"}\n')
    save(starter, path)
    assert schema.read_text() == schema_text()


def test_a_schema_that_cannot_be_written_warns_and_the_session_is_saved(
    tmp_path: Path, starter: Session
) -> None:
    (tmp_path / SCHEMA_FILE).mkdir()  # a folder in the way
    path = tmp_path / "design.yaml"
    saved = save(starter, path)
    assert load(path) == starter
    assert saved.schema_warning is not None
    assert SCHEMA_FILE in saved.schema_warning
    assert "a folder of that name is in the way" in saved.schema_warning
    assert "the session itself is saved" in saved.schema_warning


def test_new_says_when_the_schema_could_not_be_written(tmp_path: Path) -> None:
    (tmp_path / SCHEMA_FILE).mkdir()
    result = infrasketch("new", tmp_path / "shop.yaml", "--no-open")
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith("warning: the schema editors check the session with")
    assert (tmp_path / "shop.yaml").is_file()


def test_through_a_link_the_schema_goes_beside_the_target(tmp_path: Path, starter: Session) -> None:
    real = tmp_path / "real"
    real.mkdir()
    save(starter, real / "design.yaml")
    (real / SCHEMA_FILE).unlink()
    link = tmp_path / "design.yaml"
    link.symlink_to(real / "design.yaml")
    save(starter, link)
    assert (real / SCHEMA_FILE).read_text() == schema_text()
    assert not (tmp_path / SCHEMA_FILE).exists()


def test_an_old_modeline_loads_and_is_replaced_at_the_next_save(
    tmp_path: Path, starter: Session
) -> None:
    path = tmp_path / "design.yaml"
    save(starter, path)
    text = path.read_text().replace(MODELINE, OLD_MODELINE + "# kept by hand\n", 1)
    path.write_text(text)
    assert load(path) == starter
    saved = save(starter, path)
    assert (saved.comments_kept, saved.comments_dropped) == (1, 0)
    lines = path.read_text().splitlines()
    assert lines[:2] == [MODELINE.strip(), "# kept by hand"]
    assert sum("yaml-language-server" in line for line in lines) == 1
    validates(modeline_target(path), path)


def test_the_bundle_carries_the_schema_a_session_kept_there_names(
    tmp_path: Path, starter: Session
) -> None:
    assert build_bundle(analyse(starter))[SCHEMA_FILE] == schema_text().encode("utf-8")
    out = tmp_path / "export"
    result = infrasketch("export", example_path("saas-mvp-aws"), "--out", out, "--only", "docs")
    assert result.returncode == 0, result.stderr
    kept = out / "design.yaml"
    kept.write_text(dumps(starter))  # copied in by hand: nothing but the export wrote there
    assert modeline_target(kept).read_text() == schema_text()
    validates(modeline_target(kept), kept)


@pytest.mark.parametrize(
    "folder",
    [REPO / "sessions" / "examples", REPO / "sessions" / "starters", REPO / "tests" / "data"],
    ids=lambda p: p.relative_to(REPO).as_posix(),
)
def test_shipped_sessions_name_the_committed_schema(folder: Path) -> None:
    sessions = [
        p for p in sorted(folder.glob("*.yaml")) if p.read_text().startswith("# yaml-language")
    ]
    assert sessions
    targets = {modeline_target(p).resolve() for p in sessions}
    assert targets == {(REPO / "sessions" / "session.schema.json").resolve()}
    validates(targets.pop(), *sessions)
