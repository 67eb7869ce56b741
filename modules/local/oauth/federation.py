"""Sign-in through an external OIDC identity provider at the local sign-in domain, the way Cognito does it.

"OIDC user pool IdP authentication flow"
(https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-oidc-flow.html): the sign-in page
offers the client's providers (`SupportedIdentityProviders`); the user goes to the IdP's authorization endpoint,
which sends them back to `/oauth2/idpresponse` with a code; the pool exchanges it at the IdP (Authlib's
`OAuth2Session`, the client's secret in HTTP Basic), verifies the ID token against the IdP's JWKS (joserfc:
signature, `iss`, `aud`, `exp`, `nonce`), reads the userinfo endpoint (`attributes_request_method`), creates or
updates the user (`federated_users.py`) and goes on with the app's authorization request. The authorize endpoint's
`identity_provider` (and `idp_identifier`) parameter skips the sign-in page and goes straight to the IdP
("Authorize endpoint", https://docs.aws.amazon.com/cognito/latest/developerguide/authorization-endpoint.html); moto
keeps no IdP identifiers, so `idp_identifier` is matched against the providers' names.

Cognito cancels a federated sign-in that does not complete within 5 minutes: the pending sign-in, under the
`state` sent to the IdP, lives 5 minutes and is used once. SAML providers are not emulated offline.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import requests
from authlib.integrations.base_client.errors import OAuthError  # type: ignore[import-untyped]
from authlib.integrations.requests_client import OAuth2Session  # type: ignore[import-untyped]
from botocore.exceptions import ClientError  # type: ignore[import-untyped]
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from werkzeug.datastructures import MultiDict
from werkzeug.utils import redirect
from werkzeug.wrappers import Request, Response

from modules.local.oauth.clients import AppClient
from modules.local.oauth.federated_users import FederatedUsers
from modules.local.oauth.providers import PLAYED, ExternalProvider, PoolProviders
from modules.local.oauth.store import ExpiringStore
from modules.local.oauth.users import SignInRefused, User

#: Cognito cancels authentication requests that do not complete within 5 minutes.
PENDING_SECONDS = 300
#: The authorize endpoint's parameters that name the identity provider.
PROVIDER_PARAMETERS = ("identity_provider", "idp_identifier")
#: The error codes of RFC 6749 §4.1.2.1 an IdP's answer is passed on with; any other becomes `server_error`.
AUTHORIZATION_ERRORS = frozenset(
    {
        "access_denied", "invalid_request", "unauthorized_client", "unsupported_response_type", "invalid_scope",
        "server_error", "temporarily_unavailable",
    }
)  # fmt: skip
TIMEOUT_SECONDS = 10
PROVIDER_NAME = re.compile(r"[\w\s+=.@-]{1,40}")


class FederationRefused(Exception):
    """A federated sign-in that cannot go on; `message` is what the error page says."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Pending:
    """A federated sign-in under way: the provider, the app's authorization request and the nonce sent."""

    provider: str
    parameters: tuple[tuple[str, str], ...]
    nonce: str


@dataclass(frozen=True)
class Outcome:
    """What came back from the IdP: the app's authorization request, and the user or the IdP's error."""

    provider: str
    parameters: MultiDict[str, str]
    user: User | None
    error: str = ""


