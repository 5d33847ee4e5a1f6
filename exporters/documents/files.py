"""The documents of the export bundle, as artifacts for `exporters.bundle`.

Layout: `ARCHITECTURE.md` at the root, the role card's documents and the skeptic's
trade-offs in `docs/`, the role briefs in `docs/roles/`.
"""

from __future__ import annotations

from collections.abc import Callable

from exporters.artifact import Artifact
from exporters.documents import architecture
from exporters.documents.architecture import DOCS_FOLDER, in_roles_folder
from model.analysis import Analysis


def _in_roles(render: Callable[[Analysis], str]) -> Callable[[Analysis], str]:
    return lambda analysis: in_roles_folder(render(analysis))


def document_artifacts() -> tuple[Artifact, ...]:
    """ARCHITECTURE.md and every document it gathers, kind `docs`."""
    documents = [Artifact("ARCHITECTURE.md", "docs", architecture.render)]
    for section in architecture.sections():
        render = _in_roles(section.render) if section.path.startswith("roles/") else section.render
        documents.append(Artifact(f"{DOCS_FOLDER}/{section.path}", "docs", render))
    return tuple(documents)
