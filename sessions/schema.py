"""The JSON Schema of session files, for editors and for `infrasketch schema`."""

from __future__ import annotations

import json
from typing import Any

from model.catalog import load_catalog
from model.session import SCHEMA_VERSION, Session

SCHEMA_URL = (
    "https://raw.githubusercontent.com/infrasketch/infrasketch/main/sessions/session.schema.json"
)
"""Where the published schema lives; the modeline of every saved session points here."""


def session_schema() -> dict[str, Any]:
    """The session file's JSON Schema (draft 2020-12), with catalog ids as completions."""
    schema = Session.model_json_schema(mode="validation")
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_URL,
        "title": f"infrasketch session (schema version {SCHEMA_VERSION})",
        **schema,
    }
    component = schema["$defs"]["Component"]["properties"]["service"]
    component["enum"] = sorted(load_catalog())
    return schema


def schema_text() -> str:
    """The schema as stable, indented JSON text."""
    return json.dumps(session_schema(), indent=2, sort_keys=False, ensure_ascii=False) + "\n"
