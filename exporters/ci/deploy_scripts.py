"""The deploy, traffic-shift and rollback shell scripts of each platform, shared by both CIs.

A production deploy is: record what runs now (`.deploy/<id>.previous`), release the new
version (taking traffic at once for rolling, none yet for blue-green and canary), shift
traffic in the strategy's steps while the health check is watched, and on any failure
roll back to the recorded version. Platforms that shift traffic themselves (ECS's native
blue-green/canary/linear strategies, EC2 instance refresh checkpoints) get their
strategy as configuration instead of shift steps. Scripts read `IMAGE_PREFIX` and
`COMMIT_SHA` from the job, and the per-environment CI variables named in
`exporters.ci.deploy_targets.CLOUD_VARIABLES`.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from exporters.ci.deploy_targets import Deployable
from exporters.ci.gate_scripts import GateScript
from exporters.ci.shell import word
from model.catalog.facts import Cloud, Platform
from model.deploy_plan import Rollout
from model.enums import Strategy
from model.sections.deployment import Deployment, HealthCheck

SHORT = 'short="$(echo "$COMMIT_SHA" | cut -c1-7)"'


def image(t: Deployable) -> str:
    """The image reference of this commit's build of `t` (a shell word)."""
    return f'"${t.image_prefix}/{t.id}:$COMMIT_SHA"'


def state(t: Deployable, what: str) -> str:
    """A file in `.deploy/` where a step leaves a fact for later steps (and the rollback)."""
    return f".deploy/{t.id}.{what}"


def where(t: Deployable) -> tuple[str, str, str]:
    """The location flags of AWS, gcloud and az commands for `t`."""
    return (
        f"--region {t.region}",
        f'--region {t.region} --project "$GCP_PROJECT_ID"',
        '-g "$AZURE_RESOURCE_GROUP"',
    )


def kube_credentials(t: Deployable, env: str) -> str:
    """Write the kubeconfig of the environment's cluster."""
    cluster = t.group(env)
    if t.cloud is Cloud.AWS:
        return f"aws eks update-kubeconfig --name {cluster} --region {t.region}"
    if t.cloud is Cloud.GCP:
        return (
            f"gcloud container clusters get-credentials {cluster} --region {t.region} "
            '--project "$GCP_PROJECT_ID"'
        )
    return f'az aks get-credentials -g "$AZURE_RESOURCE_GROUP" -n {cluster} --overwrite-existing'


def record(t: Deployable, env: str, strategy: Strategy | None = None) -> str:
    """Save the version running now, which a rollback returns to.

    For a Kubernetes blue-green release that is the live slot (`blue` or `green`) the
    service selects; everywhere else the running image, revision, version or template.
    """
    aws, gcp, az = where(t)
    g = t.group(env)
    out = state(t, "previous")
    ns = f"kubectl -n {t.project}"
    body = {
        Platform.ECS: f"aws ecs describe-services --cluster {g} --services {t.id} {aws} "
        f"--query 'services[0].taskDefinition' --output text > {out}",
        Platform.LAMBDA: f"aws lambda get-alias --function-name {g} --name live {aws} "
        f"--query FunctionVersion --output text > {out}",
        Platform.KUBERNETES: f"{kube_credentials(t, env)}\n"
        + (
            f"{ns} get service {t.id} -o jsonpath='{{.spec.selector.slot}}' > {out}\n"
            f"cp {out} {state(t, 'slot')}"
            if strategy is Strategy.BLUE_GREEN
            else f"{ns} get deployment {t.id} "
            f"-o jsonpath='{{.spec.template.spec.containers[0].image}}' > {out}"
        ),
        Platform.CLOUD_RUN: f"gcloud run services describe {t.id} {gcp} "
        f"--format='value(status.latestReadyRevisionName)' > {out}",
        Platform.APP_ENGINE: f"gcloud app versions list --service {t.id} "
        f"--project \"$GCP_PROJECT_ID\" --filter='traffic_split>0' --format='value(id)' "
        f"| head -n 1 > {out}",
        Platform.CONTAINER_APPS: f"az containerapp show -n {t.id} {az} "
        f"--query properties.latestReadyRevisionName -o tsv > {out}",
        Platform.APP_SERVICE: f"echo production > {out}",
        Platform.FUNCTIONS: f"echo production > {out}",
        Platform.ASG: f"aws ssm get-parameter --name /{t.project}/{env}/{t.id}/image {aws} "
        f"--query Parameter.Value --output text > {out}",
        Platform.MIG: f"gcloud compute instance-groups managed describe {g} {gcp} "
        f"--format='value(instanceTemplate)' > {out}",
        Platform.VMSS: f"az vmss show -n {g} {az} "
        f"--query virtualMachineProfile.userData -o tsv > {out}",
        Platform.APP_RUNNER: f"aws apprunner list-services {aws} "
        f"--query \"ServiceSummaryList[?ServiceName=='{g}'].ServiceArn | [0]\" "
        f"--output text > {state(t, 'arn')}\n"
        f'aws apprunner describe-service --service-arn "$(cat {state(t, "arn")})" {aws} '
        f"--query Service.SourceConfiguration.ImageRepository.ImageIdentifier "
        f"--output text > {out}",
    }[t.platform]
    return f'mkdir -p .deploy\n{body}\necho "{t.id}: running $(cat {out})"'


