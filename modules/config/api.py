"""The HTTP API's own settings: CORS, stage throttling and the routes."""

from __future__ import annotations

import re

from pydantic import model_validator

from modules.config.allowed import (
    DEFAULT_ROUTE_KEY,
    HTTP_METHODS,
    LAMBDA_TARGET,
    PATH_VARIABLE_PATTERN,
    ROUTE_KEY_PATTERN,
    SCOPE_PATTERN,
)
from modules.config.base import ConfigModel, InvalidField, setting
from modules.config.rules import Between, EachMatches, Matches


def route_resource_name(route_key: str) -> str:
    """Terraform resource name of a route: `GET /example` → `get_example`, `GET /` → `get_root`.

    Derived from the route key (the natural key), never from a list position, so reordering routes in the
    config never replaces infrastructure.
    """
    if route_key == DEFAULT_ROUTE_KEY:
        return "default"
    method, path = route_key.split(" ", 1)
    words = re.sub(r"[^a-z0-9]+", "_", path.lower()).strip("_")
    return f"{method.lower()}_{words or 'root'}"


class CorsConfig(ConfigModel):
    """CORS for the HTTP API. Absent from the config means no CORS configuration at all."""

    allow_origins: tuple[str, ...] = setting(doc="Allowed origins (never '*' together with allow_credentials)")
    allow_methods: tuple[str, ...] = setting(("GET", "OPTIONS", "POST"), doc="Allowed methods")
    allow_headers: tuple[str, ...] = setting(("authorization", "content-type"), doc="Allowed request headers")
    expose_headers: tuple[str, ...] = setting((), doc="Response headers exposed to the browser")
    allow_credentials: bool = setting(False, doc="Allow credentials (cookies, Authorization) in cross-origin requests")
    max_age_seconds: int = setting(300, Between(0, 86400), doc="Seconds a browser may cache a preflight answer")

    @model_validator(mode="after")
    def _consistent(self) -> CorsConfig:
        if not self.allow_origins:
            raise InvalidField("allow_origins", [], "at least one origin (omit [cors] to disable CORS)")
        if self.allow_credentials and "*" in self.allow_origins:
            raise InvalidField(
                "allow_origins",
                list(self.allow_origins),
                "explicit origins when cors.allow_credentials is true (browsers reject '*' with credentials)",
            )
        bad = [method for method in self.allow_methods if method not in (*HTTP_METHODS, "*")]
        if bad:
            raise InvalidField("allow_methods", bad[0], ", ".join(HTTP_METHODS) + " or *")
        return self


class ThrottlingConfig(ConfigModel):
    """Default route throttling of the `$default` stage. Never 0 (0 would block every request)."""

    burst_limit: int = setting(
        100, Between(1, 5000, note="0 would block all traffic"), doc="Default route burst limit of the $default stage"
    )
    rate_limit: float = setting(
        50.0,
        Between(0, 10000, above=True),
        doc="Default route rate limit of the $default stage, requests per second",
    )


class RouteThrottlingConfig(ConfigModel):
    """A route's own throttling, rendered as the stage's `route_settings` for its route key. API Gateway applies
    route limits in place of the stage's default route limits ("Throttle requests to your HTTP APIs",
    https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-throttling.html); the config also keeps
    them at most the stage's (`checks.py`), so a route can only be limited more tightly."""

    burst_limit: int = setting(..., Between(1, 5000, note="0 would block the route"), doc="The route's burst limit")
    rate_limit: float = setting(..., Between(0, 10000, above=True), doc="The route's rate limit, requests per second")


def _check_path(route_key: str, method: str, path: str) -> None:
    """API Gateway's rules of a route's path variables ("Create routes for HTTP APIs in API Gateway",
    https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html): a greedy
    variable (`{proxy+}`) "must be at the end of the resource path"; a variable names one value, so a name
    appears once (API Gateway refuses the route otherwise)."""
    if method not in HTTP_METHODS:
        raise InvalidField("route_key", route_key, "a method among " + ", ".join(HTTP_METHODS))
    variables = list(PATH_VARIABLE_PATTERN.finditer(path))
    if any(variable["greedy"] and variable.end() != len(path) for variable in variables):
        raise InvalidField("route_key", route_key, "a greedy variable {name+} only as the last segment of the path")
    names = [variable["name"] for variable in variables]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        count = names.count(repeated[0])
        raise InvalidField("route_key", route_key, f"each path variable once ({{{repeated[0]}}} appears {count} times)")


class RouteConfig(ConfigModel):
    """One route. `target` is `lambda` (AWS_PROXY to `function`, payload 2.0) or an https URL (HTTP_PROXY).

    Routes use the JWT authorizer unless `public` is true. `scopes` are short names, published by the
    generated resource server as `<project>/<scope>`.
    """

    route_key: str = setting(doc="'METHOD /path' or '$default'")
    target: str = setting(
        LAMBDA_TARGET,
        Matches(r"lambda|https://[^\s/$.?#]\S*", "'lambda' or an https:// URL"),
        doc="'lambda' (AWS_PROXY, payload 2.0) or an https:// URL (HTTP_PROXY)",
    )
    function: str = setting("", doc="The function a lambda route invokes ('': the only function, if there is one)")
    public: bool = setting(False, doc="true: no authorization (authorization_type NONE); false: the JWT authorizer")
    scopes: tuple[str, ...] = setting(
        (),
        EachMatches(SCOPE_PATTERN, "scope names of letters, digits and _ . : -"),
        doc="Scopes the token must carry, published as <project>/<scope>",
    )
    summary: str = setting(
        "",
        Matches(r".{0,120}", "a summary of at most 120 characters"),
        doc="The operation's summary in the OpenAPI documents ('': the function's openapi.yaml, else the route key)",
    )
    description: str = setting(
        "", doc="The operation's description in the OpenAPI documents, CommonMark ('': the function's openapi.yaml)"
    )

    throttling: RouteThrottlingConfig | None = setting(
        None, doc="The route's own limits (at most the stage's); without it the stage's default route limits"
    )
    detailed_metrics: bool = setting(
        False, doc="Route-level CloudWatch metrics (ApiId, Stage, Method, Resource) and the route's own alarms"
    )

    @property
    def resource_name(self) -> str:
        return route_resource_name(self.route_key)

    @property
    def is_lambda(self) -> bool:
        return self.target == LAMBDA_TARGET

    @property
    def method(self) -> str:
        return "ANY" if self.route_key == DEFAULT_ROUTE_KEY else self.route_key.split(" ", 1)[0]

    @model_validator(mode="after")
    def _consistent(self) -> RouteConfig:
        match = ROUTE_KEY_PATTERN.fullmatch(self.route_key)
        if self.route_key != DEFAULT_ROUTE_KEY and not match:
            raise InvalidField(
                "route_key",
                self.route_key,
                "'METHOD /path' (with a space and a leading slash, e.g. 'GET /example') or '$default'",
            )
        if match:
            _check_path(self.route_key, match["method"], match["path"])
        if self.public and self.scopes:
            raise InvalidField("scopes", list(self.scopes), "no scopes on a public route (public = true)")
        if self.function and not self.is_lambda:
            raise InvalidField("function", self.function, "'' when the target is a URL (only lambda routes invoke one)")
        return self
