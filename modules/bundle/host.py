"""A function's dependencies for the local emulator: installed for this machine's Python, once per requirements.

The Lambda zip holds wheels for the function's runtime and architecture (e.g. cp313 on aarch64), which this
machine's Python may not load. The emulator instead imports a function's packages from its own directory,
made by `pip install --target`: isolated from the project's virtualenv (pip installs everything into the target,
whatever the virtualenv already has) and from other functions (each requirements file has its own directory).
"""

from __future__ import annotations

import platform
import sys
from pathlib import Path

from modules.bundle.cache import cached_directory
from modules.bundle.pip_command import run_pip
from modules.bundle.requirements import read_requirements

#: This interpreter's tag, e.g. `cp311` (for messages).
HOST_ABI = f"cp{sys.version_info.major}{sys.version_info.minor}"
HOST_WHEELS = f"wheel for this machine's Python ({HOST_ABI}, {platform.machine()})"
HOST_ALLOWED = f"a pinned requirement (name==version) with a {HOST_WHEELS}"


def host_dependencies(source_dir: Path, cache_dir: Path) -> Path | None:
    """The directory to put first on `sys.path` to import `source_dir`'s requirements here, or None without any.

    None when `source_dir` has no `requirements.txt` (or one without requirements). Otherwise the pinned
    requirements and their dependencies, from binary wheels only, are installed once into
    `cache_dir/host/<python>-<machine>-<sha256 of requirements.txt>` and that directory is returned; later calls
    with the same file return it without running pip. Failures raise `DependencyError` and leave nothing behind.
    """
    requirements = read_requirements(source_dir, HOST_ALLOWED)
    if requirements is None or not requirements.pinned:
        return None

    def install(staging: Path) -> None:
        arguments = ["install", "--target", str(staging), "--only-binary=:all:", *map(str, requirements.pinned)]
        run_pip(arguments, requirements.display, wheels=HOST_WHEELS, allowed=HOST_ALLOWED)

    key = f"{sys.implementation.cache_tag}-{platform.machine()}-{requirements.digest}"
    return cached_directory(cache_dir / "host", key, install)