def _ecs_configuration(rollout: Rollout | None, d: Deployment) -> dict[str, object]:
    """The ECS deployment configuration of `rollout` (None: a direct rolling deploy)."""
    watch = d.step_watch_minutes
    strategy = rollout.strategy if rollout else None
    if rollout is not None and strategy is Strategy.BLUE_GREEN:
        return {"strategy": "BLUE_GREEN", "bakeTimeInMinutes": watch}
    if rollout is not None and strategy is Strategy.CANARY:
        first = rollout.steps[0] if rollout.steps[0] < 100 else 10
        if rollout.linear:
            linear = {"stepPercent": float(first), "stepBakeTimeInMinutes": watch}
            return {"strategy": "LINEAR", "linearConfiguration": linear}
        canary = {"canaryPercent": float(first), "canaryBakeTimeInMinutes": watch}
        return {"strategy": "CANARY", "canaryConfiguration": canary, "bakeTimeInMinutes": watch}
    breaker = {"enable": True, "rollback": True}
    return {
        "strategy": "ROLLING",
        "deploymentCircuitBreaker": breaker,
        "minimumHealthyPercent": 100,
        "maximumPercent": 200,
    }


def _ecs_release(
    t: Deployable, env: str, rollout: Rollout | None, d: Deployment, alarms: tuple[str, ...]
) -> str:
    g = t.group(env)
    config = _ecs_configuration(rollout, d)
    note = ""
    if alarms:
        # ECS rolls the deployment back itself when a release gate's alarm goes off.
        config["alarms"] = {"alarmNames": list(alarms), "enable": True, "rollback": True}
        note = f"# Rolled back by ECS when {' or '.join(alarms)} goes into ALARM.\n"
    bake = rollout.bake_minutes(d.step_watch_minutes) if rollout else 0
    attempts = (bake + 15) * 4
    taskdef = state(t, "taskdef.json")
    return (
        f'previous="$(cat {state(t, "previous")})"\n'
        f'aws ecs describe-task-definition --task-definition "$previous" --region {t.region} '
        f"--query taskDefinition > {taskdef}\n"
        f"jq --arg image {image(t)} '.containerDefinitions[0].image = $image | "
        "del(.taskDefinitionArn, .revision, .status, .requiresAttributes, .compatibilities, "
        f".registeredAt, .registeredBy)' {taskdef} > {taskdef}.new\n"
        f'next="$(aws ecs register-task-definition --cli-input-json file://{taskdef}.new '
        f'--region {t.region} --query taskDefinition.taskDefinitionArn --output text)"\n'
        f"{note}"
        f'aws ecs update-service --cluster {g} --service {t.id} --task-definition "$next" '
        f"--region {t.region} --deployment-configuration '{json.dumps(config)}' > /dev/null\n"
        f"for _ in $(seq 1 {attempts}); do\n"
        f'  state="$(aws ecs describe-services --cluster {g} --services {t.id} '
        f"--region {t.region} --query 'services[0].deployments[0].rolloutState' --output text)\"\n"
        '  echo "rollout: $state"\n'
        '  if [ "$state" = COMPLETED ] || [ "$state" = FAILED ]; then break; fi\n'
        "  sleep 15\n"
        "done\n"
        'if [ "$state" != COMPLETED ]; then echo "ECS deployment did not complete ($state)"; '
        "exit 1; fi"
    )


def release(
    t: Deployable,
    env: str,
    rollout: Rollout | None,
    d: Deployment,
    alarms: tuple[str, ...] = (),
) -> str:
    """Ship the new version; it takes traffic now unless the rollout shifts it in steps.

    `rollout` None means a direct deploy (staging, dev); `alarms` are CloudWatch alarms
    that roll the release back where the platform reads them (ECS). Needs `record` to have
    run first.
    """
    if t.platform is Platform.ECS:
        return _ecs_release(t, env, rollout, d, alarms)
    if t.platform is Platform.ASG:
        return _release_asg(t, env, rollout, d)
    return _RELEASE[t.platform](t, env, rollout.strategy if rollout else None, d)


