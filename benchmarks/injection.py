"""`python -m benchmarks.injection`: hostile text in every text field, and what gets through.

Runs `tests.injection` (every payload in every string field of a session, each export
checked with the tools its users run) and prints one line of figures (issue 17:
injection placements / succeeded), then each placement that got through, if any. Needs
the validators of `make validators`.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from tests.injection import run


def main() -> int:
    """Run the placements; 1 when any got through or was refused without a location."""
    with tempfile.TemporaryDirectory(prefix="infrasketch-injection-") as folder:
        report = run(Path(folder))
    print(report)
    for line in report.lines():
        print(f"  {line}")
    return 1 if report.succeeded or report.unlocated else 0


if __name__ == "__main__":
    sys.exit(main())
