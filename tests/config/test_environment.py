"""The environment model: names and sets derived from its fields."""

from __future__ import annotations

from modules.config.api import RouteConfig
from modules.config.clients import ClientConfig
from modules.config.environment import EnvironmentConfig
from modules.config.functions import FunctionConfig


def test_environment_prefix_scopes_public_routes_and_domain_prefix() -> None:
    env = EnvironmentConfig(
        name="dev", project="shop", region="eu-west-1",
        functions={"api": FunctionConfig()},
        clients={"web": ClientConfig(callback_urls=("https://a.example/cb",), scopes=("a", "b"))},
        routes=(RouteConfig(route_key="GET /a", scopes=("b", "a")), RouteConfig(route_key="GET /b", scopes=("a",)),
                RouteConfig(route_key="GET /c", public=True)),
    )  # fmt: skip
    assert env.prefix == "shop-dev"
    assert env.domain_prefix == "shop-dev"
    assert env.scopes == ("a", "b")
    assert env.public_routes == ("GET /c",)
    assert env.route_function(env.routes[0]) == "api"


def test_machine_client_gets_no_user_flow() -> None:
    client = ClientConfig(kind="machine", scopes=("read",))
    assert client.explicit_auth_flows == ("ALLOW_REFRESH_TOKEN_AUTH",)
    assert not client.code_flow
