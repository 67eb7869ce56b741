"""Payload format 2.0: the event a function receives, and how its result becomes the response."""

from __future__ import annotations

import base64
import json
import re
import time
from collections.abc import Callable
from typing import Any

import pytest
import requests

from modules.local.jwt_authorizer import Authorization
from modules.local.payload import (
    ApiContext,
    IncomingRequest,
    InvalidLambdaResponse,
    build_event,
    claim_string,
    map_response,
)
from tests.local.conftest import RunningStack
from tests.local.tokens import sign_in

CONTEXT = ApiContext(account_id="123456789012", api_id="abc123", domain_name="127.0.0.1:8080")
TIMEOUT = 30


def request(**changes: Any) -> IncomingRequest:
    fields: dict[str, Any] = {
        "method": "GET",
        "raw_path": "/items/42",
        "raw_query_string": "a=1&a=2&b=&c=x%20y",
        "headers": (("Host", "127.0.0.1:8080"), ("User-Agent", "ua/1"), ("X-Multi", "1"), ("x-multi", "2")),
        "body": b"",
        "source_ip": "127.0.0.1",
    }
    fields.update(changes)
    return IncomingRequest(**fields)


def test_the_event_has_every_payload_2_0_field() -> None:
    authorization = Authorization(
        {"sub": "u-1", "exp": 1700000000, "cognito:groups": ["admin", "ops"], "email_verified": True}, ("s1", "s2")
    )
    event = build_event(
        request(headers=(*request().headers, ("Cookie", "c1=v1; c2=v2"))),
        route_key="GET /items/{id}",
        path_parameters={"id": "42"},
        authorization=authorization,
        context=CONTEXT,
        request_id="req-1",
        now=1700000000.123,
    )
    assert event["version"] == "2.0"
    assert event["routeKey"] == "GET /items/{id}"
    assert event["rawPath"] == "/items/42"
    assert event["rawQueryString"] == "a=1&a=2&b=&c=x%20y"
    assert event["cookies"] == ["c1=v1", "c2=v2"]
    assert event["headers"] == {"host": "127.0.0.1:8080", "user-agent": "ua/1", "x-multi": "1,2"}
    assert event["queryStringParameters"] == {"a": "1,2", "b": "", "c": "x y"}
    assert event["pathParameters"] == {"id": "42"}
    assert event["isBase64Encoded"] is False
    assert "body" not in event
    context = event["requestContext"]
    assert context["accountId"] == "123456789012"
    assert context["apiId"] == "abc123"
    assert context["domainName"] == "127.0.0.1:8080"
    assert context["http"] == {
        "method": "GET",
        "path": "/items/42",
        "protocol": "HTTP/1.1",
        "sourceIp": "127.0.0.1",
        "userAgent": "ua/1",
    }
    assert context["requestId"] == "req-1"
    assert context["routeKey"] == "GET /items/{id}"
    assert context["stage"] == "$default"
    assert context["time"] == "14/Nov/2023:22:13:20 +0000"
    assert context["timeEpoch"] == 1700000000123
    assert context["authorizer"] == {
        "jwt": {
            "claims": {"sub": "u-1", "exp": "1700000000", "cognito:groups": "[admin ops]", "email_verified": "true"},
            "scopes": ["s1", "s2"],
        }
    }


def test_optional_fields_are_left_out_and_bodies_are_text_or_base64() -> None:
    bare = build_event(
        request(raw_query_string="", headers=()),
        route_key="$default",
        path_parameters={},
        authorization=None,
        context=CONTEXT,
        request_id="r",
    )
    assert {"cookies", "queryStringParameters", "pathParameters", "body"}.isdisjoint(bare)
    assert "authorizer" not in bare["requestContext"]
    text = build_event(
        request(body=b'{"k": "v"}', headers=(("Content-Type", "application/json"),)),
        route_key="$default",
        path_parameters={},
        authorization=None,
        context=CONTEXT,
        request_id="r",
    )
    assert (text["body"], text["isBase64Encoded"]) == ('{"k": "v"}', False)
    binary = build_event(
        request(body=b"\x89PNG\x00", headers=(("Content-Type", "image/png"),)),
        route_key="$default",
        path_parameters={},
        authorization=None,
        context=CONTEXT,
        request_id="r",
    )
    assert (base64.b64decode(binary["body"]), binary["isBase64Encoded"]) == (b"\x89PNG\x00", True)


