"""The engine seam (modules/engine.py, modules/lazy_provider.js): lazy provider loading on both sides changes
nothing but the cost, on whichever engine this virtualenv runs (cdktf or cdktn)."""

from __future__ import annotations

import ast
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

from modules.engines import chosen_engine
from tests.conftest import ROOT, run_main

ENGINE = chosen_engine()
PACKAGE = ENGINE.provider_package
LAZY_PROVIDER_JS = ROOT / "modules" / "lazy_provider.js"
#: The ordinary way on both sides: the provider package imported before `modules` can set anything up, and
#: jsii's Node started without the lazy index hook.
EAGER_IMPORT = f"import {PACKAGE}"
EAGER_ENV = {"NODE_OPTIONS": "", "JSII_NODE": str(ENGINE.node)}


def _files(outdir: Path) -> dict[str, bytes]:
    return {str(p.relative_to(outdir)): p.read_bytes() for p in sorted(outdir.rglob("*")) if p.is_file()}


def test_lazy_synth_is_byte_identical_to_an_eager_one(tmp_path: Path) -> None:
    lazy = run_main(tmp_path / "lazy")
    assert lazy.returncode == 0, lazy.stderr
    eager = run_main(tmp_path / "eager", prelude=EAGER_IMPORT, extra_env=EAGER_ENV)
    assert eager.returncode == 0, eager.stderr
    assert _files(tmp_path / "eager") == _files(tmp_path / "lazy")


def _provider_modules(code: str) -> tuple[set[str], set[str]]:
    """After `code`: the provider's namespace modules (`<package>.<name>`, not `_jsii` and other private ones) in
    sys.modules, and those modules.engine exposes (when `code` imported it)."""
    probe = (
        f"{code}\nimport json, sys, types\n"
        f"loaded = sorted(m for m in sys.modules if m.startswith('{PACKAGE}.') and m.count('.') == 1 "
        "and not m.rpartition('.')[2].startswith('_'))\n"
        "engine = vars(sys.modules.get('modules.engine', types))\n"
        "used = sorted(v.__name__ for v in engine.values() if isinstance(v, types.ModuleType) "
        f"and v.__name__.startswith('{PACKAGE}.'))\n"
        "print(json.dumps([loaded, used]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=300, check=True,
        env={**os.environ, **EAGER_ENV},
    )  # fmt: skip
    loaded, used = json.loads(result.stdout.strip().splitlines()[-1])
    return set(loaded), set(used)


def _imported_by_the_package_init() -> int:
    """How many submodules the provider package's own `__init__` imports when it runs, read from its source: its
    module-level `from . import x` (cdktf: every namespace; cdktn: none, it imports one on first access)."""
    spec = importlib.util.find_spec(PACKAGE)
    assert spec is not None
    assert spec.origin is not None
    tree = ast.parse(Path(spec.origin).read_text(encoding="utf-8"))
    imports = [node for node in tree.body if isinstance(node, ast.ImportFrom) and node.level == 1]
    return sum(len(node.names) for node in imports if node.module is None)


def test_only_the_used_python_modules_are_loaded() -> None:
    lazy, used = _provider_modules("import modules.engine")
    assert f"{PACKAGE}.provider" in used
    assert lazy == used
    eager, _ = _provider_modules(EAGER_IMPORT)
    assert len(eager) == _imported_by_the_package_init()


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
        [str(ENGINE.node), *options, "-e", script, str(package)], capture_output=True, text=True, timeout=60,
        check=True, env={**os.environ, "NODE_OPTIONS": ""},
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
