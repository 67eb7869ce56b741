"""The scale cases' generated configs are valid configs of the intended size."""

from __future__ import annotations

from pathlib import Path

import pytest

from modules.config.loader import load_config
from modules.tools.bench.scale_configs import (
    ROUTE_FUNCTION,
    committed_config,
    many_environments,
    with_extra_routes,
    write_config,
)
from tests.conftest import CONFIG, ENVIRONMENTS


def test_extra_routes_follow_each_environments_own_routes(tmp_path: Path) -> None:
    committed = load_config(CONFIG)
    project = load_config(write_config(with_extra_routes(committed_config(CONFIG), 7), tmp_path))
    assert [env.name for env in project.environments] == list(ENVIRONMENTS)
    for env, before in zip(project.environments, committed.environments, strict=True):
        assert env.routes[: len(before.routes)] == before.routes
        extra = env.routes[len(before.routes) :]
        assert [route.route_key for route in extra] == [f"GET /extra/r{i}" for i in range(7)]
        assert {env.route_function(route) for route in extra} == {ROUTE_FUNCTION}
        assert env.model_copy(update={"routes": before.routes}) == before


def test_extra_routes_extend_an_environments_own_route_list() -> None:
    config = committed_config(CONFIG)
    config["environments"]["dev"]["routes"] = [{"route_key": "GET /own", "function": "example"}]
    routes = with_extra_routes(config, 2)["environments"]["dev"]["routes"]
    assert [route["route_key"] for route in routes] == ["GET /own", "GET /extra/r0", "GET /extra/r1"]
    assert config["environments"]["dev"]["routes"] == [{"route_key": "GET /own", "function": "example"}]


def test_many_environments_have_the_committed_defaults_and_routes(tmp_path: Path) -> None:
    committed = load_config(CONFIG).environments[0]
    project = load_config(write_config(many_environments(committed_config(CONFIG), 5, 12), tmp_path))
    assert [env.name for env in project.environments] == ["env-01", "env-02", "env-03", "env-04", "env-05"]
    for env in project.environments:
        assert len(env.routes) == 12
        assert env.routes[: len(committed.routes)] == committed.routes
        assert env.functions.keys() == committed.functions.keys()
        assert env.clients.keys() == committed.clients.keys()
        assert env.domain_prefix == f"bench-{env.name}"
    assert len({env.domain_prefix for env in project.environments}) == 5


def test_many_environments_refuses_fewer_routes_than_the_defaults_hold() -> None:
    with pytest.raises(ValueError, match="more than 2"):
        many_environments(committed_config(CONFIG), 3, 2)
