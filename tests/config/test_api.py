"""Routes, CORS and throttling: names derived from route keys and the rules within each table."""

from __future__ import annotations

import re

import pytest
from pydantic import ValidationError

from modules.config.api import CorsConfig, RouteConfig, route_resource_name


@pytest.mark.parametrize(
    ("route_key", "name"),
    [
        ("GET /example", "get_example"),
        ("GET /", "get_root"),
        ("POST /orders/{id}/items", "post_orders_id_items"),
        ("ANY /{proxy+}", "any_proxy"),
        ("$default", "default"),
    ],
)
def test_route_resource_name_comes_from_the_route_key(route_key: str, name: str) -> None:
    assert route_resource_name(route_key) == name
    assert RouteConfig(route_key=route_key).resource_name == name


def test_route_models_are_frozen_and_strict() -> None:
    route = RouteConfig(route_key="GET /a", scopes=("read",))
    with pytest.raises(ValidationError):
        route.public = True  # type: ignore[misc]
    with pytest.raises(ValidationError, match="valid boolean"):
        RouteConfig(route_key="GET /a", public=1)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        RouteConfig(route_key="GET /a", colour="blue")  # type: ignore[call-arg]


def test_a_proxy_route_names_no_function() -> None:
    with pytest.raises(ValidationError, match="only lambda routes invoke one"):
        RouteConfig(route_key="GET /a", target="https://example.com/", function="example")


def test_cors_method_list_is_checked() -> None:
    with pytest.raises(ValidationError, match="ANY, DELETE, GET"):
        CorsConfig(allow_origins=("https://a.example",), allow_methods=("FETCH",))


@pytest.mark.parametrize(
    ("route_key", "allowed"),
    [
        ("GET /health\n", "text without control characters"),
        ("GET /health\t", "text without control characters"),
        ("GET /a/{proxy+}/b", "a greedy variable {name+} only as the last segment of the path"),
        ("GET /{a+}/{b+}", "a greedy variable {name+} only as the last segment of the path"),
        ("GET /{id}/{id}", "each path variable once ({id} appears 2 times)"),
        ("GET /x/{id}/y/{id+}", "each path variable once ({id} appears 2 times)"),
        ("GET /a b", "'METHOD /path'"),
        ("GET  /a", "'METHOD /path'"),
        (" GET /a", "'METHOD /path'"),
    ],
)
def test_route_keys_api_gateway_refuses_are_refused(route_key: str, allowed: str) -> None:
    with pytest.raises(ValidationError, match=re.escape(allowed)):
        RouteConfig(route_key=route_key)


@pytest.mark.parametrize("route_key", ["GET /a/{proxy+}", "ANY /{proxy+}", "GET /{a}/{b}/{c+}", "GET /{id}/x"])
def test_variables_where_api_gateway_takes_them(route_key: str) -> None:
    assert RouteConfig(route_key=route_key).route_key == route_key


def test_a_route_may_describe_itself_for_the_openapi_documents() -> None:
    route = RouteConfig(route_key="GET /a", summary="One a", description="The *a*, as it is.")
    assert (route.summary, route.description) == ("One a", "The *a*, as it is.")
    assert (RouteConfig(route_key="GET /a").summary, RouteConfig(route_key="GET /a").description) == ("", "")
    with pytest.raises(ValidationError, match="a summary of at most 120 characters"):
        RouteConfig(route_key="GET /a", summary="x" * 121)
