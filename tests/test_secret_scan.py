"""Credential detection: every known format is refused, public-by-design values and prose
pass, every text field refuses a credential at model level, and no message repeats one.

The credentials are made up and assembled at run time (`benchmarks.fake_secrets`), so
the repository holds none that a secret scanner would flag.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from benchmarks.fake_secrets import ORDINARY, fake_secrets
from benchmarks.secret_figures import figures
from benchmarks.text_fields import checks_of, full_session, place, string_fields, text_fields
from model.secret_scan import find_secret, refuse_secret_value
from model.secret_scan.formats import FORMATS
from model.session import Session
from sessions.bundled import example_path
from sessions.errors import SessionError
from sessions.store import loads
from tests.cli import infrasketch

SECRETS = fake_secrets()


@pytest.mark.parametrize(("kind", "value"), SECRETS.items(), ids=list(SECRETS))
def test_each_known_format_is_found(kind: str, value: str) -> None:
    found = find_secret(value)
    assert found is not None
    assert found.startswith(kind.split(" (", maxsplit=1)[0])


def test_every_format_has_a_sample() -> None:
    named = {find_secret(value) for value in SECRETS.values()}
    assert {f.kind for f in FORMATS} <= named


@pytest.mark.parametrize("value", ORDINARY)
def test_public_values_names_paths_and_prose_pass(value: str) -> None:
    assert find_secret(value) is None


def test_a_secret_inside_prose_or_beside_a_public_value_is_found() -> None:
    key = SECRETS["GitHub token"]
    assert find_secret(f"the deploy bot uses {key} for now") == "GitHub token"
    public_key = next(v for v in ORDINARY if v.startswith("ssh-ed25519"))
    assert find_secret(f"{public_key} and {SECRETS['high-entropy token']}") is not None
    assert find_secret(f"https://example.com/hook?token={SECRETS['hex token'][-32:]}") is not None


def test_refusal_names_the_kind_and_never_echoes_the_value() -> None:
    value = SECRETS["Stripe key"]
    with pytest.raises(ValueError, match="Stripe key") as caught:
        refuse_secret_value(value)
    assert value not in str(caught.value)


def test_every_text_field_of_a_session_carries_the_checks() -> None:
    """Each string field is ONE_LINE or PROSE, so the model refuses what loading refuses
    and nothing the app can save is refused when it is opened again."""
    unchecked = sorted(
        f"{owner.__name__}.{name}"
        for owner, name in string_fields()
        if not checks_of(owner, name)[0]
    )
    assert unchecked == []


def test_every_text_field_refuses_a_credential_at_model_level() -> None:
    data = full_session()
    key = SECRETS["Twilio API key"]
    accepted = []
    for field in text_fields(data):
        try:
            Session.model_validate(place(data, field, f"see {key}"))
        except ValidationError as exc:
            assert key not in str(exc.errors(include_input=False))
        else:
            accepted.append(field.label)
    assert accepted == []


def _with_line(text: str, after: str, line: str) -> str:
    assert after in text, after
    return text.replace(after, f"{after}\n{line}", 1)


def _planted() -> dict[str, tuple[str, str]]:
    """Session files holding a secret in different places: name → (text, the secret)."""
    text = example_path("saas-mvp-aws").read_text(encoding="utf-8")
    token, stripe = SECRETS["GitHub token"], SECRETS["Stripe key"]
    data = yaml.safe_load(text)
    data["context"]["description"] = f"Deploys with {stripe} until the vault is ready"
    note = yaml.safe_dump(data, sort_keys=False)
    return {
        "unknown field": (_with_line(text, "provider: aws", f"mystery: {token}"), token),
        "unknown key": (_with_line(text, "provider: aws", f"{token}: 1"), token),
        "nested unknown key": (_with_line(text, "context:", f"  {token}: yes"), token),
        "duplicated key": (
            _with_line(text, "provider: aws", f"{token}: 1\n{token}: 2"),
            token,
        ),
        "a note": (note, stripe),
        "a list item": (
            _with_line(text, "provider: aws", f"extra:\n  - {stripe}"),
            stripe,
        ),
    }


@pytest.mark.parametrize("case", list(_planted()))
def test_a_session_file_holding_a_secret_is_refused_without_repeating_it(case: str) -> None:
    text, secret = _planted()[case]
    with pytest.raises(SessionError) as caught:
        loads(text, "design.yaml")
    message = str(caught.value)
    assert secret not in message
    assert secret[4:20] not in message
    assert caught.value.first.line > 0, message


def test_the_command_line_never_prints_a_refused_value(tmp_path: Path) -> None:
    for case, (text, secret) in _planted().items():
        path = tmp_path / f"{case.replace(' ', '-')}.yaml"
        path.write_text(text, encoding="utf-8")
        for command in ("validate", "report"):
            result = infrasketch(command, path)
            assert result.returncode == 1, (case, command)
            assert secret not in result.stdout + result.stderr, (case, command)
            assert "Traceback" not in result.stderr


def test_figures() -> None:
    """The figures the issue asks for: every format refused, none leaked, no false alarm."""
    counts = figures()
    assert counts.refused == counts.formats
    assert counts.leaked == 0
    assert counts.false_positives == 0
