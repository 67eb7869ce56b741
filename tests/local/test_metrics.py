"""What the alarms would see, counted locally: per route, for the API and per function."""

from __future__ import annotations

from collections.abc import Callable

import requests

from modules.local.metrics import API, LocalMetrics, percentile
from tests.local.conftest import RunningStack


def test_nearest_rank_percentiles() -> None:
    samples = [float(n) for n in range(1, 101)]
    assert (percentile(samples, 0.5), percentile(samples, 0.99), percentile(samples, 1.0)) == (50.0, 99.0, 100.0)
    assert percentile([7.25], 0.99) == 7.2  # rounded to 0.1 ms
    assert percentile([], 0.5) is None


def test_requests_count_for_their_route_and_the_api() -> None:
    metrics = LocalMetrics()
    metrics.request("GET /a", 200, 10.0)
    metrics.request("GET /a", 503, 30.0)
    metrics.request("GET /b", 401, 5.0)
    metrics.request(None, 404, 1.0)  # no route: the API's count only
    routes = metrics.snapshot()["routes"]
    assert routes[API] == {"requests": 4, "4xx": 2, "5xx": 1, "p50_ms": 5.0, "p99_ms": 30.0}
    assert routes["GET /a"] == {"requests": 2, "4xx": 0, "5xx": 1, "p50_ms": 10.0, "p99_ms": 30.0}
    assert list(routes) == [API, "GET /a", "GET /b"]


def test_the_report_is_one_line_per_route_and_function() -> None:
    metrics = LocalMetrics()
    assert metrics.report() == ["no requests"]
    metrics.invocation("shop-dev-api", True, 12.0)
    assert metrics.report() == ["function shop-dev-api: invocations 1, errors 1, p50_ms 12.0, p99_ms 12.0"]


def test_a_function_that_raises_shows_up(serve: Callable[..., tuple[RunningStack, str]]) -> None:
    metrics = LocalMetrics()
    _, url = serve("lab", metrics=metrics)
    assert requests.get(url + "/public/raise", timeout=30).status_code == 500
    assert requests.get(url + "/public/text", timeout=30).status_code == 200
    assert requests.get(url + "/refused", timeout=30).status_code >= 500
    snapshot = metrics.snapshot()
    (function,) = snapshot["functions"].values()
    assert (function["invocations"], function["errors"]) == (2, 1)
    route = snapshot["routes"]["ANY /public/{proxy+}"]
    assert (route["requests"], route["4xx"], route["5xx"]) == (2, 0, 1)
    assert snapshot["routes"][API]["5xx"] == 2
    assert route["p99_ms"] is not None
    assert route["p99_ms"] >= route["p50_ms"] > 0
