"""Helpers for values that are literals in an environment stack and Terraform tokens in the module stack.

Constructs call these instead of branching in Python on a config value, so the same construct code builds an
environment stack (plain values) and the exported module (references to `var.*`). A nullable config object
(such as `cors`) arrives in the module stack as a `DynamicObject`: zero or one `dynamic` block.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from modules.engine.bindings import (
    Fn,
    IResolvable,
    IResolveContext,
    Op,
    TerraformDataSource,
    TerraformResource,
    Token,
    implements,
)
from modules.hcl_literal import literal

T = TypeVar("T")


@implements(IResolvable)
class Expression:
    """A bare Terraform expression such as `cors.value.allow_origins`, usable wherever cdktf takes a token.

    cdktf's own references cannot name a `dynamic` block's iterator; this one renders `expression` verbatim,
    inside `${…}` unless it is part of a larger expression.
    """

    def __init__(self, expression: str) -> None:
        self.expression = expression

    @property
    def creation_stack(self) -> list[str]:
        return []

    def resolve(self, context: IResolveContext) -> str:
        return self.expression if context.suppress_braces else f"${{{self.expression}}}"

    def to_string(self) -> str:
        return Token.as_string(self)


@dataclass(frozen=True)
class DynamicObject(Generic[T]):
    """A nullable config object given as a Terraform variable (`reference`, e.g. `var.cors`).

    As a block, it becomes at most one `dynamic "<block>"` block: `value` is the config object whose fields
    reference `<iterator>.value.<field>`, and `for_each` the list of zero or one element to iterate. For resources
    that exist only when it is set (`count = present(...) ? 1 : 0`), `direct` is the config object whose fields
    reference `<reference>.<field>`. `variable` is the variable's own cdktf token (`reference` as text): Node
    renders it without calling back into Python, as it must for an `Expression`.
    """

    value: T
    direct: T
    reference: str
    iterator: str
    variable: Any

    @property
    def for_each(self) -> str:
        return f"{self.reference}[*]"


def is_unresolved(value: Any) -> bool:
    """`Token.is_unresolved(value)`, asked of Node once per distinct value or list of values (a jsii round trip
    each time): every environment stack asks it of the same literals (`-1`, `""`, `[]`...)."""
    key = tuple(value) if isinstance(value, list) else value
    if isinstance(key, Hashable):
        try:
            return _is_unresolved(key)
        except TypeError:  # a tuple holding something unhashable
            pass
    return Token.is_unresolved(value)


@functools.cache
def _is_unresolved(key: Hashable) -> bool:
    return Token.is_unresolved(list(key) if isinstance(key, tuple) else key)


def present(value: Any) -> Any:
    """Whether a nullable config object is set: a bool, or `<reference> != null` for a `DynamicObject`."""
    if isinstance(value, DynamicObject):
        return Op.neq(value.variable, Token.null_value())
    return value is not None


def true_or_unset(condition: Any) -> Any:
    """`True` when `condition` holds, else None (argument left out); `condition ? true : null` for a token."""
    if isinstance(condition, bool):
        return True if condition else None
    return Fn.conditional(condition, True, Token.null_value())


def fields(value: T | DynamicObject[T]) -> T:
    """The config object whose fields resources read directly (a `DynamicObject`'s `direct` view)."""
    return value.direct if isinstance(value, DynamicObject) else value


def _operand(value: Any) -> Any:
    """An operand for cdktf's `Op`: it drops falsy literals (`""`, `0` render as `undefined`), so pass those as
    expressions (a string as cdktf's own raw string, which Node renders without calling back into Python)."""
    if value or isinstance(value, bool):
        return value
    return Fn.raw_string(value) if isinstance(value, str) else Expression(literal(value))


def choose(condition: Any, when_true: Any, when_false: Any) -> Any:
    """`when_true if condition else when_false`, as a Terraform conditional when `condition` is a token."""
    if isinstance(condition, bool):
        return when_true if condition else when_false
    expression = Fn.conditional(condition, when_true, when_false)
    if isinstance(when_true, str) and isinstance(when_false, str):
        return Token.as_string(expression)
    return expression


def number(value: Any) -> Any:
    """A number, or a token (such as a `choose` over numbers) as a number token."""
    return value if isinstance(value, int | float) else Token.as_number(value)


def differs(value: Any, other: str) -> Any:
    """`value != other`, as a Terraform expression when `value` is a token."""
    if isinstance(value, str) and not is_unresolved(value):
        return value != other
    return Op.neq(value, _operand(other))


def equals(value: Any, other: str) -> Any:
    """`value == other`, as a Terraform expression when `value` is a token."""
    if isinstance(value, str) and not is_unresolved(value):
        return value == other
    return Op.eq(value, _operand(other))


def none_if(value: Any, unset: Any) -> Any:
    """`None if value == unset else value`: the argument is left out for the "unset" value (`""`, `-1`...);
    a Terraform conditional (`null` for unset) when `value` is a token."""
    if not is_unresolved(value):
        return None if value == unset else value
    expression = Fn.conditional(Op.eq(value, _operand(unset)), Token.null_value(), value)
    if isinstance(unset, str):
        return Token.as_string(expression)
    return Token.as_number(expression) if isinstance(unset, int | float) else expression


def count_if(condition: Any) -> Any:
    """The `count` of a resource that exists only when `condition` holds: None (plain resource) for a literal
    True, `condition ? 1 : 0` for a token. For a literal False, do not create the resource at all."""
    if isinstance(condition, bool):
        if not condition:
            raise ValueError("count_if(False): leave the resource out instead")
        return None
    return Token.as_number(Fn.conditional(condition, 1, 0))


def attribute_of(resource: TerraformResource | TerraformDataSource, attribute: str) -> str:
    """A string attribute of `resource`; `one(<address>[*].<attribute>)` when it has a `count` (null without
    an instance), so the reference works whether or not the resource exists."""
    if resource.count is None:
        return resource.get_string_attribute(attribute)
    prefix = "data." if isinstance(resource, TerraformDataSource) else ""
    address = f"{prefix}{resource.terraform_resource_type}.{resource.friendly_unique_id}"
    return Token.as_string(Expression(f"one({address}[*].{attribute})"))


def none_if_empty(items: Sequence[Any]) -> Any:
    """`list(items) or None`: an empty list leaves the argument unset; a Terraform conditional for a token."""
    if not is_unresolved(list(items)):
        return list(items) or None
    return Token.as_list(Fn.conditional(Op.gte(Fn.length_of(items), 1), items, Token.null_value()))


def static_block(value: T | DynamicObject[T] | None, build: Callable[[T], Any]) -> Any:
    """`build(value)` for a plain config object; None when there is no block or it is a `DynamicObject`."""
    if value is None or isinstance(value, DynamicObject):
        return None
    return build(value)


def dynamic_block(
    resource: TerraformResource,
    block: str,
    value: T | DynamicObject[T] | None,
    attributes: Callable[[T], Mapping[str, Any]],
) -> None:
    """Add `dynamic "<block>"` to `resource` when `value` is a `DynamicObject`; nothing otherwise.

    `attributes(value)` must use Terraform argument names (the binding's snake_case keyword names) and leave
    out unset arguments.
    """
    if not isinstance(value, DynamicObject):
        return
    content = {key: item for key, item in attributes(value.value).items() if item is not None}
    resource.add_override(
        f"dynamic.{block}", {"for_each": f"${{{value.for_each}}}", "iterator": value.iterator, "content": content}
    )


def nonempty_block(items: Any, build: Callable[[Any], Any]) -> Any:
    """`build(items)` for a non-empty literal map or list; None when it is empty or a token (see
    `nonempty_dynamic_block`)."""
    if is_unresolved(items) or not items:
        return None
    return build(items)


def nonempty_dynamic_block(
    resource: TerraformResource, block: str, items: Any, attributes: Callable[[Any], Mapping[str, Any]]
) -> None:
    """For a token map or list: `dynamic "<block>"` with one instance when it is non-empty, none otherwise; nothing
    for a literal (`nonempty_block` built it)."""
    if not is_unresolved(items):
        return
    for_each = Fn.conditional(Op.gte(Fn.length_of(items), 1), [1], [])
    resource.add_override(f"dynamic.{block}", {"for_each": for_each, "content": dict(attributes(items))})
