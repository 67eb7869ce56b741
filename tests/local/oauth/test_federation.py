"""Sign-in through an external OIDC identity provider offline: `make local` of a real synth with `corp` (OIDC,
played by the stand-in) and `partner` (SAML), over real HTTP on 127.0.0.1: the sign-in page, the IdP's page,
`/oauth2/idpresponse`, the user in the embedded Cognito, the tokens, a group-scoped route, and hostile requests."""

from __future__ import annotations

import requests

from modules.local.environment import LocalInfo
from tests.local.oauth.conftest import FederatedStack
from tests.local.oauth.federation_flows import (
    exchange,
    federated_code,
    federated_tokens,
    idp_answer,
    password_of,
    sub_of,
    to_the_idp,
)
from tests.local.oauth.flows import TIMEOUT, claims, query

SCOPE = "cognito-http-api/reports.read"


def _get(url: str, **params: str) -> requests.Response:
    return requests.get(url, params=params, allow_redirects=False, timeout=TIMEOUT)


def test_the_info_line_names_the_stand_in_and_its_users(federated: FederatedStack) -> None:
    info = federated.info
    assert info.idp_url is not None
    assert _get(f"{info.idp_url}/.well-known/openid-configuration").json()["issuer"] == info.idp_url
    assert [(user["username"], user["email"]) for user in info.idp_users] == [
        ("alice", "alice@example.com"),
        ("bob", "bob@example.com"),
    ]
    assert LocalInfo.from_json(info.to_json()) == info


def test_the_providers_are_in_the_embedded_cognito_and_the_web_client_offers_them(federated: FederatedStack) -> None:
    api, pool_id = federated.api, federated.info.user_pool_id
    corp = api.describe_identity_provider(UserPoolId=pool_id, ProviderName="corp")["IdentityProvider"]
    assert corp["ProviderType"] == "OIDC"
    assert corp["ProviderDetails"]["oidc_issuer"] == federated.info.idp_url
    assert corp["ProviderDetails"]["client_id"] == "cognito-pool"
    assert corp["AttributeMapping"] == {"email": "email", "username": "sub"}
    client = api.describe_user_pool_client(UserPoolId=pool_id, ClientId=federated.web_client_id)["UserPoolClient"]
    assert client["SupportedIdentityProviders"] == ["COGNITO", "corp", "Google", "partner"]
    google = api.describe_identity_provider(UserPoolId=pool_id, ProviderName="Google")["IdentityProvider"]
    assert (google["ProviderType"], google["ProviderDetails"]["client_id"]) == (
        "Google",
        "123-abc.apps.googleusercontent.com",
    )
    skipped = federated.local.deployment.skipped if federated.local.deployment else []
    assert "aws_cognito_identity_provider.corp.provider_details" not in skipped
    assert federated.local.unemulated_providers == ["aws_cognito_identity_provider.partner"]


def test_the_sign_in_page_offers_corp_and_says_saml_is_not_emulated(federated: FederatedStack) -> None:
    at = to_the_idp(federated)  # a valid authorization request, reused for the page
    page = _get(f"{federated.info.oauth_base_url}/login", **at.params)
    assert page.status_code == 200
    assert 'id="provider-corp"' in page.text
    assert 'id="provider-Google"' in page.text
    assert "identity_provider=corp" in page.text
    assert "partner: SAML sign-in is not emulated offline." in page.text
    assert 'id="provider-partner"' not in page.text


def test_a_federated_sign_in_makes_the_user_corp_sub_with_the_mapped_email(federated: FederatedStack) -> None:
    tokens = federated_tokens(federated, "alice")
    sub = sub_of(federated, "alice")
    id_claims, access_claims = claims(tokens["id_token"]), claims(tokens["access_token"])
    assert id_claims["cognito:username"] == f"corp_{sub}"
    assert id_claims["email"] == "alice@example.com"
    assert [(i["providerName"], i["providerType"], i["userId"]) for i in id_claims["identities"]] == [
        ("corp", "OIDC", sub)
    ]
    assert access_claims["username"] == f"corp_{sub}"
    assert access_claims["scope"] == "openid email"
    user = federated.api.admin_get_user(UserPoolId=federated.info.user_pool_id, Username=f"corp_{sub}")
    assert user["UserStatus"] == "EXTERNAL_PROVIDER"
    assert {a["Name"]: a["Value"] for a in user["UserAttributes"]}["email"] == "alice@example.com"

    federated_tokens(federated, "alice")  # a second sign-in finds the same user
    listed = federated.api.list_users(UserPoolId=federated.info.user_pool_id)["Users"]
    assert [u["Username"] for u in listed].count(f"corp_{sub}") == 1


def test_a_google_sign_in_makes_the_user_google_sub(federated: FederatedStack) -> None:
    tokens = federated_tokens(federated, "alice", provider="Google")
    sub = sub_of(federated, "alice")
    id_claims = claims(tokens["id_token"])
    assert id_claims["cognito:username"] == f"Google_{sub}"
    assert [(i["providerName"], i["providerType"]) for i in id_claims["identities"]] == [("Google", "Google")]
    user = federated.api.admin_get_user(UserPoolId=federated.info.user_pool_id, Username=f"Google_{sub}")
    assert user["UserStatus"] == "EXTERNAL_PROVIDER"


