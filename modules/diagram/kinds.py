"""Where each resource goes in the picture, decided by its Terraform type alone (never by its name).

Types of the client side, the API and the custom domain have a fixed group. A Lambda function opens its own
box inside the functions group. Roles, policies, log groups and permissions (the "attached" types) go where
the resources they reference, or that reference them, are: a role used by a function joins that function's
box, its policies follow the role, and the API's access log group joins the API. Types nobody planned for
land in the shared group, so resources added later are drawn rather than lost.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from modules.diagram.dependencies import Block, Reference

IDENTITY, API, FUNCTIONS, DOMAIN, OPERATIONS, SHARED = (
    "identity", "api", "functions", "domain", "operations", "shared",
)  # fmt: skip
#: Groups in drawing order, with their titles.
GROUPS: Mapping[str, str] = {
    IDENTITY: "Client side: Cognito",
    API: "API: API Gateway HTTP API",
    FUNCTIONS: "Functions",
    DOMAIN: "Custom domain",
    OPERATIONS: "Operations: alarms, their topic, the dashboard",
    SHARED: "Shared",
}
FUNCTION = "aws_lambda_function"
ATTACHED = "attached"
#: Type prefixes and their group; the first match decides.
TYPE_GROUPS: tuple[tuple[str, str], ...] = (
    ("aws_apigatewayv2_domain_name", DOMAIN),
    ("aws_apigatewayv2_api_mapping", DOMAIN),
    ("aws_acm_", DOMAIN),
    ("aws_route53_", DOMAIN),
    ("aws_apigatewayv2_", API),
    ("aws_cognito_", IDENTITY),
    ("aws_lambda_", ATTACHED),
    ("aws_iam_", ATTACHED),
    ("aws_cloudwatch_log_group", ATTACHED),
    ("aws_cloudwatch_metric_alarm", OPERATIONS),
    ("aws_cloudwatch_dashboard", OPERATIONS),
    ("aws_sns_", OPERATIONS),
)
#: Data source types drawn as nodes (existing infrastructure the picture is about); others are folded.
KEPT_DATA = frozenset({"aws_route53_zone"})
#: The resource a group is about: references to it from inside the group only say "belongs to" (`api_id`,
#: `user_pool_id`), which the group's box already shows.
ANCHORS: Mapping[str, str] = {API: "aws_apigatewayv2_api", IDENTITY: "aws_cognito_user_pool"}
#: When an attached resource has neighbours in several groups, the first group here wins.
PREFERENCE = (FUNCTIONS, API, IDENTITY, DOMAIN)


@dataclass(frozen=True, order=True)
class Place:
    """A node's group and, inside the functions group, the address of the function whose box it is in."""

    group: str
    function: str = ""


def type_group(type_: str) -> str:
    """The group of a type, `ATTACHED` for types that follow their neighbours, `SHARED` for unknown types."""
    if type_ == FUNCTION:
        return FUNCTIONS
    return next((group for prefix, group in TYPE_GROUPS if type_.startswith(prefix)), SHARED)


def place(drawn: Mapping[str, Block], references: tuple[Reference, ...]) -> dict[str, Place]:
    """The place of every drawn block. Attached blocks are placed in rounds: each round uses only what earlier
    rounds placed, so the result does not depend on the order of the document."""
    places: dict[str, Place] = {}
    pending: list[str] = []
    for address, block in sorted(drawn.items()):
        group = type_group(block.type)
        if group == ATTACHED:
            pending.append(address)
        else:
            places[address] = Place(group, address if group == FUNCTIONS else "")
    neighbours: dict[str, set[str]] = {address: set() for address in drawn}
    for reference in references:
        if reference.source in drawn and reference.target in drawn:
            neighbours[reference.source].add(reference.target)
            neighbours[reference.target].add(reference.source)
    while pending:
        decided = {a: p for a in pending if (p := _from_neighbours(places, neighbours[a])) is not None}
        if not decided:
            break
        places.update(decided)
        pending = [a for a in pending if a not in decided]
    places.update({address: Place(SHARED) for address in pending})
    return places


def _from_neighbours(places: Mapping[str, Place], neighbours: set[str]) -> Place | None:
    known = {places[n] for n in neighbours if n in places and places[n].group != SHARED}
    for group in PREFERENCE:
        candidates = sorted(p for p in known if p.group == group)
        if group == FUNCTIONS and len({p.function for p in candidates}) > 1:
            return Place(FUNCTIONS)  # shared by several functions: in the group, in no function's box
        if candidates:
            return candidates[0]
    return Place(SHARED) if all(n in places for n in neighbours) else None  # else wait for the next round
