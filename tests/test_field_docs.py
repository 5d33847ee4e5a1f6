"""Field descriptions come from attribute docstrings when the schema is generated, exactly as
pydantic's `use_attribute_docstrings` would have set them when the classes were defined."""

from __future__ import annotations

from typing import Any

from pydantic import ConfigDict, Field

from model.base import Frozen
from model.field_docs import DescribedFields
from model.session import Session

DOCUMENTED = ConfigDict(use_attribute_docstrings=True)


class Parent(Frozen):
    """A parent model."""

    name: str = "x"
    """The name.

    Over two paragraphs, indented."""

    size: int = 1
    """The size."""

    plain: int = 0
    note: str = Field(default="", description="Said in the field.")
    """Not this docstring."""


class Child(Parent):
    size: int = 2
    extra: str = ""
    """Only in the child."""


class DocumentedParent(Frozen):
    """A parent model."""

    model_config = DOCUMENTED

    name: str = "x"
    """The name.

    Over two paragraphs, indented."""

    size: int = 1
    """The size."""

    plain: int = 0
    note: str = Field(default="", description="Said in the field.")
    """Not this docstring."""


class DocumentedChild(DocumentedParent):
    size: int = 2
    extra: str = ""
    """Only in the child."""


def properties(model: type[Frozen], **options: Any) -> dict[str, Any]:
    schema = model.model_json_schema(**options)
    properties: dict[str, Any] = schema["properties"]
    return properties


def test_descriptions_are_those_pydantic_reads_from_docstrings() -> None:
    for plain, documented in ((Parent, DocumentedParent), (Child, DocumentedChild)):
        described = properties(plain, schema_generator=DescribedFields)
        assert described == properties(documented)
        assert list(map(list, described.values())) == list(
            map(list, properties(documented).values())
        )
    assert properties(Parent)["name"].get("description") is None
    assert properties(Child, schema_generator=DescribedFields)["name"]["description"] == (
        "The name.\n\nOver two paragraphs, indented."
    )


def test_models_read_no_docstrings_when_defined() -> None:
    assert all(field.description is None for field in Session.model_fields.values())
