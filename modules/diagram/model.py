"""The architecture graph of one synthesized stack: grouped, labelled nodes and the edges a reviewer needs.

Edges come only from references in the JSON (see `references.py`), one per pair of nodes, in the direction
Terraform follows them (the referring resource points at the one it names). Their kind:

- `request`: the path of a request: route → authorizer, route → integration → function or upstream URL;
- `trust`: who the authorizer trusts: the issuer (the user pool or an issuer URL), the audience (clients), the
  pool's pre-token-generation trigger (it decides the scopes tokens carry) and the external identity providers
  (OIDC, SAML, Google) the clients let users sign in with;
- `reference`: any other reference between drawn nodes, except those that only say "belongs to" (a member
  of the API or user pool box naming that API or pool), `depends_on` that only orders one function's own
  resources (its IAM before the function), and what an alarm or the dashboard watches (the operations panel
  names it: an alarm's name says which API, function or route it is about).

A literal URL where a reference could be (an HTTP_PROXY integration's `integration_uri`, an issuer that is
not a user pool) becomes an external node, so the request and trust paths end somewhere visible.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from modules.diagram.dependencies import DEPENDS_ON, Block, Reference, fold_data_sources, references
from modules.diagram.kinds import ANCHORS, FUNCTIONS, GROUPS, KEPT_DATA, OPERATIONS, Place, place
from modules.diagram.labels import EXTERNAL, display, label, marks
from modules.synth_output.model import StackDocument
from modules.synth_output.references import expressions

REQUEST, TRUST, REFERENCE = "request", "trust", "reference"
KMS_KEY = "aws_kms_key"
ROUTE, AUTHORIZER, INTEGRATION = "aws_apigatewayv2_route", "aws_apigatewayv2_authorizer", "aws_apigatewayv2_integration"
#: (referring type, referred type) → edge kind; every other pair is a plain reference.
KINDS: Mapping[tuple[str, str], str] = {
    (ROUTE, AUTHORIZER): REQUEST,
    (ROUTE, INTEGRATION): REQUEST,
    (INTEGRATION, "aws_lambda_function"): REQUEST,
    (AUTHORIZER, "aws_cognito_user_pool"): TRUST,
    (AUTHORIZER, "aws_cognito_user_pool_client"): TRUST,
    # The pre-token-generation trigger decides which scopes a token carries: part of what the authorizer trusts.
    ("aws_cognito_user_pool", "aws_lambda_function"): TRUST,
    # A client's users may sign in at an external IdP: its tokens then vouch for what that IdP asserted.
    ("aws_cognito_user_pool_client", "aws_cognito_identity_provider"): TRUST,
}
#: Literal URLs drawn as external nodes: (type, argument) → (node title, edge kind).
URL_ARGUMENTS: Mapping[tuple[str, str], tuple[str, str]] = {
    (INTEGRATION, "integration_uri"): ("upstream", REQUEST),
    (AUTHORIZER, "jwt_configuration.issuer"): ("issuer", TRUST),
}
#: Edge labels by the referring argument; other arguments are shown by name.
FIELD_LABELS: Mapping[str, str] = {
    "authorizer_id": "authorized by",
    "target": "sends to",
    "integration_uri": "invokes",
    "jwt_configuration.issuer": "issuer",
    "jwt_configuration.audience": "audience",
    "role": "role",
    "logging_config.log_group": "logs to",
    "kms_key_id": "encrypted by",
    "access_log_settings.destination_arn": "access logs",
    "source_arn": "invoked from",
    "function_name": "may invoke",
    "policy": "policy allows",
    "api_id": "API",
    "stage": "stage",
    "domain_name": "domain",
    "domain_name_configuration.certificate_arn": "certificate",
    "certificate_arn": "certificate",
    "validation_record_fqdns": "validated by",
    "for_each": "for each of",
    "alarm_actions": "notifies",
    "kms_master_key_id": "encrypted by",
    "topic_arn": "subscribes to",
    "zone_id": "zone",
    "alias.name": "alias of",
    "client_id": "client",
    "user_pool_id": "user pool",
    "lambda_config.pre_token_generation_config.lambda_arn": "pre-token trigger",
    "supported_identity_providers": "signs in with",
    DEPENDS_ON: "depends on",
}


@dataclass(frozen=True)
class Node:
    """A drawn resource (or external URL): its label lines, place, marks and the data sources folded into it."""

    id: str
    lines: tuple[str, ...]
    place: Place
    marks: frozenset[str] = frozenset()
    reads: tuple[str, ...] = ()


@dataclass(frozen=True)
class Edge:
    """`source` refers to `target` through `fields` (arguments of `source`, `via` a folded data source)."""

    source: str
    target: str
    kind: str
    label: str
    fields: tuple[str, ...]
    via: tuple[str, ...] = ()


@dataclass(frozen=True)
class Graph:
    """Nodes sorted by place then id, edges sorted by source then target: the same stack, the same graph."""

    title: str
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]

    def node(self, node_id: str) -> Node:
        return next(node for node in self.nodes if node.id == node_id)

    def function_title(self, function: str) -> str:
        """The title of a function's box: its function name."""
        lines = self.node(function).lines
        return lines[1] if len(lines) > 1 else function


