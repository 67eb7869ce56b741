"""Lazy provider loading (modules/engine.py, modules/lazy_provider.js) changes nothing but the cost."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from modules import engine
from tests.conftest import ROOT, run_main

NODE = ROOT / "node_modules" / "node" / "bin" / "node"
LAZY_PROVIDER_JS = ROOT / "modules" / "lazy_provider.js"
#: The ordinary way on both sides: the provider package imported before `modules` can set anything up, and
#: jsii's Node started without the lazy index hook.
EAGER_IMPORT = "import cdktf_cdktf_provider_aws"
EAGER_ENV = {"NODE_OPTIONS": "", "JSII_NODE": str(NODE)}


def _files(outdir: Path) -> dict[str, bytes]:
    return {str(p.relative_to(outdir)): p.read_bytes() for p in sorted(outdir.rglob("*")) if p.is_file()}


def test_lazy_synth_is_byte_identical_to_an_eager_one(tmp_path: Path, synth_dir: Path) -> None:
    eager = tmp_path / "eager"
    result = run_main(eager, prelude=EAGER_IMPORT, extra_env=EAGER_ENV)
    assert result.returncode == 0, result.stderr
    assert _files(eager) == _files(synth_dir)


def _loaded_submodules(code: str) -> int:
    probe = f"{code}\nimport sys\nprint(sum(m.startswith('cdktf_cdktf_provider_aws.') for m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=300, check=True,
        env={**os.environ, **EAGER_ENV},
    )  # fmt: skip
    return int(result.stdout.strip().splitlines()[-1])


def test_only_the_used_python_modules_are_loaded() -> None:
    lazy = _loaded_submodules("import modules.engine")
    eager = _loaded_submodules(EAGER_IMPORT)
    used = [name for name in engine.__all__ if name.islower()]
    assert lazy == 2 * (len(used) + 1)  # each used module and its `_private`, plus `_jsii` and its `_private`
    assert eager > 2000


def _fake_provider(root: Path, index: str) -> Path:
    """A package shaped like @cdktf/provider-aws: lib/index.js requiring one module per namespace."""
    lib = root / "node_modules" / "@cdktf" / "provider-aws" / "lib"
    for name in ("cognito-user-pool", "vpc"):
        (lib / name).mkdir(parents=True)
        (lib / name / "index.js").write_text(f'globalThis.loaded = [...(globalThis.loaded || []), "{name}"];\n')
    (lib / "index.js").write_text(index)
    return lib.parent


def _node(script: str, package: Path, hook: bool = True) -> str:
    options = [f"--require={LAZY_PROVIDER_JS}"] if hook else []
    result = subprocess.run(
        [str(NODE), *options, "-e", script, str(package)], capture_output=True, text=True, timeout=60, check=True,
        env={**os.environ, "NODE_OPTIONS": ""},
    )  # fmt: skip
    return result.stdout.strip()


PROBE = (
    "const p = require(process.argv[1]); const before = (globalThis.loaded || []).join(',');"
    "const keys = Object.keys(p).join(','); p.cognitoUserPool;"
    "console.log(`${before}|${keys}|${globalThis.loaded.join(',')}`)"
)
INDEX = (
    '"use strict";\nObject.defineProperty(exports, "__esModule", { value: true });\n'
    'exports.cognitoUserPool = require("./cognito-user-pool");\nexports.vpc = require("./vpc");\n'
)


def test_node_hook_requires_a_namespace_only_when_it_is_read(tmp_path: Path) -> None:
    package = _fake_provider(tmp_path, INDEX)
    (package / "package.json").write_text('{"name": "@cdktf/provider-aws", "main": "lib/index.js"}')
    assert _node(PROBE, package) == "|cognitoUserPool,vpc|cognito-user-pool"
    assert _node(PROBE, package, hook=False) == "cognito-user-pool,vpc|cognitoUserPool,vpc|cognito-user-pool,vpc"


def test_node_hook_steps_aside_for_an_index_of_another_shape(tmp_path: Path) -> None:
    package = _fake_provider(tmp_path, INDEX.replace("exports.vpc = require", "module.exports.vpc = require"))
    (package / "package.json").write_text('{"name": "@cdktf/provider-aws", "main": "lib/index.js"}')
    assert _node(PROBE, package) == "cognito-user-pool,vpc|cognitoUserPool,vpc|cognito-user-pool,vpc"
