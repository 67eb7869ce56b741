"""HTTP API route selection: `METHOD /path` keys with `{param}` and greedy `{proxy+}` segments, `ANY`, `$default`.

API Gateway picks the most specific match: a route without a greedy segment beats one with it, more literal
segments beat fewer, a named method beats `ANY`; `$default` only catches requests no other route matches.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

DEFAULT_ROUTE = "$default"
PARAMETER = re.compile(r"^\{(?P<name>[A-Za-z0-9_]+)(?P<greedy>\+?)\}$")

T = TypeVar("T")


@dataclass(frozen=True)
class RouteMatch(Generic[T]):
    """The selected route's payload (e.g. the route description) and its path parameters."""

    route_key: str
    target: T
    path_parameters: dict[str, str]


@dataclass(frozen=True)
class _Pattern(Generic[T]):
    route_key: str
    method: str
    segments: tuple[str, ...]
    target: T

    def match(self, method: str, segments: Sequence[str]) -> dict[str, str] | None:
        if self.method not in ("ANY", method):
            return None
        parameters: dict[str, str] = {}
        for index, pattern in enumerate(self.segments):
            parameter = PARAMETER.match(pattern)
            if parameter and parameter["greedy"]:
                rest = segments[index:]
                if not rest or not "/".join(rest):
                    return None
                parameters[parameter["name"]] = "/".join(rest)
                return parameters
            if index >= len(segments):
                return None
            if parameter:
                if not segments[index]:
                    return None
                parameters[parameter["name"]] = segments[index]
            elif pattern != segments[index]:
                return None
        return parameters if len(segments) == len(self.segments) else None

    @property
    def specificity(self) -> tuple[bool, int, bool]:
        greedy = any(PARAMETER.match(s) and s.endswith("+}") for s in self.segments)
        literal = sum(1 for s in self.segments if not PARAMETER.match(s))
        return (not greedy, literal, self.method != "ANY")


class Router(Generic[T]):
    """Selects a route for a method and a (decoded) path."""

    def __init__(self, routes: Sequence[tuple[str, T]]) -> None:
        self._patterns: list[_Pattern[T]] = []
        self._default: tuple[str, T] | None = None
        for route_key, target in routes:
            if route_key == DEFAULT_ROUTE:
                self._default = (route_key, target)
                continue
            method, _, path = route_key.partition(" ")
            self._patterns.append(_Pattern(route_key, method, _segments(path), target))

    def match(self, method: str, path: str) -> RouteMatch[T] | None:
        """The route for `method path`, or None (API Gateway's 404)."""
        segments = _segments(path)
        found = [(p, params) for p in self._patterns if (params := p.match(method, segments)) is not None]
        if found:
            pattern, parameters = max(found, key=lambda item: item[0].specificity)
            return RouteMatch(pattern.route_key, pattern.target, parameters)
        if self._default is not None:
            return RouteMatch(self._default[0], self._default[1], {})
        return None


def _segments(path: str) -> tuple[str, ...]:
    """`/a/b` → ("a", "b"); `/` → (); a trailing slash keeps an empty last segment, as API Gateway does."""
    return tuple(path[1:].split("/")) if path not in ("", "/") else ()
