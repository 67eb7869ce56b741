"""The headers API Gateway adds to each request before an integration sees it.

Observed in the events of HTTP APIs on AWS (and listed among the headers an HTTP API reserves, which parameter
mapping may not touch: "Transforming API requests and responses", section "Reserved headers",
https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-parameter-mapping.html):

- `x-forwarded-for`: the client's address, appended to the value the client sent, if any;
- `x-forwarded-proto` and `x-forwarded-port`: how the client reached the gateway (here: `http` and the local
  port, so that a function building absolute URLs builds ones that work locally); a client's own values are
  replaced;
- `x-amzn-trace-id`: `Root=1-<8 hex digits: the Unix time>-<24 hex digits: random>`, the X-Ray trace id format
  ("Elastic Load Balancing and AWS X-Ray", https://docs.aws.amazon.com/xray/latest/devguide/xray-services-elb.html);
  a new one for each request, replacing the client's.
"""

from __future__ import annotations

import secrets
import time

Headers = tuple[tuple[str, str], ...]

FORWARDED_FOR = "x-forwarded-for"
REPLACED = frozenset({FORWARDED_FOR, "x-forwarded-proto", "x-forwarded-port", "x-amzn-trace-id"})


def with_gateway_headers(
    headers: Headers, *, source_ip: str, scheme: str, port: int, now: float | None = None
) -> Headers:
    """`headers` as the integration receives them: the client's, then the gateway's four."""
    forwarded_for = [value for name, value in headers if name.lower() == FORWARDED_FOR]
    kept = tuple((name, value) for name, value in headers if name.lower() not in REPLACED)
    return (
        *kept,
        (FORWARDED_FOR, ", ".join([*forwarded_for, source_ip])),
        ("x-forwarded-proto", scheme),
        ("x-forwarded-port", str(port)),
        ("x-amzn-trace-id", trace_id(time.time() if now is None else now)),
    )


def trace_id(now: float) -> str:
    """A new X-Ray trace header for a request arriving at Unix time `now`."""
    return f"Root=1-{int(now):08x}-{secrets.token_hex(12)}"
