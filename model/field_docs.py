"""Field descriptions for the JSON Schema, read from the models' attribute docstrings.

The docstring under each field of a model (`Frozen`) is that field's description in the
session file's JSON Schema, which editors show on hover. Pydantic can copy them into every
field when each class is defined (`use_attribute_docstrings`), but that reads and parses
the source of every model on every start: a fifth of a headless command's time, for text
only the schema uses. `DescribedFields` reads them when a schema is generated instead, from
the same source and with the same rules (a string statement right after an annotated name
in the class body, `inspect.cleandoc`-ed; a field not annotated again in a subclass keeps
its parent's), so the docstrings stay the only place a description is written.
"""

from __future__ import annotations

import ast
import functools
import inspect
from types import ModuleType
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema


class DescribedFields(GenerateJsonSchema):
    """Pydantic's JSON Schema generator, describing each model field by its docstring.

    A field whose `Field(description=...)` is set keeps that description, as with
    `use_attribute_docstrings`.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._models: list[type[BaseModel]] = []
        """The models whose schemas are being generated, innermost last."""

    def model_schema(self, schema: core_schema.ModelSchema) -> JsonSchemaValue:
        self._models.append(schema["cls"])
        try:
            return super().model_schema(schema)
        finally:
            self._models.pop()

    def model_fields_schema(self, schema: core_schema.ModelFieldsSchema) -> JsonSchemaValue:
        if self._models:
            owner = self._models[-1]
            fields = {
                name: _described(field, field_description(owner, name))
                for name, field in schema["fields"].items()
            }
            schema = {**schema, "fields": fields}
        return super().model_fields_schema(schema)


def _described(field: core_schema.ModelField, description: str | None) -> core_schema.ModelField:
    """`field` with `description` among its JSON Schema updates, unless it has one."""
    metadata: dict[str, Any] = dict(field.get("metadata") or {})
    updates: dict[str, Any] = dict(metadata.get("pydantic_js_updates") or {})
    if description is None or "description" in updates:
        return field
    # Pydantic's order of the updates (title, description, ...), so the JSON keys are too.
    title = {"title": updates.pop("title")} if "title" in updates else {}
    metadata["pydantic_js_updates"] = {**title, "description": description, **updates}
    return {**field, "metadata": metadata}


def field_description(model: type[BaseModel], name: str) -> str | None:
    """The docstring of field `name` of `model`, from the class that last annotated it."""
    for cls in model.__mro__:
        if name in inspect.get_annotations(cls):
            return attribute_docstrings(cls).get(name)
    return None


@functools.cache
def attribute_docstrings(cls: type) -> dict[str, str]:
    """Each annotated name in the body of `cls` and the string statement right after it
    (empty when the source cannot be read, as for a class made in a function)."""
    node = _class_node(cls)
    if node is None:
        return {}
    docs: dict[str, str] = {}
    for statement, following in zip(node.body, node.body[1:], strict=False):
        if (
            isinstance(statement, ast.AnnAssign)
            and isinstance(statement.target, ast.Name)
            and isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
            and isinstance(following.value.value, str)
        ):
            docs[statement.target.id] = inspect.cleandoc(following.value.value)
    return docs


def _class_node(cls: type) -> ast.ClassDef | None:
    """The definition of `cls` in its module's source, found by its qualified name."""
    module = inspect.getmodule(cls)
    tree = None if module is None else _module_tree(module)
    body = [] if tree is None else tree.body
    node = None
    for part in cls.__qualname__.split("."):
        node = next((n for n in body if isinstance(n, ast.ClassDef) and n.name == part), None)
        if node is None:
            return None
        body = node.body
    return node


@functools.cache
def _module_tree(module: ModuleType) -> ast.Module | None:
    """The parsed source of `module` (None where it has none)."""
    try:
        return ast.parse(inspect.getsource(module))
    except (OSError, TypeError, SyntaxError):
        return None
