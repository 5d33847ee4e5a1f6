"""Every rule of the skeptic's registry (`model.skeptic.RULES`) with its trigger test and its
case.

`TRIGGER_TESTS` names, for each rule, the test that builds a design with the one planted
problem and asserts the finding's severity and the figures in its text, worked out by hand.
Most are in this package's theme modules; the rules a senior architect expects were tested
first in `tests/test_senior_rules.py`, and those tests are named where they are. `CASES`
gathers the theme modules' cases: the planted problem, and the same design fixed.
`test_registry.py` checks both against the registry, so a new rule without them fails.
"""

from __future__ import annotations

from collections.abc import Callable

from tests import test_senior_rules as senior
from tests.rules import (
    test_capacity,
    test_compliance,
    test_data,
    test_messaging,
    test_money,
    test_ops,
    test_over,
    test_security,
)
from tests.rules.cases import Case

TRIGGER_TESTS: dict[str, Callable[..., None]] = {
    # over-engineering and self-run clusters
    "kubernetes-small-team": test_over.test_kubernetes_for_a_team_of_three,
    "multi-region-small": test_over.test_a_warm_standby_region_for_a_thousand_users,
    "microservices-small-team": test_over.test_three_services_for_three_engineers,
    "premium-without-need": test_over.test_aurora_for_a_thousand_users,
    "monitoring-sprawl": test_over.test_five_monitoring_tools_for_three_engineers,
    "duplicate-tooling": test_over.test_two_error_trackers,
    "oversized-instances": test_over.test_a_database_twice_the_size_the_peak_needs,
    "serverless-at-sustained-load": test_over.test_lambda_at_five_hundred_million_requests,
    "self-run-cluster-light-load": senior.test_three_kafka_brokers_for_two_messages_a_second,
    # zones, availability, backups and recovery
    "single-az-database": test_data.test_a_database_in_one_zone,
    "single-node-cache": test_data.test_a_cache_node_in_one_zone,
    "single-point-of-failure": test_data.test_one_instance_in_front_of_everything,
    "availability-below-target": test_data.test_a_single_zone_database_against_99_9_percent,
    "no-backups": test_data.test_backups_switched_off,
    "backups-miss-rpo": test_data.test_daily_backups_against_an_hour_of_rpo,
    "restore-never-tested": test_data.test_a_restore_nobody_has_done,
    "rto-unmet": test_data.test_a_restore_longer_than_a_ten_minute_rto,
    "regional-outage-unrecoverable": (
        test_data.test_a_contractual_target_and_no_copy_outside_the_region
    ),
    "short-backup-retention": test_data.test_three_days_of_backups,
    # capacity
    "capacity-short": test_capacity.test_six_tasks_for_a_peak_that_needs_ten,
    "no-headroom": test_capacity.test_a_database_at_83_percent_growing_ten_percent_a_month,
    "burstable-production-database": (
        senior.test_a_burstable_production_database_is_found_with_the_dedicated_alternative
    ),
    # messaging
    "queue-without-failure-handling": (
        senior.test_a_queue_with_nothing_stated_has_no_failure_handling
    ),
    "visibility-timeout-short": (
        test_messaging.test_a_message_hidden_for_30_seconds_of_two_minutes_of_work
    ),
    "webhooks-unreliable": senior.test_webhooks_sent_once_and_unsigned,
    # releases and alerting
    "no-staging": test_ops.test_releases_straight_to_production,
    "no-rollback-plan": test_ops.test_no_way_back_from_a_bad_release,
    "slow-rollback": test_ops.test_an_hour_long_rollback,
    "alerts-routed-nowhere": test_ops.test_critical_alerts_with_nowhere_to_go,
    "criticals-page-nobody": (
        test_ops.test_critical_alerts_in_chat_and_mail_while_p0_promises_a_page
    ),
    "no-uptime-check": test_ops.test_nothing_probes_from_outside,
    "on-call-coverage-short": senior.test_business_hours_against_99_95_percent,
    # security
    "plain-env-secrets": test_security.test_secrets_in_plain_environment_variables,
    "no-secret-rotation": test_security.test_secrets_rotated_every_400_days,
    "no-waf-for-payments": test_security.test_card_payments_without_a_web_application_firewall,
    "compliance-unmet": test_security.test_gdpr_with_half_its_controls_open,
    "public-data-stores": test_security.test_a_database_and_a_cache_in_public_subnets,
    "weak-tls": test_security.test_no_hsts_header,
    # compliance in depth
    "control-not-implemented": senior.test_customer_managed_keys_ticked_without_a_key_service,
    "card-data-in-scope": senior.test_a_processor_whose_checklist_says_the_provider_handles_cards,
    "live-regulated-data-outside-production": (
        test_compliance.test_live_card_data_in_a_half_size_staging
    ),
    "live-personal-data-outside-production": (
        test_compliance.test_live_personal_data_in_a_half_size_staging
    ),
    # money
    "retiring-service": test_money.test_a_pager_its_vendor_no_longer_sells,
    "over-budget": test_money.test_a_half_size_staging_takes_the_bill_over_budget,
    "budget-runway": test_money.test_ten_percent_growth_passes_the_budget_in_four_months,
    "monitoring-cost-share": test_money.test_logs_at_89_percent_of_the_bill,
}
"""Each rule's trigger test: its finding's severity and figures, by hand."""

CASES: dict[str, Case] = {
    **test_over.CASES,
    **test_data.CASES,
    **test_capacity.CASES,
    **test_messaging.CASES,
    **test_ops.CASES,
    **test_security.CASES,
    **test_compliance.CASES,
    **test_money.CASES,
}
"""Each rule's planted problem and the same design fixed."""
