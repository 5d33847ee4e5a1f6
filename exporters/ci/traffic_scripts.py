"""Moving production traffic to a released version, retiring the old one, and rolling back.

Blue-green shifts once (0 → 100 %), canary through the session's steps; rolling releases
take traffic as they roll and have no shift steps. Platforms that run the strategy
themselves (ECS, EC2 instance refresh, VM scale sets, App Runner) have none either.
Rollback returns traffic to the version `exporters.ci.deploy_scripts.record` saved, and does
nothing when no version was recorded (the failure came before anything shipped).
"""

from __future__ import annotations

import math
from collections.abc import Callable

from exporters.ci.deploy_scripts import (
    app_runner_update,
    asg_refresh,
    image,
    kube_credentials,
    mig_update,
    state,
    swap,
    where,
)
from exporters.ci.deploy_targets import Deployable
from model.catalog.facts import Platform
from model.enums import Strategy
from model.sections.deployment import Deployment


def traffic_steps(deployment: Deployment) -> tuple[int, ...]:
    """Shares of traffic (percent) the new version passes through after its release."""
    if deployment.strategy is Strategy.CANARY:
        return deployment.canary_steps_percent or (100,)
    if deployment.strategy is Strategy.BLUE_GREEN:
        return (100,)
    return ()


def shifts_itself(t: Deployable) -> bool:
    """Whether the platform moves traffic on its own (the strategy is its configuration)."""
    return t.platform in (Platform.ECS, Platform.ASG, Platform.VMSS, Platform.APP_RUNNER)


def shift(t: Deployable, env: str, percent: int, strategy: Strategy) -> str:
    """Send `percent` of production traffic to the new version of `t`."""
    aws, gcp, az = where(t)
    g = t.group(env)
    nxt = f"$(cat {state(t, 'next')})"
    prev = f"$(cat {state(t, 'previous')})"
    full = percent >= 100
    if t.platform is Platform.LAMBDA:
        weights = "{}" if full else f"{{{nxt}={percent / 100:g}}}"
        version = f' --function-version "{nxt}"' if full else ""
        return (
            f"aws lambda update-alias --function-name {g} --name live {aws}{version} "
            f'--routing-config "AdditionalVersionWeights={weights}" > /dev/null'
        )
    if t.platform is Platform.KUBERNETES:
        return _kubernetes_shift(t, percent, strategy)
    if t.platform is Platform.CLOUD_RUN:
        to = "--to-latest" if full else f'--to-revisions "{nxt}={percent}"'
        return f"gcloud run services update-traffic {t.id} {gcp} {to} --quiet"
    if t.platform is Platform.APP_ENGINE:
        new = 'v-$(echo "$COMMIT_SHA" | cut -c1-7)'
        splits = f"{new}=1" if full else f"{new}={percent / 100:g},{prev}={1 - percent / 100:g}"
        return (
            f'gcloud app services set-traffic {t.id} --project "$GCP_PROJECT_ID" '
            f'--splits "{splits}" --split-by random --quiet'
        )
    if t.platform is Platform.CONTAINER_APPS:
        weights = f'"{nxt}=100"' if full else f'"{prev}={100 - percent}" "{nxt}={percent}"'
        return (
            f"az containerapp ingress traffic set -n {t.id} {az} --revision-weight {weights} "
            "> /dev/null"
        )
    if t.platform in (Platform.APP_SERVICE, Platform.FUNCTIONS):
        if full:
            return f"az webapp traffic-routing clear -n {g} {az}\n{swap(t, env)}"
        return f"az webapp traffic-routing set -n {g} {az} --distribution candidate={percent}"
    if t.platform is Platform.MIG:
        if full:
            return mig_update(t, env, f'--version "template={nxt}" ')
        return mig_update(
            t,
            env,
            f'--version "template={prev}" --canary-version "template={nxt},'
            f'target-size={percent}%" ',
        )
    return f"echo '{t.id}: {t.platform} shifts traffic itself'"


def _point_service(t: Deployable, ns: str, slot: str) -> str:
    """Point the Service of `t` at the blue-green slot saved in the state file `slot`
    (`idle` to switch over, `slot` to switch back)."""
    return (
        f'{slot}="$(cat {state(t, slot)})"\n'
        f"{ns} patch service {t.id} -p "
        '"{\\"spec\\":{\\"selector\\":{\\"app\\":\\"'
        + t.id
        + f'\\",\\"slot\\":\\"${slot}\\"}}}}}}"'
    )


def _kubernetes_shift(t: Deployable, percent: int, strategy: Strategy) -> str:
    ns = f"kubectl -n {t.project}"
    if strategy is Strategy.BLUE_GREEN:
        return _point_service(t, ns, "idle")
    if percent < 100:
        stable = t.component.replicas
        canary = max(1, math.ceil(stable * percent / (100 - percent)))
        return (
            f"# {canary} canary pod(s) beside {stable} stable ones: the replica share approximates "
            f"{percent}%\n"
            f"{ns} scale deployment/{t.id}-canary --replicas={canary}\n"
            f"{ns} rollout status deployment/{t.id}-canary --timeout=10m"
        )
    return (
        f"{ns} set image deployment/{t.id} {t.id}={image(t)}\n"
        f"{ns} rollout status deployment/{t.id} --timeout=10m\n"
        f"{ns} scale deployment/{t.id}-canary --replicas=0"
    )


