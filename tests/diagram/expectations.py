"""Checks of a graph against the JSON it was drawn from, written independently of `modules/graph`.

A drawn edge must stand for a reference a reader of the JSON can see: the referring block's argument names
the target's address after a `${` (whole, or with an attribute), or lists it in `depends_on`, possibly through
the data sources the edge says it was folded through. An edge to an external URL node stands for that literal
URL.
"""

from __future__ import annotations

import json
import re
from typing import Any

from modules.diagram.model import Graph

#: The resource types a reviewer must always find in the picture.
ESSENTIAL_TYPES = (
    "aws_apigatewayv2_route",
    "aws_apigatewayv2_integration",
    "aws_lambda_function",
    "aws_apigatewayv2_authorizer",
)


def body(document: dict[str, Any], address: str) -> dict[str, Any]:
    """The arguments of the block at `address` (resource or data source)."""
    parts = address.split(".")
    if parts[0] == "data":
        found: dict[str, Any] = document["data"][parts[1]][parts[2]]
    else:
        found = document["resource"][parts[0]][parts[1]]
    return {key: value for key, value in found.items() if key != "//"}


def addresses(document: dict[str, Any], type_: str) -> set[str]:
    """Addresses of every resource of `type_`."""
    return {f"{type_}.{name}" for name in document.get("resource", {}).get(type_, {})}


def mentions(document: dict[str, Any], source: str, field: str, target: str) -> bool:
    """Whether argument `field` (dotted; lists are looked through) of `source` refers to `target`."""
    value: Any = body(document, source)
    for key in field.split("."):
        value = value.get(key) if isinstance(value, dict) else [v.get(key) for v in value if isinstance(v, dict)]
    if field == "depends_on":
        return target in value
    pattern = re.compile(r"(?<![\w.])" + re.escape(target) + r"(?![\w-])")
    return any("${" in text[: match.start()] for text in _strings(value) for match in pattern.finditer(text))


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else []
    return [text for item in items for text in _strings(item)]


def reads_through(document: dict[str, Any], source: str, via: str) -> bool:
    """Whether `source` reads data source `via`, directly or through other data sources."""
    pending, seen = [source], set()
    while pending:
        text = json.dumps(body(document, pending.pop()))
        for data in set(re.findall(r"data\.[a-z0-9_]+\.[A-Za-z0-9_-]+", text)) - seen:
            if data == via:
                return True
            seen.add(data)
            pending.append(data)
    return False


def assert_edges_are_references(document: dict[str, Any], graph: Graph) -> None:
    """Every edge of `graph` stands for a reference in `document` (see the module docstring)."""
    nodes = {node.id for node in graph.nodes}
    for edge in graph.edges:
        assert {edge.source, edge.target} <= nodes, edge
        if ":" in edge.target:  # an external URL node: the literal URL of the argument
            (field,) = edge.fields
            value: Any = body(document, edge.source)
            for key in field.split("."):
                value = value[key]
            assert edge.target.endswith(f":{value}"), edge
        elif edge.via:
            assert all(reads_through(document, edge.source, via) for via in edge.via), edge
            assert any(mentions(document, via, field, edge.target) for via in edge.via for field in body(document, via))
        else:
            assert all(mentions(document, edge.source, field, edge.target) for field in edge.fields), edge
