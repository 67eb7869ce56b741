"""Load `environments.toml` and validate it into a frozen `ProjectConfig`.

Layout of the file: `[project]` (name, version), `[defaults]` (any environment field) and one
`[environments.<name>]` table per environment. An environment is `defaults` deep-merged with its own table
(tables merge, arrays and scalars replace); an environment named `prod` gets production defaults underneath.
Validation is pydantic's (`modules/config/environment.py`); the first problem becomes a `ConfigError` naming the
file, environment, field, the value received and what is allowed.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError

from modules.config import project_rules
from modules.config.allowed import ENV_NAME_PATTERN, PROJECT_NAME_PATTERN, SEMVER_PATTERN
from modules.config.base import ConfigModel, freeze, setting, thaw
from modules.config.environment import (
    PRODUCTION_DEFAULTS,
    PRODUCTION_ENVIRONMENT,
    EnvironmentConfig,
    ProjectConfig,
)
from modules.config.identity_providers import CONFIG_DIR
from modules.config.messages import config_error, known_fields
from modules.config.rules import EachMatches, Matches
from modules.errors import ConfigError

#: Fields of earlier versions, and what replaced them.
REPLACED_FIELDS = {
    "client": "named [clients.<name>] tables, e.g. [defaults.clients.web] with kind = 'interactive' (the single "
    "[client] table became named clients)",
    "function": "named [functions.<name>] tables, e.g. [defaults.functions.example] (the single [function] table "
    "became named functions; a route picks one with function = '<name>')",
}
ENV_NAME = Matches(
    ENV_NAME_PATTERN.pattern.strip("^$"),
    "a valid stack id: 2-32 lowercase letters, digits and hyphens, starting with a letter",
)


class ProjectSection(ConfigModel):
    """`[project]`: the project's identity."""

    name: str = setting(
        doc="Project name: first part of every AWS name (<name>-<environment>)",
        rule=Matches(PROJECT_NAME_PATTERN.pattern.strip("^$"), "3-40 lowercase letters, digits and hyphens, "
                     "starting with a letter"),
    )  # fmt: skip
    version: str = setting(
        doc="Version of the exported Terraform module",
        rule=Matches(SEMVER_PATTERN.pattern.strip("^$"), "a semantic version such as 1.2.3"),
    )
    deploy_order: tuple[str, ...] = setting(
        (),
        EachMatches(ENV_NAME_PATTERN.pattern.strip("^$"), "environment names"),
        doc="The order the pipeline deploys the environments in, each once (default: the order of the "
        "[environments.<name>] tables)",
    )


class ConfigFile(ConfigModel):
    """The file's structure. Environment tables are validated after merging, as `EnvironmentConfig`."""

    project: ProjectSection
    defaults: dict[str, Any] = Field(default_factory=dict)
    environments: dict[str, dict[str, Any]]


def load_config(path: str | Path) -> ProjectConfig:
    """Read and validate the config file. Raises `ConfigError` on the first problem found."""
    path = Path(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(path.name, "", "(file)", str(path), "an existing TOML file") from None
    except IsADirectoryError:
        raise ConfigError(path.name, "", "(file)", str(path), "a TOML file, not a directory") from None
    except OSError as exc:
        raise ConfigError(path.name, "", "(file)", str(path), f"a readable TOML file ({exc.strerror})") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(path.name, "", "(syntax)", str(exc), "valid TOML") from None
    try:
        file = ConfigFile.model_validate({**raw, "project": freeze(raw.get("project"))} if "project" in raw else raw)
    except ValidationError as exc:
        raise config_error(path.name, "", ConfigFile, raw, exc) from None
    if not file.environments:
        raise ConfigError(path.name, "", "environments", {}, "at least one [environments.<name>] table")
    environments = tuple(
        _environment(path.name, path.parent, name, file.project.name, _merge(file.defaults, table))
        for name, table in file.environments.items()
    )
    project_rules.shared_accounts(path.name, environments)
    return ProjectConfig(
        source=path.name,
        name=file.project.name,
        version=file.project.version,
        environments=environments,
        deploy_order=project_rules.deploy_order(path.name, file.project.deploy_order, environments),
    )


def _merge(base: Mapping[str, Any], override: Any) -> Any:
    if not isinstance(override, Mapping):
        return override
    merged = dict(base)
    for key, value in override.items():
        merged[key] = _merge(base[key], value) if isinstance(base.get(key), Mapping) else value
    return merged


def _environment(file: str, directory: Path, name: str, project: str, table: dict[str, Any]) -> EnvironmentConfig:
    if not ENV_NAME.ok(name):
        raise ConfigError(file, name, "(environment name)", name, ENV_NAME.describe())
    for field, replacement in REPLACED_FIELDS.items():
        if field in table:
            raise ConfigError(file, name, field, thaw(table[field]), replacement)
    for field in EnvironmentConfig.derived_fields:
        if field in table:
            raise ConfigError(
                file, name, field, field, "one of the known fields " + ", ".join(known_fields(EnvironmentConfig))
            )
    if name == PRODUCTION_ENVIRONMENT:
        table = _merge(PRODUCTION_DEFAULTS, table)
    data = freeze({**table, "name": name, "project": project})
    try:
        return EnvironmentConfig.model_validate(data, context={CONFIG_DIR: directory})
    except ValidationError as exc:
        raise config_error(file, name, EnvironmentConfig, data, exc) from None
