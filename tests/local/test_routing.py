"""Route selection: the most specific route wins, `$default` catches the rest."""

from __future__ import annotations

import pytest

from modules.local.routing import Router

ROUTES = [
    "GET /",
    "GET /items",
    "GET /items/{id}",
    "GET /items/special",
    "ANY /items/{id}",
    "POST /items/{id}/parts/{part}",
    "ANY /files/{proxy+}",
    "GET /files/{proxy+}",
    "GET /files/readme",
]


@pytest.mark.parametrize(
    ("method", "path", "route_key", "parameters"),
    [
        ("GET", "/", "GET /", {}),
        ("GET", "/items", "GET /items", {}),
        ("GET", "/items/7", "GET /items/{id}", {"id": "7"}),
        ("DELETE", "/items/7", "ANY /items/{id}", {"id": "7"}),
        ("GET", "/items/special", "GET /items/special", {}),
        ("POST", "/items/7/parts/wheel", "POST /items/{id}/parts/{part}", {"id": "7", "part": "wheel"}),
        ("GET", "/files/a/b/c.txt", "GET /files/{proxy+}", {"proxy": "a/b/c.txt"}),
        ("PUT", "/files/a", "ANY /files/{proxy+}", {"proxy": "a"}),
        ("GET", "/files/readme", "GET /files/readme", {}),
    ],
)
def test_the_most_specific_route_wins(method: str, path: str, route_key: str, parameters: dict[str, str]) -> None:
    match = Router([(key, key) for key in ROUTES]).match(method, path)
    assert match is not None
    assert (match.route_key, match.target, match.path_parameters) == (route_key, route_key, parameters)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/items"),
        ("GET", "/nothing"),
        ("GET", "/files"),
        ("GET", "/files/"),
        ("GET", "/items/"),
        ("GET", "/items/7/x"),
    ],
)
def test_no_route_is_none_without_default_and_default_with_it(method: str, path: str) -> None:
    assert Router([(key, key) for key in ROUTES]).match(method, path) is None
    match = Router([(key, key) for key in [*ROUTES, "$default"]]).match(method, path)
    assert match is not None
    assert (match.route_key, match.path_parameters) == ("$default", {})
