"""`infrasketch diagram FILE`: the architecture as ASCII, Unicode, Mermaid, DOT, PNG or SVG.

Text formats go to standard output unless `-o` names a file; PNG and SVG need `-o` or a
redirected output (binary is never written to a terminal). Files are written atomically,
so a failed write leaves the previous file as it was. Exit codes: 0 written, 1 the
session is invalid, Graphviz is missing or the file cannot be written, 2 wrong usage.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from model.analysis import Analysis, analyse
from model.units import MIN_DIAGRAM_WIDTH
from sessions.atomic import WriteError, write_atomic
from sessions.store import load

TEXT_FORMATS = ("ascii", "unicode", "mermaid", "dot")
"""Formats printed as text."""
BINARY_FORMATS = ("png", "svg")
"""Formats rendered by Graphviz (the SVG is text, but binary-safe output is simpler)."""
FORMATS = TEXT_FORMATS + BINARY_FORMATS
"""Every `--format` choice, in help order."""

MIN_WIDTH, MAX_WIDTH, DEFAULT_WIDTH = MIN_DIAGRAM_WIDTH, 400, 100
"""Bounds and default of `--width` (columns of the ASCII / Unicode diagram)."""


def _width(text: str) -> int:
    """Parse `--width`: a whole number of columns within the bounds."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not MIN_WIDTH <= value <= MAX_WIDTH:
        raise argparse.ArgumentTypeError(f"{value} is outside {MIN_WIDTH}..{MAX_WIDTH}")
    return value


def register(parser: argparse.ArgumentParser) -> None:
    """Add the subcommand's description and arguments."""
    parser.description = (
        "Draw the architecture of a session file. Text formats print to "
        "standard output unless -o is given; png and svg need -o or a redirect. "
        "png and svg use the providers' icons and need Graphviz."
    )
    parser.add_argument("file", metavar="FILE", type=Path, help="the session file")
    parser.add_argument(
        "-f",
        "--format",
        choices=FORMATS,
        default="unicode",
        help="what to draw (default: unicode)",
    )
    parser.add_argument(
        "-w",
        "--width",
        type=_width,
        metavar="N",
        help=f"columns of the ascii/unicode diagram, {MIN_WIDTH}..{MAX_WIDTH} "
        f"(default: {DEFAULT_WIDTH})",
    )
    parser.add_argument(
        "-o", "--output", type=Path, metavar="PATH", help="write to this file (atomically)"
    )
    parser.set_defaults(handler=run, usage_error=parser.error)


def _text_drawing(fmt: str, width: int) -> Callable[[Analysis], str]:
    """The renderer of a text format (imported on demand: Graphviz only when needed)."""
    if fmt in ("ascii", "unicode"):
        from exporters.diagrams.ascii import render_ascii

        return lambda analysis: render_ascii(analysis, width=width, unicode=fmt == "unicode")
    if fmt == "mermaid":
        from exporters.diagrams.mermaid import render_mermaid

        return render_mermaid
    from exporters.diagrams.image import render_dot

    return render_dot


def _render(analysis: Analysis, fmt: str, width: int) -> bytes | None:
    """The drawing as bytes (UTF-8 for the text formats); None when Graphviz failed."""
    if fmt not in BINARY_FORMATS:
        return _text_drawing(fmt, width)(analysis).encode("utf-8")
    from exporters.diagrams.image import DiagramError, render_png, render_svg

    try:
        return render_png(analysis) if fmt == "png" else render_svg(analysis)
    except DiagramError as exc:
        print(f"infrasketch diagram: {exc}", file=sys.stderr)
        return None


def run(args: argparse.Namespace) -> int:
    """Draw the session in the chosen format and write it out."""
    fmt: str = args.format
    output: Path | None = args.output
    if args.width is not None and fmt not in ("ascii", "unicode"):
        args.usage_error(f"--width applies to the ascii and unicode formats, not {fmt}")
    if fmt in BINARY_FORMATS and output is None and sys.stdout.isatty():
        args.usage_error(
            f"refusing to write {fmt.upper()} to a terminal; give -o PATH or redirect the output"
        )
    data = _render(analyse(load(args.file)), fmt, args.width or DEFAULT_WIDTH)
    if data is None:
        return 1
    if output is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return 0
    try:
        write_atomic(output, data)
    except WriteError as exc:
        print(f"infrasketch diagram: cannot write {exc}", file=sys.stderr)
        return 1
    print(f"wrote {output} ({fmt}, {len(data):,} bytes)", file=sys.stderr)
    return 0
