"""The engine seam (modules/engine/bindings.py and lazy_provider.js): lazy provider loading on both sides changes
nothing but the cost, on whichever engine this virtualenv runs (cdktf or cdktn), and that cost is measured: jsii's
Node stays within `NODE_PEAK_BOUND_MB` in a synth on every installed engine."""

from __future__ import annotations

import ast
import importlib.util
import json
import os
import subprocess
import sys
import tarfile
from collections.abc import Callable
from pathlib import Path

import pytest

from modules.engine.selection import ENGINES, Engine, chosen_engine, jsii_assembly
from modules.tools.bench.report import NODE_PEAK_BOUND_MB, node_peak_env, node_peak_mb
from tests.conftest import MINIMAL_CONFIG, ROOT, run_main

ENGINE = chosen_engine()
PACKAGE = ENGINE.provider_package
LAZY_PROVIDER_JS = ROOT / "modules" / "engine" / "lazy_provider.js"
#: The ordinary way on both sides: the provider package imported before `modules` can set anything up, and
#: jsii's Node started without the lazy index hook.
EAGER_IMPORT = f"import {PACKAGE}"
EAGER_ENV = {"NODE_OPTIONS": "", "JSII_NODE": str(ENGINE.node)}
#: How the hook's lines on stderr start: when it steps aside, or jsii parsed the provider's whole assembly.
STEPPED_ASIDE = "warning: modules/engine/lazy_provider.js: "
NO_RUNTIME_INDEX = f"{STEPPED_ASIDE}jsii had no runtime index of "


def _files(outdir: Path) -> dict[str, bytes]:
    return {str(p.relative_to(outdir)): p.read_bytes() for p in sorted(outdir.rglob("*")) if p.is_file()}


def _loaded_at_exit(record: Path) -> str:
    """Python run first in a process: at exit, it writes the provider's namespace modules then in sys.modules
    (`<package>.<name>`, not `_jsii` and other private ones) to `record`, as JSON."""
    return (
        "import atexit, json, sys\n"
        f"atexit.register(lambda: open({str(record)!r}, 'w').write(json.dumps(sorted(m for m in sys.modules "
        f"if m.startswith('{PACKAGE}.') and m.count('.') == 1 and not m.rpartition('.')[2].startswith('_')))))"
    )


def test_lazy_synth_is_byte_identical_to_an_eager_one_that_loads_every_namespace(tmp_path: Path) -> None:
    lazy = run_main(tmp_path / "lazy")
    assert lazy.returncode == 0, lazy.stderr
    assert STEPPED_ASIDE not in lazy.stderr
    record = tmp_path / "eager-modules.json"
    eager = run_main(tmp_path / "eager", prelude=f"{_loaded_at_exit(record)}\n{EAGER_IMPORT}", extra_env=EAGER_ENV)
    assert eager.returncode == 0, eager.stderr
    assert _files(tmp_path / "eager") == _files(tmp_path / "lazy")
    # The eager side really is the ordinary import: everything the package's `__init__` imports was loaded (cdktf:
    # every namespace; cdktn's `__init__` imports none, and loads the synth's own on first access).
    assert len(json.loads(record.read_text(encoding="utf-8"))) >= _imported_by_the_package_init()


