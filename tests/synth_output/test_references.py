"""The one `${…}` parser: interpolation spans (nesting, quoted strings, escapes) and what expressions refer to."""

from __future__ import annotations

import pytest

from modules.errors import SynthOutputError
from modules.synth_output.references import (
    TemplateError,
    addresses,
    expressions,
    interpolations,
    single_address,
    substitute,
    template_addresses,
    traversals,
)


def test_interpolations_keep_nested_braces_strings_and_skip_escapes() -> None:
    text = 'a ${x.y} b $${literal} c ${{for o in aws_acm_certificate.this.opts : o.k => {n = o.v}}} d ${f("}")}'
    assert expressions(text) == [
        "x.y",
        "{for o in aws_acm_certificate.this.opts : o.k => {n = o.v}}",
        'f("}")',
    ]
    assert expressions("no template here") == []
    assert expressions("$$${aws_x.y.id}") == ["aws_x.y.id"]  # `$$` is a literal `$`, then an interpolation


def test_a_nested_template_inside_a_string_inside_an_expression_is_one_interpolation() -> None:
    text = 'x${lookup(var.m, "${data.aws_region.current.name}-k")}y'
    (found,) = interpolations(text)
    assert (found.start, found.end) == (1, len(text) - 1)
    assert template_addresses(text) == ("data.aws_region.current",)


@pytest.mark.parametrize("text", ["${open", '${f("}', 'a ${"${b}'])
def test_an_unterminated_interpolation_is_one_error(text: str) -> None:
    with pytest.raises(TemplateError, match="unterminated"):
        interpolations(text)
    assert issubclass(TemplateError, SynthOutputError)


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("aws_x.y.arn", (("aws_x", "y", "arn"),)),
        ("one(aws_z.w[*].id)", (("aws_z", "w"),)),
        ("aws_a.b[var.i].c", (("aws_a", "b"), ("var", "i"))),
        ("aws_z.w.*.id", (("aws_z", "w"),)),
        ("var.cors != null ? 1 : 0", (("var", "cors"),)),
        ("jsonencode({a = aws_s.t.arn, (aws_k.k.id) = 1})", (("aws_s", "t", "arn"), ("aws_k", "k", "id"))),
        ('"${aws_lambda_function.f.arn}:*"', (("aws_lambda_function", "f", "arn"),)),
    ],
)
def test_traversals_follow_terraform_grammar(expression: str, expected: tuple[tuple[str, ...], ...]) -> None:
    assert traversals(expression) == expected


def test_addresses_name_resources_and_data_sources_never_terraform_namespaces() -> None:
    assert addresses("concat(aws_x.y.ids, [data.aws_region.current.name, var.a, local.b, each.key, path.module])") == (
        "aws_x.y",
        "data.aws_region.current",
    )


def test_an_expression_terraform_refuses_is_one_error() -> None:
    with pytest.raises(TemplateError, match="not a Terraform expression"):
        traversals("aws_x.y +")


def test_single_address_and_substitute() -> None:
    assert single_address("integrations/${aws_apigatewayv2_integration.lambda_reports.id}") == (
        "aws_apigatewayv2_integration.lambda_reports"
    )
    with pytest.raises(TemplateError, match="expected one resource reference"):
        single_address("integrations/literal")
    assert substitute("https://${a.b.c}/x/${d.e.f}", str.upper) == "https://A.B.C/x/D.E.F"
