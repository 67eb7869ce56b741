"""Load `environments.toml` and validate it into frozen `ProjectConfig` objects.

Layout of the file: `[project]` (name, version), `[defaults]` (any environment field) and one
`[environments.<name>]` table per environment. An environment is `defaults` deep-merged with its own table
(tables merge, arrays and scalars replace). Every error names the file, environment, field, the value received
and what is allowed (`ConfigError`).
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
import typing
from collections.abc import Mapping
from pathlib import Path
from types import UnionType
from typing import Any

from modules.config.model import (
    AWS_REGIONS,
    DEFAULT_ROUTE_KEY,
    ENV_NAME_PATTERN,
    HTTP_METHODS,
    LAMBDA_TARGET,
    LOG_KMS_CREATE,
    PRODUCTION_DEFAULTS,
    PRODUCTION_ENVIRONMENT,
    ROUTE_KEY_PATTERN,
    BackendConfig,
    EnvironmentConfig,
    ProjectConfig,
    RouteConfig,
    route_resource_name,
)
from modules.errors import ConfigError

SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$")
PROJECT_NAME = re.compile(r"^[a-z][a-z0-9-]{1,38}[a-z0-9]$")
TOP_LEVEL = ("defaults", "environments", "project")
TYPE_NAMES = {bool: "true or false", int: "an integer", float: "a number", str: "a string"}
#: Fields of EnvironmentConfig that come from the file's structure, not from a field.
DERIVED = ("name", "project")


class _Context:
    def __init__(self, file: str, environment: str) -> None:
        self.file = file
        self.environment = environment

    def error(self, field: str, value: object, allowed: str) -> ConfigError:
        return ConfigError(self.file, self.environment, field, value, allowed)


def load_config(path: str | Path) -> ProjectConfig:
    """Read and validate the config file. Raises `ConfigError` on the first problem found."""
    path = Path(path)
    top = _Context(path.name, "")
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise top.error("(file)", str(path), "an existing TOML file") from None
    except tomllib.TOMLDecodeError as exc:
        raise top.error("(syntax)", str(exc), "valid TOML") from None
    _check_keys(top, "", raw, TOP_LEVEL)
    project = raw.get("project", {})
    _check_keys(top, "project.", project, ("name", "version"))
    name = project.get("name")
    if not isinstance(name, str) or not PROJECT_NAME.match(name):
        raise top.error("project.name", name, "3-40 lowercase letters, digits and hyphens, starting with a letter")
    version = project.get("version")
    if not isinstance(version, str) or not SEMVER.match(version):
        raise top.error("project.version", version, "a semantic version such as 1.2.3")
    envs = raw.get("environments")
    if not isinstance(envs, dict) or not envs:
        raise top.error("environments", envs, "at least one [environments.<name>] table")
    defaults = raw.get("defaults", {})
    environments = tuple(
        _environment(path.name, env_name, name, _merge(defaults, table)) for env_name, table in envs.items()
    )
    return ProjectConfig(source=path.name, name=name, version=version, environments=environments)


def _merge(base: Mapping[str, Any], override: Any) -> Any:
    if not isinstance(override, Mapping):
        return override
    merged = dict(base)
    for key, value in override.items():
        merged[key] = _merge(base[key], value) if isinstance(base.get(key), Mapping) else value
    return merged


def _environment(file: str, env_name: str, project: str, table: Any) -> EnvironmentConfig:
    ctx = _Context(file, env_name)
    if not ENV_NAME_PATTERN.match(env_name):
        raise ctx.error(
            "(environment name)",
            env_name,
            "a valid stack id: 2-32 lowercase letters, digits and hyphens, starting with a letter",
        )
    if not isinstance(table, Mapping):
        raise ctx.error("(table)", table, "a TOML table")
    if env_name == PRODUCTION_ENVIRONMENT:
        table = _merge(PRODUCTION_DEFAULTS, table)
    env = _build(ctx, EnvironmentConfig, "", {**table, "name": env_name, "project": project})
    _validate(ctx, env)
    return typing.cast(EnvironmentConfig, env)


def _check_keys(ctx: _Context, prefix: str, table: Any, allowed: typing.Iterable[str]) -> None:
    if not isinstance(table, Mapping):
        raise ctx.error(prefix.rstrip(".") or "(file)", table, "a TOML table")
    for key in table:
        if key not in allowed:
            raise ctx.error(f"{prefix}{key}", key, "one of the known fields " + ", ".join(sorted(allowed)))


def _build(ctx: _Context, cls: type, prefix: str, table: Any) -> Any:
    """Build a frozen dataclass from a TOML table, checking field names and types from the annotations."""
    hints = typing.get_type_hints(cls)
    names = [f.name for f in dataclasses.fields(cls)]
    public = [n for n in names if not (cls is EnvironmentConfig and n in DERIVED)]
    _check_keys(
        ctx, prefix, {k: v for k, v in table.items() if not (cls is EnvironmentConfig and k in DERIVED)}, public
    )
    values = {key: _convert(ctx, f"{prefix}{key}", hints[key], value) for key, value in table.items()}
    missing = [
        f.name
        for f in dataclasses.fields(cls)
        if f.name not in values and f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    ]
    if missing:
        raise ctx.error(f"{prefix}{missing[0]}", None, "a value (this field is required)")
    return cls(**values)


def _convert(ctx: _Context, field: str, hint: Any, value: Any) -> Any:
    if isinstance(hint, UnionType):  # `X | None`: an optional table
        hint = next(arg for arg in typing.get_args(hint) if arg is not type(None))
    if dataclasses.is_dataclass(hint):
        return _build(ctx, typing.cast(type, hint), f"{field}.", value)
    if typing.get_origin(hint) is tuple:
        item = typing.get_args(hint)[0]
        if not isinstance(value, list):
            raise ctx.error(field, value, "a list")
        if item is RouteConfig:
            return tuple(_build(ctx, RouteConfig, f"{field}[{_route_label(v)}].", v) for v in value)
        return tuple(_convert(ctx, f"{field}[{i}]", item, v) for i, v in enumerate(value))
    expected = {bool: (bool,), int: (int,), float: (int, float), str: (str,)}[hint]
    if not isinstance(value, expected) or (hint is not bool and isinstance(value, bool)):
        raise ctx.error(field, value, TYPE_NAMES[hint])
    return float(typing.cast(float, value)) if hint is float else value


def _route_label(table: Any) -> str:
    key = table.get("route_key") if isinstance(table, Mapping) else None
    return repr(key) if isinstance(key, str) else "?"


def _validate(ctx: _Context, env: EnvironmentConfig) -> None:
    """Semantic checks, each naming its field and what is allowed: first every field's rule (`allowed`)."""
    _check_rules(ctx, env, "")
    kms = env.log_kms_key
    if kms not in ("", LOG_KMS_CREATE) and not re.fullmatch(rf"arn:aws:kms:{env.region}:\d{{12}}:key/\S+", kms):
        raise ctx.error(
            "log_kms_key",
            kms,
            f"'', '{LOG_KMS_CREATE}' or the ARN of a key in the region: arn:aws:kms:{env.region}:<account>:key/<id>",
        )
    if not env.routes:
        raise ctx.error("routes", [], "at least one [[routes]] entry")
    if env.cors is not None:
        _validate_cors(ctx, env)
    _validate_backend(ctx, env.backend)
    _validate_routes(ctx, env)


