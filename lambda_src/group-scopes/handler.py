"""The user pool's pre-token-generation trigger (event version V2_0 or V3_0): adds the scopes of the user's groups
to the access token.

`GROUP_SCOPES` holds each group's scopes (`<group>=<scope> <scope>;<group>=...`, short names as the routes name
them) and
`RESOURCE_SERVER` the resource server's identifier, so `reports.read` becomes `<identifier>/reports.read`. The
user's groups are `request.groupConfiguration.groupsToOverride`; the scopes go to
`response.claimsAndScopeOverrideDetails.accessTokenGeneration.scopesToAdd` ("Pre token generation Lambda
trigger", Amazon Cognito Developer Guide). A client-credentials event (V3_0) has no user and no groups: nothing
is added. Standard library only.
"""

import os


def grants(text):
    """`GROUP_SCOPES` as {group: [scope, ...]}."""
    pairs = (entry.partition("=") for entry in text.split(";") if entry)
    return {group: scopes.split() for group, _, scopes in pairs}


def handler(event, context):  # noqa: ARG001 (the Lambda signature)
    granted_by = grants(os.environ.get("GROUP_SCOPES", ""))
    server = os.environ.get("RESOURCE_SERVER", "")
    groups = ((event.get("request") or {}).get("groupConfiguration") or {}).get("groupsToOverride") or []
    granted = sorted({scope for group in groups for scope in granted_by.get(group, ())})
    if granted:
        event["response"] = {
            "claimsAndScopeOverrideDetails": {
                "accessTokenGeneration": {"scopesToAdd": [f"{server}/{scope}" for scope in granted]}
            }
        }
    return event
