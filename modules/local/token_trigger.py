"""Cognito's pre-token-generation trigger, offline: the pool's own function runs before each access token is issued.

moto keeps groups but runs no Lambda trigger, and LocalStack runs Cognito triggers only in its paid edition. Here
a pool's trigger (`lambda_config.pre_token_generation_config` of the stack) is registered by pool id with the
`LocalFunction` that runs it, and every access token passes through it:

- tokens moto issues (InitiateAuth, AdminInitiateAuth, RespondToAuthChallenge, refresh): moto's
  `CognitoIdpUserPool.create_access_token` is wrapped once, in this process, where the embedded Cognito runs;
- tokens the local sign-in domain issues (code flow; client_credentials with `V3_0`): `TokenIssuer` calls
  `customize`.

The event and the response follow "Pre token generation Lambda trigger" (Amazon Cognito Developer Guide,
https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-pre-token-generation.html): the event
(version `2` or `3`) carries the user's attributes, their groups in `groupConfiguration.groupsToOverride`
(ordered by precedence) and the token's scopes; from the response's
`claimsAndScopeOverrideDetails.accessTokenGeneration`, `scopesToAdd` and `scopesToSuppress` change the `scope`
claim, `claimsToAddOrOverride` and `claimsToSuppress` the other claims (never the ones Cognito protects), and
`groupOverrideDetails.groupsToOverride` replaces `cognito:groups`. A `V2_0` trigger leaves client-credentials
tokens alone; `V3_0` customizes them too. A function that fails refuses the sign-in, as Cognito does
(`UserLambdaValidationException`). Id tokens are not customized locally.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from moto.cognitoidp.models import CognitoIdpUserPool, cognitoidp_backends
from moto.core.exceptions import JsonRESTError

from modules.local.lambda_runtime import InvocationError, LocalFunction
from modules.local.oauth.signing import SigningKey

#: The trigger version that also customizes client-credentials tokens.
MACHINE_VERSION = "V3_0"
#: Claims a trigger may not add, override or suppress in an access token (Cognito ignores them).
PROTECTED_CLAIMS = frozenset(
    {"acr", "amr", "aud", "auth_time", "azp", "client_id", "exp", "iat", "identities", "iss", "jti", "nbf",
     "nonce", "origin_jti", "scope", "sub", "token_use", "username", "version", "cognito:username"}
)  # fmt: skip


class UserLambdaValidationException(JsonRESTError):
    """What Cognito answers when a trigger fails: the sign-in is refused."""

    def __init__(self, message: str) -> None:
        super().__init__("UserLambdaValidationException", f"PreTokenGeneration failed with error {message}.")


@dataclass(frozen=True)
class Trigger:
    """A pool's trigger: the function and its event version (`V2_0` or `V3_0`)."""

    function: LocalFunction
    version: str
    region: str


_triggers: dict[str, Trigger] = {}
_lock = threading.Lock()
_signing: list[SigningKey] = []


def register(pool_id: str, trigger: Trigger) -> None:
    """Run `trigger` before every access token of the pool `pool_id` (and wrap moto's issuer, once)."""
    with _lock:
        _install()
        _triggers[pool_id] = trigger


def unregister(pool_id: str) -> None:
    """The pool's tokens are issued without a trigger again."""
    with _lock:
        _triggers.pop(pool_id, None)


def customize(
    region: str, pool_id: str, claims: dict[str, Any], *, username: str | None, client_id: str, source: str
) -> dict[str, Any]:
    """`claims` of an access token after the pool's trigger (unchanged without one); `username` None for a
    client-credentials token."""
    if pool_id not in _triggers:
        return claims
    pool = cognitoidp_backends[_account_of(region, pool_id)][region].user_pools[pool_id]
    return _customize(pool, claims, username=username, client_id=client_id, source=source)


def _customize(
    pool: Any, claims: dict[str, Any], *, username: str | None, client_id: str, source: str
) -> dict[str, Any]:
    trigger = _triggers.get(pool.id)
    if trigger is None or (username is None and trigger.version != MACHINE_VERSION):
        return claims
    event = _event(trigger, pool, claims, username=username, client_id=client_id, source=source)
    try:
        result = trigger.function.invoke(event)
    except InvocationError as exc:
        raise UserLambdaValidationException(str(exc)) from None
    return _apply(claims, result if isinstance(result, dict) else {})