def test_results_map_by_the_2_0_rules() -> None:
    bare = map_response({"a": "b"})
    assert (bare.status, bare.headers, json.loads(bare.body)) == (
        200,
        (("content-type", "application/json"),),
        {"a": "b"},
    )
    text = map_response("text, as it is")
    assert (text.status, text.headers, text.body) == (200, (("content-type", "application/json"),), b"text, as it is")
    assert map_response([1, 2]).body == b"[1, 2]"
    assert map_response(None).body == b"null"
    full = map_response(
        {
            "statusCode": 418,
            "headers": {"X-Tea": "pot", "Content-Type": "text/plain", "X-N": 3},
            "cookies": ["a=1", "b=2"],
            "body": "short and stout",
        }
    )
    assert full.status == 418
    assert full.headers == (
        ("x-tea", "pot"),
        ("content-type", "text/plain"),
        ("x-n", "3"),
        ("set-cookie", "a=1"),
        ("set-cookie", "b=2"),
    )
    assert full.body == b"short and stout"
    empty = map_response({"statusCode": 204})
    assert (empty.status, empty.body, empty.headers) == (204, b"", (("content-type", "application/json"),))
    encoded = map_response({"statusCode": 200, "body": base64.b64encode(b"\x00\xff").decode(), "isBase64Encoded": True})
    assert encoded.body == b"\x00\xff"


@pytest.mark.parametrize(
    ("result", "message"),
    [
        ({"statusCode": "200"}, "statusCode must be an integer"),
        ({"statusCode": True}, "statusCode must be an integer"),
        ({"statusCode": 99}, "statusCode must be an integer"),
        ({"statusCode": 200, "body": {"a": 1}}, "body must be a string"),
        ({"statusCode": 200, "headers": ["x"]}, "headers must be an object"),
        ({"statusCode": 200, "body": "%%%", "isBase64Encoded": True}, "not base64"),
        ({"statusCode": 200, "body": {1, 2}}, "not JSON-serializable"),
        (object(), "not JSON-serializable"),
        ({"statusCode": 200, "headers": {"x-a": "1\r\nset-cookie: stolen=1"}}, "line break or a NUL"),
        ({"statusCode": 200, "headers": {"x-a": "nul\x00"}}, "line break or a NUL"),
        ({"statusCode": 200, "headers": {"x-a": "\u4e2d"}}, "outside Latin-1"),
        ({"statusCode": 200, "headers": {"bad name": "1"}}, "not an HTTP token"),
        ({"statusCode": 200, "headers": {"": "1"}}, "not an HTTP token"),
        ({"statusCode": 200, "cookies": ["a=1\nb=2"]}, "line break or a NUL"),
    ],
)
def test_malformed_results_are_invalid(result: Any, message: str) -> None:
    with pytest.raises(InvalidLambdaResponse, match=message):
        map_response(result)


def test_claims_are_strings() -> None:
    assert claim_string(3) == "3"
    assert claim_string(False) == "false"
    assert claim_string(["a", 1]) == "[a 1]"
    assert claim_string({"k": [1]}) == '{"k":[1]}'


