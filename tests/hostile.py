"""The hostile corpus: session files (and things that are not files) that every command
must refuse with a located message, quickly, in bounded memory and without a traceback.

`build_corpus(folder)` writes each case into `folder` and returns them. Most are the
bundled example with one line changed, so each case tests one thing; the rest are
whole-file attacks (sizes, nesting, aliases, binary data) and things that are not regular
files (a FIFO, a device, a folder, a link loop). Built at test time rather than committed:
several are large, and a FIFO or a device cannot live in git.

`expected` is what must appear in the first problem line: the case's file name followed by
`:LINE:COL:` for a located problem or `: ` for a whole-file one.
"""

from __future__ import annotations

import os
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sessions.bundled import example_path


@dataclass(frozen=True, slots=True)
class Case:
    """One hostile input."""

    name: str
    """What it tries."""
    path: Path
    """Where it is (a file, or the FIFO, device, folder or link it tries)."""
    located: bool = True
    """Whether its problem has a line and column (False: a whole-file problem)."""
    words: str = ""
    """Words the first problem must contain."""


def _example() -> str:
    return example_path("saas-mvp-aws").read_text(encoding="utf-8")


def _replace(old: str, new: str) -> Callable[[], str]:
    def build() -> str:
        text = _example()
        assert old in text, old
        return text.replace(old, new, 1)

    return build


def _components(count: int) -> str:
    """The example with `count` small components in place of its own."""
    text = _example()
    start = text.index("components:\n")
    end = text.index("links:")
    many = "".join(
        f"  - {{id: api-{i}, name: API {i}, category: compute, service: aws-ecs-fargate}}\n"
        for i in range(count)
    )
    return text[:start] + "components:\n" + many + text[end:]