def test_a_group_member_reaches_the_scoped_route_and_a_non_member_is_forbidden(federated: FederatedStack) -> None:
    info = federated.info
    federated_tokens(federated, "bob")  # bob exists from here on
    bob = f"corp_{sub_of(federated, 'bob')}"
    federated.api.admin_add_user_to_group(UserPoolId=info.user_pool_id, Username=bob, GroupName="auditors")
    member = federated_tokens(federated, "bob")
    assert claims(member["access_token"])["scope"].split() == ["openid", "email", SCOPE]
    allowed = requests.get(
        f"{info.api_url}/reports", headers={"Authorization": f"Bearer {member['access_token']}"}, timeout=TIMEOUT
    )
    assert allowed.status_code == 200, allowed.text
    assert allowed.json()["sub"] == claims(member["access_token"])["sub"]

    federated.api.admin_remove_user_from_group(UserPoolId=info.user_pool_id, Username=bob, GroupName="auditors")
    outsider = federated_tokens(federated, "bob")
    assert claims(outsider["access_token"])["scope"] == "openid email"
    refused = requests.get(
        f"{info.api_url}/reports", headers={"Authorization": f"Bearer {outsider['access_token']}"}, timeout=TIMEOUT
    )
    assert refused.status_code == 403


def test_idp_identifier_goes_straight_to_the_provider_too(federated: FederatedStack) -> None:
    at = to_the_idp(federated)
    params = {key: value for key, value in at.params.items()}
    answer = _get(f"{federated.info.oauth_base_url}/oauth2/authorize", **params, idp_identifier="corp")
    assert answer.status_code == 302
    assert answer.headers["Location"].startswith(f"{federated.info.idp_url}/authorize?")


def test_a_cancelled_sign_in_reaches_the_app_as_access_denied(federated: FederatedStack) -> None:
    at = to_the_idp(federated)
    back = idp_answer(at, {"cancel": "1"})
    assert query(back)["error"] == "access_denied"
    final = at.session.get(back, allow_redirects=False, timeout=TIMEOUT)
    assert final.status_code == 302
    returned = query(final.headers["Location"])
    assert final.headers["Location"].startswith(at.params["redirect_uri"])
    assert returned["error"] == "access_denied"
    assert returned["state"] == at.params["state"]
    assert "code" not in returned


def test_unknown_and_saml_providers_get_an_error_page(federated: FederatedStack) -> None:
    at = to_the_idp(federated)
    authorize = f"{federated.info.oauth_base_url}/oauth2/authorize"
    for provider, says in (
        ("nope", "is not one this client may sign in with"),
        ("<script>", "is not one this client may sign in with"),
        ("partner", "partner is a SAML provider: not emulated offline."),
    ):
        answer = _get(authorize, **{**at.params, "identity_provider": provider})
        assert answer.status_code == 400
        assert says in answer.text
        assert "<script>" not in answer.text


def test_hostile_answers_at_idpresponse_get_an_error_page(federated: FederatedStack) -> None:
    idpresponse = f"{federated.info.oauth_base_url}/oauth2/idpresponse"
    for params in ({}, {"state": "forged", "code": "x"}, {"state": "", "error": "access_denied"}):
        answer = _get(idpresponse, **params)
        assert answer.status_code == 400
        assert "unknown, used already or expired" in answer.text

    at = to_the_idp(federated)
    back = query(idp_answer(at, {"username": "alice", "password": password_of(federated, "alice")}))
    forged = _get(idpresponse, state=back["state"], code="not-the-code")
    assert forged.status_code == 400
    assert "corp did not complete the sign-in: invalid_grant" in forged.text
    again = _get(idpresponse, **back)  # the state was used by the forged attempt
    assert again.status_code == 400
    assert "unknown, used already or expired" in again.text

    at = to_the_idp(federated)
    back = query(idp_answer(at, {"username": "alice", "password": password_of(federated, "alice")}))
    assert _get(idpresponse, **back).status_code == 302
    assert _get(idpresponse, **back).status_code == 400  # replayed


def test_a_replayed_code_at_the_idp_is_refused(federated: FederatedStack) -> None:
    at = to_the_idp(federated)
    first = query(idp_answer(at, {"username": "bob", "password": password_of(federated, "bob")}))
    fresh = to_the_idp(federated)
    fresh_state = query(fresh.url)["state"]
    assert _get(f"{federated.info.oauth_base_url}/oauth2/idpresponse", **first).status_code == 302
    replayed = _get(f"{federated.info.oauth_base_url}/oauth2/idpresponse", state=fresh_state, code=first["code"])
    assert replayed.status_code == 400
    assert "invalid_grant" in replayed.text


def test_a_wrong_password_at_the_idp_stays_there(federated: FederatedStack) -> None:
    at = to_the_idp(federated)
    answer = at.session.post(at.url, data={"username": "alice", "password": "wrong"}, timeout=TIMEOUT)
    assert answer.status_code == 401
    assert "Incorrect username or password." in answer.text


def test_the_code_is_for_the_federated_user_only_once(federated: FederatedStack) -> None:
    code, at = federated_code(federated, "alice")
    assert exchange(federated, code, at.params, at.verifier).status_code == 200
    replayed = exchange(federated, code, at.params, at.verifier)
    assert replayed.status_code == 400
    assert replayed.json()["error"] == "invalid_grant"


def test_a_disabled_federated_user_is_refused_and_stays_disabled(federated: FederatedStack) -> None:
    info = federated.info
    federated_tokens(federated, "bob")  # bob exists from here on
    bob = f"corp_{sub_of(federated, 'bob')}"
    federated.api.admin_disable_user(UserPoolId=info.user_pool_id, Username=bob)
    try:
        at = to_the_idp(federated)
        back = idp_answer(at, {"username": "bob", "password": password_of(federated, "bob")})
        refused = at.session.get(back, allow_redirects=False, timeout=TIMEOUT)
        assert refused.status_code == 400
        assert "User is disabled." in refused.text
        assert federated.api.admin_get_user(UserPoolId=info.user_pool_id, Username=bob)["Enabled"] is False
    finally:
        federated.api.admin_enable_user(UserPoolId=info.user_pool_id, Username=bob)
