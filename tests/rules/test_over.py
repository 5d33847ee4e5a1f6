"""The over-engineering rules (`model/skeptic/rules/over.py`) and the self-run cluster rule
on the clean design with one thing too many, their figures from the list prices.

The self-run cluster rule's trigger test is in `tests/test_senior_rules.py` (three Kafka
brokers for two messages a second; `registry.py` names it); its case is here.
"""

from __future__ import annotations

import pytest

from model.enums import ArchitectureStyle, Category, DisasterRecovery
from model.session import Session, replace
from model.skeptic.findings import Severity, dollars
from tests.engine_designs import part
from tests.rules.cases import (
    HOURS,
    REQUESTS_M,
    Case,
    add,
    clean,
    context,
    only,
    swap,
)
from tests.test_senior_rules import kafka_on_ec2


def _microservices() -> Session:
    """The clean design cut into three services for its team of three."""
    session = replace(clean(), style=ArchitectureStyle.MICROSERVICES)
    return add(
        session,
        part("orders", Category.COMPUTE, "aws-ecs-fargate"),
        part("billing", Category.COMPUTE, "aws-ecs-fargate"),
    )


def _lambda_at(service: str) -> Session:
    """The clean design's API on `service` at a sustained 500M requests, 200 req/s peak."""
    api = swap(clean(), "api", service=service, size=None)
    return context(api, monthly_requests_millions=500, peak_rps=200)


CASES: dict[str, Case] = {
    "kubernetes-small-team": Case(
        broken=lambda: swap(clean(), "api", service="aws-eks", size=None),
        fixed=lambda: swap(
            clean(), "api", service="aws-lambda", size=None, replicas=1, multi_az=False,
            autoscaling=None,
        ),
    ),
    "multi-region-small": Case(
        broken=lambda: context(clean(), regions=("us-east-1", "us-west-2")),
        # The alternative it proposes: the second region holds backup copies only.
        fixed=lambda: context(
            clean(),
            regions=("us-east-1", "us-west-2"),
            disaster_recovery=DisasterRecovery.BACKUP_RESTORE,
        ),
    ),
    "microservices-small-team": Case(
        broken=_microservices,
        fixed=lambda: replace(clean(), style=ArchitectureStyle.MODULAR_MONOLITH),
    ),
    "premium-without-need": Case(
        broken=lambda: swap(clean(), "db", service="aws-aurora-postgres", size="db.r6g.large"),
        fixed=clean,  # RDS for PostgreSQL on db.m7g.large, the alternative
    ),
    "monitoring-sprawl": Case(
        broken=lambda: add(
            clean(),
            part("datadog", Category.METRICS, "saas-datadog-infrastructure"),
            part("grafana", Category.LOGS, "saas-grafana-cloud-logs"),
        ),
        fixed=clean,  # the provider's logs and metrics, one error tracker, one uptime check
    ),
    "duplicate-tooling": Case(
        broken=lambda: add(clean(), part("rollbar", Category.ERRORS, "saas-rollbar")),
        fixed=lambda: swap(clean(), "errors", service="saas-rollbar"),  # keep the cheaper
    ),
    "oversized-instances": Case(
        broken=lambda: swap(clean(), "db", size="db.m7g.xlarge"),
        fixed=clean,  # db.m7g.large
    ),
    "serverless-at-sustained-load": Case(
        broken=lambda: _lambda_at("aws-lambda"),
        fixed=lambda: _lambda_at("aws-ec2"),  # instances with autoscaling, the alternative
    ),
    "self-run-cluster-light-load": Case(
        broken=lambda: kafka_on_ec2(clean()),
        fixed=lambda: swap(kafka_on_ec2(clean()), "events", service="aws-sqs"),
    ),
}  # fmt: skip
"""The over-engineering rules' planted problems, and the same designs fixed."""


