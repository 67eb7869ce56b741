"""The wheels of a function's lock for its Lambda target, downloaded once into the cache."""

from __future__ import annotations

from pathlib import Path

from modules.bundle.cache import cached_directory
from modules.bundle.locks import Lock
from modules.bundle.pip_command import run_pip
from modules.bundle.target import Target


def downloaded_wheels(lock: Lock, target: Target, cache_dir: Path) -> list[Path]:
    """The `.whl` files of every package `lock` names, for `target`, sorted by name.

    pip downloads exactly the lock's packages (`--no-deps`), each file checked against the lock's hashes
    (`--require-hashes`), binary wheels for the target's platform and Python only (`Target.pip_options`): nothing
    is resolved, built, or taken for the host instead. The first call downloads into `cache_dir/wheels/<key>`
    (the key is the lock's SHA-256); later calls with the same lock on the same target read the cache and never
    run pip, so they work without the network. A failure is a `DependencyError` naming the lock and leaves no
    cache entry behind.
    """

    def download(staging: Path) -> None:
        arguments = [
            "download", "--dest", str(staging), "--no-deps", "--require-hashes", *target.pip_options(),
            "--requirement", str(lock.path),
        ]  # fmt: skip
        run_pip(arguments, lock.display, wheels=target.wheels, allowed=target.allowed)

    wheel_dir = cached_directory(cache_dir / "wheels", target.cache_key(lock.digest), download)
    return sorted(wheel_dir.glob("*.whl"))
