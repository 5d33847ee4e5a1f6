"""The JSON Schema of session files, for editors and for `infrasketch schema`.

Editors load it through the modeline of every saved session (`MODELINE`), which names
`SCHEMA_FILE` relatively: saving a session writes the schema there, beside it
(`sessions.store.save`), and the export bundle carries a copy at its root. The committed
`sessions/session.schema.json` is the same text, for the files shipped in this package.
"""

from __future__ import annotations

import functools
import json

from model.catalog import load_catalog
from model.session import SCHEMA_VERSION, Session

SCHEMA_FILE = "infrasketch.schema.json"
"""The schema's name beside a saved session and at the root of the export bundle."""

MODELINE = f"# yaml-language-server: $schema=./{SCHEMA_FILE}\n"
"""First line of every saved session: editors (yaml-language-server resolves a relative
path from the file's folder) validate and complete the file with the schema beside it."""

_MODELINE_START = "# yaml-language-server:"


def is_modeline(line: str) -> bool:
    """Whether `line` is a schema modeline, this version's or an older one (earlier
    versions named a URL that never existed): saving replaces it by `MODELINE`."""
    stripped = line.strip()
    return stripped.startswith(_MODELINE_START) and "$schema=" in stripped


def schema_text() -> str:
    """The session file's JSON Schema (draft 2020-12) as stable, indented JSON text, with
    catalog ids as completions. It has no `$id`: it is read from a file beside the
    session, not from any address."""
    return _schema_text(tuple(sorted(load_catalog())))


@functools.cache
def _schema_text(service_ids: tuple[str, ...]) -> str:
    """The schema's text for a catalog of `service_ids`: built once per process and
    catalog (about 130 ms; every exported bundle holds it)."""
    from model.field_docs import DescribedFields  # only the schema reads the docstrings

    schema = Session.model_json_schema(mode="validation", schema_generator=DescribedFields)
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **schema,
        # After the model's own "Session": the title editors show names the tool.
        "title": f"infrasketch session (schema version {SCHEMA_VERSION})",
    }
    component = schema["$defs"]["Component"]["properties"]["service"]
    component["enum"] = list(service_ids)
    return json.dumps(schema, indent=2, sort_keys=False, ensure_ascii=False) + "\n"
