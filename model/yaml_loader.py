"""The YAML parser every reader of the project builds on: libyaml's, or PyYAML's own.

PyYAML's wheel carries libyaml, its C parser (`yaml.CSafeLoader`); parsing the catalog with
it takes about a tenth of the time the pure-Python parser (`yaml.SafeLoader`) takes. Where
PyYAML was built without it, the pure-Python one stands in: both read the same text to the
same events and data, so every rule built on them (the session files' refusals in
`sessions.yaml_io`, the catalog's and the overlay's safe reading) holds with either.
"""

from __future__ import annotations

from typing import Any

import yaml

SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader where PyYAML has it, else the pure-Python one."""


def safe_load(text: str) -> Any:
    """The data of one YAML document by PyYAML's safe rules (`yaml.safe_load`), parsed by
    `SafeLoader`."""
    return yaml.load(text, Loader=SafeLoader)
