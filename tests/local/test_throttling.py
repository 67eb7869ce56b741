"""Token buckets: burst, refill, per route."""

from __future__ import annotations

from collections.abc import Callable

import requests

from modules.local.description import Throttling
from modules.local.throttling import StageThrottle, TokenBucket
from tests.local.conftest import RunningStack


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_bucket_allows_the_burst_then_refills_at_the_rate() -> None:
    clock = Clock()
    bucket = TokenBucket(Throttling(burst_limit=3, rate_limit=2.0), clock)
    assert [bucket.take() for _ in range(4)] == [True, True, True, False]
    clock.now += 0.5  # one token back
    assert [bucket.take(), bucket.take()] == [True, False]
    clock.now += 60  # never more than the burst
    assert [bucket.take() for _ in range(4)] == [True, True, True, False]


def test_each_route_has_its_own_bucket_and_unlimited_routes_are_never_throttled() -> None:
    clock = Clock()
    stage = StageThrottle({"GET /a": Throttling(1, 1.0), "GET /b": Throttling(1, 1.0), "GET /c": None}, clock)
    assert [stage.allow("GET /a"), stage.allow("GET /a")] == [True, False]
    assert stage.allow("GET /b") is True
    assert all(stage.allow("GET /c") for _ in range(1000))


def test_the_burst_is_enforced_over_http_with_429(serve: Callable[..., tuple[RunningStack, str]]) -> None:
    stack, url = serve("tight")
    routes = {route.route_key: route for route in stack.description.routes}
    assert routes["GET /ping"].throttling == Throttling(burst_limit=2, rate_limit=0.001)
    statuses = [requests.get(url + "/ping", timeout=30) for _ in range(6)]
    assert [r.status_code for r in statuses] == [200, 200, 429, 429, 429, 429]
    assert statuses[-1].json() == {"message": "Too Many Requests"}
    _, fresh = serve("tight")  # a new stage starts with a full bucket
    assert requests.get(fresh + "/ping", timeout=30).status_code == 200


def test_a_route_with_its_own_limits_is_throttled_by_them(serve: Callable[..., tuple[RunningStack, str]]) -> None:
    stack, url = serve("tight")
    routes = {route.route_key: route for route in stack.description.routes}
    assert routes["GET /slow"].throttling == Throttling(burst_limit=1, rate_limit=0.001)
    slow = [requests.get(url + "/slow", timeout=30) for _ in range(3)]
    assert [r.status_code for r in slow] == [200, 429, 429]
    assert slow[-1].json() == {"message": "Too Many Requests"}
    assert [requests.get(url + "/ping", timeout=30).status_code for _ in range(2)] == [200, 200]