TEXT_CASES: dict[str, tuple[Callable[[], str | bytes], bool, str]] = {
    "peak-rps-inf": (_replace("peak_rps: 15.0", "peak_rps: .inf"), True, "not a finite number"),
    "peak-rps-1e308": (_replace("peak_rps: 15.0", "peak_rps: 1.0e+308"), True, "less than"),
    "peak-rps-overflow": (_replace("peak_rps: 15.0", "peak_rps: 1e999"), True, "too large"),
    "data-gb-inf": (_replace("data_gb: 20.0", "data_gb: .inf"), True, "finite"),
    "egress-inf": (_replace("egress_gb_month: null", "egress_gb_month: .inf"), True, "finite"),
    "egress-negative-huge": (
        _replace("egress_gb_month: null", "egress_gb_month: -1.0e+308"),
        True,
        "greater than",
    ),
    "budget-1e308": (
        _replace("monthly_budget_usd: 300.0", "monthly_budget_usd: 1.0e+308"),
        True,
        "less than",
    ),
    "requests-1e300": (
        _replace("monthly_requests_millions: null", "monthly_requests_millions: 1e300"),
        True,
        "less than",
    ),
    "critical-inf": (_replace("critical: 5.0", "critical: .inf"), True, "finite"),
    "warning-nan": (_replace("warning: 1.0", "warning: .nan"), True, "finite"),
    "date-feb-30": (
        _replace(
            "price_overrides: []",
            "price_overrides:\n  - service: aws-route53\n    price_usd: 1\n"
            "    source: quote\n    as_of: 2026-02-30",
        ),
        True,
        "not a date",
    ),
    "decision-date-feb-30": (
        _replace("date: '2026-11-02'", "date: 2026-02-30"),
        True,
        "date",
    ),
    "int-5000-digits": (_replace("users: 1000", "users: " + "9" * 5000), True, "digits"),
    "base-60": (_replace("users: 1000", "users: 1:00:00"), True, "integer"),
    "users-overflow-int": (_replace("users: 1000", "users: 1" + "0" * 29), True, "less than"),
    "replicas-huge": (_replace("replicas: 1", "replicas: 1" + "0" * 25), True, "less than"),
    "unknown-tag": (
        _replace("users: 1000", "users: !!python/object/apply:os.system ['true']"),
        True,
        "tags",
    ),
    "custom-tag": (_replace("provider: aws", "provider: !aws aws"), True, "tags"),
    "duplicate-key": (_replace("users: 1000", "users: 1000\n  users: 2000"), True, "duplicate"),
    "unknown-field": (_replace("users: 1000", "users: 1000\n  userz: 3"), True, "unknown field"),
    "control-character": (
        _replace("project: Tallybook", 'project: "Tally\\e[31mbook"'),
        True,
        "control",
    ),
    "secret-value": (
        _replace(
            "notes: ''",
            "notes: AKIAIOSFODNN7EXAMPLE",
        ),
        True,
        "secret",
    ),
    "two-documents": (lambda: _example() + "---\nschema_version: 2\n", True, "more than one"),
    "truncated": (lambda: _example()[: len(_example()) // 2] + '  "unterminated', True, ""),
    "top-level-list": (lambda: "- 1\n- 2\n", True, "mapping"),
    "empty": (lambda: "", True, "empty"),
    "nul-byte": (
        lambda: _example().encode().replace(b"users: 1000", b"users: 10\x0000"),
        True,
        "NUL",
    ),
    "not-utf8": (
        lambda: _example().encode().replace(b"Tallybook", b"Tally\xffbook", 1),
        True,
        "UTF-8",
    ),
    "binary-junk": (lambda: random.Random(17).randbytes(200_000), True, ""),
    "deep-nesting": (lambda: "context: " + "[" * 10_000 + "]" * 10_000 + "\n", True, "deeper"),
    "deep-block-nesting": (
        lambda: "".join(f"{'  ' * i}k{i}:\n" for i in range(2_000)) + "  " * 2_000 + "v\n",
        True,
        "deeper",
    ),
    "billion-laughs": (
        lambda: (
            'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
            + "".join(
                f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n"
                for i in range(8)
            )
        ),
        True,
        "anchors",
    ),
    "alias-only": (_replace("users: 1000", "users: *nowhere"), True, ""),
    "empty-components-1.3M": (
        lambda: "schema_version: 2\ncomponents: [" + "{}," * 1_300_000 + "]\n",
        True,
        "values",
    ),
    "many-keys-one-mapping": (
        lambda: "context:\n" + "".join(f"  k{i}: {i}\n" for i in range(200_000)),
        True,
        "",
    ),
    "components-10000": (lambda: _components(10_000), True, ""),
    "components-2000": (lambda: _components(2_000), True, "at most 1,000"),
    "huge-string": (_replace("notes: ''", "notes: '" + "x" * 3_900_000 + "'"), True, ""),
    "huge-key": (lambda: "x" * 3_000_000 + ": 1\n", True, ""),
    "over-4mb": (lambda: _example() + "#" * (5 * 1024 * 1024), False, "limited to"),
}
"""Text cases: name → (content, located, words in the first problem)."""


def build_corpus(folder: Path) -> list[Case]:
    """Write every case under `folder`; the cases."""
    folder.mkdir(parents=True, exist_ok=True)
    cases: list[Case] = []
    for name, (build, located, words) in TEXT_CASES.items():
        path = folder / f"{name}.yaml"
        content = build()
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        cases.append(Case(name, path, located, words))
    fifo = folder / "fifo.yaml"
    os.mkfifo(fifo)
    cases.append(Case("fifo", fifo, False, "named pipe"))
    cases.append(Case("dev-zero", Path("/dev/zero"), False, "device"))
    directory = folder / "folder.yaml"
    directory.mkdir()
    cases.append(Case("folder", directory, False, "folder"))
    loop = folder / "loop.yaml"
    loop.symlink_to(loop.name)
    cases.append(Case("link-loop", loop, False, "cannot read"))
    missing = folder / "missing.yaml"
    cases.append(Case("missing", missing, False, "no such file"))
    return cases
