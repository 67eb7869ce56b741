"""The wheels of a function's requirements for its Lambda target, downloaded once into the cache."""

from __future__ import annotations

from pathlib import Path

from modules.bundle.cache import cached_directory
from modules.bundle.pip_command import run_pip
from modules.bundle.requirements import Requirements
from modules.bundle.target import Target


def downloaded_wheels(requirements: Requirements, target: Target, cache_dir: Path) -> list[Path]:
    """The `.whl` files of `requirements` and their dependencies for `target`, sorted by name.

    pip resolves the dependencies and picks binary wheels for the target's platform and Python only
    (`Target.pip_options`); nothing is built, and nothing is taken for the host instead. The first call downloads
    into `cache_dir/wheels/<key>`; later calls with the same file on the same target read the cache and never run
    pip, so they work without the network. A failure is a `DependencyError` and leaves no cache entry behind.
    """

    def download(staging: Path) -> None:
        arguments = ["download", "--dest", str(staging), *target.pip_options(), *map(str, requirements.pinned)]
        run_pip(arguments, requirements, wheels=target.wheels, allowed=target.allowed)

    wheel_dir = cached_directory(cache_dir / "wheels", target.cache_key(requirements.digest), download)
    return sorted(wheel_dir.glob("*.whl"))
