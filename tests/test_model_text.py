"""What session text may hold: no invisible or bidirectional controls, no carriage return,
one line where a field is one line, no CI expression opener there, and channel targets of
the shape their kind takes."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pydantic import ValidationError

from model.enums import ChannelKind
from model.sections.channels import TARGETS, Channel
from model.sections.components import Link
from model.sections.deployment import HealthCheck
from model.sections.environments import Environment
from model.sections.pipeline import BuildStage, UnitTestStage
from model.session import Session

INVISIBLE = {
    "carriage return": "\r",
    "zero-width space": "\u200b",
    "zero-width joiner": "\u200d",
    "left-to-right mark": "\u200e",
    "right-to-left embedding": "\u202b",
    "right-to-left override": "\u202e",
    "word joiner": "\u2060",
    "invisible separator": "\u2063",
    "first strong isolate": "\u2068",
    "pop directional isolate": "\u2069",
    "byte-order mark": "\ufeff",
    "Arabic letter mark": "\u061c",
}


@pytest.mark.parametrize("char", INVISIBLE.values(), ids=list(INVISIBLE))
def test_invisible_and_bidirectional_controls_are_refused_everywhere(
    starter: Session, char: str
) -> None:
    for field in ("project", "description"):
        with pytest.raises(ValidationError, match="control character") as caught:
            starter.context.evolve(**{field: f"Shop{char}admin"})
        assert char not in str(caught.value.errors(include_input=False))


def test_prose_keeps_newlines_one_line_fields_do_not(starter: Session) -> None:
    assert starter.context.evolve(description="One.\n\nTwo.").description == "One.\n\nTwo."
    with pytest.raises(ValidationError, match="must be one line"):
        starter.context.evolve(project="Shop\n# Heading")
    with pytest.raises(ValidationError, match="must be one line"):
        Link(source="users", target="api", label="HTTPS\nrm")


@pytest.mark.parametrize("opener", ["${{", "$[["])
def test_one_line_fields_refuse_ci_expressions(starter: Session, opener: str) -> None:
    text = f"{opener} github.event.issue.title }}}}"
    with pytest.raises(ValidationError, match="write it another way"):
        UnitTestStage(command=f"npm test {text}")
    with pytest.raises(ValidationError, match="write it another way"):
        starter.context.evolve(project=f"Shop {text}")
    # Prose reaches documents only, where it is escaped: it may quote an expression.
    assert opener in starter.context.evolve(description=f"we read {text}").description


@pytest.mark.parametrize(
    ("build", "value"),
    [
        (lambda v: HealthCheck(path=v), '/healthz"; id; "'),
        (lambda v: HealthCheck(path=v), "/healthz`id`"),
        (lambda v: HealthCheck(path=v), "/healthz{{ .CommonLabels }}"),
        (lambda v: BuildStage(registry=v), "ghcr.io/$(id)"),
        (lambda v: BuildStage(registry=v), "ghcr.io 'x'"),
        (lambda v: Environment(name="prod", branch="main", url=v), "https://x.example/'$(id)'"),
        (lambda v: Environment(name="prod", branch="main", url=v), "https://user:pw@x.example"),
    ],
)
def test_paths_urls_and_registries_hold_no_quotes_braces_or_backticks(
    build: Callable[[str], object], value: str
) -> None:
    with pytest.raises(ValidationError):
        build(value)


def test_ordinary_paths_urls_and_registries_pass() -> None:
    assert HealthCheck(path="/api/health?full=1").path == "/api/health?full=1"
    for registry in ("ghcr.io", "registry.example.com:5000/team", "europe-docker.pkg.dev/p/r"):
        assert BuildStage(registry=registry).registry == registry
    url = "https://app.example.com/shop?lang=en#top"
    assert Environment(name="prod", branch="main", url=url).url == url


@pytest.mark.parametrize("kind", list(ChannelKind))
def test_each_channel_kind_takes_its_own_target_shape(kind: ChannelKind) -> None:
    assert Channel(kind=kind, target=TARGETS[kind].example).target == TARGETS[kind].example
    for hostile in ("#broken{{", "ops{{.CommonLabels}}@example.com", "x'$(id)'", "a`id`"):
        with pytest.raises(ValidationError, match=r"not an? "):
            Channel(kind=kind, target=hostile)


@pytest.mark.parametrize(
    ("kind", "wrong"),
    [
        (ChannelKind.SLACK, "ops@example.com"),
        (ChannelKind.EMAIL, "#deploys"),
        (ChannelKind.WEBHOOK, "http://hooks.example.com/x"),
        (ChannelKind.WEBHOOK, "hooks.example.com/x"),
        (ChannelKind.OPSGENIE, "https://example.com"),
    ],
)
def test_a_target_of_another_kind_is_refused_in_words(kind: ChannelKind, wrong: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Channel(kind=kind, target=wrong)
    message = caught.value.errors(include_input=False)[0]["msg"]
    assert TARGETS[kind].words in message
    assert wrong not in message
