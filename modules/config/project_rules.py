"""The rules that span environments: the deploy order names each environment once, and an AWS account is shared
only where every environment sharing it says so. Each raises `ConfigError` naming one environment and field.
"""

from __future__ import annotations

from collections.abc import Sequence

from modules.config.environment import EnvironmentConfig
from modules.errors import ConfigError


def deploy_order(file: str, order: Sequence[str], environments: Sequence[EnvironmentConfig]) -> tuple[str, ...]:
    """`[project] deploy_order` checked against the environments; the config's order when it is empty."""
    known = [env.name for env in environments]
    if not order:
        return tuple(known)
    allowed = "each environment once, in the order the pipeline deploys them: " + ", ".join(known)
    for name in order:
        if name not in known:
            raise ConfigError(file, "", "project.deploy_order", name, f"a known environment; {allowed}")
    if len(set(order)) != len(order) or set(order) != set(known):
        raise ConfigError(file, "", "project.deploy_order", list(order), allowed)
    return tuple(order)


def shared_accounts(file: str, environments: Sequence[EnvironmentConfig]) -> None:
    """Two environments with one `account_id` both set `shared_account = true`, or the second is refused."""
    owners: dict[str, EnvironmentConfig] = {}
    for env in environments:
        if not env.account_id:
            continue
        first = owners.setdefault(env.account_id, env)
        if first is env:
            continue
        for party in (env, first):
            if not party.shared_account:
                raise ConfigError(
                    file,
                    env.name,
                    "account_id",
                    env.account_id,
                    f"an account no other environment uses ({first.name} has it), or shared_account = true in "
                    f"both {first.name} and {env.name}",
                )
