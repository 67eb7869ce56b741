"""The reports function (GET /reports; API Gateway HTTP API, payload format 2.0).

Answers a storage report in human units, plus the caller's `sub` when the JWT authorizer passed claims. Its one
third-party dependency, `humanize`, is pinned in `requirements.txt` and vendored into the function's zip.
"""

import json
from typing import Any

import humanize

#: Sizes of the stored objects, in bytes (a fixed sample: the report is about packaging, not storage).
OBJECT_SIZES = (734_003_200, 1_288_490_188, 52_428_800)


def handler(event: dict[str, Any], context: object) -> dict[str, Any]:  # noqa: ARG001 (the Lambda signature)
    body: dict[str, Any] = {
        "report": "storage",
        "objects": len(OBJECT_SIZES),
        "total": humanize.naturalsize(sum(OBJECT_SIZES)),
    }
    claims = ((event.get("requestContext") or {}).get("authorizer") or {}).get("jwt", {}).get("claims") or {}
    if "sub" in claims:
        body["sub"] = claims["sub"]
    return {
        "statusCode": 200,
        "headers": {"content-type": "application/json"},
        "isBase64Encoded": False,
        "body": json.dumps(body),
    }