def retire(t: Deployable, env: str, strategy: Strategy) -> str | None:
    """Release what the old version holds once the new one has been watched (if anything)."""
    if t.platform is Platform.KUBERNETES and strategy is Strategy.BLUE_GREEN:
        old = f'{t.id}-"$(cat {state(t, "slot")})"'
        return f"kubectl -n {t.project} scale deployment/{old} --replicas=0"
    return None


def rollback(t: Deployable, env: str, strategy: Strategy) -> str:
    """Return production traffic of `t` to the recorded version."""
    body = _ROLLBACK[t.platform](t, env, strategy)
    return (
        f"if [ -s {state(t, 'previous')} ]; then\n"
        f'  previous="$(cat {state(t, "previous")})"\n'
        f'  echo "{t.id}: rolling back to $previous"\n'
        + "".join(f"  {line}\n" for line in body.splitlines())
        + f'else\n  echo "{t.id}: no version was recorded, nothing to roll back"\nfi'
    )


def _rollback_ecs(t: Deployable, env: str, strategy: Strategy) -> str:
    aws, g = where(t)[0], t.group(env)
    config = '{"strategy":"ROLLING","minimumHealthyPercent":100,"maximumPercent":200}'
    return (
        f'aws ecs update-service --cluster {g} --service {t.id} --task-definition "$previous" '
        f"{aws} --deployment-configuration '{config}' > /dev/null\n"
        f"aws ecs wait services-stable --cluster {g} --services {t.id} {aws}"
    )


def _rollback_lambda(t: Deployable, env: str, strategy: Strategy) -> str:
    return (
        f"aws lambda update-alias --function-name {t.group(env)} --name live {where(t)[0]} "
        '--function-version "$previous" '
        '--routing-config "AdditionalVersionWeights={}" > /dev/null'
    )


def _rollback_kubernetes(t: Deployable, env: str, strategy: Strategy) -> str:
    ns = f"kubectl -n {t.project}"
    if strategy is Strategy.BLUE_GREEN:
        return _point_service(t, ns, "slot")
    lines = [kube_credentials(t, env)]
    if strategy is Strategy.CANARY:
        lines.append(f"{ns} scale deployment/{t.id}-canary --replicas=0")
    lines += [
        f'{ns} set image deployment/{t.id} {t.id}="$previous"',
        f"{ns} rollout status deployment/{t.id} --timeout=10m",
    ]
    return "\n".join(lines)


def _rollback_cloud_run(t: Deployable, env: str, strategy: Strategy) -> str:
    return (
        f"gcloud run services update-traffic {t.id} {where(t)[1]} "
        '--to-revisions "$previous=100" --quiet'
    )


def _rollback_app_engine(t: Deployable, env: str, strategy: Strategy) -> str:
    return (
        f'gcloud app services set-traffic {t.id} --project "$GCP_PROJECT_ID" '
        '--splits "$previous=1" --quiet'
    )


def _rollback_container_apps(t: Deployable, env: str, strategy: Strategy) -> str:
    return (
        f"az containerapp ingress traffic set -n {t.id} {where(t)[2]} "
        '--revision-weight "$previous=100" > /dev/null'
    )


def _rollback_slot(t: Deployable, env: str, strategy: Strategy) -> str:
    g, az = t.group(env), where(t)[2]
    kind = "functionapp" if t.platform is Platform.FUNCTIONS else "webapp"
    return (
        f"az webapp traffic-routing clear -n {g} {az}\n"
        f"if [ -f {state(t, 'swapped')} ]; then\n"
        f"  az {kind} deployment slot swap -n {g} {az} --slot candidate --target-slot production\n"
        "fi"
    )


def _rollback_asg(t: Deployable, env: str, strategy: Strategy) -> str:
    return (
        f"aws ssm put-parameter --name /{t.project}/{env}/{t.id}/image --type String "
        f'--value "$previous" --overwrite {where(t)[0]} > /dev/null\n'
        f"aws autoscaling cancel-instance-refresh --auto-scaling-group-name {t.group(env)} "
        f"{where(t)[0]} > /dev/null 2>&1 || true\n"
        + asg_refresh(t, env, {"MinHealthyPercentage": 90})
    )


def _rollback_mig(t: Deployable, env: str, strategy: Strategy) -> str:
    return mig_update(t, env, '--version "template=$previous" ')


def _rollback_vmss(t: Deployable, env: str, strategy: Strategy) -> str:
    # Restore the previous boot script and roll the instances back.
    g = t.group(env)
    return (
        f'az vmss update -n {g} -g "$AZURE_RESOURCE_GROUP" '
        '--set virtualMachineProfile.userData="$previous" > /dev/null\n'
        f'az vmss rolling-upgrade start -n {g} -g "$AZURE_RESOURCE_GROUP"'
    )


_ROLLBACK: dict[Platform, Callable[[Deployable, str, Strategy], str]] = {
    Platform.ECS: _rollback_ecs,
    Platform.LAMBDA: _rollback_lambda,
    Platform.KUBERNETES: _rollback_kubernetes,
    Platform.CLOUD_RUN: _rollback_cloud_run,
    Platform.APP_ENGINE: _rollback_app_engine,
    Platform.CONTAINER_APPS: _rollback_container_apps,
    Platform.APP_SERVICE: _rollback_slot,
    Platform.FUNCTIONS: _rollback_slot,
    Platform.ASG: _rollback_asg,
    Platform.MIG: _rollback_mig,
    Platform.VMSS: _rollback_vmss,
    Platform.APP_RUNNER: lambda t, env, strategy: app_runner_update(t, '"$previous"'),
}
"""The rollback of each platform; a platform missing here is a failing test, not a default."""
