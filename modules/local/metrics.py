"""What the alarms would see, counted locally: per route and for the whole API, requests, 4xx, 5xx and p50/p99
latency (API Gateway's `Count`, `4xx`, `5xx`, `Latency`); per function, invocations, errors and p50/p99
duration (Lambda's `Invocations`, `Errors`, `Duration`).

`make local` serves the counts as JSON at the info line's `metrics_url` and prints them when it stops.
Percentiles are nearest-rank over every sample since the start (CloudWatch's are over a period).
"""

from __future__ import annotations

import json
import math
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from werkzeug.wrappers import Response

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIEnvironment

#: The key of the whole API's counts, beside the route keys (`$default` is a route key, so this is not one).
API = "(api)"


def percentile(samples: list[float], share: float) -> float | None:
    """The nearest-rank percentile (`share` in 0..1) of `samples`; None without samples."""
    if not samples:
        return None
    ordered = sorted(samples)
    return round(ordered[max(1, math.ceil(share * len(ordered))) - 1], 1)


@dataclass
class _Counts:
    total: int = 0
    errors: dict[str, int] = field(default_factory=dict)
    milliseconds: list[float] = field(default_factory=list)

    def add(self, kind: str, milliseconds: float) -> None:
        self.total += 1
        if kind:
            self.errors[kind] = self.errors.get(kind, 0) + 1
        self.milliseconds.append(milliseconds)

    def view(self, total: str, kinds: tuple[str, ...]) -> dict[str, Any]:
        return {
            total: self.total,
            **{kind: self.errors.get(kind, 0) for kind in kinds},
            "p50_ms": percentile(self.milliseconds, 0.5),
            "p99_ms": percentile(self.milliseconds, 0.99),
        }


class LocalMetrics:
    """Thread-safe counts of one `make local` run (they survive a WATCH=1 reload)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._routes: dict[str, _Counts] = {}
        self._functions: dict[str, _Counts] = {}

    def request(self, route_key: str | None, status: int, milliseconds: float) -> None:
        """One answered request: counted for the API, and for its route when one matched."""
        kind = "5xx" if status >= 500 else "4xx" if status >= 400 else ""
        with self._lock:
            for key in (API, route_key) if route_key is not None else (API,):
                self._routes.setdefault(key, _Counts()).add(kind, milliseconds)

    def invocation(self, function_name: str, failed: bool, milliseconds: float) -> None:
        """One invocation of a function; `failed` when it raised, timed out or crashed (Lambda's `Errors`)."""
        with self._lock:
            self._functions.setdefault(function_name, _Counts()).add("errors" if failed else "", milliseconds)

    def snapshot(self) -> dict[str, Any]:
        """`{"routes": {key: {...}}, "functions": {name: {...}}}`, keys sorted, the API's counts under `(api)`."""
        with self._lock:
            return {
                "routes": {key: c.view("requests", ("4xx", "5xx")) for key, c in sorted(self._routes.items())},
                "functions": {name: c.view("invocations", ("errors",)) for name, c in sorted(self._functions.items())},
            }

    def report(self) -> list[str]:
        """The counts as lines for a person (printed when `make local` stops)."""
        lines = []
        for section, counts in self.snapshot().items():
            for name, view in counts.items():
                lines.append(f"{section[:-1]} {name}: " + ", ".join(f"{key} {value}" for key, value in view.items()))
        return lines or ["no requests"]

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        """The WSGI app of `metrics_url`: the snapshot as JSON, whatever the path."""
        body = json.dumps(self.snapshot(), indent=2) + "\n"
        return Response(body, content_type="application/json")(environ, start_response)
