"""The CDK engines this project synthesizes with, and which one this process uses. Pure Python: no jsii starts.

- `cdktf` 0.21 with `cdktf-cdktf-provider-aws`: the default engine (archived upstream).
- `cdktn` (CDK Terrain, the maintained successor) with `cdktn-provider-aws`: same module and class names.

Each engine has its own virtualenv (its Pipfile category) and its own npm prefix pinning Node 24 and its CLI:
`.venv` and the project root for the default engine, `.venv-<name>` and `engines/<name>/` for another (the
Makefile follows the same rule). The engine is `$ENGINE` when set, else the one installed in this virtualenv.
`modules/engine/bindings.py` prepares the Node process it runs in, then imports it.

Version-specific values are read from the installed packages, never written down: the engine's version (the
`//` metadata of every stack) and the Terraform provider version its AWS bindings pin.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import os
import tarfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from modules.paths import PROJECT_DIR

DEFAULT_ENGINE = "cdktf"
LAZY_PROVIDER_JS = Path(__file__).with_name("lazy_provider.js")
#: The one Node warning a cdktf 0.21 synth prints on Node 22+ (see `prepare_node`).
NODE_DEPRECATION_SILENCED = "--disable-warning=DEP0044"


@dataclass(frozen=True)
class Engine:
    """One engine: its core package (also the name of its CLI) and the package of its AWS provider bindings."""

    name: str
    provider_package: str

    @property
    def venv(self) -> Path:
        """The engine's own virtualenv."""
        return PROJECT_DIR / (".venv" if self.name == DEFAULT_ENGINE else f".venv-{self.name}")

    @property
    def npm_prefix(self) -> Path:
        """The directory whose package.json pins the engine's Node and CLI."""
        return PROJECT_DIR if self.name == DEFAULT_ENGINE else PROJECT_DIR / "engines" / self.name

    @property
    def node(self) -> Path:
        """The pinned Node (npm package `node`), on which jsii runs."""
        return self.npm_prefix / "node_modules" / "node" / "bin" / "node"

    @property
    def cli(self) -> Path:
        """The pinned CLI (`cdktf` or `cdktn`)."""
        return self.npm_prefix / "node_modules" / ".bin" / self.name

    def version(self) -> str:
        """The installed engine's version: the `//` metadata version of every synthesized stack."""
        return importlib.metadata.version(self.name)


def jsii_assembly(python_package: str) -> Path:
    """The npm package tarball a jsii-generated Python package ships (`<package>/_jsii/*.jsii.tgz`), found
    without importing the package."""
    spec = importlib.util.find_spec(python_package)
    if spec is None or spec.origin is None:
        raise ImportError(f"{python_package} is not installed: run `make setup ENGINE=...` for its engine")
    (assembly,) = (Path(spec.origin).parent / "_jsii").glob("*.jsii.tgz")
    return assembly


@cache
def provider_version(engine: Engine) -> str:
    """The hashicorp/aws version the engine's installed bindings pin (`required_providers.aws.version`).

    Read from the `package.json` inside the bindings' jsii assembly (`<engine>.provider.version`), which is about
    half-way through a 37 MB archive: ~1.5 s, once per process.
    """
    assembly = jsii_assembly(engine.provider_package)
    with tarfile.open(assembly) as archive:
        for member in archive:
            if member.name == "package/package.json" and (file := archive.extractfile(member)) is not None:
                return str(json.load(file)[engine.name]["provider"]["version"])
    raise ImportError(f"{assembly} has no package/package.json")


ENGINES = {
    engine.name: engine
    for engine in (Engine("cdktf", "cdktf_cdktf_provider_aws"), Engine("cdktn", "cdktn_provider_aws"))
}


def chosen_engine() -> Engine:
    """`$ENGINE` when set, else the engine installed here (the default one when both or neither are)."""
    name = os.environ.get("ENGINE") or next((n for n in ENGINES if importlib.util.find_spec(n)), DEFAULT_ENGINE)
    if name not in ENGINES:
        raise ImportError(f"ENGINE={name!r}: allowed: {', '.join(ENGINES)}")
    return ENGINES[name]


def prepare_node(engine: Engine) -> None:
    """Set up the Node process jsii starts with the first import of a jsii package (`constructs` included):
    - `JSII_NODE`: the engine's own Node 24 (installed by `make synth`) unless already set, because the
      machine's Node may be end-of-life and jsii prints a banner on it;
    - `NODE_OPTIONS --require modules/engine/lazy_provider.js`: the provider's JavaScript index loads lazily, and
      jsii's exit waits for the runtime index it builds of an assembly (a synth without one takes ~1.5 GB);
    - `NODE_OPTIONS --disable-warning=DEP0044`: cdktf 0.21's `TerraformOutput` calls `util.isArray`, which
      Node 22+ deprecates at run time, so every synth with an output printed a Node `DeprecationWarning` to
      stderr (cdktn no longer calls it). Only that deprecation is silenced, and only on the engine's own Node:
      a Node older than 20.11 refuses the option, so a `JSII_NODE` of the user's choice gets no such flag."""
    options = [f"--require={LAZY_PROVIDER_JS}"]
    if engine.node.exists():
        os.environ.setdefault("JSII_NODE", str(engine.node))
    if os.environ.get("JSII_NODE") == str(engine.node):
        options.append(NODE_DEPRECATION_SILENCED)
    for option in options:
        if option not in os.environ.get("NODE_OPTIONS", ""):
            os.environ["NODE_OPTIONS"] = f"{os.environ.get('NODE_OPTIONS', '')} {option}".strip()
