"""The code a function runs locally: its Lambda zip unpacked, plus its dependencies installed for this machine.

The zip holds the function's files, a copy of its `requirements.txt` and the wheels vendored for the Lambda
platform (e.g. cp313 on aarch64), which this machine's Python may not load. So the zip is unpacked into a private
directory, and `modules.bundle.host_dependencies` installs the zip's `requirements.txt` for this machine's Python
(`pip install --target`, cached per requirements hash under the project's `.cache/bundle/host/`). The worker's
`sys.path` is `[host dependencies, code]`: the host install wins over the vendored platform wheels, and neither
the project's virtualenv nor another function's dependencies are on it.
"""

from __future__ import annotations

import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from modules.bundle import DEFAULT_CACHE_DIR, host_dependencies
from modules.errors import DependencyError
from modules.paths import PROJECT_DIR

#: The project's dependency cache (downloads for the zips, host installs for the emulator).
CACHE_DIR = PROJECT_DIR / DEFAULT_CACHE_DIR


@dataclass(frozen=True)
class FunctionCode:
    """An unpacked zip: its directory and its host-installed dependencies (None without any)."""

    directory: Path
    dependencies: Path | None

    @property
    def path(self) -> list[str]:
        """The worker's `sys.path` entries, in order: dependencies first, then the code."""
        return [str(entry) for entry in (self.dependencies, self.directory) if entry is not None]


def unpack(zip_path: Path, workdir: Path, *, label: str, cache_dir: Path = CACHE_DIR) -> FunctionCode:
    """Unpack `zip_path` into a new directory below `workdir` and install its requirements for this machine.

    `label` names the zip in errors: a bad or unavailable `requirements.txt` is a `DependencyError` naming it.
    """
    directory = Path(tempfile.mkdtemp(prefix="code-", dir=workdir))
    with zipfile.ZipFile(zip_path) as archive:
        archive.extractall(directory)
    try:
        dependencies = host_dependencies(directory, cache_dir)
    except DependencyError as exc:
        raise DependencyError(f"{label}: requirements.txt", exc.requirement, exc.problem, exc.allowed) from None
    return FunctionCode(directory, dependencies)
