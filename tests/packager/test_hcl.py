"""Token-level HCL post-processing and the real `terraform fmt`."""

from __future__ import annotations

from pathlib import Path

import pytest

from modules.errors import PackageError
from modules.packager.hcl import (
    attribute,
    interpolation_only,
    meta_arguments_first,
    render,
    split_blocks,
    tidy,
    tokenize,
)
from modules.packager.terraform import fmt, unformatted

CDKTF_STYLE = """terraform {
required_providers {
  aws = {
version = "6.25.0"
source = "aws"
}
}
}

resource "aws_x" "this" {
name = "${var.project}-${var.environment}"
api_id = "${aws_y.this.id}"
enabled = "${(var.mfa != "OFF")}"
audience = [
"${aws_z.this.id}"
]
format = "{\\"id\\":\\"$context.requestId\\"}"
literal = "$${not_a_reference}"
note = <<EOF
"${keep.me}" [
EOF
# "${comment}" stays
depends_on = [
"aws_y.this",
"aws_z.this",
]
}
data "aws_region" "current" {
}
"""


def test_tokens_give_the_source_back() -> None:
    assert render(tokenize(CDKTF_STYLE)) == CDKTF_STYLE
    kinds = {t.kind for t in tokenize(CDKTF_STYLE)}
    assert kinds == {"word", "string", "punct", "space", "newline", "heredoc", "comment"}


def test_interpolation_only_strings() -> None:
    assert interpolation_only('"${a.b}"') == "a.b"
    assert interpolation_only('"${a ? "x" : "y"}"') == 'a ? "x" : "y"'
    assert interpolation_only('"${a}-${b}"') is None
    assert interpolation_only('"x${a}"') is None
    assert interpolation_only('"$${a}"') is None


def test_tidy_unwraps_references_everywhere_but_leaves_text_alone() -> None:
    tidied = tidy(CDKTF_STYLE)
    assert "api_id = aws_y.this.id\n" in tidied
    assert 'enabled = (var.mfa != "OFF")\n' in tidied
    assert "audience = [aws_z.this.id]\n" in tidied
    assert 'name = "${var.project}-${var.environment}"' in tidied
    assert 'format = "{\\"id\\":\\"$context.requestId\\"}"' in tidied
    assert 'literal = "$${not_a_reference}"' in tidied
    assert '<<EOF\n"${keep.me}" [\nEOF' in tidied
    assert '# "${comment}" stays' in tidied


def test_tidy_unquotes_depends_on_and_writes_empty_blocks_as_braces() -> None:
    tidied = tidy(CDKTF_STYLE)
    assert "depends_on = [aws_y.this, aws_z.this]" in tidied
    assert 'data "aws_region" "current" {}' in tidied


def test_long_lists_stay_on_several_lines() -> None:
    items = ", ".join(f'"item-number-{i}"' for i in range(12))
    assert tidy(f"x = [\n{items}\n]\n") == f"x = [\n{items}\n]\n"


def test_split_blocks_keeps_order_labels_and_text() -> None:
    blocks = split_blocks(tidy(CDKTF_STYLE))
    assert [(b.type, b.labels) for b in blocks] == [
        ("terraform", ()),
        ("resource", ("aws_x", "this")),
        ("data", ("aws_region", "current")),
    ]
    assert [b.address for b in blocks[1:]] == ["aws_x.this", "data.aws_region.current"]
    assert blocks[1].text.startswith('resource "aws_x" "this" {\n')
    assert blocks[1].text.endswith("\n}")


def test_attribute_reads_multi_line_expressions_with_comments() -> None:
    (block,) = split_blocks('variable "v" {\n  type = object({\n    a = string # doc\n  })\n  default = {}\n}\n')
    assert attribute(block, "type") == "object({\n  a = string # doc\n})"
    assert attribute(block, "default") == "{}"
    with pytest.raises(PackageError, match="no attribute 'nope'"):
        attribute(block, "nope")


@pytest.mark.parametrize("text", ['x = "open\n', "x = <<EOF\nnever closed\n", "/* open", 'resource "a" "b" {\n'])
def test_broken_input_is_an_error_not_a_guess(text: str) -> None:
    with pytest.raises(PackageError, match="HCL: "):
        split_blocks(text)


def test_fmt_is_real_terraform_fmt(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(tidy(CDKTF_STYLE), encoding="utf-8")
    assert unformatted(tmp_path) == ["main.tf"]
    fmt(tmp_path)
    assert unformatted(tmp_path) == []
    assert "  api_id   = aws_y.this.id\n" in (tmp_path / "main.tf").read_text(encoding="utf-8")


def test_meta_arguments_move_to_the_top_of_their_block() -> None:
    source = 'resource "a" "b" {\nname = "x"\nnested {\ncount = 2\n}\ncount = (var.on == "yes") ? 1 : 0\n}'
    (block,) = split_blocks(source)
    moved = meta_arguments_first(block)
    assert moved.text == 'resource "a" "b" {\ncount = (var.on == "yes") ? 1 : 0\nname = "x"\nnested {\ncount = 2\n}\n}'
    (plain,) = split_blocks('resource "a" "b" {\nname = "x"\n}')
    assert meta_arguments_first(plain) == plain
