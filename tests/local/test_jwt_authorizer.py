"""The JWT authorizer over real HTTP, on each environment's synthesized API: the bad-token corpus and scopes."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import ENVIRONMENTS
from tests.local.conftest import RunningStack
from tests.local.tokens import (
    UserTokens,
    access_claims,
    claims_of,
    foreign_key,
    hs256_with_public_key,
    mint,
    sign_in,
    tampered,
    unsigned,
    with_header,
)

SCOPE = "cognito-http-api/reports.read"
TIMEOUT = 30


@dataclass(frozen=True)
class Identities:
    """Real tokens of one environment: its own client's user, a second client's user, a second pool's user."""

    stack: RunningStack
    user: UserTokens
    other_client: UserTokens
    other_pool: UserTokens


@pytest.fixture(scope="session")
def identities(running: Callable[[str], RunningStack]) -> Iterator[Callable[[str], Identities]]:
    made: dict[str, Identities] = {}

    def get(environment: str) -> Identities:
        if environment not in made:
            stack = running(environment)
            admin = stack.admin()
            flows = ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
            intruder = admin.create_user_pool_client(
                UserPoolId=stack.pool_id, ClientName="intruder", ExplicitAuthFlows=flows
            )["UserPoolClient"]["ClientId"]
            other_pool = admin.create_user_pool(PoolName=f"other-{environment}", UsernameAttributes=["email"])
            other_pool_id = other_pool["UserPool"]["Id"]
            other_client = admin.create_user_pool_client(
                UserPoolId=other_pool_id, ClientName="other", ExplicitAuthFlows=flows
            )["UserPoolClient"]["ClientId"]
            made[environment] = Identities(
                stack,
                sign_in(admin, stack.pool_id, stack.client_id),
                sign_in(admin, stack.pool_id, intruder),
                sign_in(admin, other_pool_id, other_client),
            )
        return made[environment]

    return get


def minted(ids: Identities, **changes: Any) -> str:
    claims = access_claims(ids.stack.issuer, ids.stack.client_id, **changes)
    return mint({k: v for k, v in claims.items() if v is not None})


#: case → the Authorization header (None: no header at all).
BAD_TOKENS: dict[str, Callable[[Identities], str | None]] = {
    "no header": lambda _: None,
    "empty bearer": lambda _: "Bearer ",
    "bearer only": lambda _: "Bearer",
    "malformed": lambda _: "Bearer not-a-jwt",
    "three garbage segments": lambda _: "Bearer abc.def.ghi",
    "alg none": lambda ids: "Bearer " + unsigned(access_claims(ids.stack.issuer, ids.stack.client_id)),
    "hs256 with the public key as secret": lambda ids: (
        "Bearer " + hs256_with_public_key(access_claims(ids.stack.issuer, ids.stack.client_id))
    ),
    "rs512": lambda ids: "Bearer " + mint(access_claims(ids.stack.issuer, ids.stack.client_id), algorithm="RS512"),
    "unknown kid": lambda ids: (
        "Bearer " + mint(access_claims(ids.stack.issuer, ids.stack.client_id), kid="rotated-away")
    ),
    "known kid, foreign key": lambda ids: (
        "Bearer " + mint(access_claims(ids.stack.issuer, ids.stack.client_id), key=foreign_key())
    ),
    "expired": lambda ids: "Bearer " + minted(ids, exp=int(time.time()) - 60),
    "nbf in the future": lambda ids: "Bearer " + minted(ids, nbf=int(time.time()) + 3600),
    "iat in the future": lambda ids: "Bearer " + minted(ids, iat=int(time.time()) + 3600),
    "no exp": lambda ids: "Bearer " + minted(ids, exp=None),
    "wrong iss": lambda ids: "Bearer " + minted(ids, iss=ids.stack.issuer + "x"),
    "id token of another client (aud)": lambda ids: "Bearer " + ids.other_client.id,
    "access token of another client (client_id)": lambda ids: "Bearer " + ids.other_client.access,
    "access token of a second user pool": lambda ids: "Bearer " + ids.other_pool.access,
    "id token of a second user pool": lambda ids: "Bearer " + ids.other_pool.id,
    "aud wins over a matching client_id": lambda ids: "Bearer " + minted(ids, aud="someone-else"),
    "tampered payload, original signature": lambda ids: "Bearer " + tampered(ids.user.access, sub="someone-else"),
    "tampered expiry, original signature": lambda ids: (
        "Bearer " + tampered(ids.user.access, exp=int(time.time()) + 86400)
    ),
    # the header is the attacker's: nothing it holds may turn a denial into a server error
    "kid is an object": lambda ids: "Bearer " + with_header(ids.user.access, '{"alg":"RS256","kid":{"a":1}}'),
    "kid is a list": lambda ids: "Bearer " + with_header(ids.user.access, '{"alg":"RS256","kid":["dummy"]}'),
    "kid is a number": lambda ids: "Bearer " + with_header(ids.user.access, '{"alg":"RS256","kid":7}'),
    "crit is not a list": lambda ids: "Bearer " + with_header(ids.user.access, '{"alg":"RS256","kid":"x","crit":5}'),
    "alg is a list": lambda ids: "Bearer " + with_header(ids.user.access, '{"alg":["RS256"],"kid":"dummy"}'),
    "header is a JSON list": lambda ids: "Bearer " + with_header(ids.user.access, '["RS256","dummy"]'),
    "header is not UTF-8": lambda ids: "Bearer " + with_header(ids.user.access, b'{"alg":"\xff\xfe"}'),
    "header nested 5000 deep": lambda ids: (
        "Bearer " + with_header(ids.user.access, '{"alg":"RS256","kid":' + "[" * 5000 + "]" * 5000 + "}")
    ),
    "alg nested 900 deep": lambda ids: (
        "Bearer " + with_header(ids.user.access, '{"alg":' + "[" * 900 + "]" * 900 + "}")
    ),
    "kid with control and wide characters": lambda ids: (
        "Bearer " + with_header(ids.user.access, '{"alg":"RS256","kid":"\\u001b[31m\\u4e2d\\r\\n\\"x"}')
    ),
    "kid of 5000 characters": lambda ids: (
        "Bearer " + with_header(ids.user.access, '{"alg":"RS256","kid":"' + "k" * 5000 + '"}')
    ),
}