def test_the_function_receives_the_event_over_http(
    serve: Callable[..., tuple[RunningStack, str]],
) -> None:
    stack, url = serve("lab")
    tokens = sign_in(stack.admin(), stack.pool_id, stack.client_id)
    response = requests.get(
        url + "/echo/7?q=1&q=2",
        headers={"Authorization": f"Bearer {tokens.access}", "Cookie": "k=v", "X-Trace": "t"},
        timeout=TIMEOUT,
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    echoed = response.json()
    event, context = echoed["event"], echoed["context"]
    assert event["routeKey"] == "GET /echo/{id}"
    assert event["rawPath"] == "/echo/7"
    assert event["rawQueryString"] == "q=1&q=2"
    assert event["queryStringParameters"] == {"q": "1,2"}
    assert event["pathParameters"] == {"id": "7"}
    assert event["cookies"] == ["k=v"]
    assert event["headers"]["x-trace"] == "t"
    assert "cookie" not in event["headers"]
    claims = event["requestContext"]["authorizer"]["jwt"]["claims"]
    assert claims["client_id"] == stack.client_id
    assert claims["token_use"] == "access"
    assert claims["iss"] == stack.issuer
    assert isinstance(claims["exp"], str)
    assert event["requestContext"]["requestId"] == response.headers["apigw-requestid"]
    assert event["requestContext"]["http"]["sourceIp"] == "127.0.0.1"
    assert context == {
        "function_name": "local-lab-lab-lab",
        "arn": "arn:aws:lambda:us-east-2:123456789012:function:local-lab-lab-lab",
        "memory": 128,
        "remaining_positive": True,
        "greeting": "hello from a sibling module",
        "lab_mode": "on",
        "function_variable": "local-lab-lab-lab",
    }
    posted = requests.post(
        url + "/public/echo", data="plain body", headers={"Content-Type": "text/plain"}, timeout=TIMEOUT
    )
    assert posted.json()["event"]["body"] == "plain body"
    assert posted.json()["event"]["isBase64Encoded"] is False
    assert "authorizer" not in posted.json()["event"]["requestContext"]


def test_results_are_mapped_over_http(serve: Callable[..., tuple[RunningStack, str]]) -> None:
    _, url = serve("lab")
    custom = requests.get(url + "/public/custom", timeout=TIMEOUT)
    assert custom.status_code == 201
    assert custom.content == b"\x00\x01binary"
    assert custom.headers["content-type"] == "application/octet-stream"
    assert custom.headers["x-lab"] == "yes"
    assert custom.raw.headers.getlist("set-cookie") == ["a=1", "b=2; Path=/"]
    bare = requests.get(url + "/public/bare", timeout=TIMEOUT)
    assert (bare.status_code, bare.json()) == (200, ["bare", 1, {"x": None}])
    for malformed in ("bad-status", "not-json"):
        response = requests.get(url + f"/public/{malformed}", timeout=TIMEOUT)
        assert (response.status_code, response.json()) == (500, {"message": "Internal Server Error"})


#: content type → whether API Gateway passes the body as text (see payload.py for the source of the list).
BODY_KINDS = {
    "text/plain; charset=utf-8": True,
    "text/csv": True,
    "text/html": True,
    "application/json": True,
    "application/json; charset=utf-8": True,
    "application/xml": True,
    "application/javascript": True,
    "application/x-www-form-urlencoded": False,
    "multipart/form-data; boundary=x": False,
    "application/octet-stream": False,
    "application/x-yaml": False,
    "application/vnd.api+json": False,
    None: False,
}


@pytest.mark.parametrize(("content_type", "as_text"), list(BODY_KINDS.items()))
def test_bodies_arrive_as_text_or_base64_as_on_aws(
    serve: Callable[..., tuple[RunningStack, str]], content_type: str | None, as_text: bool
) -> None:
    _, url = serve("lab")
    body = "name=Zoë&x=1".encode()
    headers = {"Content-Type": content_type} if content_type is not None else {}
    response = requests.post(url + "/public/echo", data=body, headers=headers, timeout=TIMEOUT)
    event = response.json()["event"]
    assert event["isBase64Encoded"] is not as_text
    assert event["body"] == (body.decode() if as_text else base64.b64encode(body).decode())
    assert ("content-type" in event["headers"]) is (content_type is not None)


def test_a_text_body_that_is_not_utf8_arrives_base64(serve: Callable[..., tuple[RunningStack, str]]) -> None:
    _, url = serve("lab")
    posted = requests.post(
        url + "/public/echo", data=b"\xff\xfe", headers={"Content-Type": "text/plain"}, timeout=TIMEOUT
    )
    event = posted.json()["event"]
    assert (event["isBase64Encoded"], base64.b64decode(event["body"])) == (True, b"\xff\xfe")


def test_a_string_result_is_the_body_as_it_is(serve: Callable[..., tuple[RunningStack, str]]) -> None:
    _, url = serve("lab")
    response = requests.get(url + "/public/text", timeout=TIMEOUT)
    assert (response.status_code, response.content) == (200, b"Hello from Lambda!")
    assert response.headers["content-type"] == "application/json"


def test_a_result_without_status_code_is_a_200_json_body(serve: Callable[..., tuple[RunningStack, str]]) -> None:
    _, url = serve("lab")
    response = requests.get(url + "/public/no-status", timeout=TIMEOUT)
    assert (response.status_code, response.json()) == (200, {"message": "Hello from Lambda!"})
    assert response.headers["content-type"] == "application/json"


@pytest.mark.parametrize("action", ["bad-header", "wide-header"])
def test_result_headers_that_cannot_go_on_the_wire_are_500(
    serve: Callable[..., tuple[RunningStack, str]], capsys: pytest.CaptureFixture[str], action: str
) -> None:
    _, url = serve("lab")
    response = requests.get(url + f"/public/{action}", timeout=TIMEOUT)
    assert (response.status_code, response.json()) == (500, {"message": "Internal Server Error"})
    assert "set-cookie" not in response.headers
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "[ANY /public/{proxy+}] 500: header x-" in err


def test_events_carry_the_gateway_headers(serve: Callable[..., tuple[RunningStack, str]]) -> None:
    _, url = serve("lab")
    sent = {"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https", "X-Amzn-Trace-Id": "Root=forged"}
    before = int(time.time())
    first = requests.get(url + "/public/echo", headers=sent, timeout=TIMEOUT).json()["event"]["headers"]
    second = requests.get(url + "/public/echo", timeout=TIMEOUT).json()["event"]["headers"]
    after = int(time.time())
    assert first["x-forwarded-for"] == "203.0.113.7, 127.0.0.1"  # the client's, then the client's address
    assert second["x-forwarded-for"] == "127.0.0.1"
    port = url.rsplit(":", 1)[1]
    for headers in (first, second):
        assert (headers["x-forwarded-proto"], headers["x-forwarded-port"]) == ("http", port)
        trace = re.fullmatch(r"Root=1-([0-9a-f]{8})-([0-9a-f]{24})", headers["x-amzn-trace-id"])
        assert trace is not None, headers["x-amzn-trace-id"]
        assert before <= int(trace[1], 16) <= after
    assert first["x-amzn-trace-id"] != second["x-amzn-trace-id"]
