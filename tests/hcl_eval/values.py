"""Values of the HCL evaluator: what is known only at apply time (`Ref`), functions, operators."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from typing import Any


class Unsupported(Exception):
    """An expression outside what this evaluator understands (extend it, do not skip it)."""


class Unknown(Exception):
    """A value computed from something known only at apply time: the enclosing `for` expression stays symbolic."""


def canonical(text: str) -> str:
    """A `for` expression's text without whitespace, so cdktf's and python-hcl2's spellings compare equal."""
    return re.sub(r"\s+", "", text)


#: Scope key of `{address: number of instances}` for resources and data sources that have a `count`.
COUNTS = "__counts__"


class Ref(str):
    """A value known only at apply time, spelled like cdktf spells it: `${aws_x.y.id}`.

    `counts` says how many instances the resources with a `count` have: `aws_x.y` is then a list of that many
    refs, each spelled without an index, the way cdktf spells the resource when it is unconditional.
    """

    counts: Mapping[str, int]

    def __new__(cls, text: str, counts: Mapping[str, int] | None = None) -> Ref:
        made = super().__new__(cls, text)
        made.counts = counts or {}
        return made

    @property
    def expression(self) -> str:
        return self[2:-1]


def ref(expression: str, counts: Mapping[str, int] | None = None) -> Ref:
    return Ref("${" + expression + "}", counts)


TOKEN = re.compile(
    r"\s*(?:(?P<number>\d+(?:\.\d+)?)|(?P<op>=>|==|!=|>=|<=|&&|\|\||\[\*\]|[-+*/%<>!?:.,()\[\]{}=])"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_-]*)|(?P<quote>\"))"
)


def known_list(items: Any) -> list[Any]:
    if isinstance(items, Ref):
        raise Unknown(items)
    if not isinstance(items, list):
        raise Unsupported(f"{items!r} is not a list")
    return items


def flatten(items: Any) -> list[Any]:
    result: list[Any] = []
    for item in known_list(items):
        result += flatten(item) if isinstance(item, list | Ref) else [item]
    return result


FUNCTIONS: dict[str, Callable[..., Any]] = {
    "length": lambda items: len(items) if not isinstance(items, Ref) else fail("length() of an unknown"),
    "one": lambda items: None if not items else (items[0] if len(items) == 1 else fail("one() of many")),
    "flatten": flatten,
    "tolist": known_list,
    "toset": lambda items: sorted(set(known_list(items))),
    # compact, as the synth writes a JSON text; apply-time values stay their `${...}` spelling
    "jsonencode": lambda data: json.dumps(data, separators=(",", ":")),
    "join": lambda separator, items: separator.join(str(item) for item in known_list(items)),
    "merge": lambda *maps: {key: value for item in maps for key, value in known_map(item).items()},
    "keys": lambda item: sorted(known_map(item)),
    "contains": lambda items, item: item in known_list(items),
}


def known_map(item: Any) -> dict[str, Any]:
    if isinstance(item, Ref):
        raise Unknown(item)
    if not isinstance(item, dict):
        raise Unsupported(f"{item!r} is not a map")
    return item


def fail(message: str) -> Any:
    raise Unsupported(message)


def in_template(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # Terraform prints a whole number without a fraction
    if isinstance(value, int | float):
        return str(value)
    raise Unsupported(f"{value!r} inside a string template")


def index_of(value: Any, index: Any) -> Any:
    return ref(f"{value.expression}[{index}]") if isinstance(value, Ref) else value[index]


def attribute(value: Any, name: str) -> Any:
    if isinstance(value, Ref):
        expression = f"{value.expression}.{name}"
        if expression in value.counts:
            return [ref(expression, value.counts)] * value.counts[expression]
        return ref(expression, value.counts)
    if isinstance(value, Mapping):
        return value[name]
    raise Unsupported(f"attribute {name} of {value!r}")


def apply(operator: str, left: Any, right: Any) -> Any:
    if isinstance(left, Ref) or isinstance(right, Ref):
        raise Unsupported(f"{left!r} {operator} {right!r}: not known before apply")
    operations: dict[str, Callable[[Any, Any], Any]] = {
        "==": lambda a, b: a == b,
        "!=": lambda a, b: a != b,
        ">=": lambda a, b: a >= b,
        "<=": lambda a, b: a <= b,
        ">": lambda a, b: a > b,
        "<": lambda a, b: a < b,
        "&&": lambda a, b: a and b,
        "||": lambda a, b: a or b,
        "+": lambda a, b: a + b,
        "-": lambda a, b: a - b,
        "*": lambda a, b: a * b,
        "/": lambda a, b: a / b,
    }
    return operations[operator](left, right)
