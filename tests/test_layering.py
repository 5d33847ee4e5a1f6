"""Dependencies point one way: tui → widgets → (exporters, sessions) → model.

The headless half (model, sessions, exporters and the CLI's headless commands) must work
without Textual; importing it must not even load Textual.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from tui.cli import SUBCOMMANDS

ROOT = Path(__file__).resolve().parent.parent
HEADLESS = ("model", "sessions", "exporters")
ALLOWED = {
    "model": {"model"},
    "sessions": {"model", "sessions"},
    "exporters": {"model", "sessions", "exporters"},
    "widgets": {"model", "sessions", "exporters", "widgets"},
    "tui": {"model", "sessions", "exporters", "widgets", "tui"},
}


def modules(package: str) -> list[str]:
    return sorted(
        ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for path in (ROOT / package).rglob("*.py")
    )


def test_headless_packages_and_cli_never_import_textual() -> None:
    names = [m for p in HEADLESS for m in modules(p)] + ["tui", "tui.cli"]
    names += [f"tui.cli.{cmd}" for cmd in SUBCOMMANDS]
    code = (
        "import importlib, sys\n"
        f"for name in {names!r}:\n"
        "    importlib.import_module(name)\n"
        "from tui.cli import build_parser\n"
        "build_parser()\n"
        "loaded = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_imports_point_one_way() -> None:
    wrong = []
    for package, allowed in ALLOWED.items():
        for path in (ROOT / package).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    top = node.module.split(".")[0]
                elif isinstance(node, ast.Import):
                    top = node.names[0].name.split(".")[0]
                else:
                    continue
                if top in ALLOWED and top not in allowed:
                    wrong.append(f"{path.relative_to(ROOT)}:{node.lineno} imports {top}")
    assert wrong == []


CATALOG_CACHE = ROOT / "model" / "catalog" / "cache.py"
"""The one module of `model` that writes: the validated catalog, kept for the next run."""


def test_model_does_no_io_beyond_its_catalog() -> None:
    forbidden = ("open(", ".write_text(", ".write_bytes(", "os.replace", "subprocess")
    offenders = [
        f"{path.relative_to(ROOT)}: {word}"
        for path in (ROOT / "model").rglob("*.py")
        if path != CATALOG_CACHE
        for word in forbidden
        if word in path.read_text(encoding="utf-8")
    ]
    assert offenders == []


STRING_IMPORTS = {
    # The catalog names each service's icon as a class of the `diagrams` package
    # (`diagrams.aws.compute.ECS`): data, not a dependency of ours.
    "exporters/diagrams/image.py",
    # `python -m benchmarks NAME` runs the benchmark module the user names.
    "benchmarks/__main__.py",
}
"""The only modules that may import a module named by a string."""


def _string_imports(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in ("import_module", "__import__"):
                lines.append(node.lineno)
        elif (
            isinstance(node, ast.ImportFrom)
            and node.module == "importlib"
            and any(alias.name == "import_module" for alias in node.names)
        ):
            lines.append(node.lineno)
    return lines


def test_no_dependency_hides_behind_a_string() -> None:
    """Every module the product uses is imported by name where it is used (lazily, where
    start-up needs it, but never looked up from a string), so import graphs and the
    layering test above see every dependency."""
    found = [
        f"{path.relative_to(ROOT)}:{line}"
        for package in (*ALLOWED, "benchmarks")
        for path in (ROOT / package).rglob("*.py")
        if path.relative_to(ROOT).as_posix() not in STRING_IMPORTS
        for line in _string_imports(path)
    ]
    assert found == []


def test_the_subcommand_list_is_the_modules_registered() -> None:
    from tui.cli import subcommands

    assert tuple(m.__name__.rsplit(".", 1)[1] for m in subcommands()) == tuple(SUBCOMMANDS)


def test_no_module_keeps_a_global_memo() -> None:
    """`analyse(session)` is the only cache of derived figures: no module rebinds a
    global (the one-entry memos of cost, graph, reliability, skeptic and verdicts)."""
    rebound = [
        f"{path.relative_to(ROOT)}:{node.lineno} global {', '.join(node.names)}"
        for package in ALLOWED
        for path in (ROOT / package).rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Global)
    ]
    assert rebound == []


def test_every_worker_is_described_in_words() -> None:
    """Textual names a `@work` worker without a `description` by the repr of its
    arguments: for a worker given the session or its analysis, that is every component
    written out (22 ms per edit at 500 components, on the UI thread)."""
    undescribed = []
    for package in ("tui", "widgets"):
        for path in sorted((ROOT / package).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    continue
                for decorator in node.decorator_list:
                    call = decorator if isinstance(decorator, ast.Call) else None
                    named = call.func if call is not None else decorator
                    if isinstance(named, ast.Name) and named.id == "work":
                        words = [k.arg for k in call.keywords] if call is not None else []
                        if "description" not in words:
                            undescribed.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not undescribed, undescribed


def test_networkx_is_imported_only_for_a_request_cycle() -> None:
    """networkx takes a sixth of a second to import: `report` of a design and the app's
    live diagram run without it (`model.engines.digraph`); only a design whose requests
    can come back to where they started loads it, for the cycle search."""
    code = (
        "import contextlib, io, sys\n"
        "from tui.cli import main\n"
        "from sessions.bundled import example_path, load_example\n"
        "from model.analysis import analyse\n"
        "from model.engines.graph import cycles, effective_links\n"
        "from model.sections.components import Link\n"
        "from model.session import replace\n"
        "from exporters.diagrams.ascii import render_ascii\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['report', str(example_path('eu-shop-gcp'))])\n"
        "shop = load_example('eu-shop-gcp')\n"
        "assert render_ascii(analyse(shop), width=80)\n"
        "print('networkx' in sys.modules)\n"
        "links = (*effective_links(shop), Link(source='db', target='api'))\n"
        "looped = replace(shop, links=links)\n"
        "print(cycles(analyse(looped).graph))\n"
        "print('networkx' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    before, found, after = result.stdout.splitlines()
    assert (before, after) == ("False", "True")
    assert "'db'" in found and "'api'" in found
