"""Local stand-ins for the design's managed data services, for dev stacks and CI tests.

The managed database, cache and queue of a design cannot run on a laptop or a CI runner,
so each maps to a container that speaks the same protocol: PostgreSQL, MySQL and MongoDB
run their own images; Redis and Memcached likewise; the cloud-only services run their
vendor's emulator (DynamoDB Local, the Firestore and Pub/Sub emulators of the Google
Cloud CLI, the Cosmos DB emulator, ElasticMQ for SQS, a Cloud Tasks emulator). Azure
Service Bus's official emulator needs SQL Edge and a config file, so RabbitMQ 4 (AMQP 1.0)
stands in for it and the file says so. The same table feeds docker-compose and the CI
service containers, so the tests run against what developers run.
"""

from __future__ import annotations

from dataclasses import dataclass

from exporters import pins
from exporters.common import primary, project_slug, region, service_of
from model.components import Component
from model.enums import Category
from model.session import Session


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


def _postgres(stands_in: str) -> LocalService:
    return LocalService(
        key="db",
        engine="postgres",
        label="PostgreSQL 17",
        stands_in_for=stands_in,
        image=pins.IMAGE_POSTGRES,
        port=5432,
        env=(
            ("POSTGRES_USER", "app"),
            ("POSTGRES_DB", "app"),
            ("POSTGRES_HOST_AUTH_METHOD", "trust"),
        ),
        healthcheck="pg_isready -U app -d app",
        data_path="/var/lib/postgresql/data",
        app_env=(("DATABASE_URL", "postgresql://app@{host}:5432/app"),),
        note="local only: trust authentication, no password",
    )


def _database(session: Session, c: Component) -> LocalService | None:
    service = service_of(c)
    tags = set(service.tags)
    label = service.label
    if "postgres" in tags:
        return _postgres(label)
    if "mysql" in tags:
        return LocalService(
            key="db",
            engine="mysql",
            label="MySQL 8.4",
            stands_in_for=label,
            image=pins.IMAGE_MYSQL,
            port=3306,
            env=(("MYSQL_DATABASE", "app"), ("MYSQL_ALLOW_EMPTY_PASSWORD", "yes")),
            healthcheck="mysqladmin ping -h 127.0.0.1 --silent",
            data_path="/var/lib/mysql",
            app_env=(("DATABASE_URL", "mysql://root@{host}:3306/app"),),
            note="local only: root without a password",
        )
    if "mongodb" in tags:
        return LocalService(
            key="db",
            engine="mongodb",
            label="MongoDB 8.0",
            stands_in_for=label,
            image=pins.IMAGE_MONGO,
            port=27017,
            healthcheck="mongosh --quiet --eval 'db.adminCommand({ping: 1}).ok'",
            data_path="/data/db",
            app_env=(
                ("DATABASE_URL", "mongodb://{host}:27017/app"),
                ("MONGODB_URI", "mongodb://{host}:27017/app"),
            ),
        )
    slug = project_slug(session)
    if service.id == "aws-dynamodb":
        return LocalService(
            key="db",
            engine="dynamodb",
            label="DynamoDB Local",
            stands_in_for=label,
            image=pins.IMAGE_DYNAMODB_LOCAL,
            port=8000,
            healthcheck="curl -s -o /dev/null http://localhost:8000 || exit 1",
            app_env=(
                ("AWS_ENDPOINT_URL_DYNAMODB", "http://{host}:8000"),
                ("AWS_REGION", region(session)),
                ("AWS_ACCESS_KEY_ID", "local"),
                ("AWS_SECRET_ACCESS_KEY", "local"),
            ),
            note="in memory; DynamoDB Local accepts any credentials, `local` is not a secret",
        )
    if service.id == "gcp-firestore":
        return LocalService(
            key="db",
            engine="firestore",
            label="Firestore emulator",
            stands_in_for=label,
            image=pins.IMAGE_GCLOUD_EMULATORS,
            port=8080,
            command=("gcloud", "emulators", "firestore", "start", "--host-port=0.0.0.0:8080"),
            command_required=True,
            healthcheck="curl -sf http://localhost:8080 || exit 1",
            app_env=(
                ("FIRESTORE_EMULATOR_HOST", "{host}:8080"),
                ("GOOGLE_CLOUD_PROJECT", f"{slug}-local"),
            ),
            note="in memory; Google client libraries use it when FIRESTORE_EMULATOR_HOST is set",
        )
    if service.id == "azure-cosmos-db":
        return LocalService(
            key="db",
            engine="cosmosdb",
            label="Azure Cosmos DB emulator (vNext)",
            stands_in_for=label,
            image=pins.IMAGE_COSMOS_EMULATOR,
            port=8081,
            env=(("PROTOCOL", "http"),),
            app_env=(("COSMOS_ENDPOINT", "http://{host}:8081"),),
            note="the emulator's published well-known key authenticates; no healthcheck tool "
            "in the image, so dependants wait for it to start only",
        )
    return None