def build_graph(document: StackDocument, title: str) -> Graph:
    """The graph of a synthesized Terraform JSON document (`cdk.tf.json`)."""
    found = document.blocks
    folded = fold_data_sources(found, references(found), KEPT_DATA)
    drawn = {address: block for address, block in found.items() if not block.data or block.type in KEPT_DATA}
    places = place(drawn, folded.references)
    nodes = [
        Node(address, label(block), places[address], marks(block), folded.reads.get(address, ()))
        for address, block in drawn.items()
    ]
    edges = _edges(drawn, places, folded.references)
    for (type_, argument), (node_title, kind) in URL_ARGUMENTS.items():
        for address, block in sorted(drawn.items()):
            url = _argument(block, argument)
            if block.type == type_ and isinstance(url, str) and url.startswith("http") and not any(expressions(url)):
                node_id = f"{node_title}:{url}"
                if node_id not in {n.id for n in nodes}:
                    nodes.append(Node(node_id, (node_title, display(url)), Place(""), frozenset({EXTERNAL})))
                edges.append(Edge(address, node_id, kind, FIELD_LABELS.get(argument, argument), (argument,)))
    return Graph(
        title,
        tuple(sorted(nodes, key=lambda n: (_order(n.place), n.place.function, n.id))),
        tuple(sorted(edges, key=lambda e: (e.source, e.target))),
    )


def _edges(drawn: Mapping[str, Block], places: Mapping[str, Place], found: tuple[Reference, ...]) -> list[Edge]:
    pairs: dict[tuple[str, str], list[Reference]] = {}
    for reference in found:
        if reference.source in drawn and reference.target in drawn:
            pairs.setdefault((reference.source, reference.target), []).append(reference)
    edges = []
    for (source, target), refs in sorted(pairs.items()):
        fields = tuple(sorted({r.field for r in refs}))
        here, there = places[source], places[target]
        belongs = ANCHORS.get(here.group) == drawn[target].type and here.group == there.group
        orders_one_function = fields == (DEPENDS_ON,) and here.group == FUNCTIONS and here == there
        watches = here.group == OPERATIONS and there.group != OPERATIONS and drawn[target].type != KMS_KEY
        if belongs or orders_one_function or watches:
            continue
        named = [f for f in fields if f != DEPENDS_ON] or [DEPENDS_ON]
        edges.append(
            Edge(
                source,
                target,
                KINDS.get((drawn[source].type, drawn[target].type), REFERENCE),
                FIELD_LABELS.get(named[0], named[0]),
                fields,
                tuple(sorted({r.via for r in refs if r.via})),
            )
        )
    return edges


def _argument(block: Block, dotted: str) -> Any:
    value: Any = block.body
    for key in dotted.split("."):
        value = value.get(key) if isinstance(value, Mapping) else None
    return value


def _order(where: Place) -> int:
    order = list(GROUPS)
    return order.index(where.group) if where.group in order else len(order)
