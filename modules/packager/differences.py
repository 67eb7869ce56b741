"""The one place that lists how the exported Terraform differs from the synthesized environment stacks.

Everything else is equal by meaning: `tests/packager/test_differences.py` evaluates the exported module with an
environment's inputs, adds its env root, and asserts that the differences from that environment's `cdk.tf.json`
are exactly these (same paths, same exported values). The README lists them too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: The exported value of a path that the export leaves out.
ABSENT = "(absent)"
#: cdktf's short provider source `aws` and the registry address Terraform expands it to.
PROVIDER_SOURCE = "hashicorp/aws"
#: Stands for any name in a `Difference` path (each function's zip differs the same way).
ANY_NAME = "*"


def function_zip(name: str) -> str:
    """Where the zip of the function whose resources are named `name` lives inside the module."""
    return f"{name}.zip"


@dataclass(frozen=True)
class Difference:
    """At `path` in an environment's `cdk.tf.json`, the export has `exported` instead, because of `reason`.

    A path may name any resource with `ANY_NAME`; `exported` then may hold `{name}` for that resource's name.
    """

    path: tuple[str, ...]
    exported: Any
    reason: str

    def at(self, stack: dict[str, Any]) -> dict[tuple[str, ...], Any]:
        """This difference at every path of `stack` it applies to, with its exported value there. A path where
        the stack already holds the exported value differs in nothing (cdktn writes `hashicorp/aws` itself)."""
        if ANY_NAME not in self.path:
            paths = {self.path: self.exported}
        else:
            index = self.path.index(ANY_NAME)
            paths = {
                (*self.path[:index], name, *self.path[index + 1 :]): str(self.exported).format(name=name)
                for name in sorted(_lookup(stack, self.path[:index]) or {})
            }
        return {path: exported for path, exported in paths.items() if _lookup(stack, path) != exported}


def _lookup(tree: Any, path: tuple[str, ...]) -> Any:
    """The value at `path` in nested dicts, or None."""
    for part in path:
        tree = tree.get(part) if isinstance(tree, dict) else None
    return tree


DELIBERATE_DIFFERENCES = (
    Difference(("//",), ABSENT, "cdktf's metadata comments (stack name, construct paths) are not exported"),
    Difference(
        ("resource", "aws_lambda_function", ANY_NAME, "filename"),
        "${{path.module}}/" + function_zip("{name}"),
        "each function's zip ships inside the module as <function>.zip; cdktf points at its own asset directory",
    ),
    Difference(
        ("terraform", "required_providers", "aws", "source"),
        PROVIDER_SOURCE,
        "the full registry address of cdktf's short `aws` source (same provider)",
    ),
)
#: What the export adds, per env root: (path, reason).
ADDITIONS = (
    (("terraform", "required_version"), "optional() attributes with defaults need Terraform 1.3"),
    (("moved",), "state of the cdktf stack moves under the module call without replacing anything"),
)


def module_label(project: str) -> str:
    """The `module` block label in env roots and the example: the project name as an identifier."""
    return project.replace("-", "_")


def exported_address(address: str, project: str, *, counted: bool = False) -> str:
    """Where a resource of an environment stack lives in its env root: `aws_x.y` → `module.<label>.aws_x.y`,
    plus `[0]` for a resource the module creates conditionally (`count = <condition> ? 1 : 0`).

    This is the only renaming: resource types and names stay exactly as synthesized.
    """
    return f"module.{module_label(project)}.{address}{'[0]' if counted else ''}"
