"""The API's Lambda handler (API Gateway HTTP API, payload format 2.0).

Answers `{"a": "b"}` as in the walkthrough, plus the caller's `sub` when the JWT authorizer passed claims.
"""

import json


def handler(event, context):  # noqa: ARG001 (the Lambda signature)
    body = {"a": "b"}
    claims = ((event.get("requestContext") or {}).get("authorizer") or {}).get("jwt", {}).get("claims") or {}
    if "sub" in claims:
        body["sub"] = claims["sub"]
    return {
        "statusCode": 200,
        "headers": {"content-type": "application/json"},
        "isBase64Encoded": False,
        "body": json.dumps(body),
    }
