"""Local stand-ins for the design's managed data services, for dev stacks and CI tests.

The managed database, cache and queue of a design cannot run on a laptop or a CI runner,
so each maps to a container that speaks the same protocol. Which container that is comes
from the catalog: every database, cache and queue entry carries its stand-in
(`model.catalog.facts.LocalStandIn`, written once in `catalog/data/stand_ins.yaml`). The
same stand-in feeds docker-compose and the CI service containers, so the tests run against
what developers run.
"""

from __future__ import annotations

from dataclasses import dataclass

from exporters.common import primary, region, service_of
from model.enums import Category
from model.naming import project_slug
from model.sections.components import Component
from model.session import Session

_KEYS = {Category.DATABASE: "db", Category.CACHE: "cache", Category.QUEUE: "queue"}
"""The compose service name and CI host alias of each category's stand-in."""


@dataclass(frozen=True, slots=True)
class LocalService:
    """A container standing in for one managed service of the design."""

    key: str
    """Its service name in compose and its host alias in CI (`db`, `cache`, `queue`)."""
    engine: str
    """The protocol family, e.g. `postgres`, `redis`, `dynamodb`."""
    label: str
    """What runs, in words, e.g. `PostgreSQL 17`."""
    stands_in_for: str
    """The catalog label of the managed service it replaces."""
    image: str
    """The pinned image."""
    port: int
    """The port it listens on."""
    env: tuple[tuple[str, str], ...] = ()
    """Container settings (local, throwaway: no real credential is ever used)."""
    command: tuple[str, ...] = ()
    """The command to run, when the image's default does not start the service."""
    command_required: bool = False
    """Whether the image does nothing useful without `command` (an emulator launcher)."""
    healthcheck: str | None = None
    """A shell command exiting 0 once the service accepts connections."""
    data_path: str | None = None
    """Where it keeps data, mounted on a named volume in compose."""
    app_env: tuple[tuple[str, str], ...] = ()
    """Variables telling the application where to connect; `{host}` is the host name."""
    note: str = ""
    """What a reader should know about the stand-in."""

    def connection(self, host: str) -> tuple[tuple[str, str], ...]:
        """The application's connection variables with `host` filled in."""
        return tuple((name, value.replace("{host}", host)) for name, value in self.app_env)


def _stand_in(session: Session, c: Component) -> LocalService:
    """The catalog's stand-in for `c`, with the design's region and project filled in."""
    service = service_of(c)
    local = service.local
    if local is None:
        # The catalog refuses a database, cache or queue without `local`.
        raise ValueError(f"{c.id}: {service.id} has no local stand-in")
    slug, where = project_slug(session), region(session)
    app_env = tuple(
        (name, value.replace("{project}", slug).replace("{region}", where))
        for name, value in local.app_env
    )
    return LocalService(
        key=_KEYS[c.category],
        engine=local.engine,
        label=local.label,
        stands_in_for=service.label,
        image=local.image,
        port=local.port,
        env=local.env,
        command=local.command,
        command_required=local.command_required,
        healthcheck=local.healthcheck,
        data_path=local.data_path,
        app_env=app_env,
        note=local.note,
    )


def _primary_stand_in(session: Session, category: Category) -> LocalService | None:
    component = primary(session, category)
    return _stand_in(session, component) if component else None


def database_service(session: Session) -> LocalService | None:
    """The stand-in for the design's primary database, if it has one."""
    return _primary_stand_in(session, Category.DATABASE)


def cache_service(session: Session) -> LocalService | None:
    """The stand-in for the design's cache, if it has one."""
    return _primary_stand_in(session, Category.CACHE)


def queue_service(session: Session) -> LocalService | None:
    """The stand-in for the design's queue, if it has one."""
    return _primary_stand_in(session, Category.QUEUE)


def local_services(session: Session) -> tuple[LocalService, ...]:
    """Database, cache and queue stand-ins of the design, in that order."""
    found = (database_service(session), cache_service(session), queue_service(session))
    return tuple(s for s in found if s is not None)


def ci_services(session: Session) -> tuple[LocalService, ...]:
    """What the integration tests run against: the database and the cache."""
    found = (database_service(session), cache_service(session))
    return tuple(s for s in found if s is not None)
