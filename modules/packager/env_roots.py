"""A ready root configuration per environment: `dist/envs/<env>/main.tf`.

Provider (region, the pinned account, the assumed role), backend or `cloud` block and provider pin are copied from
the environment's synthesized `cdk.tf.json` (so the export deploys to the same account and state with the same
default tags); the module call passes that environment's inputs, from
`interface.json`; `moved` blocks carry state written by the cdktf stack under the module call (the renaming of
`differences.exported_address`); outputs pass the module's through.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from modules.hcl_literal import literal
from modules.packager.differences import exported_address, module_label
from modules.packager.module import REQUIRED_TERRAFORM
from modules.packager.render import render
from modules.synth_output.interface import OutputSpec, VariableSpec
from modules.synth_output.model import StackDocument

#: The registry namespace Terraform assumes for a provider source without one.
DEFAULT_NAMESPACE = "hashicorp"


def write_env_root(
    destination: Path,
    *,
    environment: str,
    stack: StackDocument,
    inputs: dict[str, Any],
    variables: tuple[VariableSpec, ...],
    module_source: str,
    project: str,
    outputs: tuple[OutputSpec, ...],
    counted: tuple[str, ...] = (),
) -> None:
    """Write `destination/main.tf` for `environment` (unformatted: the caller runs fmt).

    The module call sets only what differs from the module's defaults (`without_defaults`), like
    environments.toml; Terraform fills in the rest from the `optional()` defaults. A sensitive variable of the
    module (the identity providers' client secrets) is a sensitive variable of the root too, passed through: its
    value comes from `TF_VAR_<name>` or a `-var-file`, never from the config.
    """
    terraform = stack.terraform
    providers = {
        name: {**requirement, "source": provider_source(str(requirement.get("source", name)))}
        for name, requirement in terraform.get("required_providers", {}).items()
    }
    text = render(
        "env_root.tf.j2",
        environment=environment,
        project=project,
        required_version=REQUIRED_TERRAFORM,
        required_providers=providers,
        backends=terraform.get("backend", {}),
        cloud=cloud_body(stack.cloud, "    ") if stack.cloud else [],
        provider_blocks=[
            (name, block_body(config, "  "))
            for name in stack.raw.get("provider", {})
            for config in stack.providers(name)
        ],
        label=module_label(project),
        source=module_source,
        inputs=[
            *((name, literal(value, "  ")) for name, value in without_defaults(inputs, variables).items()),
            *((v.name, f"var.{v.name}") for v in variables if v.sensitive),
        ],
        sensitive=[v for v in variables if v.sensitive],
        moved=[
            (block.address, exported_address(block.address, project, counted=block.address in counted))
            for block in sorted(stack.resources, key=lambda block: (block.type, block.name))
        ],
        outputs=outputs,
    )
    destination.mkdir(parents=True)
    (destination / "main.tf").write_text(text, encoding="utf-8")


def provider_source(source: str) -> str:
    """cdktf's short source (`aws`) as the registry address Terraform expands it to (`hashicorp/aws`)."""
    return source if "/" in source else f"{DEFAULT_NAMESPACE}/{source}"


def block_body(config: Mapping[str, Any], indent: str) -> list[str]:
    """Lines of a block body from cdktf JSON: a list of objects is nested blocks, anything else an attribute."""
    lines: list[str] = []
    for key, value in config.items():
        if key == "//":
            continue
        if isinstance(value, list) and value and all(isinstance(item, Mapping) for item in value):
            for item in value:
                lines += [f"{indent}{key} {{", *block_body(item, indent + "  "), f"{indent}}}"]
        else:
            lines.append(f"{indent}{key} = {literal(value, indent)}")
    return lines


def cloud_body(cloud: Mapping[str, Any], indent: str) -> list[str]:
    """The `cloud` block's body: its `workspaces` is a nested block in HCL (an object in cdktf's JSON)."""
    workspaces = cloud.get("workspaces")
    nested = {**cloud, "workspaces": [workspaces]} if isinstance(workspaces, Mapping) else cloud
    return block_body(nested, indent)


def without_defaults(inputs: dict[str, Any], variables: tuple[VariableSpec, ...]) -> dict[str, Any]:
    """`inputs` minus what equals the variables' defaults: whole variables, and attributes inside objects."""
    result: dict[str, Any] = {}
    for variable in variables:
        name = variable.name
        if variable.sensitive:
            continue
        value = inputs[name]
        defaults = variable.attribute_defaults
        if isinstance(value, dict) and isinstance(defaults, dict):
            value = _prune(value, defaults)
            if not value and variable.default == {}:
                continue
        elif not variable.required and value == variable.default:
            continue
        result[name] = value
    return result


def _prune(value: dict[str, Any], defaults: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, item in value.items():
        if key in defaults:
            default = defaults[key]
            if isinstance(default, dict) and isinstance(item, dict):
                item = _prune(item, default)
                if not item:
                    continue
            elif item == default:
                continue
        result[key] = item
    return result
