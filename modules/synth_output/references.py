"""The `${…}` references of Terraform templates: where each interpolation is, and what it refers to.

A string argument of Terraform JSON (and a quoted string of HCL) is a template: literal text with `${ … }`
interpolations, `$${` standing for a literal `${`. `interpolations()` finds each interpolation's span, with
nested braces and quoted strings inside the expression (which may hold templates of their own) taken into
account. What an expression refers to comes from Terraform's grammar itself, parsed by python-hcl2:
`traversals()` lists every `name.attr…` path in it (inside function calls, conditionals, splats and nested
templates too), and `addresses()` the resource and data source addresses among them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

import hcl2
from lark import Token, Tree
from lark.exceptions import LarkError

from modules.errors import SynthOutputError

#: Roots of a traversal that never name a resource (Terraform's own namespaces).
NOT_RESOURCES = frozenset({"var", "local", "module", "each", "count", "path", "self", "terraform", "null"})


class TemplateError(SynthOutputError):
    """A template whose interpolation is not closed, or whose expression Terraform's grammar refuses."""


@dataclass(frozen=True)
class Interpolation:
    """One `${ … }` of a template: `start`/`end` span it, braces included; `expression` is the text inside."""

    start: int
    end: int
    expression: str


def interpolations(text: str) -> list[Interpolation]:
    """Every top-level `${ … }` of the template `text`, in order. Raises `TemplateError` when one is not closed."""
    found: list[Interpolation] = []
    index = 0
    while (start := text.find("${", index)) != -1:
        if start > 0 and text[start - 1] == "$" and not _escaped_dollar_is_interpolation(text, start - 1):
            index = start + 2
            continue
        end = interpolation_end(text, start + 2)
        found.append(Interpolation(start, end, text[start + 2 : end - 1].strip()))
        index = end
    return found


def _escaped_dollar_is_interpolation(text: str, dollar: int) -> bool:
    """Whether the `$` before a `${` is itself the end of an earlier `$${` escape (`$$${a}` interpolates `a`)."""
    run = 0
    while dollar - run >= 0 and text[dollar - run] == "$":
        run += 1
    return run % 2 == 0


def interpolation_end(text: str, start: int) -> int:
    """Index just past the `}` closing an interpolation whose expression starts at `start` (after `${`)."""
    depth, i = 1, start
    while i < len(text):
        char = text[i]
        if char == '"':
            i = string_end(text, i)
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    raise TemplateError(f"unterminated interpolation in {text!r}")


def string_end(text: str, start: int) -> int:
    """Index just past the quoted template starting at `start` (a `"`), its own interpolations included."""
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
            i = interpolation_end(text, i + 2)
        elif char == "\n":
            break
        else:
            i += 1
    raise TemplateError(f"unterminated string in {text!r}")


def expressions(text: str) -> list[str]:
    """The expression of every top-level interpolation of the template `text`."""
    return [found.expression for found in interpolations(text)]


def substitute(text: str, value: Callable[[str], str]) -> str:
    """`text` with every interpolation replaced by `value(<its expression>)`."""
    parts, index = [], 0
    for found in interpolations(text):
        parts += [text[index : found.start], value(found.expression)]
        index = found.end
    return "".join([*parts, text[index:]])


@functools.cache
def traversals(expression: str) -> tuple[tuple[str, ...], ...]:
    """Every traversal (`aws_x.y.arn` → `("aws_x", "y", "arn")`) in an expression, in order of appearance.

    An index or splat ends a traversal's names (`one(aws_x.y[*].id)` gives `("aws_x", "y")`); expressions inside
    an index are traversals of their own. An object's bare keys (`{ name = … }`) are names, not references.
    """
    try:
        tree = hcl2.parses_to_tree(f"value = {expression}\n")
    except LarkError as exc:
        raise TemplateError(f"not a Terraform expression: {expression!r} ({str(exc).splitlines()[0]})") from None
    found: list[tuple[str, ...]] = []
    _collect(tree, found)
    return tuple(found)


@dataclass(frozen=True)
class _Path:
    names: tuple[str, ...]
    #: Subtrees inside the path that may hold traversals of their own (index expressions).
    inner: tuple[Tree[Token], ...] = ()
    #: True once an index or splat ended the names.
    ended: bool = False


def _collect(node: Tree[Token], found: list[tuple[str, ...]]) -> None:
    path = _path(node)
    if path is not None:
        found.append(path.names)
        for inner in path.inner:
            _collect(inner, found)
        return
    if node.data == "object_elem_key" and _path(node.children[0]) is not None:  # type: ignore[arg-type]
        return
    for child in node.children:
        if isinstance(child, Tree):
            _collect(child, found)


def _path(node: Tree[Token]) -> _Path | None:
    """The traversal `node` is, when it is one: an identifier, then attributes, indexes and splats."""
    children = [child for child in node.children if isinstance(child, Tree)]
    if node.data == "expr_term" and len(node.children) == 1 and children:
        inner = children[0]
        return _Path((str(inner.children[0]),)) if inner.data == "identifier" else _path(inner)
    if node.data not in ("get_attr_expr_term", "index_expr_term", "full_splat_expr_term", "attr_splat_expr_term"):
        return None
    base = _path(children[0])
    if base is None:
        return None
    if node.data == "get_attr_expr_term" and not base.ended:
        attribute = next(c for c in children[1].children if isinstance(c, Tree) and c.data == "identifier")
        return _Path((*base.names, str(attribute.children[0])), base.inner)
    if node.data == "index_expr_term":
        return _Path(base.names, (*base.inner, children[1]), ended=True)
    return _Path(base.names, base.inner, ended=True)


def addresses(expression: str) -> tuple[str, ...]:
    """The resource (`aws_x.y`) and data source (`data.aws_x.y`) addresses an expression names, in order."""
    found: dict[str, None] = {}
    for traversal in traversals(expression):
        if traversal[0] == "data" and len(traversal) >= 3:
            found[".".join(traversal[:3])] = None
        elif traversal[0] not in NOT_RESOURCES and traversal[0] != "data" and len(traversal) >= 2:
            found[".".join(traversal[:2])] = None
    return tuple(found)


def template_addresses(text: str) -> tuple[str, ...]:
    """The addresses every interpolation of the template `text` names."""
    found: dict[str, None] = {}
    for expression in expressions(text):
        found.update(dict.fromkeys(addresses(expression)))
    return tuple(found)


def single_address(text: str) -> str:
    """The one address the template `text` names (`integrations/${aws_x.y.id}` → `aws_x.y`). Raises
    `TemplateError` when it names none or several."""
    found = template_addresses(text)
    if len(found) != 1:
        raise TemplateError(f"expected one resource reference in {text!r}")
    return found[0]
