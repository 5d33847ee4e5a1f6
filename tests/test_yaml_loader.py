"""The YAML parser under every reader: libyaml's where PyYAML has it (it does here), with
every refusal of session files holding, at the same place, with it and with the
pure-Python parser that stands in without it."""

from __future__ import annotations

from importlib import resources

import pytest
import yaml
from yaml._yaml import CParser

from model import yaml_loader
from model.catalog import CATALOG_FILES, PLATFORM_FILE, PRICE_FILES, REGIONS_FILE, STAND_INS_FILE
from model.yaml_loader import SafeLoader
from sessions import yaml_io
from sessions.errors import SessionError
from sessions.store import loads
from tests.hostile import TEXT_CASES

PARSERS: dict[str, type[object]] = {"libyaml": yaml.CSafeLoader, "pure-python": yaml.SafeLoader}

REFUSED_BY_THE_READER = (
    "unknown-tag", "custom-tag", "alias-only", "billion-laughs", "duplicate-key",
    "two-documents", "deep-nesting", "deep-block-nesting", "empty-components-1.3M",
    "many-keys-one-mapping", "int-5000-digits", "peak-rps-inf", "warning-nan", "base-60",
    "truncated", "top-level-list", "empty", "nul-byte", "not-utf8", "huge-key",
)  # fmt: skip
"""The hostile cases refused while reading the YAML or by the core schema's scalars."""


def test_libyaml_is_the_parser() -> None:
    assert yaml.__with_libyaml__, "PyYAML's wheel carries libyaml"
    assert CParser in SafeLoader.__mro__
    assert yaml_io.SafeLoader is SafeLoader  # type: ignore[attr-defined]


def _problems(monkeypatch: pytest.MonkeyPatch, parser: type[object], raw: str | bytes) -> list[str]:
    monkeypatch.setattr(yaml_io, "SafeLoader", parser)
    with pytest.raises(SessionError) as caught:
        loads(raw, "hostile.yaml")
    # A syntax error is described in each parser's own words; its place is the same.
    return [str(problem).split(" invalid YAML: ")[0] for problem in caught.value.problems]


@pytest.mark.parametrize("case", REFUSED_BY_THE_READER)
def test_every_refusal_holds_with_either_parser_at_the_same_place(
    case: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    build, located, words = TEXT_CASES[case]
    raw = build()
    found = {name: _problems(monkeypatch, parser, raw) for name, parser in PARSERS.items()}
    first = found["libyaml"][0]
    assert words in first
    if located:
        assert first.split(":")[1].isdigit(), first
    assert found["pure-python"] == found["libyaml"]


def test_the_catalog_reads_the_same_with_either_parser() -> None:
    folder = resources.files("model.catalog") / "data"
    names = (*CATALOG_FILES, STAND_INS_FILE, REGIONS_FILE, PLATFORM_FILE, *PRICE_FILES)
    for name in names:
        text = (folder / name).read_text(encoding="utf-8")
        assert yaml_loader.safe_load(text) == yaml.load(text, Loader=yaml.SafeLoader), name