def get(url: str, authorization: str | None) -> requests.Response:
    headers = {"Authorization": authorization} if authorization is not None else {}
    return requests.get(url, headers=headers, timeout=TIMEOUT)


@pytest.mark.parametrize("environment", ENVIRONMENTS)
@pytest.mark.parametrize("case", list(BAD_TOKENS))
def test_every_bad_token_is_401(
    serve: Callable[..., tuple[RunningStack, str]], identities: Callable[[str], Identities], environment: str, case: str
) -> None:
    _, url = serve(environment)
    response = get(url + "/example", BAD_TOKENS[case](identities(environment)))
    assert response.status_code == 401
    assert response.json() == {"message": "Unauthorized"}
    challenge = response.headers["www-authenticate"]
    assert challenge.startswith("Bearer ")
    assert challenge.isascii(), challenge
    assert challenge.isprintable(), challenge
    assert len(challenge) < 300, challenge


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_good_tokens_pass_with_or_without_the_bearer_prefix(
    serve: Callable[..., tuple[RunningStack, str]], identities: Callable[[str], Identities], environment: str
) -> None:
    ids = identities(environment)
    _, url = serve(environment)
    sub = claims_of(ids.user.access)["sub"]
    for authorization in (
        f"Bearer {ids.user.access}",
        f"Bearer {ids.user.id}",
        ids.user.access,
        f"bearer {ids.user.id}",
        f"Bearer {minted(ids, sub=sub)}",
        f"Bearer {minted(ids, sub=sub, aud=[ids.stack.client_id, 'another'], client_id=None)}",
    ):
        response = get(url + "/example", authorization)
        assert response.status_code == 200, (authorization[:20], response.text)
        assert response.json() == {"a": "b", "sub": sub}


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_a_scoped_route_needs_one_of_its_scopes(
    serve: Callable[..., tuple[RunningStack, str]], identities: Callable[[str], Identities], environment: str
) -> None:
    ids = identities(environment)
    _, url = serve(environment)
    for token in (ids.user.access, ids.user.id, minted(ids, scope="cognito-http-api/reports.write openid")):
        response = get(url + "/reports", f"Bearer {token}")
        assert response.status_code == 403
        assert response.json() == {"message": "Forbidden"}
        assert 'error="insufficient_scope"' in response.headers["www-authenticate"]
    for scope in (SCOPE, f"openid {SCOPE} email"):
        response = get(url + "/reports", f"Bearer {minted(ids, scope=scope)}")
        assert response.status_code == 200, response.text
        assert response.json()["report"] == "storage"  # the reports function, with its own dependency
    assert get(url + "/reports", f"Bearer {minted(ids, scope=SCOPE, exp=int(time.time()) - 1)}").status_code == 401
    assert get(url + "/reports", None).status_code == 401


def test_scopes_from_an_scp_list_count_too(
    serve: Callable[..., tuple[RunningStack, str]], identities: Callable[[str], Identities]
) -> None:
    ids = identities("dev")
    _, url = serve("dev")
    response = get(url + "/reports", f"Bearer {minted(ids, scope=None, scp=['x', SCOPE])}")
    assert response.status_code == 200, response.text


#: Any JSON value: what an attacker may put in a token's header, or in one of its fields.
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children, max_size=3),
    max_leaves=10,
)
header_fields = st.sampled_from(["alg", "kid", "typ", "crit", "cty", "jku", "jwk", "x5u", "x5c", "b64"])
hostile_headers = st.one_of(
    st.dictionaries(header_fields | st.text(max_size=6), json_values, max_size=5),
    st.fixed_dictionaries({"alg": st.just("RS256"), "kid": json_values}),
    json_values,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(header=hostile_headers)
def test_whatever_the_header_holds_the_token_is_401(
    module_api: Callable[..., str],
    identities: Callable[[str], Identities],
    capsys: pytest.CaptureFixture[str],
    header: Any,
) -> None:
    url = module_api("lab")  # its JWT route, and throttling high enough for many examples
    token = with_header(identities("lab").user.access, json.dumps(header))
    capsys.readouterr()  # what earlier examples printed
    response = get(url + "/echo/1", f"Bearer {token}")
    assert (response.status_code, response.json()) == (401, {"message": "Unauthorized"})
    assert response.headers["www-authenticate"].isascii()
    assert "Traceback" not in capsys.readouterr().err
