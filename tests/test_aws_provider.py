"""The lazily loaded provider bindings give the same synth as the ordinary, eager import."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT, run_main

EAGER_IMPORT = "import cdktf_cdktf_provider_aws"


def _files(outdir: Path) -> dict[str, bytes]:
    return {str(p.relative_to(outdir)): p.read_bytes() for p in sorted(outdir.rglob("*")) if p.is_file()}


def test_lazy_synth_is_byte_identical_to_an_eager_one(tmp_path: Path, synth_dir: Path) -> None:
    eager = tmp_path / "eager"
    result = run_main(eager, prelude=EAGER_IMPORT)
    assert result.returncode == 0, result.stderr
    assert _files(eager) == _files(synth_dir)


def _loaded_submodules(code: str) -> int:
    probe = f"{code}\nimport sys\nprint(sum(m.startswith('cdktf_cdktf_provider_aws.') for m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=300, check=True
    )
    return int(result.stdout.strip().splitlines()[-1])


def test_only_the_used_resource_modules_are_loaded() -> None:
    lazy = _loaded_submodules("import modules.aws_provider")
    eager = _loaded_submodules(EAGER_IMPORT)
    assert lazy < 50
    assert eager > 2000
