"""The module stack: the same constructs as the environment stacks, with Terraform variables for the values.

`ModuleStack` derives one `TerraformVariable` per entry of `module_interface.variables()` and builds an
`EnvironmentConfig` whose environment-specific leaves are references to them (`var.user_pool.mfa`,
`var.functions.reports.memory_mb`, ...); a nullable object such as `cors` or `domain` becomes a `DynamicObject`
(`dynamic` block over `var.cors[*]`, or `count` on `var.domain != null`). Structural settings (routes, the names
of functions and clients, a function's source, runtime and architecture, a client's kind and scopes) come from
the first environment: the packager checks that every environment agrees on them.

`modules/synth/module_output.py` renders it into `cdktf.out/module/`. Provider and backend of each environment
stay in its own `cdk.tf.json`.
"""

from __future__ import annotations

import typing
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from modules.config.environment import ProjectConfig
from modules.constructs.module import fields as module_fields
from modules.constructs.module import interface as module_interface
from modules.constructs.module.interface import Variable
from modules.constructs.stacks import OUTPUTS, CognitoHttpApi
from modules.constructs.values import DynamicObject, Expression
from modules.engine.bindings import (
    Construct,
    Fn,
    LocalBackend,
    TerraformOutput,
    TerraformStack,
    TerraformVariable,
    Token,
    provider,
)
from modules.engine.bindings import TerraformVariableValidationConfig as ValidationConfig

MODULE_STACK = "module"


class ModuleStack(TerraformStack):
    """The architecture as a reusable module: variables in, `CognitoHttpApi`, outputs out.

    cdktf insists on a provider (and adds a backend) in every stack; both are placeholders that the packager
    leaves out of the exported module. `bundles` are the first environment's function zips.
    """

    def __init__(self, scope: Construct, project: ProjectConfig, *, bundles: Mapping[str, Path]) -> None:
        super().__init__(scope, MODULE_STACK)
        provider.AwsProvider(self, "aws")
        LocalBackend(self, path=f"terraform.{MODULE_STACK}.tfstate")
        base = project.environments[0]
        values: dict[str, Any] = {}
        client_secrets = None
        for variable in module_interface.variables(base):
            terraform_variable = TerraformVariable(
                self,
                variable.name,
                type=variable.type,
                description=variable.description,
                default=_default(variable),
                nullable=variable.nullable,
                sensitive=variable.sensitive or None,
                validation=[ValidationConfig(condition=f"${{{v.condition}}}", error_message=v.error_message)
                            for v in variable.validations],
            )  # fmt: skip
            if variable.name == module_interface.CLIENT_SECRETS:
                client_secrets = terraform_variable.value
                continue
            values[variable.field] = _reference(
                variable.hint,
                terraform_variable.value,
                variable.field,
                f"var.{variable.name}",
                getattr(base, variable.field),
            )
        config = base.model_copy(update=values)
        self.app = CognitoHttpApi(self, "app", config=config, bundles=bundles, client_secrets=client_secrets)
        for name, value in self.app.outputs().items():
            TerraformOutput(self, name, value=value, description=OUTPUTS[name])


def _default(variable: Variable) -> Any:
    """The default for cdktf. cdktf's HCL rendering cannot write `default = null` (it crashes) and drops falsy
    defaults, so the packager writes `variables.tf` from `interface.json`, not from these blocks."""
    return None if variable.required else variable.default


def _reference(hint: Any, target: Any, field: str, expression: str, base: Any) -> Any:
    """The config value of the field at dotted path `field`: a token referencing `target` (a variable or an
    attribute of it), `base` (the first environment's value) where the field is structural.

    `expression` is the same place as Terraform text (`var.cors`): a nullable object becomes a `DynamicObject`,
    whose fields reference `<iterator>.value.<field>` in a `dynamic` block and `<expression>.<field>` elsewhere.
    """
    inner, nullable = module_fields.unwrap(hint)
    model = module_fields.named_table(inner)
    if model is not None:
        return {
            name: _object(model, Fn.lookup_nested(target, [name]), f"{field}.{name}", f"{expression}.{name}", item)
            for name, item in base.items()
        }
    if isinstance(inner, type) and issubclass(inner, BaseModel):
        if nullable:
            iterator = field.rsplit(".", 1)[-1]
            in_block = _object(inner, Expression(f"{iterator}.value"), field, f"{iterator}.value", base)
            direct = _object(inner, target, field, expression, base)
            return DynamicObject(
                value=in_block, direct=direct, reference=expression, iterator=iterator, variable=target
            )
        return _object(inner, target, field, expression, base)
    origin = typing.get_origin(inner)
    if origin is tuple:
        item = typing.get_args(inner)[0]
        return Token.as_number_list(target) if item in (int, float) else Token.as_list(target)
    if origin is dict:
        return Token.as_string_map(target)
    if inner in (int, float):
        return Token.as_number(target)
    if inner is str:
        return Token.as_string(target)
    return Token.as_any(target)


def _object(model: type[BaseModel], target: Any, field: str, expression: str, base: Any) -> Any:
    """An instance of config model `model` whose non-structural fields reference attributes of `target`
    (validation is skipped: the values are Terraform tokens)."""
    values = {}
    for name, info in model.model_fields.items():
        path = f"{field}.{name}"
        base_value = getattr(base, name, None)
        if module_fields.structural(module_fields.pattern(path)):
            values[name] = base_value
        else:
            attribute = Fn.lookup_nested(target, [name])
            values[name] = _reference(info.annotation, attribute, path, f"{expression}.{name}", base_value)
    return model.model_construct(**values)
