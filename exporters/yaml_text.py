"""YAML text for the operations files: stable key order, block style, readable scripts.

Every machine-readable file the exporters write (CI workflows, alert rules, Alertmanager
routing, docker-compose) goes through `render_yaml`, so they share one look: keys in
the order the exporter built them, block style, multi-line shell scripts as literal
blocks (`|`), long lines never folded (a folded `${{ }}` expression is hard to read),
no anchors or aliases, and a comment header saying where the file comes from. Strings
YAML 1.1 would read as booleans or numbers (`on`, `yes`, `1.0`) are quoted by PyYAML
itself, which is what GitHub, GitLab, Prometheus and Compose parse with.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import yaml

from exporters.common import one_line

_Base: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Dumper(_Base):  # type: ignore[misc]
    """libyaml's emitter (fast; PyYAML's pure-Python one writes the same text) without aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _str(dumper: Any, value: str) -> Any:
    if "\n" in value:
        text = value if value.endswith("\n") else value + "\n"
        return dumper.represent_scalar("tag:yaml.org,2002:str", text, style="|")
    if "'" in value and '"' in value:
        # A shell line with both quotes reads better as written than escaped in quotes.
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _str)


def render_yaml(data: Mapping[str, Any], header: Iterable[str] = ()) -> str:
    """`data` as a YAML document, preceded by `header` lines as `#` comments."""
    body = yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        default_flow_style=False,
        allow_unicode=True,
        width=4096,
    )
    return comment_block(header) + body


def comment_block(lines: Iterable[str]) -> str:
    """`lines` as YAML/shell comment lines (blank lines become a bare `#`)."""
    return "".join(f"# {one_line(line)}\n" if line else "#\n" for line in lines)
