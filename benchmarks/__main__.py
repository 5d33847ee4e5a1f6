"""Run every `benchmarks/bench_*.py` module and print one table (`make bench`)."""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path

from benchmarks.harness import Row, table


def main(argv: list[str]) -> int:
    """Run the benchmark modules named in `argv` (default: all) and print the table."""
    folder = Path(__file__).parent
    names = sorted(
        m.name for m in pkgutil.iter_modules([str(folder)]) if m.name.startswith("bench_")
    )
    if argv:
        names = [n for n in names if any(arg in n for arg in argv)]
    rows: list[Row] = []
    for name in names:
        module = importlib.import_module(f"benchmarks.{name}")
        print(f"running {name} ...", file=sys.stderr, flush=True)
        rows.extend(module.rows())
    print(table(rows))
    missed = [r.name for r in rows if r.met is False]
    if missed:
        print(f"\n{len(missed)} target(s) not met: {', '.join(missed)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