def _stepped(strategy: Strategy | None) -> bool:
    return strategy in (Strategy.BLUE_GREEN, Strategy.CANARY)


def _release_lambda(t: Deployable, env: str, strategy: Strategy | None, d: Deployment) -> str:
    aws, g = where(t)[0], t.group(env)
    script = (
        f"aws lambda update-function-code --function-name {g} --image-uri {image(t)} --publish "
        f"{aws} --query Version --output text > {state(t, 'next')}\n"
        f"aws lambda wait function-updated-v2 --function-name {g} {aws}"
    )
    if not _stepped(strategy):
        script += (
            f"\naws lambda update-alias --function-name {g} --name live {aws} "
            f'--function-version "$(cat {state(t, "next")})" > /dev/null'
        )
    return script


def _release_kubernetes(t: Deployable, env: str, strategy: Strategy | None, d: Deployment) -> str:
    ns = f"kubectl -n {t.project}"
    if strategy is Strategy.BLUE_GREEN:
        return (
            f'if [ "$(cat {state(t, "slot")})" = blue ]; then idle=green; else idle=blue; fi\n'
            f'echo "$idle" > {state(t, "idle")}\n'
            f'{ns} set image deployment/{t.id}-"$idle" {t.id}={image(t)}\n'
            f'{ns} scale deployment/{t.id}-"$idle" --replicas={t.component.replicas}\n'
            f'{ns} rollout status deployment/{t.id}-"$idle" --timeout=10m'
        )
    name = f"{t.id}-canary" if strategy is Strategy.CANARY else t.id
    return (
        f"{ns} set image deployment/{name} {t.id}={image(t)}\n"
        f"{ns} rollout status deployment/{name} --timeout=10m"
    )


def _release_cloud_run(t: Deployable, env: str, strategy: Strategy | None, d: Deployment) -> str:
    gcp = where(t)[1]
    if _stepped(strategy):
        return (
            f"gcloud run deploy {t.id} --image {image(t)} {gcp} --no-traffic --tag candidate "
            f"--quiet\ngcloud run services describe {t.id} {gcp} "
            f"--format='value(status.latestCreatedRevisionName)' > {state(t, 'next')}"
        )
    return (
        f"gcloud run deploy {t.id} --image {image(t)} {gcp} --quiet\n"
        f"gcloud run services update-traffic {t.id} {gcp} --to-latest --quiet"
    )


def _release_app_engine(t: Deployable, env: str, strategy: Strategy | None, d: Deployment) -> str:
    promote = "--no-promote" if _stepped(strategy) else "--promote"
    return (
        f'{SHORT}\n(cd {t.context} && gcloud app deploy --project "$GCP_PROJECT_ID" '
        f'--version "v-$short" {promote} --quiet)'
    )


def _release_container_apps(
    t: Deployable, env: str, strategy: Strategy | None, d: Deployment
) -> str:
    az = where(t)[2]
    script = f"{SHORT}\n"
    if _stepped(strategy):
        # The old revision keeps all traffic until the shift steps move it.
        script += (
            f'previous="$(cat {state(t, "previous")})"\n'
            f"az containerapp ingress traffic set -n {t.id} {az} "
            '--revision-weight "$previous=100" > /dev/null\n'
        )
    script += (
        f'az containerapp update -n {t.id} {az} --image {image(t)} --revision-suffix "r$short" '
        "> /dev/null\n"
        f'echo "{t.id}--r$short" > {state(t, "next")}'
    )
    if not _stepped(strategy):
        script += (
            f"\naz containerapp ingress traffic set -n {t.id} {az} "
            "--revision-weight latest=100 > /dev/null"
        )
    return script


def _release_slot(t: Deployable, env: str, strategy: Strategy | None, d: Deployment) -> str:
    az, g = where(t)[2], t.group(env)
    if t.platform is Platform.APP_SERVICE:
        ship = (
            f"az webapp config container set -n {g} {az} --slot candidate "
            f"--container-image-name {image(t)} > /dev/null"
        )
    else:
        ship = (
            f'(cd {t.context} && zip -qr "$OLDPWD/{state(t, "zip")}" .)\n'
            f"az functionapp deployment source config-zip -n {g} {az} --slot candidate "
            f"--src {state(t, 'zip')} --build-remote true > /dev/null"
        )
    script = (
        f'{ship}\nhost="$(az webapp show -n {g} {az} --slot candidate '
        '--query defaultHostName -o tsv)"\n' + health_check("https://$host", d.health_check)
    )
    if not _stepped(strategy):
        script += "\n" + swap(t, env)
    return script


