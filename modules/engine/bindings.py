"""The one seam to the CDK engine: everything else imports the CDK core and the AWS provider bindings from here.

The engine is cdktf or cdktn (`modules/engine/selection.py` chooses it); both have the same module and class names, so
the names below are the same whichever engine runs. mypy checks the cdktf branch (`always_false = ["CDKTN"]` in
pyproject.toml); `make lint ENGINE=cdktn` checks the cdktn one. jsii's Node process is prepared here (`prepare_node`),
before the first jsii package loads.

The provider bindings load lazily on both sides. In Node, `lazy_provider.js` serves the provider's index as
lazy getters. In Python, cdktf's provider `__init__` imports all ~2,200 resource modules (10-15 s, ~0.7 GB
here); cdktn's is lazy already. We register a bare package object under its name first (same `__path__`, no
`__init__` run), then import only the submodules the constructs use. Their own `_jsii` import loads the
provider's jsii assembly, so the result is the same classes and the same synthesized JSON (proved by
`tests/test_engine.py`). When the package was already imported the ordinary way, it is used as is.

Add a resource here, and only here, when a construct needs a new one.
"""

from __future__ import annotations

import errno
import importlib
import importlib.util
import re
import sys
import tempfile
import types
from typing import Any

from modules.engine.selection import Engine, chosen_engine, prepare_node
from modules.errors import OutputError

ENGINE: Engine = chosen_engine()
# Before the first jsii import below: jsii starts its Node process when `constructs` is loaded.
prepare_node(ENGINE)
#: True when the engine is cdktn: a name mypy can take as always true or false (see the docstring).
CDKTN = ENGINE.name == "cdktn"


def _register_bare_package() -> None:
    package_name = ENGINE.provider_package
    if package_name in sys.modules:
        return
    spec = importlib.util.find_spec(package_name)
    if spec is None or spec.submodule_search_locations is None:
        raise ImportError(f"{package_name} is not installed: run `make setup ENGINE={ENGINE.name}` first")
    package = types.ModuleType(package_name)
    package.__path__ = list(spec.submodule_search_locations)
    package.__spec__ = spec
    package.__file__ = spec.origin
    sys.modules[package_name] = package


def _provider_module(name: str) -> Any:
    """One module of the provider bindings (typed Any: mypy does not read the 2,200 generated modules)."""
    return importlib.import_module(f"{ENGINE.provider_package}.{name}")


if importlib.util.find_spec(ENGINE.name) is None:
    raise ImportError(f"{ENGINE.name} is not installed here: `make setup ENGINE={ENGINE.name}` sets up {ENGINE.venv}")


def _quiet_half_started_node(unraisable: Any) -> None:
    """jsii's Node process object, collected after it failed to start, complains in `__del__` that it has no
    process to stop: not the user's problem once the start's own error is reported. Anything else is reported."""
    if not (isinstance(unraisable.exc_value, AttributeError) and "_NodeProcess" in repr(unraisable.object)):
        sys.__unraisablehook__(unraisable)


try:
    import jsii
    from constructs import Construct
except OSError as exc:  # jsii unpacks its runtime into the temporary directory before Node starts
    sys.unraisablehook = _quiet_half_started_node
    where = tempfile.gettempdir()
    raise OutputError(
        where,
        f"jsii cannot unpack its runtime there: {exc.strerror}",
        "free space there, or choose another temporary directory: TMPDIR=<dir>",
    ) from None

if CDKTN:
    import cdktn as core
else:
    import cdktf as core

#: Marks a Python class as implementing a jsii interface (e.g. `IResolvable`).
implements = jsii.implements

App = core.App
AssetType = core.AssetType
CloudBackend = core.CloudBackend
Fn = core.Fn
IResolvable = core.IResolvable
IResolveContext = core.IResolveContext
LocalBackend = core.LocalBackend
NamedCloudWorkspace = core.NamedCloudWorkspace
Op = core.Op
S3Backend = core.S3Backend
TaggedCloudWorkspaces = core.TaggedCloudWorkspaces
TerraformAsset = core.TerraformAsset
TerraformDataSource = core.TerraformDataSource
TerraformIterator = core.TerraformIterator
TerraformOutput = core.TerraformOutput
TerraformResource = core.TerraformResource
TerraformResourceLifecycle = core.TerraformResourceLifecycle
TerraformStack = core.TerraformStack
TerraformVariable = core.TerraformVariable
TerraformVariableValidationConfig = core.TerraformVariableValidationConfig
Token = core.Token