def _provider_modules(code: str) -> tuple[set[str], set[str]]:
    """After `code`: the provider's namespace modules (`<package>.<name>`, not `_jsii` and other private ones) in
    sys.modules, and those modules.engine.bindings exposes (when `code` imported it)."""
    probe = (
        f"{code}\nimport json, sys, types\n"
        f"loaded = sorted(m for m in sys.modules if m.startswith('{PACKAGE}.') and m.count('.') == 1 "
        "and not m.rpartition('.')[2].startswith('_'))\n"
        "engine = vars(sys.modules.get('modules.engine.bindings', types))\n"
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
    lazy, used = _provider_modules("import modules.engine.bindings")
    assert f"{PACKAGE}.provider" in used
    assert lazy == used


def _fake_provider(root: Path, scope: str, index: str) -> Path:
    """A package shaped like `<scope>/provider-aws`: lib/index.js requiring one module per namespace."""
    package = root / "node_modules" / scope / "provider-aws"
    for name in ("cognito-user-pool", "vpc"):
        (package / "lib" / name).mkdir(parents=True)
        (package / "lib" / name / "index.js").write_text(
            f'globalThis.loaded = [...(globalThis.loaded || []), "{name}"];\n'
            'Object.defineProperty(exports, "__esModule", { value: true });\n'
        )
    (package / "lib" / "index.js").write_text(index)
    (package / "package.json").write_text(json.dumps({"name": f"{scope}/provider-aws", "main": "lib/index.js"}))
    return package


def _node(script: str, *packages: Path, hook: bool = True) -> subprocess.CompletedProcess[str]:
    options = [f"--require={LAZY_PROVIDER_JS}"] if hook else []
    return subprocess.run(
        [str(ENGINE.node), *options, "-e", script, *map(str, packages)], capture_output=True, text=True, timeout=60,
        check=False, env={**os.environ, "NODE_OPTIONS": ""},
    )  # fmt: skip


PROBE = (
    "const p = require(process.argv[1]); const before = (globalThis.loaded || []).join(',');"
    "const keys = Object.keys(p).join(','); p.cognitoUserPool.toString();"
    "console.log(`${before}|${keys}|${globalThis.loaded.join(',')}`)"
)
HEADER = '"use strict";\nObject.defineProperty(exports, "__esModule", { value: true });\n'
#: The two index shapes: @cdktf/provider-aws's, and @cdktn/provider-aws's with TypeScript's own helper.
INDEXES = {
    "@cdktf": HEADER
    + 'exports.vpc = exports.cognitoUserPool = void 0;\nexports.cognitoUserPool = require("./cognito-user-pool");\n'
    'exports.vpc = require("./vpc");\n',
    "@cdktn": '"use strict";\nvar __importStar = (this && this.__importStar) || function (mod) {\n'
    "    if (mod && mod.__esModule) return mod;\n    var result = {};\n"
    '    if (mod != null) for (var k in mod) if (k !== "default") result[k] = mod[k];\n'
    '    result["default"] = mod;\n    return result;\n};\n'
    'Object.defineProperty(exports, "__esModule", { value: true });\n'
    "exports.vpc = exports.cognitoUserPool = void 0;\n"
    'exports.cognitoUserPool = __importStar(require("./cognito-user-pool/index"));\n'
    'exports.vpc = __importStar(require("./vpc/index"));\n',
}


@pytest.mark.parametrize("scope", INDEXES)
def test_node_hook_requires_a_namespace_only_when_it_is_read(tmp_path: Path, scope: str) -> None:
    package = _fake_provider(tmp_path, scope, INDEXES[scope])
    lazy = _node(PROBE, package)
    assert (lazy.stdout.strip(), lazy.stderr) == ("|cognitoUserPool,vpc|cognito-user-pool", "")
    eager = _node(PROBE, package, hook=False)
    assert eager.stdout.strip() == "cognito-user-pool,vpc|cognitoUserPool,vpc|cognito-user-pool,vpc"


def test_node_hook_steps_aside_for_an_index_of_another_shape_and_says_so_once(tmp_path: Path) -> None:
    odd = INDEXES["@cdktf"].replace("exports.vpc = require", "module.exports.vpc = require")
    packages = [_fake_provider(tmp_path / scope, scope, odd) for scope in ("@cdktf", "@cdktn")]
    both = "require(process.argv[2]); globalThis.loaded = [];" + PROBE
    result = _node(both, *packages)
    assert result.stdout.strip() == "cognito-user-pool,vpc|cognitoUserPool,vpc|cognito-user-pool,vpc"
    assert result.stderr.splitlines() == [
        f"{STEPPED_ASIDE}@cdktn/provider-aws/lib/index.js is not a list of namespace requires; its modules load "
        "eagerly (a slower synth, more memory)"
    ]


def _npm_package(python_package: str, node_modules: Path, keep: Callable[[str], bool]) -> str:
    """Unpack the npm package inside a Python package's jsii assembly into node_modules (only the paths `keep`
    accepts, relative to the package); return its npm name."""
    files: dict[str, bytes] = {}
    with tarfile.open(jsii_assembly(python_package)) as archive:
        for member in archive:
            relative = member.name.removeprefix("package/")
            if member.isfile() and keep(relative) and (data := archive.extractfile(member)) is not None:
                files[relative] = data.read()
    name = str(json.loads(files["package.json"])["name"])
    for relative, content in files.items():
        (node_modules / name / relative).parent.mkdir(parents=True, exist_ok=True)
        (node_modules / name / relative).write_bytes(content)
    return name


def test_node_hook_serves_the_installed_provider_index_lazily(tmp_path: Path) -> None:
    """The engine's real provider package with only its index and the namespaces `provider` needs unpacked:
    through the hook, reading `provider` works; the ordinary index fails on the first module it lacks."""
    node_modules = tmp_path / "node_modules"
    for package in ("constructs", ENGINE.name):
        _npm_package(package, node_modules, lambda _: True)
    wanted = ("package.json", "lib/index.js", "lib/provider/", "lib/provider-functions/")
    provider = node_modules / _npm_package(PACKAGE, node_modules, lambda path: path.startswith(wanted))
    probe = "console.log(typeof require(process.argv[1]).provider.AwsProvider)"
    lazy = _node(probe, provider)
    assert (lazy.stdout.strip(), lazy.stderr) == ("function", "")
    eager = _node(probe, provider, hook=False)
    assert eager.returncode != 0
    assert "Cannot find module './accessanalyzer-analyzer" in eager.stderr


def _index_worker(root: Path, seconds: float) -> Path:
    """A stand-in for jsii's `runtime-index-worker.js`: after `seconds`, writes the index manifest into
    `workerData.packageDir`, as jsii's worker does last."""
    worker = root / "jsii" / "lib" / "runtime-index-worker.js"
    worker.parent.mkdir(parents=True)
    worker.write_text(
        'const { workerData } = require("worker_threads");\n'
        f"Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, {seconds * 1000});\n"
        'require("fs").writeFileSync(`${workerData.packageDir}/.jsii.runtime.v1.json`, "{}");\n'
    )
    return worker


#: What the kernel does with a package that has no runtime index: start the worker that builds it, `require` the
#: package, then exit at once (Python is done).
KERNEL = (
    "const [worker, packageDir] = process.argv.slice(1);"
    "new (require('worker_threads').Worker)(worker, { workerData: { packageDir } });"
    "require(packageDir); process.exit(0)"
)


def test_node_hook_holds_the_exit_until_jsii_has_written_the_runtime_index(tmp_path: Path) -> None:
    package = _fake_provider(tmp_path, "@cdktn", INDEXES["@cdktn"])
    (package / ".jsii").write_text("{}")
    worker = _index_worker(tmp_path, 1.5)
    lazy = _node(KERNEL, worker, package)
    assert lazy.returncode == 0, lazy.stderr
    assert (package / ".jsii.runtime.v1.json").exists()
    assert lazy.stderr.splitlines() == [
        f"{NO_RUNTIME_INDEX}@cdktn/provider-aws and parsed its whole assembly (over 1 GB more memory in jsii's "
        "Node); the index is being built for the next synths"
    ]
    (package / ".jsii.runtime.v1.json").unlink()
    eager = _node(KERNEL, worker, package, hook=False)
    assert eager.returncode == 0, eager.stderr
    assert not (package / ".jsii.runtime.v1.json").exists()


def test_node_hook_says_when_jsii_has_no_runtime_index_and_builds_none(tmp_path: Path) -> None:
    package = _fake_provider(tmp_path, "@cdktf", INDEXES["@cdktf"])
    (package / ".jsii").write_text("{}")
    probe = "require(process.argv[1])"
    assert _node(probe, package).stderr.splitlines() == [
        f"{NO_RUNTIME_INDEX}@cdktf/provider-aws and parsed its whole assembly (over 1 GB more memory in jsii's "
        "Node); jsii builds none without its package cache (JSII_RUNTIME_PACKAGE_CACHE), so every synth will"
    ]
    (package / ".jsii.runtime.v1.json").write_text("{}")
    assert _node(probe, package).stderr == ""


def _synth_peak(engine: Engine, tmp_path: Path, **env: str) -> tuple[subprocess.CompletedProcess[str], float]:
    """A synth of a one-environment config with `engine`, in its own virtualenv: the result and jsii's Node peak
    RSS in MB. The engine's own Node runs it, or this engine's when it has none (`make other-engine`)."""
    config = tmp_path / "environments.toml"
    config.write_text(MINIMAL_CONFIG + '[[defaults.routes]]\nroute_key = "GET /a"\n[environments.dev]\n')
    probe = tmp_path / "node-peak"
    probe.mkdir(exist_ok=True)
    (probe / "node-peak-kb").unlink(missing_ok=True)
    node = engine.node if engine.node.exists() else ENGINE.node
    result = subprocess.run(
        [str(engine.venv / "bin" / "python"), "main.py", "--config", str(config)], cwd=ROOT, capture_output=True,
        text=True, timeout=300, check=False,
        env={
            **os.environ, "ENGINE": engine.name, "JSII_NODE": str(node), "CDKTF_OUTDIR": str(tmp_path / "out"),
            **node_peak_env(probe, os.environ.get("NODE_OPTIONS", "")), **env,
        },
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result, node_peak_mb(probe)


@pytest.mark.parametrize("engine", ENGINES.values(), ids=ENGINES)
def test_jsii_node_stays_small_in_a_synth(engine: Engine, tmp_path: Path) -> None:
    """Lazy index and jsii's runtime index both at work: ~180 MB (cdktf), ~210 MB (cdktn). Without the lazy index
    600-900 MB, without the runtime index 1.0-1.7 GB. The first synth after jsii's package cache was emptied builds
    the runtime index (the hook says so), so that synth is run once more."""
    # `make test` sets up both engines (its `other-engine` prerequisite).
    assert (engine.venv / "bin" / "python").exists(), (
        f"{engine.name} is not installed: `make setup ENGINE={engine.name}`"
    )
    result, peak = _synth_peak(engine, tmp_path)
    if NO_RUNTIME_INDEX in result.stderr:
        result, peak = _synth_peak(engine, tmp_path)
    assert 0 < peak <= NODE_PEAK_BOUND_MB, f"jsii's Node peaked at {peak:.0f} MB with {engine.name}: {result.stderr}"
    assert STEPPED_ASIDE not in result.stderr


def test_jsii_node_without_runtime_index_says_so_and_exceeds_the_bound(tmp_path: Path) -> None:
    """The other side of the bound: with jsii's package cache off, the kernel parses the provider's whole assembly
    at every synth, and the hook's warning reaches the synth's stderr through jsii."""
    result, peak = _synth_peak(ENGINE, tmp_path, JSII_RUNTIME_PACKAGE_CACHE="disabled")
    assert f"{NO_RUNTIME_INDEX}@{ENGINE.name}/provider-aws " in result.stderr
    assert peak > NODE_PEAK_BOUND_MB
