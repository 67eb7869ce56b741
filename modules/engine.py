"""The one seam to the CDK engine: the CDK core and the AWS provider bindings. Everything else imports them here.

The provider package's `__init__` imports all ~2,200 resource modules (10-15 s, ~0.7 GB here). We register a
bare package object under its name first (same `__path__`, no `__init__` run), then import only the submodules
the constructs use. Their own `_jsii` import loads the provider's jsii assembly, so the result is the same
classes and the same synthesized JSON (proved by `tests/test_engine.py`). When the package was already
imported the ordinary way, it is used as is.

The JavaScript side has the same cost (its `lib/index.js` requires every module, ~2.5 s): `lazy_provider.js`,
preloaded into jsii's Node by `modules/__init__.py`, makes that index lazy too.

Add a resource here, and only here, when a construct needs a new one.
"""

from __future__ import annotations

import importlib.util
import sys
import types

from cdktf import (
    App,
    AssetType,
    Fn,
    IResolvable,
    IResolveContext,
    LocalBackend,
    Op,
    S3Backend,
    TerraformAsset,
    TerraformDataSource,
    TerraformIterator,
    TerraformOutput,
    TerraformResource,
    TerraformResourceLifecycle,
    TerraformStack,
    TerraformVariable,
    TerraformVariableValidationConfig,
    Token,
)

#: The Python package of the AWS provider bindings.
PROVIDER_PACKAGE = "cdktf_cdktf_provider_aws"


def _register_bare_package() -> None:
    if PROVIDER_PACKAGE in sys.modules:
        return
    spec = importlib.util.find_spec(PROVIDER_PACKAGE)
    if spec is None or spec.submodule_search_locations is None:
        raise ImportError(f"{PROVIDER_PACKAGE} is not installed: run `make synth` (pipenv sync) first")
    package = types.ModuleType(PROVIDER_PACKAGE)
    package.__path__ = list(spec.submodule_search_locations)
    package.__spec__ = spec
    package.__file__ = spec.origin
    sys.modules[PROVIDER_PACKAGE] = package


_register_bare_package()

from cdktf_cdktf_provider_aws import (  # noqa: E402
    acm_certificate,
    acm_certificate_validation,
    apigatewayv2_api,
    apigatewayv2_api_mapping,
    apigatewayv2_authorizer,
    apigatewayv2_domain_name,
    apigatewayv2_integration,
    apigatewayv2_route,
    apigatewayv2_stage,
    cloudwatch_log_group,
    cognito_managed_login_branding,
    cognito_resource_server,
    cognito_user_pool,
    cognito_user_pool_client,
    cognito_user_pool_domain,
    data_aws_caller_identity,
    data_aws_iam_policy_document,
    data_aws_region,
    data_aws_route53_zone,
    iam_role,
    iam_role_policy,
    iam_role_policy_attachment,
    kms_key,
    lambda_function,
    lambda_permission,
    provider,
    route53_record,
)

__all__ = [
    "PROVIDER_PACKAGE",
    "App",
    "AssetType",
    "Fn",
    "IResolvable",
    "IResolveContext",
    "LocalBackend",
    "Op",
    "S3Backend",
    "TerraformAsset",
    "TerraformDataSource",
    "TerraformIterator",
    "TerraformOutput",
    "TerraformResource",
    "TerraformResourceLifecycle",
    "TerraformStack",
    "TerraformVariable",
    "TerraformVariableValidationConfig",
    "Token",
    "acm_certificate",
    "acm_certificate_validation",
    "apigatewayv2_api",
    "apigatewayv2_api_mapping",
    "apigatewayv2_authorizer",
    "apigatewayv2_domain_name",
    "apigatewayv2_integration",
    "apigatewayv2_route",
    "apigatewayv2_stage",
    "cloudwatch_log_group",
    "cognito_managed_login_branding",
    "cognito_resource_server",
    "cognito_user_pool",
    "cognito_user_pool_client",
    "cognito_user_pool_domain",
    "data_aws_caller_identity",
    "data_aws_iam_policy_document",
    "data_aws_region",
    "data_aws_route53_zone",
    "iam_role",
    "iam_role_policy",
    "iam_role_policy_attachment",
    "kms_key",
    "lambda_function",
    "lambda_permission",
    "provider",
    "route53_record",
]
