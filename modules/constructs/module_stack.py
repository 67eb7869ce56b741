"""The module stack: the same constructs as the environment stacks, with Terraform variables for the values.

`ModuleStack` derives one `TerraformVariable` per entry of `module_interface.variables()` and builds an
`EnvironmentConfig` whose environment-specific leaves are references to them (`var.user_pool.mfa`, ...); a
nullable object such as `cors` becomes a `DynamicObject` (`dynamic` block over `var.cors[*]`). Structural
settings (routes, the Lambda source) come from the first environment: the packager checks that every
environment agrees on them.

`synthesize_module` writes what the packager reads into `cdktf.out/module/`: `cdk.tf` (cdktf's HCL rendering,
blocks and attributes from the provider schema), `cdk.tf.json` (the same stack as data, for the architecture
graph), the `assets/` they reference and `interface.json` (inputs fingerprint, variables with
types/defaults/validations, outputs, and each environment's module inputs and structural settings). Provider
and backend of each environment stay in its own `cdk.tf.json`.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import typing
from pathlib import Path
from typing import Any

from cdktf import App, Fn, LocalBackend, TerraformAsset, TerraformOutput, TerraformStack, TerraformVariable, Token
from cdktf import TerraformVariableValidationConfig as ValidationConfig
from constructs import Construct

from modules.aws_provider import provider
from modules.config.model import EnvironmentConfig, ProjectConfig
from modules.constructs import module_interface
from modules.constructs.module_interface import Variable
from modules.constructs.stacks import OUTPUTS, CognitoHttpApi
from modules.constructs.values import DynamicObject, Expression
from modules.synth_layout import HCL_FILE, INTERFACE_FILE, JSON_FILE

MODULE_STACK = "module"


class ModuleStack(TerraformStack):
    """The architecture as a reusable module: variables in, `CognitoHttpApi`, outputs out.

    cdktf insists on a provider (and adds a backend) in every stack; both are placeholders that the packager
    leaves out of the exported module.
    """

    def __init__(self, scope: Construct, project: ProjectConfig, *, project_dir: Path, build_dir: Path) -> None:
        super().__init__(scope, MODULE_STACK)
        provider.AwsProvider(self, "aws")
        LocalBackend(self, path=f"terraform.{MODULE_STACK}.tfstate")
        base = project.environments[0]
        values: dict[str, Any] = {}
        for variable in module_interface.variables():
            terraform_variable = TerraformVariable(
                self,
                variable.name,
                type=variable.type,
                description=variable.description,
                default=_default(variable),
                nullable=variable.nullable,
                validation=[ValidationConfig(condition=f"${{{v.condition}}}", error_message=v.error_message)
                            for v in variable.validations],
            )  # fmt: skip
            values[variable.field] = _reference(
                variable.hint,
                terraform_variable.value,
                variable.field,
                f"var.{variable.name}",
                getattr(base, variable.field),
            )
        config = dataclasses.replace(base, **values)
        self.app = CognitoHttpApi(self, "app", config=config, project_dir=project_dir, build_dir=build_dir)
        for name, value in self.app.outputs().items():
            TerraformOutput(self, name, value=value, description=OUTPUTS[name])


def _default(variable: Variable) -> Any:
    """The default for cdktf. cdktf's HCL rendering cannot write `default = null` (it crashes) and drops falsy
    defaults, so the packager writes `variables.tf` from `interface.json`, not from these blocks."""
    return None if variable.required else variable.default


def _reference(hint: Any, target: Any, field: str, expression: str, base: Any) -> Any:
    """The config value of the field at dotted path `field`: a token referencing `target` (a variable or an
    attribute of it), `base` (the first environment's value) where the field is structural.

    `expression` is the same place as Terraform text (`var.cors`), for the `dynamic` block of a nullable object.
    """
    inner, nullable = module_interface.unwrap_optional(hint)
    if dataclasses.is_dataclass(inner):
        if nullable:
            iterator = field.rsplit(".", 1)[-1]
            value = _object(inner, Expression(f"{iterator}.value"), field, f"{iterator}.value", base)
            return DynamicObject(value=value, for_each=f"{expression}[*]", iterator=iterator)
        return _object(inner, target, field, expression, base)
    if typing.get_origin(inner) is tuple:
        item = typing.get_args(inner)[0]
        return Token.as_number_list(target) if item in (int, float) else Token.as_list(target)
    if inner in (int, float):
        return Token.as_number(target)
    if inner is str:
        return Token.as_string(target)
    return Token.as_any(target)


def _object(cls: Any, target: Any, field: str, expression: str, base: Any) -> Any:
    """An instance of config dataclass `cls` whose non-structural fields reference attributes of `target`."""
    hints = typing.get_type_hints(cls)
    values = {}
    for child in dataclasses.fields(cls):
        path = f"{field}.{child.name}"
        base_value = getattr(base, child.name, None)
        if module_interface.structural(path):
            values[child.name] = base_value
        else:
            attribute = Fn.lookup_nested(target, [child.name])
            values[child.name] = _reference(
                hints[child.name], attribute, path, f"{expression}.{child.name}", base_value
            )
    return cls(**values)


def synthesize_module(
    project: ProjectConfig, project_dir: Path, build_dir: Path, destination: Path, *, fingerprint: str
) -> None:
    """Build the module stack in its own cdktf App and write `cdk.tf`, `cdk.tf.json`, `assets/`, `interface.json`.

    The App is not synthesized: the stack is rendered as HCL and as JSON (about 0.07 s each, measured on the
    2-core machine), and its file assets are copied to the paths both reference.
    """
    app = App(outdir=str(build_dir / "module-app"), stack_traces=False)
    lambda_build = build_dir / "module-lambda"
    stack = ModuleStack(app, project, project_dir=project_dir, build_dir=lambda_build)
    # No prepare_stack(): it resolves everything once more for cross-stack references; the module has none.
    destination.mkdir(parents=True)
    (destination / HCL_FILE).write_text(str(stack.to_hcl_terraform()["hcl"]), encoding="utf-8")
    (destination / JSON_FILE).write_text(json.dumps(stack.to_terraform(), indent=2) + "\n", encoding="utf-8")
    for asset in (node for node in stack.node.find_all() if isinstance(node, TerraformAsset)):
        built = sorted(lambda_build.rglob(asset.file_name))
        if len(built) != 1:
            raise RuntimeError(f"module asset {asset.path}: expected one {asset.file_name} in {lambda_build}")
        (destination / asset.path).parent.mkdir(parents=True)
        shutil.copyfile(built[0], destination / asset.path)
    interface = _interface(project, fingerprint)
    (destination / INTERFACE_FILE).write_text(json.dumps(interface, indent=2, sort_keys=False) + "\n", encoding="utf-8")


def _interface(project: ProjectConfig, fingerprint: str) -> dict[str, Any]:
    return {
        "fingerprint": fingerprint,
        "project": project.name,
        "version": project.version,
        "variables": [
            {
                "name": v.name,
                "type": v.short_type,
                "type_detail": v.type,
                "description": v.description,
                "required": v.required,
                "default": None if v.required else v.default,
                "nullable": v.nullable,
                "attribute_defaults": v.attribute_defaults,
                "validations": [dataclasses.asdict(check) for check in v.validations],
            }
            for v in module_interface.variables()
        ],
        "outputs": [{"name": name, "description": description} for name, description in OUTPUTS.items()],
        "environments": {env.name: _environment(env) for env in project.environments},
    }


def _environment(env: EnvironmentConfig) -> dict[str, Any]:
    return {"inputs": module_interface.module_inputs(env), "structure": module_interface.structure(env)}
