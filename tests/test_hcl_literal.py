"""Python values as HCL literals (defaults, env root inputs, example values)."""

from __future__ import annotations

import pytest

from modules.hcl_literal import literal, quote


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, "null"),
        (True, "true"),
        (False, "false"),
        (30, "30"),
        (-1, "-1"),
        (50.0, "50"),
        (0.5, "0.5"),
        ("eu-west-1", '"eu-west-1"'),
        ([], "[]"),
        (("GET", "POST"), '["GET", "POST"]'),
        ({}, "{}"),
    ],
)
def test_scalars_and_flat_collections(value: object, expected: str) -> None:
    assert literal(value) == expected


def test_strings_escape_quotes_backslashes_and_template_sequences() -> None:
    assert quote('say "hi"\\n') == '"say \\"hi\\"\\\\n"'
    assert quote("${var.x} and %{if}") == '"$${var.x} and %%{if}"'
    assert quote("line\nbreak") == '"line\\nbreak"'
    assert quote("$default") == '"$default"'


def test_objects_are_one_attribute_per_line_and_quote_keys_that_are_not_identifiers() -> None:
    text = literal({"tags": {"managed-by": "x", "2nd": 1}, "flag": False}, "  ")
    assert text == '{\n    tags = {\n      managed-by = "x"\n      "2nd" = 1\n    }\n    flag = false\n  }'


def test_unknown_types_are_refused() -> None:
    with pytest.raises(TypeError, match="no HCL literal"):
        literal(object())
