"""User pool groups, keyed by name: what each is for, its precedence, and the scopes its members receive.

A group that grants scopes needs the pool's pre-token-generation trigger (`user_pool.pre_token_function`): Cognito
puts a user's groups in `cognito:groups`, never their scopes, so the trigger adds them to the access token
(`claimsAndScopeOverrideDetails.accessTokenGeneration.scopesToAdd`, "Pre token generation Lambda trigger", Amazon
Cognito Developer Guide,
https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-pre-token-generation.html).
"""

from __future__ import annotations

from modules.config.allowed import SCOPE_PATTERN
from modules.config.base import ConfigModel, setting
from modules.config.rules import Between, EachMatches

#: Cognito's largest group precedence (CreateGroup, Precedence: a non-negative integer up to 2^31-1).
MAX_PRECEDENCE = 2**31 - 1


class GroupConfig(ConfigModel):
    """One `aws_cognito_user_group`, named from its key."""

    description: str = setting("", doc="What the group is for (Cognito's group description; '' leaves it out)")
    precedence: int = setting(
        0,
        Between(0, MAX_PRECEDENCE),
        doc="Precedence among the user's groups: the lowest value's role wins where one role is chosen (0 first)",
    )
    scopes: tuple[str, ...] = setting(
        (),
        EachMatches(SCOPE_PATTERN, "scope names of letters, digits and _ . : -"),
        doc="Resource-server scopes (short names, as the routes name them) the pool's pre-token-generation "
        "trigger adds to a member's access token",
    )