def _release_asg(t: Deployable, env: str, rollout: Rollout | None, d: Deployment) -> str:
    strategy = rollout.strategy if rollout else None
    steps = rollout.steps if rollout else ()
    prefs: dict[str, object] = {"MinHealthyPercentage": 90, "AutoRollback": True}
    if strategy is Strategy.BLUE_GREEN:
        prefs = {"MinHealthyPercentage": 100, "MaxHealthyPercentage": 200, "AutoRollback": True}
    elif strategy is Strategy.CANARY:
        prefs = {
            "MinHealthyPercentage": 100,
            "MaxHealthyPercentage": 200,
            "AutoRollback": True,
            "CheckpointPercentages": list(steps or (100,)),
            "CheckpointDelay": d.step_watch_minutes * 60,
        }
    return (
        f"aws ssm put-parameter --name /{t.project}/{env}/{t.id}/image --type String "
        f"--value {image(t)} --overwrite {where(t)[0]} > /dev/null\n"
        + asg_refresh(t, env, prefs, d.step_watch_minutes * len(steps))
    )


def _release_mig(t: Deployable, env: str, strategy: Strategy | None, d: Deployment) -> str:
    surge = "--max-surge 100% " if strategy is Strategy.BLUE_GREEN else ""
    script = (
        f'{SHORT}\ngcloud compute instance-templates create-with-container {t.id}-"$short" '
        f'--container-image {image(t)} --project "$GCP_PROJECT_ID" --quiet\n'
        f'echo "{t.id}-$short" > {state(t, "next")}'
    )
    if strategy is not Strategy.CANARY:
        script += "\n" + mig_update(t, env, f'--version "template={t.id}-$short" {surge}')
    return script


def _release_vmss(t: Deployable, env: str, strategy: Strategy | None, d: Deployment) -> str:
    return vmss_update(t, env, image(t))


def _release_app_runner(t: Deployable, env: str, strategy: Strategy | None, d: Deployment) -> str:
    note = ""
    if _stepped(strategy):
        note = (
            "# App Runner has no traffic splits: it moves all traffic to the new version once "
            "that is healthy.\n"
        )
    return note + app_runner_update(t, image(t))


_RELEASE: dict[Platform, Callable[[Deployable, str, Strategy | None, Deployment], str]] = {
    Platform.LAMBDA: _release_lambda,
    Platform.KUBERNETES: _release_kubernetes,
    Platform.CLOUD_RUN: _release_cloud_run,
    Platform.APP_ENGINE: _release_app_engine,
    Platform.CONTAINER_APPS: _release_container_apps,
    Platform.APP_SERVICE: _release_slot,
    Platform.FUNCTIONS: _release_slot,
    Platform.MIG: _release_mig,
    Platform.VMSS: _release_vmss,
    Platform.APP_RUNNER: _release_app_runner,
}
"""The release of each platform but ECS and EC2 Auto Scaling, which read the rollout itself
(`release`); a platform missing is a failing test, not a default."""


def swap(t: Deployable, env: str) -> str:
    """Swap the `candidate` slot into production (App Service, Functions)."""
    kind = "functionapp" if t.platform is Platform.FUNCTIONS else "webapp"
    return (
        f'az {kind} deployment slot swap -n {t.group(env)} -g "$AZURE_RESOURCE_GROUP" '
        f"--slot candidate --target-slot production\necho swapped > {state(t, 'swapped')}"
    )


def asg_refresh(t: Deployable, env: str, prefs: dict[str, object], wait_minutes: int = 0) -> str:
    """Start an instance refresh of the group and wait for its outcome."""
    g = t.group(env)
    minutes = 60 + wait_minutes
    return (
        f"aws autoscaling start-instance-refresh --auto-scaling-group-name {g} "
        f"--region {t.region} --preferences '{json.dumps(prefs)}' > /dev/null\n"
        f"for _ in $(seq 1 {minutes * 2}); do\n"
        f'  status="$(aws autoscaling describe-instance-refreshes --auto-scaling-group-name {g} '
        f"--region {t.region} --query 'InstanceRefreshes[0].Status' --output text)\"\n"
        '  echo "instance refresh: $status"\n'
        '  case "$status" in Successful|Failed|Cancelled|RollbackSuccessful|RollbackFailed) '
        "break ;; esac\n"
        "  sleep 30\n"
        "done\n"
        'if [ "$status" != Successful ]; then echo "instance refresh ended: $status"; exit 1; fi'
    )