def _check_rules(ctx: _Context, config: Any, prefix: str) -> None:
    """Check every field that declares a rule (`setting(allowed=…)`), in declaration order, nested tables too."""
    for field in dataclasses.fields(config):
        value = getattr(config, field.name)
        rule = field.metadata.get("allowed")
        if rule is not None and not rule.ok(value):
            raise ctx.error(
                f"{prefix}{field.name}", list(value) if isinstance(value, tuple) else value, rule.describe()
            )
        if dataclasses.is_dataclass(value):
            _check_rules(ctx, value, f"{prefix}{field.name}.")


def _validate_cors(ctx: _Context, env: EnvironmentConfig) -> None:
    cors = env.cors
    assert cors is not None
    if not cors.allow_origins:
        raise ctx.error("cors.allow_origins", [], "at least one origin (omit [cors] to disable CORS)")
    if cors.allow_credentials and "*" in cors.allow_origins:
        raise ctx.error(
            "cors.allow_origins",
            list(cors.allow_origins),
            "explicit origins when cors.allow_credentials is true (browsers reject '*' with credentials)",
        )
    bad = [m for m in cors.allow_methods if m not in HTTP_METHODS and m != "*"]
    if bad:
        raise ctx.error("cors.allow_methods", bad[0], ", ".join(HTTP_METHODS) + " or *")


def _validate_backend(ctx: _Context, backend: BackendConfig) -> None:
    if backend.type == "s3":
        if not re.fullmatch(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]", backend.bucket):
            raise ctx.error("backend.bucket", backend.bucket, "an S3 bucket name (3-63 lowercase characters)")
        if backend.region and backend.region not in AWS_REGIONS:
            raise ctx.error("backend.region", backend.region, "an AWS region (empty: the environment's region)")
    elif backend.bucket or backend.key or backend.region:
        raise ctx.error("backend.bucket", backend.bucket, "empty unless backend.type is 's3'")


def _validate_routes(ctx: _Context, env: EnvironmentConfig) -> None:
    names: dict[str, str] = {}
    for route in env.routes:
        field = f"routes[{route.route_key!r}]"
        match = ROUTE_KEY_PATTERN.match(route.route_key)
        if route.route_key != DEFAULT_ROUTE_KEY and not match:
            raise ctx.error(
                f"{field}.route_key",
                route.route_key,
                "'METHOD /path' (with a space and a leading slash, e.g. 'GET /example') or '$default'",
            )
        if match and match["method"] not in HTTP_METHODS:
            raise ctx.error(f"{field}.route_key", route.route_key, "a method among " + ", ".join(HTTP_METHODS))
        if route.route_key in names.values():
            raise ctx.error(f"{field}.route_key", route.route_key, "each route key once (duplicate route)")
        resource = route_resource_name(route.route_key)
        if resource in names:
            raise ctx.error(
                f"{field}.route_key",
                route.route_key,
                f"a key whose resource name differs from {names[resource]!r}'s ({resource})",
            )
        names[resource] = route.route_key
        if route.target != LAMBDA_TARGET and not re.fullmatch(r"https://[^\s/$.?#][^\s]*", route.target):
            raise ctx.error(f"{field}.target", route.target, f"'{LAMBDA_TARGET}' or an https:// URL")
        if route.public and route.scopes:
            raise ctx.error(f"{field}.scopes", list(route.scopes), "no scopes on a public route (public = true)")
        for scope in route.scopes:
            if not re.fullmatch(r"[A-Za-z0-9_.:-]{1,64}", scope):
                raise ctx.error(f"{field}.scopes", scope, "scope names of letters, digits and _ . : -")
    if env.scopes and not env.client.callback_urls:
        raise ctx.error(
            "client.callback_urls",
            [],
            "at least one callback URL when a route has scopes (scoped tokens come from the OAuth code flow)",
        )
