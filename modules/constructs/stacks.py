"""One cdktf stack per environment, composed from the constructs."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from modules.config.environment import EnvironmentConfig, ProjectConfig
from modules.constructs.alarms import Monitoring, WatchedFunction
from modules.constructs.backend import add_backend
from modules.constructs.clients import AppClients
from modules.constructs.custom_domain import CustomDomain
from modules.constructs.groups import PreTokenTrigger, UserGroups, trigger_environment
from modules.constructs.http_api import HttpApi
from modules.constructs.identity_providers import IdentityProviders
from modules.constructs.lambda_function import LambdaFunction, resource_name
from modules.constructs.log_encryption import LogEncryption
from modules.constructs.routes import HttpProxyIntegration, LambdaIntegration, Route
from modules.constructs.user_pool import UserPool
from modules.constructs.values import choose, fields, present
from modules.engine.bindings import Construct, TerraformOutput, TerraformStack, Token, data_aws_region, provider

#: Output names and descriptions, shared by the environment stacks and the exported module. No secret among them.
OUTPUTS = {
    "invoke_url": "Base URL of the API: https://<custom domain>/ when the environment has one, else the $default "
    "stage's invoke URL",
    "user_pool_id": "Id of the Cognito user pool",
    "issuer_url": "Issuer the JWT authorizer accepts: https://<user pool endpoint>",
    "region": "AWS region the API runs in",
    "auth_base_url": "Base URL of the pool's sign-in domain (/oauth2/authorize, /oauth2/token, /login, /logout)",
    "token_endpoint": "OAuth 2.0 token endpoint of the sign-in domain",
    "client_ids": "Id of each app client, by name (the authorizer's audience); secrets are never outputs",
    "alarm_topic_arn": "ARN of the SNS topic the alarms notify (subscribe on-call tools to it); null when alarms "
    "are off",
    "dashboard_name": "Name of the environment's CloudWatch dashboard; null when alarms are off",
}


class CognitoHttpApi(Construct):
    """The whole architecture for one environment: user pool, clients, functions, HTTP API, routes, domain.

    `bundles` maps each function's name to its zip (source plus vendored dependencies), built by the synth.
    `client_secrets` is the exported module's sensitive variable of identity-provider secrets (None in the
    environment stacks, which read them from SSM: see `IdentityProviders`).
    """

    def __init__(
        self,
        scope: Construct,
        id_: str,
        *,
        config: EnvironmentConfig,
        bundles: Mapping[str, Path],
        client_secrets: Any = None,
    ) -> None:
        super().__init__(scope, id_)
        region = data_aws_region.DataAwsRegion(self, "region")
        region.override_logical_id("current")
        #: The region's name (a token), read from Node once for the key policy and the outputs.
        self.region = region.region
        self.user_pool = UserPool(self, "user-pool", config=config)
        providers = IdentityProviders(
            self,
            "identity-providers",
            config=config,
            user_pool_id=self.user_pool.pool_id,
            client_secrets=client_secrets,
        )
        self.clients = AppClients(
            self, "clients", config=config, user_pool=self.user_pool, identity_providers=tuple(providers.names)
        )
        self.http_api = HttpApi(
            self, "http-api", config=config, issuer=self.user_pool.issuer, audience=list(self.clients.ids.values())
        )
        integrations = {}
        watched = {}
        log_groups = [self.http_api.access_logs]
        trigger_name = config.user_pool.pre_token_function
        functions = {}
        for name, function_config in config.functions.items():
            if name == trigger_name:
                function_config = trigger_environment(config, function_config)
            function = LambdaFunction(
                self,
                f"function-{name}",
                name=name,
                config=function_config,
                prefix=config.prefix,
                log_retention_days=config.log_retention_days,
                zip_path=bundles[name],
            )
            log_groups.append(function.log_group)
            watched[name] = WatchedFunction(
                name, resource_name(name), function.function, function_config.timeout_seconds
            )
            functions[name] = function.function
            if name == trigger_name and not any(config.route_function(r) == name for r in config.routes if r.is_lambda):
                continue  # Cognito's alone: no API integration, no permission for API Gateway
            integrations[name] = LambdaIntegration(
                self, f"lambda-{name}", http_api=self.http_api, function=function.function, key=resource_name(name)
            ).integration_id
        UserGroups(self, "groups", config=config, user_pool_id=self.user_pool.pool_id)
        if trigger_name:
            PreTokenTrigger(
                self,
                "pre-token-trigger",
                config=config,
                pool=self.user_pool.pool,
                function=functions[trigger_name],
                name=trigger_name,
            )
        LogEncryption(self, "log-encryption", config=config, region=self.region, log_groups=log_groups)
        if config.domain is not None:
            CustomDomain(
                self,
                "custom-domain",
                config=fields(config.domain),
                http_api=self.http_api,
                present=present(config.domain),
            )
        for route in config.routes:
            integration_id = (
                integrations[config.route_function(route)]
                if route.is_lambda
                else HttpProxyIntegration(
                    self, f"proxy {route.route_key}", http_api=self.http_api, config=route
                ).integration_id
            )
            Route(
                self,
                route.route_key,
                http_api=self.http_api,
                config=route,
                project=config.project,
                integration_id=integration_id,
            )
        self.monitoring = Monitoring(
            self, "monitoring", config=config, region=self.region, http_api=self.http_api, functions=watched
        )
        self._domain = config.domain

    def outputs(self) -> dict[str, Any]:
        """Output values by name (see `OUTPUTS`)."""
        auth_base_url = self.user_pool.auth_base_url(self.region)
        stage_url = self.http_api.stage.invoke_url
        return {
            "invoke_url": stage_url
            if self._domain is None
            else choose(present(self._domain), f"https://{fields(self._domain).name}/", stage_url),
            "user_pool_id": self.user_pool.pool_id,
            "issuer_url": self.user_pool.issuer,
            "region": self.region,
            "auth_base_url": auth_base_url,
            "token_endpoint": f"{auth_base_url}/oauth2/token",
            "client_ids": self.clients.ids,
            "alarm_topic_arn": _or_null(self.monitoring.topic_arn),
            "dashboard_name": _or_null(self.monitoring.dashboard_name),
        }


def _or_null(value: Any) -> Any:
    """An output's value, or Terraform's null when there is none (alarms off)."""
    return Token.null_value() if value is None else value


class EnvironmentStack(TerraformStack):
    """A deployable stack: provider with default tags, backend, the architecture and its outputs.

    The provider is pinned to the environment's account (`allowed_account_ids`: credentials of any other account
    are refused before any call) and assumes `assume_role_arn` when set, with the session name
    `<project>-<environment>` (Terraform AWS provider documentation, "Argument Reference" and "assume_role
    Configuration Block").
    """

    def __init__(
        self,
        scope: Construct,
        project: ProjectConfig,
        config: EnvironmentConfig,
        *,
        bundles: Mapping[str, Path],
    ) -> None:
        super().__init__(scope, config.name)
        provider.AwsProvider(
            self,
            "aws",
            region=config.region,
            allowed_account_ids=[config.account_id] if config.account_id else None,
            assume_role=[
                provider.AwsProviderAssumeRole(role_arn=config.assume_role_arn, session_name=config.session_name)
            ]
            if config.assume_role_arn
            else None,
            default_tags=[
                provider.AwsProviderDefaultTags(
                    tags={"project": project.name, "environment": config.name, "managed-by": "cdktf"}
                )
            ],
        )
        add_backend(self, config)
        app = CognitoHttpApi(self, "app", config=config, bundles=bundles)
        for name, value in app.outputs().items():
            TerraformOutput(self, name, value=value, description=OUTPUTS[name])
