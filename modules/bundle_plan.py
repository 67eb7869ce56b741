"""Which zip each function of each environment deploys: built once per distinct source, runtime and architecture."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from modules.config.environment import ProjectConfig
from modules.errors import ConfigError
from modules.lambda_package import build_lambda_zip

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

    A function whose source directory does not exist is a `ConfigError` naming its `source_dir`.
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
                built[key] = build_lambda_zip(source, build_dir / key.directory / ZIP_NAME)
            result.setdefault(env_name, {})[name] = built[key]
    return result