#: How Node reports a failed file-system call, as jsii passes it on: `Error: ENOSPC: no space left on device,
#: copyfile '<source>' -> '<destination>'`.
_NODE_FS_ERROR = re.compile(
    r"^Error: (?P<code>E[A-Z0-9]+): (?P<text>[^,]+), \w+(?: '(?P<path>[^']*)')?(?: -> '(?P<destination>[^']*)')?"
)


def synth(app: Any) -> None:
    """`app.synth()`: Node writes the stacks into the app's outdir. A file-system failure in Node (a full or
    read-only disk) is raised as the `OSError` Python would raise for it, naming the paths."""
    try:
        app.synth()
    except RuntimeError as exc:
        match = _NODE_FS_ERROR.match(str(exc))
        code = getattr(errno, match["code"], None) if match else None
        if match is None or not isinstance(code, int):
            raise
        raise OSError(code, match["text"], match["path"], None, match["destination"]) from exc


_register_bare_package()
acm_certificate = _provider_module("acm_certificate")
acm_certificate_validation = _provider_module("acm_certificate_validation")
apigatewayv2_api = _provider_module("apigatewayv2_api")
apigatewayv2_api_mapping = _provider_module("apigatewayv2_api_mapping")
apigatewayv2_authorizer = _provider_module("apigatewayv2_authorizer")
apigatewayv2_domain_name = _provider_module("apigatewayv2_domain_name")
apigatewayv2_integration = _provider_module("apigatewayv2_integration")
apigatewayv2_route = _provider_module("apigatewayv2_route")
apigatewayv2_stage = _provider_module("apigatewayv2_stage")
cloudwatch_dashboard = _provider_module("cloudwatch_dashboard")
cloudwatch_log_group = _provider_module("cloudwatch_log_group")
cloudwatch_metric_alarm = _provider_module("cloudwatch_metric_alarm")
cognito_identity_provider = _provider_module("cognito_identity_provider")
cognito_managed_login_branding = _provider_module("cognito_managed_login_branding")
cognito_resource_server = _provider_module("cognito_resource_server")
cognito_user_pool = _provider_module("cognito_user_pool")
cognito_user_pool_client = _provider_module("cognito_user_pool_client")
cognito_user_pool_domain = _provider_module("cognito_user_pool_domain")
cognito_user_group = _provider_module("cognito_user_group")
data_aws_caller_identity = _provider_module("data_aws_caller_identity")
data_aws_iam_policy_document = _provider_module("data_aws_iam_policy_document")
data_aws_region = _provider_module("data_aws_region")
data_aws_route53_zone = _provider_module("data_aws_route53_zone")
data_aws_ssm_parameter = _provider_module("data_aws_ssm_parameter")
iam_role = _provider_module("iam_role")
iam_role_policy = _provider_module("iam_role_policy")
iam_role_policy_attachment = _provider_module("iam_role_policy_attachment")
kms_key = _provider_module("kms_key")
lambda_function = _provider_module("lambda_function")
lambda_permission = _provider_module("lambda_permission")
provider = _provider_module("provider")
route53_record = _provider_module("route53_record")
sns_topic = _provider_module("sns_topic")
sns_topic_subscription = _provider_module("sns_topic_subscription")

__all__ = [
    "CDKTN",
    "ENGINE",
    "App",
    "AssetType",
    "CloudBackend",
    "Construct",
    "Fn",
    "IResolvable",
    "IResolveContext",
    "LocalBackend",
    "NamedCloudWorkspace",
    "Op",
    "S3Backend",
    "TaggedCloudWorkspaces",
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
    "cloudwatch_dashboard",
    "cloudwatch_log_group",
    "cloudwatch_metric_alarm",
    "cognito_identity_provider",
    "cognito_managed_login_branding",
    "cognito_resource_server",
    "cognito_user_group",
    "cognito_user_pool",
    "cognito_user_pool_client",
    "cognito_user_pool_domain",
    "data_aws_caller_identity",
    "data_aws_iam_policy_document",
    "data_aws_region",
    "data_aws_route53_zone",
    "data_aws_ssm_parameter",
    "iam_role",
    "iam_role_policy",
    "iam_role_policy_attachment",
    "implements",
    "kms_key",
    "lambda_function",
    "lambda_permission",
    "provider",
    "route53_record",
    "sns_topic",
    "sns_topic_subscription",
    "synth",
]
