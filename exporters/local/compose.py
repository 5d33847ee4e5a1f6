"""docker-compose.yml for the dev environment: the app plus local stand-ins for its data.

Each deployable component builds from its folder (the repository root when there is one)
and reads its settings from `.env` (copy `.env.example`); the database, cache and queue
run as the containers of `exporters.local.services`, each with a healthcheck and, where
it keeps data, a named volume. The app starts once they report healthy. Connection
variables pointing at the local containers are set here, overriding `.env`, so a fresh
checkout runs with `docker compose up` and an empty `.env`.
"""

from __future__ import annotations

from typing import Any

from exporters.ci.deploy_targets import deployables
from exporters.common import banner
from exporters.local.services import LocalService, local_services
from exporters.yaml_text import render_yaml
from model.analysis import Analysis
from model.naming import project_slug
from model.session import Session

APP_PORT = 8080
"""The port the application listens on inside its container; the first app's host port."""


def app_host_ports(session: Session, data: tuple[LocalService, ...]) -> list[int]:
    """The host port of each deployable, from `APP_PORT` up, skipping the data services'.

    Emulators listen on fixed ports (Firestore 8080, Cosmos DB 8081); two services
    publishing one host port make `docker compose up` fail.
    """
    taken = {s.port for s in data}
    ports: list[int] = []
    candidate = APP_PORT
    for _ in deployables(session):
        while candidate in taken:
            candidate += 1
        ports.append(candidate)
        taken.add(candidate)
    return ports


def _service(s: LocalService, volume: str | None) -> dict[str, Any]:
    spec: dict[str, Any] = {"image": s.image}
    if s.command:
        spec["command"] = list(s.command)
    if s.env:
        spec["environment"] = dict(s.env)
    spec["ports"] = [f"127.0.0.1:{s.port}:{s.port}"]
    if volume and s.data_path:
        spec["volumes"] = [f"{volume}:{s.data_path}"]
    if s.healthcheck:
        spec["healthcheck"] = {
            "test": ["CMD-SHELL", s.healthcheck],
            "interval": "5s",
            "timeout": "5s",
            "retries": 20,
            "start_period": "10s",
        }
    return spec


def compose_file(analysis: Analysis) -> str:
    """The dev stack (`docker-compose.yml`) of `session`."""
    session = analysis.session
    data = local_services(session)
    volumes: dict[str, dict[str, Any]] = {}
    services: dict[str, Any] = {}
    environment: dict[str, str] = {}
    depends: dict[str, dict[str, str]] = {}
    for s in data:
        volume = f"{s.key}-data" if s.data_path else None
        if volume:
            volumes[volume] = {}
        environment.update(s.connection(s.key))
        condition = "service_healthy" if s.healthcheck else "service_started"
        depends[s.key] = {"condition": condition}
    apps = deployables(session) or ()
    for t, port in zip(apps, app_host_ports(session, data), strict=True):
        app: dict[str, Any] = {
            "build": {"context": t.context},
            "env_file": [{"path": ".env", "required": False}],
        }
        if environment:
            app["environment"] = dict(environment)
        app["ports"] = [f"127.0.0.1:{port}:{APP_PORT}"]
        if depends:
            app["depends_on"] = dict(depends)
        services[t.id] = app
    for s in data:
        services[s.key] = _service(s, f"{s.key}-data" if s.data_path else None)
    doc: dict[str, Any] = {"name": project_slug(session), "services": services}
    if volumes:
        doc["volumes"] = volumes
    return render_yaml(doc, _header(session, data))


def _header(session: Session, data: tuple[LocalService, ...]) -> list[str]:
    lines = [*banner(session, "Development stack (docker compose up)"), ""]
    for t, port in zip(deployables(session), app_host_ports(session, data), strict=True):
        lines.append(
            f"{t.id}: {t.component.name}, built from {t.context}, on http://localhost:{port}."
        )
    for s in data:
        note = f" — {s.note}" if s.note else ""
        lines.append(f"{s.key}: {s.label} standing in for {s.stands_in_for}{note}.")
    lines.append("Settings come from .env (copy .env.example; optional with Compose 2.24+);")
    lines.append("the local connection URLs below override it.")
    return lines
