"""One cdktf stack per environment, composed from the constructs."""

from __future__ import annotations

from pathlib import Path

from constructs import Construct

from modules.config.model import EnvironmentConfig, ProjectConfig
from modules.constructs.http_api import HttpApi
from modules.constructs.lambda_function import LambdaFunction
from modules.constructs.log_encryption import LogEncryption
from modules.constructs.routes import HttpProxyIntegration, LambdaIntegration, Route
from modules.constructs.user_pool import UserPool
from modules.engine import LocalBackend, S3Backend, TerraformOutput, TerraformStack, data_aws_region, provider

#: Output names and descriptions, shared by the environment stacks and the exported module.
OUTPUTS = {
    "invoke_url": "Invoke URL of the $default stage",
    "user_pool_id": "Id of the Cognito user pool",
    "client_id": "Id of the Cognito app client (the authorizer's audience)",
    "issuer_url": "Issuer the JWT authorizer accepts: https://<user pool endpoint>",
    "region": "AWS region the API runs in",
}


class CognitoHttpApi(Construct):
    """The whole architecture for one environment: user pool, function, HTTP API, integrations, routes."""

    def __init__(
        self, scope: Construct, id_: str, *, config: EnvironmentConfig, project_dir: Path, build_dir: Path
    ) -> None:
        super().__init__(scope, id_)
        self.region = data_aws_region.DataAwsRegion(self, "region")
        self.region.override_logical_id("current")
        self.user_pool = UserPool(self, "user-pool", config=config)
        self.http_api = HttpApi(
            self, "http-api", config=config, issuer=self.user_pool.issuer, audience=[self.user_pool.client.id]
        )
        lambda_routes = [r for r in config.routes if r.is_lambda]
        lambda_target = None
        log_groups = [self.http_api.access_logs]
        if lambda_routes:
            lambda_function = LambdaFunction(
                self, "function", config=config, project_dir=project_dir, build_dir=build_dir
            )
            log_groups.append(lambda_function.log_group)
            lambda_target = LambdaIntegration(
                self, "lambda", http_api=self.http_api, function=lambda_function.function
            ).integration
        LogEncryption(self, "log-encryption", config=config, region=self.region.region, log_groups=log_groups)
        for route in config.routes:
            target = (
                lambda_target
                if route.is_lambda
                else HttpProxyIntegration(
                    self, f"proxy {route.route_key}", http_api=self.http_api, config=route
                ).integration
            )
            assert target is not None
            Route(self, route.route_key, http_api=self.http_api, config=route, project=config.project, target=target)

    def outputs(self) -> dict[str, str]:
        """Output values by name (see `OUTPUTS`)."""
        return {
            "invoke_url": self.http_api.stage.invoke_url,
            "user_pool_id": self.user_pool.pool.id,
            "client_id": self.user_pool.client.id,
            "issuer_url": self.user_pool.issuer,
            "region": self.region.region,
        }


class EnvironmentStack(TerraformStack):
    """A deployable stack: provider with default tags, backend, the architecture and its outputs."""

    def __init__(
        self,
        scope: Construct,
        project: ProjectConfig,
        config: EnvironmentConfig,
        *,
        project_dir: Path,
        build_dir: Path,
    ) -> None:
        super().__init__(scope, config.name)
        provider.AwsProvider(
            self,
            "aws",
            region=config.region,
            default_tags=[
                provider.AwsProviderDefaultTags(
                    tags={"project": project.name, "environment": config.name, "managed-by": "cdktf"}
                )
            ],
        )
        backend = config.backend
        if backend.type == "s3":
            s3 = S3Backend(
                self,
                bucket=backend.bucket,
                key=backend.key or f"{project.name}/{config.name}/terraform.tfstate",
                region=backend.region or config.region,
                encrypt=backend.encrypt,
            )
            s3.add_override("use_lockfile", backend.use_lockfile)
        else:
            LocalBackend(self, path=f"terraform.{config.name}.tfstate")
        app = CognitoHttpApi(self, "app", config=config, project_dir=project_dir, build_dir=build_dir)
        for name, value in app.outputs().items():
            TerraformOutput(self, name, value=value, description=OUTPUTS[name])