def test_kubernetes_for_a_team_of_three() -> None:
    finding = only(CASES["kubernetes-small-team"].broken(), "kubernetes-small-team")
    assert finding.severity is Severity.HIGH
    # Two m7i.large worker nodes (the autoscaling floor; the 20 req/s peak fills a tenth of
    # one ~200 req/s node) at $0.1008/h × 730 h = $147.17, plus the $0.10/h control plane
    # = $73.00: $220.17.
    eks = 2 * 0.1008 * HOURS + 0.10 * HOURS
    assert finding.current_monthly == pytest.approx(eks)
    assert finding.title == "Kubernetes for a team of 3 at 20 req/s"
    assert (
        f"API service runs on Amazon EKS at {dollars(eks)} for a team of 3 and a 20 req/s peak"
        in finding.message
    )
    # Lambda at 13.149M requests, the first million free, $1.0333 a million ($0.20 per
    # million requests + 512 MB × 100 ms at $0.0000166667 per GB-s): $12.55.
    lam = (REQUESTS_M - 1) * 1.0333
    assert finding.alternative_monthly == pytest.approx(lam)
    assert finding.alternative == f"AWS Lambda: no cluster to run, {dollars(lam)}"


def test_a_warm_standby_region_for_a_thousand_users() -> None:
    finding = only(CASES["multi-region-small"].broken(), "multi-region-small")
    assert finding.severity is Severity.HIGH
    assert finding.title == "2 regions for 1,000 users and 3 engineers"
    # In us-east-1: two Fargate tasks ($0.024685/h) and RDS db.m7g.large ($0.168/h) with its
    # standby and 2 × 20 GB of gp3 at $0.115: $36.04 + $249.88 = $285.92.
    core = 2 * 0.024685 * HOURS + 2 * 0.168 * HOURS + 2 * 20 * 0.115
    # The warm standby in us-west-2, at the same list prices there: the ALB's hourly floor
    # ($0.0225/h, no traffic), one task, the database without a standby of its own, the
    # 5 GB of files ($0.023/GB-month), Secrets Manager's $4.00; and 30% of the 10 GB of data
    # sent across a month at $0.02/GB: $163.56.
    further = (
        0.0225 * HOURS
        + 0.024685 * HOURS
        + 0.168 * HOURS
        + 20 * 0.115
        + 5 * 0.023
        + 4.00
        + 10 * 0.3 * 0.02
    )
    assert finding.current_monthly == pytest.approx(further)
    assert (
        f"Compute and database cost {dollars(core)} in us-east-1; the warm standby in the "
        f"other region adds {dollars(further)}, cross-region transfer included"
    ) in finding.message
    assert "Regions us-east-1, us-west-2 for 1,000 users and a team of 3." in finding.message


def test_three_services_for_three_engineers() -> None:
    finding = only(CASES["microservices-small-team"].broken(), "microservices-small-team")
    assert finding.severity is Severity.MEDIUM
    assert finding.title == "Microservices with a team of 3"
    # The API's two tasks (its autoscaling floor) and one each for orders and billing:
    # four 0.5 vCPU / 1 GB tasks at $0.024685/h = $72.08.
    compute = 4 * 0.024685 * HOURS
    assert finding.current_monthly == pytest.approx(compute)
    assert "3 compute services and a microservices style for 3 engineers" in finding.message
    assert f"compute costs {dollars(compute)}." in finding.message
    assert finding.components == ("api", "orders", "billing")


def test_aurora_for_a_thousand_users() -> None:
    finding = only(CASES["premium-without-need"].broken(), "premium-without-need")
    assert finding.severity is Severity.MEDIUM
    assert finding.title == "Premium Amazon Aurora PostgreSQL-Compatible for 1,000 users"
    # Aurora: the db.r6g.large writer and the replica Multi-AZ adds at $0.26/h, 5 GB of
    # shared storage at $0.10 and one I/O a request at $0.20 a million: $382.73.
    aurora = 2 * 0.26 * HOURS + 5 * 0.10 + REQUESTS_M * 0.20
    # RDS on the cheapest size with dedicated vCPUs (never a burstable class for a
    # production database): db.m7g.large at $0.168/h with its standby, 2 × 20 GB of gp3.
    rds = 2 * 0.168 * HOURS + 2 * 20 * 0.115
    assert finding.current_monthly == pytest.approx(aurora)
    assert finding.alternative_monthly == pytest.approx(rds)
    assert (
        f"uses Amazon Aurora PostgreSQL-Compatible at {dollars(aurora)}; with 1,000 users and "
        f"a 99% target, Amazon RDS for PostgreSQL on db.m7g.large does the job for "
        f"{dollars(rds)}."
    ) in finding.message


