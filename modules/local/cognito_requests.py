"""Terraform arguments of the Cognito resources → Cognito API requests, exactly as declared.

Every argument the emulator knows is sent under its API name (`explicit_auth_flows` → `ExplicitAuthFlows`),
nested blocks included; references resolve to what the embedded Cognito made, in strings and in lists of
strings (a client's `supported_identity_providers`). Arguments it cannot apply locally (unknown to it, ignored by
moto, or referring to resources the emulator does not create, such as a KMS key) are appended to a `skipped`
list, never dropped silently.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from modules.synth_output.model import Block
from modules.synth_output.references import expressions

#: Terraform argument → Cognito API member, where the plain snake_case → PascalCase rule is wrong.
RENAMES = {
    "recovery_mechanism": "RecoveryMechanisms",
    "callback_urls": "CallbackURLs",
    "logout_urls": "LogoutURLs",
    "default_redirect_uri": "DefaultRedirectURI",
    "allowed_oauth_flows": "AllowedOAuthFlows",
    "allowed_oauth_scopes": "AllowedOAuthScopes",
    "allowed_oauth_flows_user_pool_client": "AllowedOAuthFlowsUserPoolClient",
    "scope": "Scopes",
    "tags": "UserPoolTags",
}
#: Nested blocks that Terraform writes as one-element lists but the API takes as one object.
SINGLE_BLOCKS = frozenset(
    {
        "account_recovery_setting", "admin_create_user_config", "invite_message_template", "password_policy",
        "number_attribute_constraints", "software_token_mfa_configuration", "string_attribute_constraints",
        "token_validity_units", "user_attribute_update_settings", "user_pool_add_ons", "username_configuration",
        "verification_message_template",
    }
)  # fmt: skip
POOL_ARGUMENTS = frozenset(
    {
        "name", "account_recovery_setting", "admin_create_user_config", "alias_attributes",
        "auto_verified_attributes", "deletion_protection", "email_verification_message",
        "email_verification_subject", "mfa_configuration", "password_policy", "schema",
        "sms_authentication_message", "sms_verification_message", "software_token_mfa_configuration", "tags",
        "user_attribute_update_settings", "user_pool_add_ons", "user_pool_tier", "username_attributes",
        "username_configuration", "verification_message_template",
    }
)  # fmt: skip
CLIENT_ARGUMENTS = frozenset(
    {
        "name", "user_pool_id", "access_token_validity", "allowed_oauth_flows", "allowed_oauth_flows_user_pool_client",
        "allowed_oauth_scopes", "auth_session_validity", "callback_urls", "default_redirect_uri",
        "enable_propagate_additional_user_context_data", "enable_token_revocation", "explicit_auth_flows",
        "generate_secret", "id_token_validity", "logout_urls", "prevent_user_existence_errors", "read_attributes",
        "refresh_token_validity", "supported_identity_providers", "token_validity_units", "write_attributes",
    }
)  # fmt: skip
SERVER_ARGUMENTS = frozenset({"identifier", "name", "scope", "user_pool_id"})
GROUP_ARGUMENTS = frozenset({"name", "user_pool_id", "description", "precedence", "role_arn"})
#: `provider_details` of an OIDC provider holds the secret from SSM, which never resolves locally: the caller sends
#: the stand-in's details instead (`identity_provider_app.py`).
PROVIDER_ARGUMENTS = frozenset(
    {"provider_name", "provider_type", "user_pool_id", "provider_details", "attribute_mapping", "idp_identifiers"}
)
#: Maps whose keys are data, sent as declared (not renamed to API member names).
PLAIN_MAPS = frozenset({"tags", "provider_details", "attribute_mapping"})
#: moto stores a prefix domain (and a custom one's certificate) but not `managed_login_version`: that is skipped.
DOMAIN_ARGUMENTS = frozenset({"domain", "user_pool_id", "certificate_arn"})


def api_name(argument: str) -> str:
    """The Cognito API member for a Terraform argument: `explicit_auth_flows` → `ExplicitAuthFlows`."""
    return RENAMES.get(argument) or "".join(part.capitalize() for part in argument.split("_"))


def api_value(argument: str, value: Any) -> Any:
    """A Terraform value in the API's shape: nested blocks get API member names, single blocks are unwrapped."""
    if argument in SINGLE_BLOCKS and isinstance(value, list) and len(value) == 1:
        value = value[0]
    if isinstance(value, Mapping) and argument not in PLAIN_MAPS:
        return {api_name(key): api_value(key, item) for key, item in value.items()}
    if isinstance(value, list):
        return [api_value(argument, item) for item in value]
    return value


def api_request(
    resource: Block,
    known: frozenset[str],
    values: Mapping[str, str],
    skipped: list[str],
    *,
    name_key: str | None,
) -> dict[str, Any]:
    """The API request creating one resource (`name_key`: the API's member for the `name` argument, if any).

    The pool's `software_token_mfa_configuration` lands under `SoftwareTokenMfaConfiguration` for the caller,
    which applies it with SetUserPoolMfaConfig as the Terraform provider does; a domain's `certificate_arn` goes
    into `CustomDomainConfig`.
    """
    request: dict[str, Any] = {name_key: resource.name} if name_key else {}
    for argument, value in resource.arguments.items():
        text = str(value)
        if argument not in known or (expressions(text) and not _resolvable(value, values)):
            skipped.append(f"{resource.address}.{argument}")
            continue
        if isinstance(value, str) and expressions(value):
            value = _resolve(value, values)
        elif isinstance(value, list) and expressions(text):
            value = [_resolve(item, values) for item in value]
        if argument == "name" and name_key:
            request[name_key] = value
        elif argument == "password_policy":
            request["Policies"] = {"PasswordPolicy": api_value(argument, value)}
        elif argument == "certificate_arn":
            request["CustomDomainConfig"] = {"CertificateArn": value}
        else:
            request[api_name(argument)] = api_value(argument, value)
    return request


def _resolvable(value: Any, values: Mapping[str, str]) -> bool:
    """A string, or a list of strings (such as `supported_identity_providers`), whose references all resolve."""
    texts = value if isinstance(value, list) else [value]
    return all(isinstance(text, str) and all(e in values for e in expressions(text)) for text in texts)


def _resolve(text: str, values: Mapping[str, str]) -> str:
    for expression in expressions(text):
        text = text.replace(f"${{{expression}}}", values[expression])
    return text