def mig_update(t: Deployable, env: str, versions: str) -> str:
    """Roll the managed instance group to `versions` and wait until every VM runs them."""
    g, gcp = t.group(env), where(t)[1]
    return (
        f"gcloud compute instance-groups managed rolling-action start-update {g} {versions}"
        f"--max-unavailable 0 {gcp} --quiet\n"
        f"gcloud compute instance-groups managed wait-until {g} --version-target-reached {gcp}"
    )


def vmss_update(t: Deployable, env: str, ref: str) -> str:
    """Point the scale set's boot script at image `ref` and roll every instance over."""
    g = t.group(env)
    return (
        "user_data=\"$(printf '#!/bin/sh\\ndocker rm -f app 2>/dev/null\\n"
        f"docker run -d --name app --restart always -p 80:8080 %s\\n' {ref} | base64 -w0)\"\n"
        f'az vmss update -n {g} -g "$AZURE_RESOURCE_GROUP" '
        '--set virtualMachineProfile.userData="$user_data" > /dev/null\n'
        f'az vmss rolling-upgrade start -n {g} -g "$AZURE_RESOURCE_GROUP"'
    )


def app_runner_update(t: Deployable, ref: str) -> str:
    """Point the App Runner service at image `ref` (a shell word) and wait for the outcome.

    The service's source configuration is edited, not rewritten, so its port, variables
    and ECR access role stay as the infrastructure code set them. Needs `record` first.
    """
    arn = f'--service-arn "$(cat {state(t, "arn")})" --region {t.region}'
    source = state(t, "source.json")
    return (
        f"aws apprunner describe-service {arn} --query Service.SourceConfiguration > {source}\n"
        f"jq --arg image {ref} '.ImageRepository.ImageIdentifier = $image' {source} "
        f"> {source}.new\n"
        f'operation="$(aws apprunner update-service {arn} '
        f'--source-configuration file://{source}.new --query OperationId --output text)"\n'
        "for _ in $(seq 1 120); do\n"
        f'  status="$(aws apprunner list-operations {arn} '
        '--query "OperationSummaryList[?Id==\'$operation\'].Status | [0]" --output text)"\n'
        '  echo "App Runner operation: $status"\n'
        '  case "$status" in SUCCEEDED|FAILED|ROLLBACK_SUCCEEDED|ROLLBACK_FAILED) break ;; esac\n'
        "  sleep 15\n"
        "done\n"
        'if [ "$status" != SUCCEEDED ]; then echo "App Runner deployment ended: $status"; '
        "exit 1; fi"
    )


def _url(base: str, hc: HealthCheck) -> str:
    # The base is a shell expression (`$APP_URL`); the session's path is quoted as data.
    return f'url="{base}"{word(hc.path)}\n'


def health_check(base: str, hc: HealthCheck) -> str:
    """Wait until `base` + the health path answers 2xx `healthy_threshold` times in a row."""
    attempts = max(hc.healthy_threshold + 1, 300 // hc.interval_seconds)
    need = hc.healthy_threshold
    return (
        f"{_url(base, hc)}"
        "healthy=0\n"
        f"for _ in $(seq 1 {attempts}); do\n"
        f"  if curl --fail --silent --show-error --max-time {hc.timeout_seconds} "
        '"$url" > /dev/null; then healthy=$((healthy + 1)); else healthy=0; fi\n'
        f'  if [ "$healthy" -ge {need} ]; then break; fi\n'
        f"  sleep {hc.interval_seconds}\n"
        "done\n"
        f'if [ "$healthy" -lt {need} ]; then echo "health check failed: $url"; exit 1; fi\n'
        f'echo "healthy: $url answered {need} times in a row"'
    )


def watch(base: str, minutes: int, hc: HealthCheck, gates: GateScript | None = None) -> str:
    """Probe `url` every interval for `minutes`, and run the `gates` check (which exits 1
    on a breached release gate) each time; any failure fails the step."""
    check = "".join(f"  {line}\n" for line in gates.check.splitlines()) if gates else ""
    setup = f"{gates.setup}\n" if gates and gates.setup else ""
    return (
        f"{_url(base, hc)}"
        f"{setup}"
        f"end=$(( $(date +%s) + {minutes * 60} ))\n"
        'while [ "$(date +%s)" -lt "$end" ]; do\n'
        f'  curl --fail --silent --show-error --max-time {hc.timeout_seconds} "$url" > /dev/null '
        '|| { echo "health check failed while watching: $url"; exit 1; }\n'
        f"{check}"
        f"  sleep {max(hc.interval_seconds, 30 if gates else 0)}\n"
        "done\n"
        f'echo "healthy for {minutes} minutes: $url"'
    )
