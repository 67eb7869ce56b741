"""The graph of every synthesized stack, of dev with a custom domain (`contract`) and of the module stack:
complete, honest (every edge is a reference in the JSON), with the request and trust paths told apart."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from modules.diagram.labels import EXTERNAL, PUBLIC, SCOPED
from modules.diagram.model import REFERENCE, REQUEST, TRUST, Graph, build_graph
from tests.conftest import ENVIRONMENTS, as_document, load_stack, run_main
from tests.constructs.test_identity_providers import write_config
from tests.diagram.contract_stack import CLIENTS, FUNCTIONS, TRIGGER, contract_stack
from tests.diagram.expectations import ESSENTIAL_TYPES, addresses, assert_edges_are_references, body

DOCUMENTS = (*ENVIRONMENTS, "contract", "module")


@pytest.fixture(scope="module")
def documents(synth_dir: Path) -> dict[str, dict[str, Any]]:
    found = {env: load_stack(synth_dir, env) for env in ENVIRONMENTS}
    found["contract"] = contract_stack()
    found["module"] = json.loads((synth_dir / "module" / "cdk.tf.json").read_text(encoding="utf-8"))
    return found


def _edges(graph: Graph, kind: str) -> set[tuple[str, str]]:
    return {(edge.source, edge.target) for edge in graph.edges if edge.kind == kind}


@pytest.mark.parametrize("name", DOCUMENTS)
def test_every_route_integration_function_and_authorizer_is_drawn(
    documents: dict[str, dict[str, Any]], name: str
) -> None:
    graph = build_graph(as_document(documents[name]), name)
    ids = {node.id for node in graph.nodes}
    for type_ in ESSENTIAL_TYPES:
        assert addresses(documents[name], type_), type_
        assert addresses(documents[name], type_) <= ids, type_


@pytest.mark.parametrize("name", DOCUMENTS)
def test_every_edge_is_a_reference_in_the_json(documents: dict[str, dict[str, Any]], name: str) -> None:
    graph = build_graph(as_document(documents[name]), name)
    assert graph.edges
    assert_edges_are_references(documents[name], graph)


@pytest.mark.parametrize("name", DOCUMENTS)
def test_request_path_of_every_route(documents: dict[str, dict[str, Any]], name: str) -> None:
    document = documents[name]
    graph = build_graph(as_document(document), name)
    request = _edges(graph, REQUEST)
    for route in addresses(document, "aws_apigatewayv2_route"):
        arguments = body(document, route)
        integration = "aws_apigatewayv2_integration." + arguments["target"].split(".")[1]
        assert (route, integration) in request
        authorizers = {target for source, target in request if source == route and "authorizer" in target}
        assert authorizers == (
            set() if arguments["authorization_type"] == "NONE" else {"aws_apigatewayv2_authorizer.this"}
        )
        ends = {target for source, target in request if source == integration}
        uri = body(document, integration)["integration_uri"]
        assert ends == (
            {f"upstream:{uri}"} if uri.startswith("https://") else {"aws_lambda_function." + uri.split(".")[1]}
        )


@pytest.mark.parametrize("name", DOCUMENTS)
def test_trust_path_is_the_issuer_pool_every_audience_client_and_the_token_trigger(
    documents: dict[str, dict[str, Any]], name: str
) -> None:
    document = documents[name]
    graph = build_graph(as_document(document), name)
    clients = addresses(document, "aws_cognito_user_pool_client")
    expected = {("aws_apigatewayv2_authorizer.this", target) for target in {"aws_cognito_user_pool.this", *clients}}
    expected.add(("aws_cognito_user_pool.this", f"aws_lambda_function.{TRIGGER}"))
    assert _edges(graph, TRUST) == expected
    assert {e.label for e in graph.edges if e.kind == TRUST} == {"issuer", "audience", "pre-token trigger"}


def test_the_contract_stack_has_both_functions_and_clients_on_the_paths(documents: dict[str, dict[str, Any]]) -> None:
    graph = build_graph(as_document(documents["contract"]), "contract")
    request = _edges(graph, REQUEST)
    assert ("aws_apigatewayv2_route.get_reports", "aws_apigatewayv2_integration.lambda_reports") in request
    assert ("aws_apigatewayv2_integration.lambda_reports", "aws_lambda_function.reports") in request
    assert ("aws_apigatewayv2_integration.lambda_example", "aws_lambda_function.example") in request
    assert len(_edges(graph, TRUST)) == 4  # the pool, web and service; the pool's trigger
    plain = _edges(graph, REFERENCE)
    assert ("aws_apigatewayv2_api_mapping.this", "aws_apigatewayv2_api.this") in plain
    assert ("aws_route53_record.alias_a", "data.aws_route53_zone.this") in plain
    assert ("aws_cognito_managed_login_branding.web", "aws_cognito_user_pool_client.web") in plain


def test_public_and_scoped_routes_are_marked(documents: dict[str, dict[str, Any]]) -> None:
    graph = build_graph(as_document(documents["dev"]), "dev")
    assert {n.id for n in graph.nodes if PUBLIC in n.marks} == {"aws_apigatewayv2_route.get_health"}
    assert {n.id for n in graph.nodes if SCOPED in n.marks} == {"aws_apigatewayv2_route.get_reports"}


@pytest.mark.parametrize("function", FUNCTIONS)
def test_data_sources_are_folded_into_what_they_serve(documents: dict[str, dict[str, Any]], function: str) -> None:
    graph = build_graph(as_document(documents["dev"]), "dev")
    assert not [n for n in graph.nodes if n.id.startswith("data.")]
    policy = f"aws_iam_role_policy.{function}_logging"
    assert graph.node(policy).reads == (f"data.aws_iam_policy_document.{function}_logging",)
    (edge,) = [e for e in graph.edges if e.source == policy and "log_group" in e.target]
    assert edge.target == f"aws_cloudwatch_log_group.lambda_{function}"
    assert edge.via == (f"data.aws_iam_policy_document.{function}_logging",)


def test_membership_and_ordering_references_are_left_to_the_boxes(documents: dict[str, dict[str, Any]]) -> None:
    graph = build_graph(as_document(documents["dev"]), "dev")
    pairs = {(e.source, e.target) for e in graph.edges}
    assert not [s for s, t in pairs if t == "aws_apigatewayv2_api.this" and s.startswith("aws_apigatewayv2_")]
    assert not [s for s, t in pairs if t == "aws_cognito_user_pool.this" and s.startswith("aws_cognito_")]
    for function in FUNCTIONS:
        # depends_on inside one function's box only orders its IAM and log group before it
        assert (f"aws_lambda_function.{function}", f"aws_iam_role_policy_attachment.{function}_xray") not in pairs
        assert (f"aws_lambda_function.{function}", f"aws_iam_role_policy.{function}_logging") not in pairs
        assert (f"aws_lambda_permission.{function}", "aws_apigatewayv2_api.this") in pairs  # crosses boxes: drawn
    # the committed dev stack: 4 trust edges (the issuer pool, the audience clients web and service, the pool's
    # trigger); 10 request edges (3 JWT routes -> authorizer, 4 routes -> integration, 3 integrations -> 2
    # functions and the upstream); 7 plain references per function, the trigger included (function -> log group
    # and role, inline policy -> log group and role, X-Ray attachment -> role, permission -> function and API or
    # pool); the 4 log groups -> KMS key, stage -> access logs, branding -> web client and sign-in domain, each
    # client -> resource server, the stage -> the route it has settings for (depends_on); the 14 alarms -> their
    # topic, the topic -> its key. What the alarms and the dashboard watch is not drawn (their names say it).
    per_function = 7
    plain = (len(FUNCTIONS) + 1) * per_function + 4 + 1 + 2 + len(CLIENTS) + 1 + 14 + 1
    assert len(_edges(graph, TRUST)) == 1 + len(CLIENTS) + 1
    assert len(_edges(graph, REQUEST)) == 3 + 4 + 3
    assert len(_edges(graph, REFERENCE)) == plain == 46
    assert len(graph.edges) == 60
    assert not [e for e in graph.edges if e.source.startswith("aws_cloudwatch_") and "lambda_function" in e.target]


def test_external_nodes_are_only_literal_urls(documents: dict[str, dict[str, Any]]) -> None:
    graph = build_graph(as_document(documents["dev"]), "dev")
    external = [n for n in graph.nodes if EXTERNAL in n.marks]
    assert [(n.id, n.lines) for n in external] == [
        ("upstream:https://www.wikipedia.org/", ("upstream", "https://www.wikipedia.org/"))
    ]


def test_the_graph_does_not_depend_on_the_order_of_the_document(documents: dict[str, dict[str, Any]]) -> None:
    document = documents["contract"]
    reversed_document = {
        section: (
            {t: dict(reversed(by.items())) for t, by in reversed(value.items())}
            if section in ("resource", "data")
            else value
        )
        for section, value in reversed(document.items())
    }
    assert build_graph(as_document(reversed_document), "x") == build_graph(as_document(document), "x")


@pytest.fixture(scope="module")
def federated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    work = tmp_path_factory.mktemp("federated")
    assert run_main(work / "out", write_config(work)).returncode == 0
    return load_stack(work / "out", "dev")


def test_identity_providers_are_on_the_trust_path_of_the_clients_that_offer_them(federated: dict[str, Any]) -> None:
    graph = build_graph(as_document(federated), "dev")
    offered = {(s, t) for s, t in _edges(graph, TRUST) if t.startswith("aws_cognito_identity_provider.")}
    assert offered == {
        ("aws_cognito_user_pool_client.web", f"aws_cognito_identity_provider.{name}")
        for name in ("corp", "google", "partner", "supplier")
    }
    titles = {node.id: node.lines[0] for node in graph.nodes if node.id in {t for _, t in offered}}
    assert titles["aws_cognito_identity_provider.google"] == "Google identity provider"
    assert titles["aws_cognito_identity_provider.supplier"] == "SAML identity provider"
