"""Which zip each function of each environment deploys: built once per distinct source, runtime and architecture.

The synth calls `build_bundles`; every function's zip carries its vendored dependencies (`bundle_function`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from modules.bundle.cache import DEFAULT_CACHE_DIR
from modules.bundle.function_bundle import bundle_function
from modules.bundle.handler_check import check_compiles, handler_module
from modules.config.environment import ProjectConfig
from modules.config.functions import FunctionConfig
from modules.errors import ConfigError

ZIP_NAME = "function.zip"


@dataclass(frozen=True)
class BundleKey:
    """What a function's zip depends on besides its files: the same key gives the same bytes."""

    source_dir: str
    runtime: str
    architecture: str

    @property
    def directory(self) -> str:
        """A directory name for the zip inside the build directory (no path separators)."""
        return "--".join((self.source_dir.replace("/", "~"), self.runtime, self.architecture))


def bundle_keys(project: ProjectConfig) -> dict[str, dict[str, BundleKey]]:
    """`{environment: {function: key}}` for every function of every environment."""
    return {
        env.name: {
            name: BundleKey(function.source_path(name), function.runtime, function.architecture)
            for name, function in env.functions.items()
        }
        for env in project.environments
    }


def build_bundles(project: ProjectConfig, project_dir: Path, build_dir: Path) -> dict[str, dict[str, Path]]:
    """Build every function's zip into `build_dir`; `{environment: {function: zip path}}`.

    Downloads are cached in the project's `DEFAULT_CACHE_DIR`. A function whose source directory does not exist
    or resolves outside the project, or whose handler module is missing, is a `ConfigError` naming the field; a
    handler module that does not compile for the runtime, or a source file the zip may not hold, a `SourceError`
    naming the file; a bad `requirements.txt` or lock a `DependencyError`.
    """
    built: dict[BundleKey, Path] = {}
    result: dict[str, dict[str, Path]] = {}
    checked: set[tuple[str, str, str]] = set()
    for env in project.environments:
        for name, function in env.functions.items():
            checks = (function.source_path(name), function.handler, function.runtime)
            if checks not in checked:
                _check_function(project, env.name, name, function, project_dir)
                checked.add(checks)
    for env_name, functions in bundle_keys(project).items():
        for name, key in functions.items():
            if key not in built:
                source = project_dir / key.source_dir
                built[key] = bundle_function(
                    source,
                    build_dir / key.directory / ZIP_NAME,
                    runtime=key.runtime,
                    architecture=key.architecture,
                    cache_dir=project_dir / DEFAULT_CACHE_DIR,
                )
            result.setdefault(env_name, {})[name] = built[key]
    return result


def _check_function(
    project: ProjectConfig, environment: str, name: str, function: FunctionConfig, project_dir: Path
) -> None:
    """The function's source directory is a directory inside the project, its handler module a file of it that
    compiles for the function's runtime."""
    source_dir = function.source_path(name)
    source = project_dir / source_dir
    field = f"functions.{name}"
    if not source.is_dir():
        raise ConfigError(
            project.source, environment, f"{field}.source_dir", source_dir,
            "a directory of the project holding the function's source (default lambda_src/<name>)",
        )  # fmt: skip
    real, root = source.resolve(), project_dir.resolve()
    if not real.is_relative_to(root):
        raise ConfigError(
            project.source, environment, f"{field}.source_dir", source_dir,
            f"a directory inside the project ({root}); this one leads to {real}",
        )  # fmt: skip
    module = handler_module(source, function.handler)
    if module is None:
        stem = function.handler.split(".", 1)[0]
        raise ConfigError(
            project.source, environment, f"{field}.handler", function.handler,
            f"module.function whose module is a file of {source_dir} ({stem}.py or {stem}/__init__.py)",
        )  # fmt: skip
    check_compiles(module, function.runtime, about=f"{field}.handler = {function.handler!r}")
