"""A worker's failure is shown in one line: what went wrong, never a traceback."""

from __future__ import annotations

from exporters.diagrams.image import DiagramError
from tui.messages import REASON_LIMIT, reason_of


def test_a_bug_is_named_by_its_type_and_first_line() -> None:
    assert reason_of(KeyError("api")) == "KeyError: 'api'"
    assert reason_of(ValueError("bad size\n  detail")) == "ValueError: bad size"


def test_our_own_errors_speak_for_themselves() -> None:
    error = DiagramError("Graphviz is not installed: `dot` was not found on PATH\nmore")
    assert reason_of(error) == "Graphviz is not installed: `dot` was not found on PATH"


def test_an_empty_message_gives_the_type_and_a_long_one_is_cut() -> None:
    assert reason_of(RuntimeError()) == "RuntimeError"
    cut = reason_of(RuntimeError("x" * 500))
    assert len(cut) == REASON_LIMIT and cut.endswith("…")
