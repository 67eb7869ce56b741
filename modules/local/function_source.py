"""A function's source directory, for the live loop: its content digest, and a fresh build of it.

The config names each function's source directory (`modules.config`; the emulator loads the config, never the
stacks). A function whose source is known runs from a fresh `modules.bundle.bundle_function` of that directory,
the very build the synth makes (same files, same vendored wheels, same bytes), unpacked with its dependencies
installed for this machine (`function_code.unpack`). Whether the source changed is decided by content: the
SHA-256 over the names and bytes of the files the zip would hold (`modules.bundle.source_files`), never mtimes.
"""

from __future__ import annotations

import hashlib
import tempfile
from dataclasses import dataclass
from pathlib import Path

from modules.bundle import bundle_function, source_files
from modules.config.loader import load_config
from modules.errors import EmulatorError
from modules.local.function_code import CACHE_DIR, FunctionCode, unpack
from modules.paths import PROJECT_DIR


@dataclass(frozen=True)
class FunctionSource:
    """Where a function's source lives, and the Lambda target its zip is built for."""

    directory: Path
    runtime: str
    architecture: str

    def digest(self) -> str:
        """SHA-256 (hex) of the files the zip would hold, by name and content ("" when the directory is gone)."""
        if not self.directory.is_dir():
            return ""
        digest = hashlib.sha256()
        for path in source_files(self.directory):
            name = path.relative_to(self.directory).as_posix().encode()
            digest.update(name + b"\0" + hashlib.sha256(path.read_bytes()).digest())
        return digest.hexdigest()

    def build(self, workdir: Path, *, label: str, cache_dir: Path = CACHE_DIR) -> FunctionCode:
        """Bundle the source as the synth does, then unpack it below `workdir` with its host dependencies.

        Raises `EmulatorError` when the directory is gone, `DependencyError` for a bad `requirements.txt`.
        """
        if not self.directory.is_dir():
            raise EmulatorError(f"{label}: source directory {self.directory} is missing")
        with tempfile.TemporaryDirectory(prefix="bundle-", dir=workdir) as build_dir:
            zip_path = bundle_function(
                self.directory,
                Path(build_dir) / "function.zip",
                runtime=self.runtime,
                architecture=self.architecture,
                cache_dir=cache_dir,
            )
            return unpack(zip_path, workdir, label=label, cache_dir=cache_dir)


def source_directories(config_path: Path, environment: str, project_dir: Path = PROJECT_DIR) -> dict[str, Path]:
    """`{"aws_lambda_function.<f>": source directory}` for the functions `environment` declares in the config.

    `<f>` is the function's name with `-` → `_`, as the stacks name the resource. Raises `ConfigError` for an
    invalid config and `EmulatorError` when it has no such environment.
    """
    project = load_config(config_path)
    for env in project.environments:
        if env.name == environment:
            return {
                f"aws_lambda_function.{name.replace('-', '_')}": project_dir / function.source_path(name)
                for name, function in env.functions.items()
            }
    known = ", ".join(env.name for env in project.environments)
    raise EmulatorError(f"unknown environment {environment!r}: {config_path.name} defines {known}")
