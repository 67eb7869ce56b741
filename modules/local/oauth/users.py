"""The pool's users, as the sign-in page sees them: passwords are checked by the embedded Cognito itself.

A sign-in is AdminInitiateAuth with `ADMIN_USER_PASSWORD_AUTH` (and the client's SECRET_HASH when it has a
secret), the server-side call a sign-in domain makes: the password and the user's status are judged by moto,
never here, with one exception: moto's AdminInitiateAuth lets an unconfirmed user in, where Cognito answers
UserNotConfirmedException, so the user's `UserStatus` (AdminGetUser) is checked after it. Messages are Cognito's
own, and say nothing about whether the user exists.
"""

from __future__ import annotations

import base64
import hmac
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from botocore.exceptions import ClientError  # type: ignore[import-untyped]

from modules.local.oauth.clients import AppClient

#: Cognito's answer to a wrong password and to an unknown user alike (prevent_user_existence_errors).
INCORRECT = "Incorrect username or password."
#: What the sign-in page says for each refusal of AdminInitiateAuth.
REFUSALS = {
    "NotAuthorizedException": INCORRECT,
    "UserNotFoundException": INCORRECT,
    "UserNotConfirmedException": "User is not confirmed.",
    "PasswordResetRequiredException": "Password reset required for the user.",
}


@dataclass(frozen=True)
class User:
    """A user of the pool: Cognito's `Username` (a UUID in a pool whose usernames are emails) and attributes."""

    username: str
    status: str
    attributes: Mapping[str, str]

    @property
    def sub(self) -> str:
        """The user's `sub` attribute."""
        return self.attributes["sub"]


class SignInRefused(Exception):
    """The embedded Cognito refused the sign-in; `message` is what the sign-in page shows."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class PoolUsers:
    """The users of one user pool in the embedded Cognito."""

    def __init__(self, api: Any, pool_id: str) -> None:
        self.api = api
        self.pool_id = pool_id

    def sign_in(self, username: str, password: str, client: AppClient) -> User:
        """The user, once the embedded Cognito accepts the password for `client`. Raises `SignInRefused`."""
        parameters = {"USERNAME": username, "PASSWORD": password, **secret_hash(client, username)}
        try:
            result = self.api.admin_initiate_auth(
                UserPoolId=self.pool_id,
                ClientId=client.client_id,
                AuthFlow="ADMIN_USER_PASSWORD_AUTH",
                AuthParameters=parameters,
            )
        except ClientError as exc:
            code = exc.response.get("Error", {}).get("Code", "")
            raise SignInRefused(REFUSALS.get(code, INCORRECT)) from None
        if "AuthenticationResult" not in result:
            challenge = result.get("ChallengeName", "a challenge")
            raise SignInRefused(f"This user must answer {challenge} first, which the local sign-in page does not do.")
        user = self.find(username)
        if user is None:
            raise SignInRefused(INCORRECT)
        if user.status == "UNCONFIRMED":
            raise SignInRefused(REFUSALS["UserNotConfirmedException"])
        return user

    def find(self, username: str) -> User | None:
        """The enabled user with this username (or alias, such as the email), else None."""
        try:
            found = self.api.admin_get_user(UserPoolId=self.pool_id, Username=username)
        except ClientError:
            return None
        if not found.get("Enabled", True):
            return None
        attributes = {item["Name"]: item["Value"] for item in found.get("UserAttributes", [])}
        return User(username=str(found["Username"]), status=str(found.get("UserStatus", "")), attributes=attributes)


def secret_hash(client: AppClient, username: str) -> dict[str, str]:
    """`{"SECRET_HASH": ...}` for a client with a secret (Base64 HMAC-SHA256 of username + client id), else {}."""
    if client.secret is None:
        return {}
    digest = hmac.digest(client.secret.encode(), (username + client.client_id).encode(), "sha256")
    return {"SECRET_HASH": base64.b64encode(digest).decode()}
