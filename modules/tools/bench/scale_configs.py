"""The generated configs of `make bench`'s scale cases, derived from the committed `environments.toml`.

- `with_extra_routes`: the committed environments, each with `count` extra routes `GET /extra/r<i>` on the
  function `example` (after its own routes).
- `many_environments`: the committed `[project]` and `[defaults]` (clients, functions, routes), routes topped up
  with `GET /scale/r<i>` on `example` to `routes` in all, and `environments` environments `env-01`, `env-02`, ...
  whose only own setting is their sign-in domain prefix `bench-<name>` (the default prefix holds the project's
  name, and a prefix may not contain "cognito").

Both are plain TOML data: `write_config` writes one where `main.py --config` reads it.
"""

from __future__ import annotations

import copy
import tomllib
from pathlib import Path
from typing import Any

import tomli_w

#: The function every generated route invokes (the committed config's `example`).
ROUTE_FUNCTION = "example"


def committed_config(path: Path) -> dict[str, Any]:
    """The committed config file as TOML data."""
    return tomllib.loads(path.read_text(encoding="utf-8"))


def _routes(prefix: str, count: int) -> list[dict[str, Any]]:
    return [{"route_key": f"GET /{prefix}/r{i}", "function": ROUTE_FUNCTION} for i in range(count)]


def with_extra_routes(config: dict[str, Any], count: int) -> dict[str, Any]:
    """`config` with `count` extra routes in each environment: its own routes (or the defaults' ones) first."""
    result = copy.deepcopy(config)
    defaults = result.get("defaults", {})
    for table in result["environments"].values():
        table["routes"] = [*table.get("routes", defaults.get("routes", [])), *_routes("extra", count)]
    return result


def many_environments(config: dict[str, Any], environments: int, routes: int) -> dict[str, Any]:
    """`environments` environments of `routes` routes each, on `config`'s project and defaults."""
    defaults = copy.deepcopy(config.get("defaults", {}))
    own = defaults.get("routes", [])
    if len(own) > routes:
        raise ValueError(f"the defaults already hold {len(own)} routes, more than {routes}")
    defaults["routes"] = [*own, *_routes("scale", routes - len(own))]
    names = [f"env-{i:02d}" for i in range(1, environments + 1)]
    tables = {name: {"user_pool": {"domain_prefix": f"bench-{name}"}} for name in names}
    return {"project": copy.deepcopy(config["project"]), "defaults": defaults, "environments": tables}


def write_config(config: dict[str, Any], directory: Path) -> Path:
    """Write `config` as `directory/environments.toml`; its path."""
    path = directory / "environments.toml"
    path.write_text(tomli_w.dumps(config), encoding="utf-8")
    return path
