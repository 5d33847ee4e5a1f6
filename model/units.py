"""How the tool writes its quantities, once for every view and file: money, percentages,
and the narrowest diagram it draws.

The live panel, Review, the role lens, the report and every exported document state the
same figures; they write them with these functions, so a cost or an availability reads
the same wherever it appears.
"""

from __future__ import annotations

MIN_DIAGRAM_WIDTH = 28
"""The narrowest ASCII/Unicode diagram drawn, in terminal columns (the CLI's `--width`
floor, the exporter's refusal and the live panel's smallest drawing)."""
