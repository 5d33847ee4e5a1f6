"""The diagrams of the export bundle, as artifacts for `exporters.bundle`: the
architecture in every format under `diagrams/`."""

from __future__ import annotations

from exporters.artifact import Artifact
from exporters.diagrams.ascii import render_ascii
from exporters.diagrams.image import render_dot, render_png, render_svg
from exporters.diagrams.mermaid import render_mermaid
from model.analysis import Analysis

DIAGRAMS_FOLDER = "diagrams"
"""Where the bundle keeps the diagram files."""


def _text(analysis: Analysis) -> str:
    return render_ascii(analysis, unicode=True)


def diagram_artifacts() -> tuple[Artifact, ...]:
    """The architecture diagram in every format, kind `diagrams`."""
    base = f"{DIAGRAMS_FOLDER}/architecture"
    return (
        Artifact(f"{base}.txt", "diagrams", _text),
        Artifact(f"{base}.mmd", "diagrams", render_mermaid),
        Artifact(f"{base}.dot", "diagrams", render_dot),
        Artifact(f"{base}.png", "diagrams", render_png),
        Artifact(f"{base}.svg", "diagrams", render_svg),
    )
