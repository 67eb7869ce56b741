"""CKV_CHA_1: an API Gateway v2 route without authorization must be one the config declares public.

checkov's CKV_AWS_309 fails every route with `authorization_type = "NONE"`, including a health check that is
public on purpose, so `security/checkov-skips.toml` skips it for those routes by name. This policy checks the
declaration itself: a route is let through without authorization only when `environments.toml` declares it
`public = true`:

- in cdktf JSON, by the generator's marker `"//": {"public_route": "<its route key>"}` on the route;
- in HCL (the packaged module, which has no `//` comments), by its route key in the JSON list
  `$CKV_CHA_PUBLIC_ROUTES`, which `modules/tools/policy_scan/scan.py` sets from the config.

A route with a missing or `NONE` authorization that is not declared so fails. Runs inside checkov's own
virtualenv (`.venv-checkov`), so it imports only checkov and the standard library.
"""

from __future__ import annotations

import json
import os
from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck

#: Must match `modules.constructs.routes.PUBLIC_ROUTE_MARKER` (tests/test_checkov.py checks that it does).
PUBLIC_ROUTE_MARKER = "public_route"
#: What AWS applies when `authorization_type` is left out.
DEFAULT_AUTHORIZATION = "NONE"
PUBLIC_ROUTES_VARIABLE = "CKV_CHA_PUBLIC_ROUTES"


class PublicRoutesAreDeclared(BaseResourceCheck):
    """Fails a route without authorization unless it carries the generator's public-route marker."""

    def __init__(self) -> None:
        super().__init__(
            name="Ensure API Gateway v2 routes without authorization are declared public in environments.toml",
            id="CKV_CHA_1",
            categories=(CheckCategories.IAM,),
            supported_resources=("aws_apigatewayv2_route",),
        )

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        authorization = _first(conf.get("authorization_type"), DEFAULT_AUTHORIZATION)
        if not isinstance(authorization, str) or "${" in authorization:
            return CheckResult.UNKNOWN
        if authorization.upper() != DEFAULT_AUTHORIZATION:
            return CheckResult.PASSED
        route_key = _first(conf.get("route_key"), None)
        comment = conf.get("//")
        if isinstance(comment, dict):  # cdktf JSON: only the generator's marker counts
            declared = comment.get(PUBLIC_ROUTE_MARKER) == route_key
        else:
            declared = route_key in json.loads(os.environ.get(PUBLIC_ROUTES_VARIABLE) or "[]")
        return CheckResult.PASSED if declared and route_key is not None else CheckResult.FAILED


def _first(value: Any, default: Any) -> Any:
    """checkov wraps attribute values in one-element lists."""
    if isinstance(value, list):
        return value[0] if value else default
    return default if value is None else value


check = PublicRoutesAreDeclared()