def test_five_monitoring_tools_for_three_engineers() -> None:
    finding = only(CASES["monitoring-sprawl"].broken(), "monitoring-sprawl")
    assert finding.severity is Severity.LOW
    assert finding.title == "5 monitoring tools for 3 engineers"
    # CloudWatch Logs: (13.149 − 5 free) GB at $0.50; CloudWatch metrics: 2 hosts, the first
    # free, $3.00 each; Datadog Infrastructure: 2 hosts at $15; Grafana Cloud Logs: 13 GB of
    # its 50 GB free; Sentry's Team plan $26 (13,149 errors of its 50k); UptimeRobot $7.
    spent = (REQUESTS_M - 5) * 0.50 + 3.00 + 2 * 15 + 0 + 26 + 7
    assert finding.current_monthly == pytest.approx(spent)
    assert (
        "Monitoring spreads over 5 tools (AWS, Datadog, Grafana, Sentry, Uptimerobot) for a "
        f"team of 3, costing {dollars(spent)}"
    ) in finding.message


def test_two_error_trackers() -> None:
    finding = only(CASES["duplicate-tooling"].broken(), "duplicate-tooling")
    assert finding.severity is Severity.LOW
    assert finding.title == "2 Errors services"
    # 13,149 error events (one per thousand requests): Sentry's Team plan ($26, 50k
    # included) and Rollbar's Essentials 25k plan ($19).
    assert finding.message == "Errors is done by Sentry ($26.00/month), Rollbar ($19.00/month)."
    assert finding.current_monthly == pytest.approx(26 + 19)
    assert finding.alternative_monthly == pytest.approx(19)
    assert finding.alternative == "keep Rollbar, $19.00/month"


def test_a_database_twice_the_size_the_peak_needs() -> None:
    finding = only(CASES["oversized-instances"].broken(), "oversized-instances")
    assert finding.severity is Severity.LOW
    # db.m7g.xlarge at $0.336/h with its standby, and 2 × 20 GB of gp3: $495.16; on
    # db.m7g.large ($0.168/h) the same: $249.88.
    xlarge = 2 * 0.336 * HOURS + 2 * 20 * 0.115
    large = 2 * 0.168 * HOURS + 2 * 20 * 0.115
    assert finding.current_monthly == pytest.approx(xlarge)
    assert finding.alternative_monthly == pytest.approx(large)
    # The 20 req/s peak is 20 / 600 = 3% of what a db.m7g.large carries.
    assert (
        f"Primary database costs {dollars(xlarge)}; 1 × db.m7g.large carry the 20 req/s peak "
        "at 3% of capacity"
    ) in finding.message
    assert finding.alternative == (
        f"Move from 1 × db.m7g.xlarge to 1 × db.m7g.large (2 vCPU, 8 GB), {dollars(large)}"
    )


def test_lambda_at_five_hundred_million_requests() -> None:
    finding = only(CASES["serverless-at-sustained-load"].broken(), "serverless-at-sustained-load")
    assert finding.severity is Severity.MEDIUM
    assert finding.title == "AWS Lambda at a sustained 500M requests a month"
    # Lambda: (500 − 1 free) million at $1.0333 = $515.62; EC2's first size, t3.medium at
    # $0.0416/h, carries ~100 req/s: the 200 req/s peak takes 2, $60.74. At 10x: 4,999
    # million on Lambda, $5,165; 20 instances, $607.
    lam = (500 - 1) * 1.0333
    ec2 = 2 * 0.0416 * HOURS
    lam_10x = (5000 - 1) * 1.0333
    ec2_10x = 20 * 0.0416 * HOURS
    assert finding.current_monthly == pytest.approx(lam)
    assert finding.alternative_monthly == pytest.approx(ec2)
    assert (
        f"API service on AWS Lambda cost {dollars(lam)} at 500M requests a month; Amazon EC2 "
        f"sized for the 200 req/s peak costs {dollars(ec2)} ({lam / ec2:.1f}x less), and at "
        f"10x {dollars(ec2_10x)} against {dollars(lam_10x)}."
    ) == finding.message
    assert f"{lam / ec2:.1f}" == "8.5"