class Federation:
    """The federated side of one pool's sign-in domain."""

    def __init__(self, providers: PoolProviders, users: FederatedUsers) -> None:
        self.providers = providers
        self.users = users
        self.pending: ExpiringStore[Pending] = ExpiringStore()

    def options(
        self, client: AppClient, parameters: MultiDict[str, str]
    ) -> tuple[tuple[tuple[str, str], ...], tuple[str, ...]]:
        """For the sign-in page: `(name, URL)` of each OIDC or Google provider of the client, and the names of its
        SAML providers."""
        query = [(key, value) for key, value in parameters.items(multi=True) if key not in PROVIDER_PARAMETERS]
        offered, unemulated = [], []
        for name in client.identity_providers:
            provider = self.providers.find(name)
            if provider is not None and provider.provider_type in PLAYED:
                offered.append((name, f"/oauth2/authorize?{urlencode([*query, ('identity_provider', name)])}"))
            elif provider is not None:
                unemulated.append(name)
        return tuple(offered), tuple(unemulated)

    def begin(self, client: AppClient, name: str, parameters: MultiDict[str, str], base_url: str) -> Response:
        """Send the user to the provider's authorization endpoint (or refuse: `FederationRefused`)."""
        provider = self.providers.find(name) if PROVIDER_NAME.fullmatch(name) else None
        if provider is None or name not in client.identity_providers:
            raise FederationRefused(f"The identity provider {name!r} is not one this client may sign in with.")
        if provider.provider_type not in PLAYED:
            raise FederationRefused(f"{name} is a {provider.provider_type} provider: not emulated offline.")
        nonce = secrets.token_urlsafe(16)
        with _session(provider, base_url) as session:
            url, state = session.create_authorization_url(provider.details["authorize_url"], nonce=nonce)
        self.pending.put(state, Pending(name, tuple(parameters.items(multi=True)), nonce), PENDING_SECONDS)
        return redirect(url)

    def complete(self, request: Request) -> Outcome:
        """The IdP's answer at `/oauth2/idpresponse`: the user, signed in, or the IdP's error for the app."""
        state = request.args.get("state", "")
        pending = self.pending.take(state) if state else None
        if pending is None:
            raise FederationRefused("This sign-in is unknown, used already or expired (5 minutes): start again.")
        provider = self.providers.find(pending.provider)
        if provider is None:
            raise FederationRefused(f"The identity provider {pending.provider} is gone.")
        parameters = MultiDict(list(pending.parameters))
        if "error" in request.args:
            error = request.args["error"]
            return Outcome(provider.name, parameters, None, error if error in AUTHORIZATION_ERRORS else "server_error")
        code = request.args.get("code")
        if not code:
            raise FederationRefused(f"{provider.name} sent neither a code nor an error.")
        claims = self._claims(provider, code, pending.nonce, request.host_url.rstrip("/"))
        try:
            user = self.users.sign_in(provider, claims)
        except SignInRefused as refused:
            raise FederationRefused(refused.message) from None
        except ClientError as exc:
            refusal = exc.response.get("Error", {}).get("Code", "an error")
            raise FederationRefused(f"The embedded Cognito refused the user from {provider.name}: {refusal}.") from None
        return Outcome(provider.name, parameters, user)

    def _claims(self, provider: ExternalProvider, code: str, nonce: str, base_url: str) -> dict[str, Any]:
        """The code exchanged, the ID token verified, then the userinfo claims over the ID token's."""
        details = provider.details
        try:
            with _session(provider, base_url) as session:
                token = session.fetch_token(details["token_url"], code=code, timeout=TIMEOUT_SECONDS)
                keys = KeySet.import_key_set(session.get(details["jwks_uri"], timeout=TIMEOUT_SECONDS).json())
                verified = jwt.decode(str(token.get("id_token", "")), keys, algorithms=["RS256"])
                jwt.JWTClaimsRegistry(
                    iss={"essential": True, "value": details["oidc_issuer"]},
                    aud={"essential": True, "value": details["client_id"]},
                    nonce={"essential": True, "value": nonce},
                    sub={"essential": True},
                    exp={"essential": True},
                ).validate(verified.claims)
                method = details.get("attributes_request_method", "GET")
                answer = session.request(method, details["attributes_url"], timeout=TIMEOUT_SECONDS)
                answer.raise_for_status()
                userinfo = answer.json()
        except (OAuthError, JoseError, requests.RequestException, ValueError, KeyError) as exc:
            raise FederationRefused(f"{provider.name} did not complete the sign-in: {_reason(exc)}") from None
        if not isinstance(userinfo, Mapping) or userinfo.get("sub") != verified.claims["sub"]:
            raise FederationRefused(f"{provider.name}'s userinfo is not about the ID token's subject.")
        return {**verified.claims, **userinfo}


def _session(provider: ExternalProvider, base_url: str) -> OAuth2Session:
    """Authlib's client for `provider`, returning to this domain's `/oauth2/idpresponse`; never via a proxy."""
    details = provider.details
    session = OAuth2Session(
        details["client_id"],
        details["client_secret"],
        scope=details.get("authorize_scopes", "openid"),
        redirect_uri=f"{base_url}/oauth2/idpresponse",
        token_endpoint_auth_method="client_secret_basic",
    )
    session.trust_env = False
    return session


def _reason(exc: Exception) -> str:
    """A short reason, without secrets (an OAuth error's code, or the exception's type)."""
    return str(getattr(exc, "error", "") or type(exc).__name__)
