"""Users who sign in through an external identity provider, kept in the embedded Cognito as Cognito keeps them.

As "Mapping IdP attributes to profiles and tokens"
(https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-specifying-attribute-mapping.html)
describes: the user is `<provider name>_<sub at the IdP>`, created at their first sign-in and given the IdP's
claims under the provider's `attribute_mapping` (pool attribute → claim), refreshed at every later sign-in; the
`identities` attribute names the provider and the user's id there. Nothing links a federated user to a user
who signs in with a password, even with the same email: Cognito links only on AdminLinkProviderForUser
("Linking federated users to an existing user profile",
https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-identity-federation-consolidate-users.html),
which moto does not implement.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from typing import Any

from botocore.exceptions import ClientError  # type: ignore[import-untyped]

from modules.local.cognito import EmbeddedCognito
from modules.local.oauth.providers import ExternalProvider
from modules.local.oauth.users import PoolUsers, SignInRefused, User

#: The mapping key that names the user rather than an attribute (`username = "sub"`).
USERNAME = "username"
#: Cognito's answer to a disabled user's sign-in.
DISABLED = "User is disabled."


class FederatedUsers:
    """The federated users of one pool: created in the embedded Cognito, updated through its API."""

    def __init__(self, cognito: EmbeddedCognito, users: PoolUsers) -> None:
        self.cognito = cognito
        self.users = users

    def sign_in(self, provider: ExternalProvider, claims: Mapping[str, Any]) -> User:
        """The pool's user for `claims` (the IdP's ID token and userinfo claims), created or updated. Raises
        `SignInRefused` for a user disabled in the pool, as Cognito refuses them."""
        subject = str(claims["sub"])
        username = f"{provider.name}_{subject}"
        attributes = mapped_attributes(provider.attribute_mapping, claims)
        if self._disabled(username):
            raise SignInRefused(DISABLED)
        existing = self.users.find(username)
        if existing is None:
            identity = {
                "userId": subject,
                "providerName": provider.name,
                "providerType": provider.provider_type,
                "issuer": None,
                "primary": "true",
                "dateCreated": str(int(time.time() * 1000)),
            }
            self.cognito.add_external_user(
                self.users.pool_id, username, {**attributes, "identities": json.dumps([identity])}
            )
        else:
            changed = [
                {"Name": name, "Value": value}
                for name, value in attributes.items()
                if existing.attributes.get(name) != value
            ]
            if changed:
                self.users.api.admin_update_user_attributes(
                    UserPoolId=self.users.pool_id, Username=username, UserAttributes=changed
                )
        user = self.users.find(username)
        if user is None:
            raise SignInRefused(f"{username} is missing from the embedded Cognito right after its sign-in.")
        return user

    def _disabled(self, username: str) -> bool:
        """Whether the pool holds `username`, disabled."""
        try:
            found = self.users.api.admin_get_user(UserPoolId=self.users.pool_id, Username=username)
        except ClientError:
            return False
        return not found.get("Enabled", True)


def mapped_attributes(mapping: Mapping[str, str], claims: Mapping[str, Any]) -> dict[str, str]:
    """The pool attributes the mapping gives `claims`: booleans as `true`/`false`, absent claims left out."""
    return {
        attribute: _text(claims[claim])
        for attribute, claim in mapping.items()
        if attribute != USERNAME and claim in claims and claims[claim] is not None
    }


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, str) else json.dumps(value)
