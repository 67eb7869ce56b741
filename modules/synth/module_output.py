"""The exported module's stack, rendered into `cdktf.out/module/` for the packager and the graph to read:
`cdk.tf` (cdktf's HCL rendering, blocks and attributes from the provider schema), `cdk.tf.json` (the same stack
as data), the `assets/` they reference and `interface.json` (`modules/synth_output/interface.py`)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Mapping
from pathlib import Path

from modules.config.environment import ProjectConfig
from modules.constructs.lambda_function import LambdaFunction
from modules.constructs.module import interface as module_interface
from modules.constructs.module.stack import ModuleStack
from modules.constructs.stacks import OUTPUTS
from modules.engine.bindings import App
from modules.synth_output.interface import (
    EnvironmentValues,
    Interface,
    OutputSpec,
    VariableSpec,
    VariableValidation,
)
from modules.synth_output.layout import HCL_FILE, INTERFACE_FILE, JSON_FILE


def synthesize_module(
    project: ProjectConfig,
    bundles: Mapping[str, Mapping[str, Path]],
    build_dir: Path,
    destination: Path,
    *,
    fingerprint: str,
) -> None:
    """Build the module stack in its own cdktf App and write `cdk.tf`, `cdk.tf.json`, `assets/`, `interface.json`.

    The App is not synthesized: the stack is rendered as HCL and as JSON (about 0.07 s each, measured on the
    2-core machine), and its file assets are copied to the paths both reference.
    """
    app = App(outdir=str(build_dir / "module-app"), stack_traces=False)
    stack = ModuleStack(app, project, bundles=bundles[project.environments[0].name])
    # No prepare_stack(): it resolves everything once more for cross-stack references; the module has none.
    destination.mkdir(parents=True)
    (destination / HCL_FILE).write_text(str(stack.to_hcl_terraform()["hcl"]), encoding="utf-8")
    (destination / JSON_FILE).write_text(json.dumps(stack.to_terraform(), indent=2) + "\n", encoding="utf-8")
    for function in (node for node in stack.node.find_all() if isinstance(node, LambdaFunction)):
        (destination / function.asset.path).parent.mkdir(parents=True)
        shutil.copyfile(function.zip_path, destination / function.asset.path)
    (destination / INTERFACE_FILE).write_text(interface(project, fingerprint).to_json(), encoding="utf-8")


def interface(project: ProjectConfig, fingerprint: str) -> Interface:
    """The module's interface: variables derived from the config models, outputs, each environment's values."""
    base = project.environments[0]
    return Interface(
        fingerprint=fingerprint,
        project=project.name,
        version=project.version,
        variables=tuple(
            VariableSpec(
                name=v.name,
                type=v.short_type,
                type_detail=v.type,
                description=v.description,
                required=v.required,
                default=None if v.required else v.default,
                nullable=v.nullable,
                attribute_defaults=v.attribute_defaults,
                validations=tuple(
                    VariableValidation(condition=c.condition, error_message=c.error_message) for c in v.validations
                ),
                sensitive=v.sensitive,
            )
            for v in module_interface.variables(base)
        ),
        outputs=tuple(OutputSpec(name=name, description=description) for name, description in OUTPUTS.items()),
        environments={
            env.name: EnvironmentValues(
                inputs=module_interface.module_inputs(env, base), structure=module_interface.structure(env)
            )
            for env in project.environments
        },
    )
