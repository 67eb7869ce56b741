"""The typed model of a synthesized stack: blocks by address and type, meta-arguments apart, references followed."""

from __future__ import annotations

from pathlib import Path

import pytest

from modules.errors import SynthOutputError
from modules.synth_output.model import StackDocument

DOCUMENT = {
    "//": {"metadata": {"stackName": "dev"}},
    "provider": {"aws": [{"region": "eu-west-1"}, {"alias": "us", "region": "us-east-1"}]},
    "terraform": {"backend": {"s3": {"bucket": "b"}}},
    "data": {"aws_region": {"current": {}}},
    "resource": {
        "aws_apigatewayv2_route": {
            "get_b": {
                "//": {"x": 1},
                "route_key": "GET /b",
                "target": "integrations/${aws_apigatewayv2_integration.i.id}",
            },
            "get_a": {"route_key": "GET /a", "count": "${var.on ? 1 : 0}", "depends_on": ["aws_iam_role.r"]},
        },
        "aws_apigatewayv2_integration": {"i": {"integration_type": "AWS_PROXY", "timeout": [{"create": "1m"}]}},
    },
    "output": {"url": {"value": "${aws_apigatewayv2_route.get_a.id}", "description": "d", "sensitive": True}},
}


@pytest.fixture
def stack() -> StackDocument:
    return StackDocument(Path("cdk.tf.json"), DOCUMENT)


def test_blocks_keep_arguments_meta_arguments_and_metadata_apart(stack: StackDocument) -> None:
    route = stack.block("aws_apigatewayv2_route.get_a")
    assert route.arguments == {"route_key": "GET /a"}
    assert route.meta == {"count": "${var.on ? 1 : 0}", "depends_on": ["aws_iam_role.r"]}
    assert route.depends_on == ("aws_iam_role.r",)
    assert stack.block("aws_apigatewayv2_route.get_b").metadata == {"x": 1}
    assert stack.block("data.aws_region.current").data
    assert [b.address for b in stack.data_sources] == ["data.aws_region.current"]
    assert len(stack.resources) == 3


def test_of_type_is_sorted_by_name_and_references_are_followed(stack: StackDocument) -> None:
    assert [b.name for b in stack.of_type("aws_apigatewayv2_route")] == ["get_a", "get_b"]
    target = stack.block("aws_apigatewayv2_route.get_b").arguments["target"]
    assert stack.referenced(target).address == "aws_apigatewayv2_integration.i"
    assert stack.block("aws_apigatewayv2_integration.i").argument("timeout.create") == "1m"
    with pytest.raises(SynthOutputError, match=r"aws_x\.gone is referenced but not declared"):
        stack.referenced("${aws_x.gone.id}")


def test_outputs_providers_and_backend(stack: StackDocument) -> None:
    (output,) = stack.outputs
    assert (output.name, output.description, output.sensitive) == ("url", "d", True)
    assert [p["region"] for p in stack.providers("aws")] == ["eu-west-1", "us-east-1"]
    assert stack.backend == ("s3", {"bucket": "b"})


def test_a_block_that_is_not_an_object_is_one_error() -> None:
    with pytest.raises(SynthOutputError, match=r"resource aws_x\.y is not a JSON object"):
        _ = StackDocument(Path("cdk.tf.json"), {"resource": {"aws_x": {"y": "oops"}}}).blocks
