"""`infrasketch diagram`: every format through the real command, exit codes, write errors.

Exit codes: 0 drawn, 1 a bad session, missing Graphviz or a failed write, 2 wrong usage;
never a traceback. The end-to-end cases run the installed command in a subprocess; the
many small error cases call the same `main()` in process, which is much faster.
"""

from __future__ import annotations

import io
import os
import pty
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from exporters.diagrams import ascii as ascii_exporter
from exporters.diagrams.ascii import render_ascii
from exporters.diagrams.image import MISSING_GRAPHVIZ, render_dot
from exporters.diagrams.mermaid import render_mermaid
from model.analysis import analyse
from model.units import MIN_DIAGRAM_WIDTH
from sessions.bundled import example_path, load_example
from tests.cli import COMMAND, infrasketch
from tui.cli import main
from tui.cli.diagram import MIN_WIDTH

EXAMPLE = "saas-mvp-aws"


def _run_bytes(
    *args: str | Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    """Run the command keeping standard output as bytes (for PNG)."""
    return subprocess.run(
        [str(COMMAND), *map(str, args)],
        capture_output=True,
        timeout=120,
        check=False,
        env=env,
    )


def _main(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    """Run `infrasketch ARGS` in process: exit code, standard output, standard error."""
    try:
        code = main([str(a) for a in args])
    except SystemExit as exc:  # argparse's usage errors
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def _assert_clean_failure(stderr: str | bytes, code: int, expected: int) -> None:
    text = stderr.decode() if isinstance(stderr, bytes) else stderr
    assert code == expected, text
    assert "Traceback" not in text


@pytest.mark.parametrize("fmt", ["ascii", "unicode"])
def test_text_diagram_to_stdout(fmt: str) -> None:
    result = infrasketch("diagram", example_path(EXAMPLE), "--format", fmt)
    assert result.returncode == 0, result.stderr
    assert result.stdout == render_ascii(
        analyse(load_example(EXAMPLE)), 100, unicode=fmt == "unicode"
    )


def test_unicode_is_the_default_and_width_is_passed() -> None:
    result = infrasketch("diagram", example_path(EXAMPLE), "--width", "60")
    assert result.returncode == 0, result.stderr
    assert result.stdout == render_ascii(analyse(load_example(EXAMPLE)), 60, unicode=True)
    assert max(len(line) for line in result.stdout.splitlines()) <= 60


def test_width_bounds_match_the_ascii_exporter() -> None:
    assert MIN_WIDTH == MIN_DIAGRAM_WIDTH
    with pytest.raises(ValueError, match=f"at least {MIN_DIAGRAM_WIDTH} columns"):
        ascii_exporter.render_ascii(analyse(load_example(EXAMPLE)), MIN_DIAGRAM_WIDTH - 1)


def test_mermaid_and_dot_to_stdout() -> None:
    session = load_example(EXAMPLE)
    mermaid = infrasketch("diagram", example_path(EXAMPLE), "-f", "mermaid")
    assert mermaid.returncode == 0, mermaid.stderr
    assert mermaid.stdout == render_mermaid(analyse(session))
    dot = infrasketch("diagram", example_path(EXAMPLE), "--format", "dot")
    assert dot.returncode == 0, dot.stderr
    assert dot.stdout == render_dot(analyse(session))


def test_png_to_a_file(tmp_path: Path) -> None:
    target = tmp_path / "architecture.png"
    result = infrasketch("diagram", example_path(EXAMPLE), "--format", "png", "-o", target)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert f"wrote {target}" in result.stderr
    with Image.open(target) as image:
        assert image.format == "PNG"
        assert image.width >= 200 and image.height >= 200
    assert sorted(p.name for p in tmp_path.iterdir()) == ["architecture.png"]


def test_binary_to_a_pipe_is_fine() -> None:
    result = _run_bytes("diagram", example_path(EXAMPLE), "--format", "png")
    assert result.returncode == 0, result.stderr
    with Image.open(io.BytesIO(result.stdout)) as image:
        assert image.format == "PNG"
    svg = infrasketch("diagram", example_path(EXAMPLE), "--format", "svg")
    assert svg.returncode == 0, svg.stderr
    assert svg.stdout.startswith("<?xml")
    assert "data:image/png;base64," in svg.stdout


def test_binary_to_a_terminal_is_refused() -> None:
    leader, follower = pty.openpty()
    try:
        result = subprocess.run(
            [str(COMMAND), "diagram", str(example_path(EXAMPLE)), "--format", "png"],
            stdout=follower,
            stderr=subprocess.PIPE,
            timeout=60,
            check=False,
        )
    finally:
        os.close(follower)
        os.close(leader)
    _assert_clean_failure(result.stderr, result.returncode, 2)
    assert b"refusing to write PNG to a terminal" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--width", "27"], "27 is outside 28..400"),
        (["--width", "401"], "401 is outside 28..400"),
        (["--width", "wide"], "'wide' is not a whole number"),
        (["--format", "dot", "--width", "80"], "--width applies to the ascii and unicode"),
        (["--format", "jpeg"], "invalid choice: 'jpeg'"),
    ],
)
def test_usage_errors(args: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _main(capsys, "diagram", example_path(EXAMPLE), *args)
    _assert_clean_failure(err, code, 2)
    assert message in err
    assert out == ""


def test_bad_session_is_exit_1(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("schema_version: 2\ncontext: [not, a, mapping]\n", encoding="utf-8")
    result = infrasketch("diagram", broken, "--format", "mermaid")
    _assert_clean_failure(result.stderr, result.returncode, 1)
    assert result.stderr.startswith(f"{broken}:")
    assert result.stdout == ""


def test_missing_session_is_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _main(capsys, "diagram", tmp_path / "nope.yaml", "--format", "dot")
    _assert_clean_failure(err, code, 1)
    assert "cannot read" in err
    assert out == ""


def _read_only_folder(tmp_path: Path) -> Path:
    """A folder nobody may create files in (root ignores modes, but not sysfs)."""
    if os.geteuid() == 0:
        return Path("/sys")
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    return folder


@pytest.mark.parametrize("case", ["missing folder", "read-only folder", "folder in the way"])
def test_write_failures_are_exit_1(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = {
        "missing folder": tmp_path / "no" / "such" / "diagram.mmd",
        "read-only folder": _read_only_folder(tmp_path) / "diagram.mmd",
        "folder in the way": tmp_path,
    }[case]
    reason = {
        "missing folder": "no such file or folder",
        "read-only folder": "permission denied",
        "folder in the way": "a folder of that name is in the way",
    }[case]
    code, _, err = _main(capsys, "diagram", example_path(EXAMPLE), "-f", "mermaid", "-o", target)
    _assert_clean_failure(err, code, 1)
    assert f"cannot write {target}: {reason}" in err
    assert not target.is_file()


def test_output_replaces_a_file_atomically(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "diagram.dot"
    target.write_text("old\n", encoding="utf-8")
    code, out, err = _main(capsys, "diagram", example_path(EXAMPLE), "-f", "dot", "-o", target)
    assert code == 0, err
    assert out == ""
    assert target.read_text(encoding="utf-8") == render_dot(analyse(load_example(EXAMPLE)))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["diagram.dot"]  # no temp files


def test_missing_graphviz_is_exit_1(tmp_path: Path) -> None:
    env = {**os.environ, "PATH": str(tmp_path)}  # a PATH without `dot`
    target = tmp_path / "diagram.svg"
    result = _run_bytes("diagram", example_path(EXAMPLE), "-f", "svg", "-o", target, env=env)
    _assert_clean_failure(result.stderr, result.returncode, 1)
    assert MISSING_GRAPHVIZ in result.stderr.decode()
    assert not target.exists()
    # The text formats need no Graphviz.
    dot = _run_bytes("diagram", example_path(EXAMPLE), "-f", "dot", env=env)
    assert dot.returncode == 0, dot.stderr
