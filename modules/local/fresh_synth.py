"""The synth the emulator serves: used when fresh by content, else made again by `main.py` in a subprocess.

Fresh means: the fingerprint the synth recorded in `cdktf.out/module/interface.json` equals the one of today's
inputs (`modules.synth_output.fingerprint.inputs_fingerprint`: the config file and every function's source directory,
`requirements.txt` included), the rule the packager uses too. Never mtimes: a touched file is still fresh, an
edit copied in with an old date is not. The stacks are never imported here; `main.py` runs in a subprocess, its
summary goes to stderr (the info line must be the first line on stdout) and its own `error:` line passes through.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from modules.config.environment import ProjectConfig
from modules.config.loader import load_config
from modules.errors import EmulatorError
from modules.paths import PROJECT_DIR
from modules.synth_output import fingerprint
from modules.synth_output.layout import stack_file
from modules.synth_output.loading import recorded_fingerprint

SYNTH_TIMEOUT_SECONDS = 600


def is_fresh(outdir: Path, config: Path, project: ProjectConfig) -> bool:
    """Whether `outdir` was synthesized from the current content of `config` and the function sources."""
    return fingerprint.is_fresh(recorded_fingerprint(outdir), config, project, PROJECT_DIR)


def synthesize(config: Path, outdir: Path) -> int:
    """Run `main.py --config <config>` into `outdir` (all environments); its exit code. `EmulatorError` when it
    takes longer than `SYNTH_TIMEOUT_SECONDS` (it is killed)."""
    try:
        result = subprocess.run(
            [sys.executable, str(PROJECT_DIR / "main.py"), "--config", str(config)],
            cwd=PROJECT_DIR,
            env={**os.environ, "CDKTF_OUTDIR": str(outdir.absolute())},
            stdout=subprocess.PIPE,  # its summary must not come before the info line: it goes to stderr
            text=True,
            timeout=SYNTH_TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise EmulatorError(f"synthesis of {config.name} took longer than {SYNTH_TIMEOUT_SECONDS} s") from None
    print(result.stdout, end="", file=sys.stderr, flush=True)
    return result.returncode


def check_environment(project: ProjectConfig, config: Path, environment: str) -> None:
    """Raise `EmulatorError` unless the config defines `environment`."""
    known = [env.name for env in project.environments]
    if environment not in known:
        raise EmulatorError(f"unknown environment {environment!r}: {config.name} defines {', '.join(known)}")


def ensure_synth(environment: str, outdir: Path, config: Path) -> Path:
    """The stack file of `environment`, synthesizing (every environment) first unless `outdir` is fresh.

    Raises `ConfigError` for an invalid config, `EmulatorError` for an unknown environment or a failed synth.
    """
    project = load_config(config)
    check_environment(project, config, environment)
    stack = stack_file(outdir, environment)
    if stack.is_file() and is_fresh(outdir, config, project):
        return stack
    print(f"local: synthesizing {config.name} into {outdir} ...", file=sys.stderr, flush=True)
    code = synthesize(config, outdir)
    if code != 0 or not stack.is_file():
        raise EmulatorError(f"synthesis of {config.name} failed (exit code {code}); see above")
    return stack
