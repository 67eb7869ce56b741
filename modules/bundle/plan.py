"""Which zip each function of each environment deploys: built once per distinct source, runtime and architecture.

The synth calls `build_bundles`; every function's zip carries its vendored dependencies (`bundle_function`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from modules.bundle.cache import DEFAULT_CACHE_DIR
from modules.bundle.function_bundle import bundle_function
from modules.config.environment import ProjectConfig
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
    is a `ConfigError` naming its `source_dir`; a bad `requirements.txt` a `DependencyError`.
    """
    built: dict[BundleKey, Path] = {}
    result: dict[str, dict[str, Path]] = {}
    for env_name, functions in bundle_keys(project).items():
        for name, key in functions.items():
            if key not in built:
                source = project_dir / key.source_dir
                if not source.is_dir():
                    raise ConfigError(
                        project.source,
                        env_name,
                        f"functions.{name}.source_dir",
                        key.source_dir,
                        "a directory of the project holding the function's source (default lambda_src/<name>)",
                    )
                built[key] = bundle_function(
                    source,
                    build_dir / key.directory / ZIP_NAME,
                    runtime=key.runtime,
                    architecture=key.architecture,
                    cache_dir=project_dir / DEFAULT_CACHE_DIR,
                )
            result.setdefault(env_name, {})[name] = built[key]
    return result
