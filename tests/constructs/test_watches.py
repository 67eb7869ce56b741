"""What is watched: numbers as Terraform prints them, products that stay symbolic in the module stack."""

from __future__ import annotations

from modules.config.api import RouteConfig
from modules.config.clients import ClientConfig
from modules.config.environment import EnvironmentConfig
from modules.config.functions import FunctionConfig
from modules.constructs.watches import NO_REQUESTS, Metric, Rate, api_watches, number_text, product
from modules.engine.bindings import App, TerraformStack, TerraformVariable, Token


def _config() -> EnvironmentConfig:
    return EnvironmentConfig(
        name="dev", project="shop", region="eu-west-1", functions={"api": FunctionConfig()},
        clients={"web": ClientConfig(callback_urls=("https://a.example/cb",))},
        routes=(RouteConfig(route_key="GET /a"),),
    )  # fmt: skip


def test_numbers_are_written_as_terraform_prints_them() -> None:
    assert [number_text(5.0), number_text(2.5), number_text(60)] == ["5", "2.5", "60"]
    assert product(10, 10, 80) == 8000
    assert product(3, 0.5) == 1.5


def test_token_numbers_stay_expressions() -> None:
    stack = TerraformStack(App(), "watch-tokens")
    timeout = Token.as_number(TerraformVariable(stack, "timeout", type="number").value)
    assert Token.is_unresolved(product(timeout, 10, 80))
    assert Token.is_unresolved(number_text(timeout))


def test_api_watches_are_the_5xx_and_4xx_rates_and_p99_latency() -> None:
    watches = api_watches(_config(), "api-id", "$default")
    assert [w.key for w in watches] == ["api_5xx_rate", "api_4xx_rate", "api_latency_p99"]
    five, four, latency = watches
    assert isinstance(five.source, Rate)
    assert isinstance(four.source, Rate)
    assert (five.source.errors.name, four.source.errors.name, five.source.requests.name) == ("5xx", "4xx", "Count")
    assert latency.source == Metric("AWS/ApiGateway", "Latency", {"ApiId": "api-id", "Stage": "$default"}, "p99")
    assert {w.missing_reason for w in watches} == {NO_REQUESTS}