def _account_of(region: str, pool_id: str) -> str:
    for account, backends in cognitoidp_backends.items():
        if region in backends and pool_id in backends[region].user_pools:
            return str(account)
    raise UserLambdaValidationException(f"no user pool {pool_id} in {region}")


def _event(
    trigger: Trigger, pool: Any, claims: dict[str, Any], *, username: str | None, client_id: str, source: str
) -> dict[str, Any]:
    request: dict[str, Any] = {"scopes": str(claims.get("scope", "")).split()}
    name = None
    if username is not None:
        user = pool._get_user(username)  # moto's own lookup: by username or email
        name = user.username
        groups = sorted(user.groups, key=_precedence)
        request["userAttributes"] = {"sub": user.id, **{a["Name"]: a["Value"] for a in user.attributes}}
        request["groupConfiguration"] = {
            "groupsToOverride": [group.group_name for group in groups],
            "iamRolesToOverride": [group.role_arn for group in groups if group.role_arn],
            "preferredRole": None,
        }
    return {
        "version": trigger.version[1],
        "triggerSource": source,
        "region": trigger.region,
        "userPoolId": pool.id,
        "userName": name,
        "callerContext": {"awsSdkVersion": "local", "clientId": client_id},
        "request": request,
        "response": {"claimsAndScopeOverrideDetails": None},
    }


def _precedence(group: Any) -> tuple[bool, int, str]:
    """Groups in Cognito's order: by precedence (unset last), then by name."""
    return group.precedence is None, group.precedence or 0, group.group_name


def _apply(claims: dict[str, Any], result: dict[str, Any]) -> dict[str, Any]:
    details = (result.get("response") or {}).get("claimsAndScopeOverrideDetails") or {}
    access = details.get("accessTokenGeneration") or {}
    customized = dict(claims)
    for claim, value in (access.get("claimsToAddOrOverride") or {}).items():
        if claim not in PROTECTED_CLAIMS:
            customized[claim] = value
    for claim in access.get("claimsToSuppress") or ():
        if claim not in PROTECTED_CLAIMS:
            customized.pop(claim, None)
    groups = (details.get("groupOverrideDetails") or {}).get("groupsToOverride")
    if groups is not None:
        customized["cognito:groups"] = list(groups)
    scopes = [s for s in str(claims.get("scope", "")).split() if s not in (access.get("scopesToSuppress") or ())]
    scopes += [s for s in access.get("scopesToAdd") or () if s not in scopes]
    customized["scope"] = " ".join(scopes)
    return customized


def _install() -> None:
    """Wrap moto's access-token issuer once: a pool with a trigger gets its tokens customized and re-signed with
    the same key, and moto keeps the customized token as the one it issued (GetUser, sign-out, refresh)."""
    if getattr(CognitoIdpUserPool.create_access_token, "_local_trigger", False):
        return
    original: Callable[..., tuple[str, int]] = CognitoIdpUserPool.create_access_token

    def create_access_token(pool: Any, client_id: str, username: str, origin_jti: str) -> tuple[str, int]:
        token, expires_in = original(pool, client_id, username, origin_jti)
        if pool.id not in _triggers:
            return token, expires_in
        key = _key()
        claims = key.verify(token, issuer=f"https://cognito-idp.{pool.region}.amazonaws.com/{pool.id}")
        source = "TokenGeneration_Authentication"
        customized = _customize(pool, claims, username=username, client_id=client_id, source=source)
        if customized == claims:
            return token, expires_in
        signed = key.sign(customized)
        pool.access_tokens[signed] = pool.access_tokens.pop(token)
        return signed, expires_in

    create_access_token._local_trigger = True  # type: ignore[attr-defined]
    setattr(CognitoIdpUserPool, "create_access_token", create_access_token)  # noqa: B010 (mypy: a method)


def _key() -> SigningKey:
    if not _signing:
        _signing.append(SigningKey())
    return _signing[0]
