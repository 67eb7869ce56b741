"""Reproducible Lambda bundles: a function's source plus its pinned PyPI dependencies, in one zip.

- `bundle_function(source_dir, destination_zip, *, runtime, architecture, cache_dir)`: the Lambda zip, with the
  wheels of `requirements.txt` for the function's runtime and architecture vendored at its root.
- `host_dependencies(source_dir, cache_dir)`: the same requirements installed for this machine's Python, for
  the local emulator.
- `DEFAULT_CACHE_DIR`: where downloads and host installs are cached, relative to the project directory.
- `build_lambda_zip`, `source_files`, `source_code_hash`: the reproducible zip itself.
- `lock_files`: a source directory's locks (`requirements.<runtime>-<architecture>.lock`, `make function-locks`).

Bad input raises `modules.errors.DependencyError` (requirements, locks) or `SourceError` (the source's files).
"""

from modules.bundle.cache import DEFAULT_CACHE_DIR
from modules.bundle.function_bundle import bundle_function
from modules.bundle.host import host_dependencies
from modules.bundle.locks import lock_files
from modules.bundle.reproducible_zip import build_lambda_zip, source_code_hash
from modules.bundle.source_tree import source_files

__all__ = [
    "DEFAULT_CACHE_DIR",
    "build_lambda_zip",
    "bundle_function",
    "host_dependencies",
    "lock_files",
    "source_code_hash",
    "source_files",
]
