"""The JWT authorizer over real HTTP, on each environment's synthesized API: the bad-token corpus and scopes."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import requests

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
    assert response.headers["www-authenticate"].startswith("Bearer ")


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
