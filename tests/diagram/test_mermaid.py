"""The Mermaid text: every node once, in its box; every edge with its kind's arrow and colour; marks as classes.

(The text was also checked once with Mermaid 11's own parser, `mermaid.parse`, for today's, the contract's
and the module's graphs; the project does not ship Mermaid, so this suite reads the text structurally.)
"""

from __future__ import annotations

import re

import pytest

from modules.diagram.kinds import Place
from modules.diagram.mermaid import node_id, render_mermaid
from modules.diagram.model import REFERENCE, REQUEST, TRUST, Edge, Graph, Node, build_graph
from tests.conftest import as_document
from tests.diagram.contract_stack import contract_stack

NODE = re.compile(r'^\s+(\w+)(?:\[|\(\[)"([^"]*)"(?:\]|\]\))$')
EDGE = re.compile(r'^\s+(\w+) (==>|-\.->|-->)\|"([^"]*)"\| (\w+)$')
ARROWS = {REQUEST: "==>", TRUST: "-.->", REFERENCE: "-->"}


@pytest.fixture(scope="module")
def graph() -> Graph:
    return build_graph(as_document(contract_stack()), "contract-shaped dev")


@pytest.fixture(scope="module")
def text(graph: Graph) -> str:
    return render_mermaid(graph)


def _boxes(text: str) -> dict[str, tuple[str, ...]]:
    """Node id → the subgraph ids it is nested in, outermost first."""
    stack: list[str] = []
    found: dict[str, tuple[str, ...]] = {}
    for line in text.splitlines():
        if opened := re.match(r"^\s+subgraph (\w+)\[", line):
            stack.append(opened.group(1))
        elif line.strip() == "end":
            stack.pop()
        elif node := NODE.match(line):
            assert node.group(1) not in found, line
            found[node.group(1)] = tuple(stack)
    assert not stack
    return found


def test_front_matter_title_and_flowchart(text: str) -> None:
    assert text.startswith("---\ntitle: contract-shaped dev\n---\n")
    assert "\nflowchart LR\n" in text
    assert text.endswith("\n")


def test_every_node_once_in_its_box(graph: Graph, text: str) -> None:
    boxes = _boxes(text)
    assert set(boxes) == {node_id(node.id) for node in graph.nodes}
    for node in graph.nodes:
        expected = (f"group_{node.place.group}",) if node.place.group else ()
        if node.place.function:
            expected += (f"box_{node_id(node.place.function)}",)
        assert boxes[node_id(node.id)] == expected, node.id
    assert boxes["aws_lambda_permission_reports"] == ("group_functions", "box_aws_lambda_function_reports")
    assert 'subgraph box_aws_lambda_function_reports["cognito-http-api-dev-reports"]' in text


def test_labels_are_the_natural_names(text: str) -> None:
    labels = {match.group(1): match.group(2) for line in text.splitlines() if (match := NODE.match(line))}
    assert labels["aws_apigatewayv2_route_get_example"] == "GET /example<br/>JWT"
    assert labels["aws_apigatewayv2_authorizer_this"] == "JWT authorizer<br/>cognito-jwt"
    assert labels["aws_lambda_function_reports"].startswith("Lambda function<br/>cognito-http-api-dev-reports")


def test_every_edge_with_its_kinds_arrow_and_colour(graph: Graph, text: str) -> None:
    edges = [match.groups() for line in text.splitlines() if (match := EDGE.match(line))]
    assert edges == [(node_id(e.source), ARROWS[e.kind], e.label, node_id(e.target)) for e in graph.edges]
    styled: dict[int, str] = {}
    for indices, style in re.findall(r"^\s+linkStyle ([\d,]+) (\S+)$", text, re.MULTILINE):
        for index in indices.split(","):
            assert int(index) not in styled
            styled[int(index)] = style
    assert sorted(styled) == list(range(len(graph.edges)))
    colours = {kind: {styled[i] for i, e in enumerate(graph.edges) if e.kind == kind} for kind in ARROWS}
    assert all(len(styles) == 1 for styles in colours.values())
    assert len({next(iter(styles)) for styles in colours.values()}) == 3


def test_public_and_scoped_routes_have_their_class(text: str) -> None:
    assert "\n  class aws_apigatewayv2_route_get_health public\n" in text
    assert "\n  class aws_apigatewayv2_route_get_reports scoped\n" in text
    assert re.search(r"^  classDef public fill:#\w+,stroke:#c0392b", text, re.MULTILINE)


def test_labels_are_escaped() -> None:
    node = Node('aws_x.y"z', ('say "hi" <b> #1',), Place("shared"))
    text = render_mermaid(Graph("t", (node,), ()))
    assert '    aws_x_y_z["say #quot;hi#quot; #lt;b#gt; #35;1"]' in text


def test_deterministic(graph: Graph) -> None:
    again = build_graph(as_document(contract_stack()), "contract-shaped dev")
    assert render_mermaid(again) == render_mermaid(graph)


def test_two_nodes_with_one_mermaid_id_get_distinct_ids() -> None:
    nodes = (Node("aws_x.a-b", ("1",), Place("shared")), Node("aws_x.a_b", ("2",), Place("shared")))
    edge = Edge("aws_x.a_b", "aws_x.a-b", REFERENCE, "r", ("f",))
    text = render_mermaid(Graph("t", nodes, (edge,)))
    assert '    aws_x_a_b["1"]' in text
    assert '    aws_x_a_b_2["2"]' in text
    assert '  aws_x_a_b_2 -->|"r"| aws_x_a_b\n' in text
