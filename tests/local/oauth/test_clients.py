"""App clients are read from the embedded Cognito, and judged as Cognito judges them."""

from __future__ import annotations

from modules.local.oauth.clients import AppClient, PoolClients
from tests.local.oauth.conftest import SCOPE, OAuthPool


def clients(pool: OAuthPool) -> PoolClients:
    return PoolClients(pool.api, pool.pool_id)


def test_each_client_is_what_cognito_holds(pool: OAuthPool) -> None:
    service = clients(pool).find(pool.client("service").client_id)
    assert service is not None
    assert (service.name, service.secret) == ("service", pool.client("service").secret)
    assert (service.oauth_flows, service.scopes) == (("client_credentials",), (SCOPE,))
    assert service.validity_seconds == {"AccessToken": 1800, "IdToken": 3600, "RefreshToken": 30 * 86400}
    web = clients(pool).find(pool.client("web").client_id)
    assert web is not None
    assert (web.secret, web.oauth_flows, web.scopes) == (None, ("code",), ("openid", "email", SCOPE))
    assert (web.callback_urls, web.logout_urls) == ((pool.callback_url,), (pool.logout_url,))


def test_unknown_clients_and_clients_of_another_pool_are_not_found(pool: OAuthPool) -> None:
    assert clients(pool).find("no-such-client") is None
    other = pool.api.create_user_pool(PoolName="other")["UserPool"]["Id"]
    stranger = pool.api.create_user_pool_client(UserPoolId=other, ClientName="stranger")["UserPoolClient"]
    assert clients(pool).find(stranger["ClientId"]) is None


def test_a_change_in_cognito_is_seen_at_the_next_lookup(pool: OAuthPool) -> None:
    made = pool.api.create_user_pool_client(UserPoolId=pool.pool_id, ClientName="changing")["UserPoolClient"]
    before = clients(pool).find(made["ClientId"])
    assert before is not None
    assert before.callback_urls == ()
    pool.api.update_user_pool_client(
        UserPoolId=pool.pool_id, ClientId=made["ClientId"], ClientName="changing", CallbackURLs=["https://x.example/cb"]
    )
    after = clients(pool).find(made["ClientId"])
    assert after is not None
    assert after.check_redirect_uri("https://x.example/cb")


def test_credentials_by_name_of_the_pools_clients_only(pool: OAuthPool) -> None:
    ids = {name: pool.client(name).client_id for name in ("web", "service")}
    addresses = {f"aws_cognito_user_pool_client.{name}": client_id for name, client_id in ids.items()}
    assert clients(pool).credentials({**addresses, "aws_cognito_user_pool_client.ghost": "no-such-client"}) == {
        "service": {"client_id": ids["service"], "client_secret": pool.client("service").secret},
        "web": {"client_id": ids["web"], "client_secret": None},
    }


def described(**fields: object) -> AppClient:
    return AppClient.from_description({"ClientId": "c", "ClientName": "n", **fields})


def test_validities_follow_cognitos_units_and_defaults() -> None:
    assert described().validity_seconds == {"AccessToken": 3600, "IdToken": 3600, "RefreshToken": 2592000}
    unitless = described(AccessTokenValidity=2, IdTokenValidity=3, RefreshTokenValidity=4)
    assert unitless.validity_seconds == {"AccessToken": 7200, "IdToken": 10800, "RefreshToken": 345600}
    units = {"AccessToken": "minutes", "IdToken": "seconds", "RefreshToken": "hours"}
    explicit = described(AccessTokenValidity=5, IdTokenValidity=600, RefreshTokenValidity=1, TokenValidityUnits=units)
    assert explicit.validity_seconds == {"AccessToken": 300, "IdToken": 600, "RefreshToken": 3600}


def test_oauth_flows_count_only_when_the_client_enables_them() -> None:
    flows = {"AllowedOAuthFlows": ["code"], "AllowedOAuthScopes": ["openid"]}
    disabled = described(**flows, AllowedOAuthFlowsUserPoolClient=False)
    assert (disabled.oauth_flows, disabled.scopes) == ((), ())
    assert not disabled.check_response_type("code")
    enabled = described(**flows, AllowedOAuthFlowsUserPoolClient=True)
    assert enabled.check_response_type("code")
    assert not enabled.check_response_type("token")
    assert [enabled.check_grant_type(g) for g in ("authorization_code", "refresh_token", "client_credentials")] == [
        True,
        True,
        False,
    ]


def test_scopes_and_secrets_are_judged_as_cognito_does() -> None:
    client = described(
        AllowedOAuthFlowsUserPoolClient=True, AllowedOAuthFlows=["code"], AllowedOAuthScopes=["openid", SCOPE]
    )
    assert client.get_allowed_scope(None) == f"openid {SCOPE}"
    assert client.get_allowed_scope(SCOPE) == SCOPE
    assert client.get_allowed_scope("openid email") is None
    assert not client.check_client_secret("anything")
    assert client.check_endpoint_auth_method("none", "token")
    assert not client.check_endpoint_auth_method("client_secret_basic", "token")
    confidential = described(ClientSecret="s3cret")
    assert confidential.check_client_secret("s3cret")
    assert not confidential.check_client_secret("s3cre")
    assert confidential.check_endpoint_auth_method("client_secret_post", "token")
    assert not confidential.check_endpoint_auth_method("none", "token")
    assert described().get_allowed_scope(None) is None  # nothing allowed, nothing granted