def _cache(c: Component) -> LocalService | None:
    service = service_of(c)
    if "redis" in service.tags:
        return LocalService(
            key="cache",
            engine="redis",
            label="Redis 7.4",
            stands_in_for=service.label,
            image=pins.IMAGE_REDIS,
            port=6379,
            healthcheck="redis-cli ping | grep -q PONG",
            data_path="/data",
            app_env=(("REDIS_URL", "redis://{host}:6379/0"),),
        )
    if "memcached" in service.tags:
        return LocalService(
            key="cache",
            engine="memcached",
            label="Memcached 1.6",
            stands_in_for=service.label,
            image=pins.IMAGE_MEMCACHED,
            port=11211,
            healthcheck="echo stats | nc -w 1 127.0.0.1 11211 | grep -q uptime",
            app_env=(("MEMCACHED_SERVERS", "{host}:11211"),),
        )
    return None


def _queue(session: Session, c: Component) -> LocalService | None:
    service = service_of(c)
    if service.id == "aws-sqs":
        return LocalService(
            key="queue",
            engine="sqs",
            label="ElasticMQ (SQS-compatible)",
            stands_in_for=service.label,
            image=pins.IMAGE_ELASTICMQ,
            port=9324,
            healthcheck="wget -q -O /dev/null 'http://127.0.0.1:9324/?Action=ListQueues' || exit 1",
            app_env=(("AWS_ENDPOINT_URL_SQS", "http://{host}:9324"),),
            note="speaks the SQS API; queues are created on first use or by the app's setup",
        )
    if service.id == "gcp-pubsub":
        return LocalService(
            key="queue",
            engine="pubsub",
            label="Pub/Sub emulator",
            stands_in_for=service.label,
            image=pins.IMAGE_GCLOUD_EMULATORS,
            port=8085,
            command=("gcloud", "beta", "emulators", "pubsub", "start", "--host-port=0.0.0.0:8085"),
            command_required=True,
            healthcheck="curl -sf http://localhost:8085 || exit 1",
            app_env=(
                ("PUBSUB_EMULATOR_HOST", "{host}:8085"),
                ("PUBSUB_PROJECT_ID", f"{project_slug(session)}-local"),
            ),
        )
    if service.id == "gcp-cloud-tasks":
        return LocalService(
            key="queue",
            engine="cloudtasks",
            label="Cloud Tasks emulator (community)",
            stands_in_for=service.label,
            image=pins.IMAGE_CLOUD_TASKS_EMULATOR,
            port=8123,
            command=("-host", "0.0.0.0", "-port", "8123"),
            app_env=(("CLOUD_TASKS_EMULATOR_HOST", "{host}:8123"),),
            note="Google ships no Cloud Tasks emulator; this community one implements the gRPC API",
        )
    if service.id == "azure-service-bus" or "queue" in service.tags or "pubsub" in service.tags:
        return LocalService(
            key="queue",
            engine="amqp",
            label="RabbitMQ 4 (AMQP 1.0 stand-in)",
            stands_in_for=service.label,
            image=pins.IMAGE_RABBITMQ,
            port=5672,
            env=(("RABBITMQ_DEFAULT_USER", "app"), ("RABBITMQ_DEFAULT_PASS", "app")),
            healthcheck="rabbitmq-diagnostics -q ping",
            data_path="/var/lib/rabbitmq",
            app_env=(("AMQP_URL", "amqp://app:app@{host}:5672"),),
            note="no lightweight emulator exists; RabbitMQ speaks the same AMQP 1.0 "
            "(local-only user app/app)",
        )
    return None


def database_service(session: Session) -> LocalService | None:
    """The stand-in for the design's primary database, if it has one."""
    component = primary(session, Category.DATABASE)
    return _database(session, component) if component else None


def cache_service(session: Session) -> LocalService | None:
    """The stand-in for the design's cache, if it has one."""
    component = primary(session, Category.CACHE)
    return _cache(component) if component else None


def queue_service(session: Session) -> LocalService | None:
    """The stand-in for the design's queue, if it has one."""
    component = primary(session, Category.QUEUE)
    return _queue(session, component) if component else None


def local_services(session: Session) -> tuple[LocalService, ...]:
    """Database, cache and queue stand-ins of the design, in that order."""
    found = (database_service(session), cache_service(session), queue_service(session))
    return tuple(s for s in found if s is not None)


def ci_services(session: Session) -> tuple[LocalService, ...]:
    """What the integration tests run against: the database and the cache."""
    found = (database_service(session), cache_service(session))
    return tuple(s for s in found if s is not None)
