"""What may differ between the engines' `cdk.tf.json` for the same config: exactly these paths, nothing else.

Used by the snapshot test (the snapshots are the default engine's output) and the cross-engine tests.
"""

from __future__ import annotations

import copy
from typing import Any

from modules.engine.selection import Engine, provider_version

#: Path in cdk.tf.json → why it differs between cdktf and cdktn.
DIFFERENCES: dict[tuple[str, ...], str] = {
    ("//", "metadata", "version"): "the engine's own version",
    ("terraform", "required_providers", "aws", "version"): "the hashicorp/aws version the engine's bindings pin",
    ("terraform", "required_providers", "aws", "source"): "cdktf writes the short `aws`, cdktn `hashicorp/aws`",
}
#: The provider source each engine writes (the same provider: Terraform expands `aws` to `hashicorp/aws`).
PROVIDER_SOURCES = {"cdktf": "aws", "cdktn": "hashicorp/aws"}


def expected(engine: Engine) -> dict[tuple[str, ...], str]:
    """The values at the listed paths in a stack that `engine` (installed in this Python) synthesizes."""
    version, provider, source = DIFFERENCES
    return {version: engine.version(), provider: provider_version(engine), source: PROVIDER_SOURCES[engine.name]}


def split(document: dict[str, Any]) -> tuple[dict[str, Any], dict[tuple[str, ...], Any]]:
    """The document without the listed paths, and the values it has at them."""
    rest = copy.deepcopy(document)
    found = {}
    for path in DIFFERENCES:
        *parents, key = path
        node = rest
        for parent in parents:
            node = node[parent]
        found[path] = node.pop(key)
    return rest, found
