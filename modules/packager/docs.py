"""The module's README.md (jinja2) and its usage example, `examples/complete/main.tf`.

The README's usage section is the example file itself, read back after `terraform fmt`: the text users copy
is the configuration the tests load with Terraform.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from modules.hcl_literal import literal
from modules.packager.differences import ADDITIONS, DELIBERATE_DIFFERENCES, PROVIDER_SOURCE, module_label
from modules.packager.module import REQUIRED_TERRAFORM, ModuleFacts, variable_table
from modules.packager.render import render
from modules.synth_output.interface import Interface, OutputSpec

EXAMPLE_DIR = Path("examples") / "complete"
#: The environment name the example deploys, so that it never collides with a real environment.
EXAMPLE_ENVIRONMENT = "example"
#: The module source in the example: the module directory, two levels up.
EXAMPLE_SOURCE = "../.."


def write_example(
    module_dir: Path,
    *,
    project: str,
    region: str,
    inputs: dict[str, Any],
    facts: ModuleFacts,
    outputs: tuple[OutputSpec, ...],
) -> Path:
    """Write `examples/complete/main.tf`: every input set (from one environment), provider configured."""
    values = {**inputs, "environment": EXAMPLE_ENVIRONMENT}
    text = render(
        "example.tf.j2",
        required_version=REQUIRED_TERRAFORM,
        source=PROVIDER_SOURCE,
        version=facts.provider_constraint,
        region=region,
        label=module_label(project),
        module_source=EXAMPLE_SOURCE,
        inputs=[(name, literal(value, "  ")) for name, value in values.items()],
        outputs=outputs,
    )
    path = module_dir / EXAMPLE_DIR / "main.tf"
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    return path


def write_readme(
    module_dir: Path,
    *,
    title: str,
    interface: Interface,
    facts: ModuleFacts,
    environments: list[str],
    env_root_source: str,
    diagram: str,
    diagram_file: str,
) -> None:
    """Write README.md: what the module builds, its architecture (Mermaid `diagram`, the same picture in
    `diagram_file`), usage (the formatted example), inputs, outputs, differences."""
    first = next(iter(interface.environments.values()))
    text = render(
        "README.md.j2",
        title=title,
        project=interface.project,
        routes=first.structure["routes"],
        functions=first.structure["functions"],
        clients=first.structure["clients"],
        resources=facts.resources,
        data_sources=facts.data_sources,
        usage=(module_dir / EXAMPLE_DIR / "main.tf").read_text(encoding="utf-8"),
        example_dir=EXAMPLE_DIR.as_posix(),
        required_version=REQUIRED_TERRAFORM,
        provider_source=PROVIDER_SOURCE,
        provider_constraint=facts.provider_constraint,
        variables=variable_table(module_dir, interface.variables),
        outputs=interface.outputs,
        environments=environments,
        env_root_source=env_root_source,
        label=module_label(interface.project),
        differences=DELIBERATE_DIFFERENCES,
        counted=facts.counted,
        additions=ADDITIONS,
        diagram=diagram,
        diagram_file=diagram_file,
    )
    (module_dir / "README.md").write_text(text, encoding="utf-8")


def usage_block(readme: str) -> str:
    """The HCL of the README's usage section (the first ```hcl fence)."""
    return _fenced(readme, "hcl")


def diagram_block(readme: str) -> str:
    """The Mermaid text of the README's architecture section (the first ```mermaid fence)."""
    return _fenced(readme, "mermaid")


def _fenced(readme: str, language: str) -> str:
    start = readme.index(f"```{language}\n") + len(f"```{language}\n")
    return readme[start : readme.index("```\n", start)]
