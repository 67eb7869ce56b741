"""The user pool's pre-token-generation trigger (event version V2_0 or V3_0): adds the scopes of the user's groups
to the access token.

`GROUP_SCOPES` holds each group's scopes by group name (JSON, short names as the routes name them) and
`RESOURCE_SERVER` the resource server's identifier, so `reports.read` becomes `<identifier>/reports.read`. The
user's groups are `request.groupConfiguration.groupsToOverride`; the scopes go to
`response.claimsAndScopeOverrideDetails.accessTokenGeneration.scopesToAdd` ("Pre token generation Lambda
trigger", Amazon Cognito Developer Guide). A client-credentials event (V3_0) has no user and no groups: nothing
is added. Standard library only.
"""

import json
import os


def handler(event, context):  # noqa: ARG001 (the Lambda signature)
    grants = json.loads(os.environ.get("GROUP_SCOPES") or "{}")
    server = os.environ.get("RESOURCE_SERVER", "")
    groups = ((event.get("request") or {}).get("groupConfiguration") or {}).get("groupsToOverride") or []
    granted = sorted({scope for group in groups for scope in grants.get(group, ())})
    if granted:
        event["response"] = {
            "claimsAndScopeOverrideDetails": {
                "accessTokenGeneration": {"scopesToAdd": [f"{server}/{scope}" for scope in granted]}
            }
        }
    return event
