"""The pool's groups, and the pre-token-generation trigger that turns a member's groups into access-token scopes."""

from __future__ import annotations

from typing import Any

from modules.config.environment import EnvironmentConfig
from modules.config.functions import FunctionConfig
from modules.constructs.lambda_function import resource_name
from modules.constructs.values import is_unresolved, none_if
from modules.engine.bindings import Construct, Fn, Token, lambda_permission
from modules.engine.bindings import cognito_user_group as group
from modules.engine.bindings import cognito_user_pool as cup
from modules.engine.bindings import lambda_function as fn

#: The trigger's environment: each group's scopes (short names) and the resource server they belong to. The
#: scopes are `<group>=<scope> <scope>;<group>=...`: group names and scopes hold none of `=`, `;` or spaces, and the
#: text needs no quotes, which cdktf leaves unescaped inside a Terraform `merge` of the exported module.
GROUP_SCOPES_VARIABLE = "GROUP_SCOPES"
RESOURCE_SERVER_VARIABLE = "RESOURCE_SERVER"


class UserGroups(Construct):
    """`aws_cognito_user_group.<g>` per `[groups.<name>]` (`<g>`: the name with `-` as `_`), named from its key,
    with its description (left out when '') and precedence."""

    def __init__(self, scope: Construct, id_: str, *, config: EnvironmentConfig, user_pool_id: str) -> None:
        super().__init__(scope, id_)
        for name, settings in config.groups.items():
            resource = group.CognitoUserGroup(
                self,
                name,
                name=name,
                user_pool_id=user_pool_id,
                description=none_if(settings.description, ""),
                precedence=settings.precedence,
            )
            resource.override_logical_id(resource_name(name))


def trigger_environment(config: EnvironmentConfig, function: FunctionConfig) -> FunctionConfig:
    """The trigger function's config with `GROUP_SCOPES` and `RESOURCE_SERVER` added to its variables (a
    Terraform `merge` where its variables are a module variable)."""
    added = {
        GROUP_SCOPES_VARIABLE: ";".join(f"{name}={' '.join(scopes)}" for name, scopes in config.group_scopes.items()),
        RESOURCE_SERVER_VARIABLE: config.project,
    }
    variables = function.environment
    merged: Any = Token.as_string_map(Fn.merge([variables, added])) if is_unresolved(variables) else variables | added
    return function.model_copy(update={"environment": merged})


class PreTokenTrigger(Construct):
    """The pool's `lambda_config.pre_token_generation_config` (the function's ARN, event `V2_0` or `V3_0`) and
    `aws_lambda_permission.<f>_cognito`: `cognito-idp.amazonaws.com` may invoke the function for this pool only
    (`source_arn` = the pool's ARN), as "Pre token generation Lambda trigger" and "Customizing user pool
    workflows with Lambda triggers" (Amazon Cognito Developer Guide) require."""

    def __init__(
        self,
        scope: Construct,
        id_: str,
        *,
        config: EnvironmentConfig,
        pool: cup.CognitoUserPool,
        function: fn.LambdaFunction,
        name: str,
    ) -> None:
        super().__init__(scope, id_)
        pool.put_lambda_config(
            pre_token_generation_config=cup.CognitoUserPoolLambdaConfigPreTokenGenerationConfig(
                lambda_arn=function.arn, lambda_version=config.user_pool.pre_token_version
            )
        )
        permission = lambda_permission.LambdaPermission(
            self,
            "permission",
            statement_id="AllowInvokeFromCognito",
            action="lambda:InvokeFunction",
            function_name=function.function_name,
            principal="cognito-idp.amazonaws.com",
            source_arn=pool.arn,
        )
        permission.override_logical_id(f"{resource_name(name)}_cognito")
