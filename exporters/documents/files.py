"""The documents and diagrams of the export bundle, as artifacts for `exporters.bundle`.

Layout: `ARCHITECTURE.md` at the root, the role card's documents and the skeptic's
trade-offs in `docs/`, the role briefs in `docs/roles/`, the diagrams in `diagrams/`.
"""

from __future__ import annotations

from collections.abc import Callable

from exporters.artifact import Artifact
from exporters.diagrams.ascii import render_ascii
from exporters.diagrams.image import render_dot, render_png, render_svg
from exporters.diagrams.mermaid import render_mermaid
from exporters.documents import architecture
from exporters.documents.architecture import DOCS_FOLDER, in_roles_folder
from model.analysis import Analysis

DIAGRAMS_FOLDER = "diagrams"
"""Where the bundle keeps the diagram files."""


def _in_roles(render: Callable[[Analysis], str]) -> Callable[[Analysis], str]:
    return lambda analysis: in_roles_folder(render(analysis))


def document_artifacts() -> tuple[Artifact, ...]:
    """ARCHITECTURE.md and every document it gathers, kind `docs`."""
    documents = [Artifact("ARCHITECTURE.md", "docs", architecture.render)]
    for section in architecture.sections():
        render = _in_roles(section.render) if section.path.startswith("roles/") else section.render
        documents.append(Artifact(f"{DOCS_FOLDER}/{section.path}", "docs", render))
    return tuple(documents)


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
