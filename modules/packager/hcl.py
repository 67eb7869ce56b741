"""Token-level post-processing of the HCL cdktf renders: tidy it, cut it into blocks, read attributes.

cdktf renders blocks and attributes from the provider schema, but leaves `"${…}"` around every reference,
quotes `depends_on` entries and writes one list item per line. `tidy()` fixes that on tokens (so strings,
heredocs and comments are never touched by accident); `split_blocks()` cuts a file into its top-level blocks;
`terraform.py` runs the real `terraform fmt` on the result.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from modules.errors import PackageError

#: A list is written on one line when it fits in this many characters.
ONE_LINE_LIST = 100
_PUNCTUATION = "{}[](),="
_HEREDOC = re.compile(r"<<-?([A-Za-z_][A-Za-z0-9_]*)\n")


@dataclass(frozen=True)
class Token:
    """`kind` is string, heredoc, comment, newline, space, punct or word; `text` is the exact source text."""

    kind: str
    text: str


@dataclass(frozen=True)
class Block:
    """A top-level block: `resource "aws_x" "y" { … }` has type `resource` and labels `("aws_x", "y")`."""

    type: str
    labels: tuple[str, ...]
    text: str

    @property
    def address(self) -> str:
        """`aws_x.y` for a resource, `data.aws_x.y` for a data source, `<type>.<label>` otherwise."""
        prefix = "data." if self.type == "data" else ""
        return prefix + ".".join(self.labels) if self.type in ("resource", "data") else ".".join(self.labels)


def tokenize(text: str) -> list[Token]:
    """Split HCL source into tokens; concatenating their texts gives `text` back."""
    tokens: list[Token] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char == '"':
            end = _string_end(text, i)
            tokens.append(Token("string", text[i:end]))
        elif char == "<" and (match := _HEREDOC.match(text, i)):
            end = _heredoc_end(text, match)
            tokens.append(Token("heredoc", text[i:end]))
        elif char == "#" or text.startswith("//", i):
            end = text.find("\n", i)
            end = len(text) if end < 0 else end
            tokens.append(Token("comment", text[i:end]))
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            if end < 0:
                raise PackageError(f"HCL: unterminated comment at offset {i}")
            end += 2
            tokens.append(Token("comment", text[i:end]))
        elif char == "\n":
            end = i + 1
            tokens.append(Token("newline", char))
        elif char in " \t\r":
            end = i
            while end < len(text) and text[end] in " \t\r":
                end += 1
            tokens.append(Token("space", text[i:end]))
        elif char in _PUNCTUATION:
            end = i + 1
            tokens.append(Token("punct", char))
        else:
            end = i
            while end < len(text) and text[end] not in _PUNCTUATION + '"#\n \t\r' and not text.startswith("//", end):
                end += 1
            tokens.append(Token("word", text[i:end]))
        i = end
    return tokens


def _string_end(text: str, start: int) -> int:
    """Index just past the quoted template starting at `start`, nested `${…}` and `%{…}` included."""
    i = start + 1
    while i < len(text):
        char = text[i]
        if char == "\\":
            i += 2
        elif char == '"':
            return i + 1
        elif text.startswith(("$${", "%%{"), i):
            i += 3
        elif text.startswith(("${", "%{"), i):
            i = _expression_end(text, i + 2)
        elif char == "\n":
            break
        else:
            i += 1
    raise PackageError(f"HCL: unterminated string at offset {start}")


def _expression_end(text: str, start: int) -> int:
    """Index just past the `}` that closes a template interpolation whose expression starts at `start`."""
    depth, i = 1, start
    while i < len(text):
        char = text[i]
        if char == '"':
            i = _string_end(text, i)
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    raise PackageError(f"HCL: unterminated interpolation at offset {start}")


def _heredoc_end(text: str, match: re.Match[str]) -> int:
    marker = match.group(1)
    for line in re.finditer(r"[^\n]*(\n|$)", text[match.end() :]):
        if line.group(0).strip() == marker:
            return match.end() + line.end()
        if not line.group(0):
            break
    raise PackageError(f"HCL: unterminated heredoc {marker}")


def render(tokens: Iterable[Token]) -> str:
    return "".join(token.text for token in tokens)


def interpolation_only(literal: str) -> str | None:
    """The expression of a quoted template that is exactly one `${…}` (`"${a.b}"` → `a.b`), else None."""
    if not literal.startswith('"${'):
        return None
    end = _expression_end(literal, 3)
    return literal[3 : end - 1].strip() if end == len(literal) - 1 else None


def tidy(text: str) -> str:
    """Unwrap interpolation-only strings, unquote `depends_on` entries, put short lists on one line, write
    empty blocks as `{}`."""
    tokens = [Token("word", expr) if (expr := _unwrap(t)) is not None else t for t in tokenize(text)]
    tokens = _unquote_depends_on(tokens)
    return render(_collapse_empty_braces(_collapse_lists(tokens)))


def _collapse_empty_braces(tokens: list[Token]) -> list[Token]:
    result: list[Token] = []
    for token in tokens:
        if token.text == "}":
            index = len(result)
            while index > 0 and result[index - 1].kind in ("space", "newline"):
                index -= 1
            if index > 0 and result[index - 1].text == "{":
                del result[index - 1 :]
                result.append(Token("word", "{}"))
                continue
        result.append(token)
    return result


def _dedent(text: str, indent: str) -> str:
    first, *rest = text.split("\n")
    return "\n".join([first, *(line.removeprefix(indent) for line in rest)])


def attribute(block: Block, name: str) -> str:
    """The expression text of the block's own attribute `name` (possibly multi-line), e.g. a variable's `type`."""
    tokens = tokenize(block.text)
    depth, start, indent = 0, None, ""
    for index, token in enumerate(tokens):
        if start is not None:
            if token.text in "([{":
                depth += 1
            elif token.text in ")]}":
                depth -= 1
            if (depth == 1 and token.kind == "newline") or depth == 0:
                return _dedent(render(tokens[start:index]).strip(), indent)
        elif token.text in "{[(" and token.kind == "punct":
            depth += 1
        elif token.text in "}])" and token.kind == "punct":
            depth -= 1
        elif depth == 1 and token.kind == "word" and token.text == name and _next_significant(tokens, index) == "=":
            start = next(i for i in range(index + 1, len(tokens)) if tokens[i].text == "=") + 1
            indent = tokens[index - 1].text if tokens[index - 1].kind == "space" else ""
    raise PackageError(f"HCL: no attribute {name!r} in {block.type} {'.'.join(block.labels)}")


def _unwrap(token: Token) -> str | None:
    return interpolation_only(token.text) if token.kind == "string" else None


def _unquote_depends_on(tokens: list[Token]) -> list[Token]:
    result: list[Token] = []
    inside = False
    for index, token in enumerate(tokens):
        if token.kind == "word" and token.text == "depends_on":
            inside = _next_significant(tokens, index) == "="
        elif inside and token.text == "]":
            inside = False
        if inside and token.kind == "string":
            token = Token("word", token.text[1:-1])
        result.append(token)
    return result


def _next_significant(tokens: list[Token], index: int) -> str:
    for token in tokens[index + 1 :]:
        if token.kind not in ("space", "newline"):
            return token.text
    return ""


def _collapse_lists(tokens: list[Token]) -> list[Token]:
    """`[` + simple items (one string or word each, commas, newlines) + `]` → `[a, b]` when short enough."""
    result: list[Token] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.text == "[":
            items, end = _simple_list(tokens, i)
            if items is not None:
                line = "[" + ", ".join(items) + "]"
                if len(line) <= ONE_LINE_LIST:
                    result.append(Token("word", line))
                    i = end + 1
                    continue
        result.append(token)
        i += 1
    return result


def _simple_list(tokens: list[Token], start: int) -> tuple[list[str] | None, int]:
    items: list[str] = []
    expecting_item = True
    for index in range(start + 1, len(tokens)):
        token = tokens[index]
        if token.kind in ("space", "newline"):
            continue
        if token.text == "]":
            return items, index
        if token.text == "," and not expecting_item:
            expecting_item = True
        elif token.kind in ("string", "word") and expecting_item:
            items.append(token.text)
            expecting_item = False
        else:
            return None, start
    return None, start


def split_blocks(text: str) -> list[Block]:
    """The top-level blocks of an HCL file, in order, each with its exact text."""
    blocks: list[Block] = []
    header: list[Token] = []
    body: list[Token] = []
    depth = 0
    for token in tokenize(text):
        if depth == 0:
            if token.text == "{":
                depth, body = 1, [*header, token]
            elif token.kind in ("word", "string"):
                header.append(token)
            elif token.kind not in ("space", "newline", "comment"):
                raise PackageError(f"HCL: unexpected {token.text!r} at the top level")
            elif header:
                header.append(token)
            continue
        body.append(token)
        if token.text == "{":
            depth += 1
        elif token.text == "}":
            depth -= 1
            if depth == 0:
                words = [t for t in header if t.kind in ("word", "string")]
                labels = tuple(t.text.strip('"') for t in words[1:])
                blocks.append(Block(words[0].text, labels, render(body)))
                header = []
    if depth or header:
        raise PackageError("HCL: unbalanced braces at the end of the file")
    return blocks


def meta_arguments_first(block: Block, names: tuple[str, ...] = ("count", "for_each")) -> Block:
    """`block` with its own `count` / `for_each` line moved to the top of its body, as Terraform's style guide
    wants (cdktf writes them after the arguments). Expects one attribute per line (cdktf's rendering)."""
    tokens = tokenize(block.text)
    depth, start_line, found = 0, 0, None
    for index, token in enumerate(tokens):
        if token.kind == "newline":
            start_line = index + 1
        if token.kind == "punct" and token.text in "{[(":
            depth += 1
        elif token.kind == "punct" and token.text in "}])":
            depth -= 1
        elif depth == 1 and token.kind == "word" and token.text in names and _next_significant(tokens, index) == "=":
            found = start_line
            break
    if found is None:
        return block
    end = next((i for i in range(found, len(tokens)) if tokens[i].kind == "newline"), len(tokens) - 1)
    line = render(tokens[found : end + 1])
    opened = sum(1 for t in tokens[found:end] if t.kind == "punct" and t.text in "{[(")
    if opened != sum(1 for t in tokens[found:end] if t.kind == "punct" and t.text in "}])"):
        return block  # a multi-line expression: leave it where it is
    rest = render(tokens[:found] + tokens[end + 1 :])
    head, newline, body = rest.partition("\n")
    return Block(block.type, block.labels, f"{head}{newline}{line}{body}")
