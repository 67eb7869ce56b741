"""The blocks of one synthesized Terraform JSON document and the references between them.

A reference is what Terraform itself would follow: an address (`aws_x.y`, `data.aws_x.y`) named inside a
`${...}` expression of a string argument, or listed in `depends_on`. Only addresses of blocks in the document
count, so `var.project`, `each.value` or `path.module` are never mistaken for one.

Data sources (lookups and IAM policy documents) are not drawn: `fold_data_sources` attributes each one to
the resources that use it, and its own references to them (`via` names the data source).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

#: A candidate address inside an expression; kept only when the document has a block of that address.
ADDRESS = re.compile(r"(?<![\w.])((?:data\.)?[a-z][a-z0-9_]*\.[A-Za-z_][A-Za-z0-9_-]*)")
#: cdktf's metadata key in every block; never an argument.
METADATA = "//"
DEPENDS_ON = "depends_on"


@dataclass(frozen=True)
class Block:
    """One resource or data source: its address parts and its arguments (without cdktf's metadata)."""

    type: str
    name: str
    data: bool
    body: Mapping[str, Any]

    @property
    def address(self) -> str:
        return f"{'data.' if self.data else ''}{self.type}.{self.name}"


@dataclass(frozen=True, order=True)
class Reference:
    """`source` names `target` in its argument `field` (dotted, list indices left out), maybe through `via`."""

    source: str
    target: str
    field: str
    via: str = ""


def blocks(document: Mapping[str, Any]) -> dict[str, Block]:
    """Every resource and data source of a Terraform JSON document, by address."""
    found: dict[str, Block] = {}
    for section, is_data in (("resource", False), ("data", True)):
        for type_, by_name in _mapping(document.get(section)).items():
            for name, body in _mapping(by_name).items():
                block = Block(type_, name, is_data, {k: v for k, v in _mapping(body).items() if k != METADATA})
                found[block.address] = block
    return found


def expressions(text: str) -> Iterator[str]:
    """The text inside every `${...}` of a template string, nested braces included; `$${` is a literal.

    Braces are counted, not parsed: quoted strings inside an expression are not told apart, so a brace or an
    address written inside one would be read as code. Today's stacks have no such string in any resource.
    """
    index = 0
    while (start := text.find("${", index)) != -1:
        if start > 0 and text[start - 1] == "$":
            index = start + 2
            continue
        depth, end = 1, start + 2
        while end < len(text) and depth:
            depth += {"{": 1, "}": -1}.get(text[end], 0)
            end += 1
        yield text[start + 2 : end - 1]
        index = end


def references(found: Mapping[str, Block]) -> list[Reference]:
    """Every reference from one block to another, sorted and without repeats."""
    result: set[Reference] = set()
    for block in found.values():
        for field, value in block.body.items():
            if field == DEPENDS_ON:
                result.update(Reference(block.address, str(t), field) for t in _list(value) if str(t) in found)
                continue
            for path, text in _strings(value, field):
                for expression in expressions(text):
                    for target in ADDRESS.findall(expression):
                        if target in found and target != block.address:
                            result.add(Reference(block.address, target, path))
    return sorted(result)


@dataclass(frozen=True)
class Folded:
    """References between drawn blocks, and the folded data sources each drawn block reads."""

    references: tuple[Reference, ...]
    reads: Mapping[str, tuple[str, ...]]


def fold_data_sources(found: Mapping[str, Block], raw: list[Reference], kept: frozenset[str]) -> Folded:
    """Fold every data source whose type is not in `kept` into the blocks that read it.

    A reader inherits the folded data source's references (through chains of data sources too), marked with
    `via`; the reference to the data source itself disappears, as the data source is part of its reader.
    """
    folded = {address for address, block in found.items() if block.data and block.type not in kept}
    outgoing: dict[str, list[Reference]] = {}
    for reference in raw:
        outgoing.setdefault(reference.source, []).append(reference)
    result: set[Reference] = set()
    reads: dict[str, set[str]] = {}
    for reference in raw:
        if reference.source in folded:
            continue
        if reference.target not in folded:
            result.add(reference)
            continue
        for data in _reachable(reference.target, outgoing, folded):
            reads.setdefault(reference.source, set()).add(data)
            result.update(
                Reference(reference.source, inner.target, reference.field, via=data)
                for inner in outgoing.get(data, [])
                if inner.target not in folded and inner.target != reference.source
            )
    return Folded(tuple(sorted(result)), {address: tuple(sorted(data)) for address, data in reads.items()})


def _reachable(start: str, outgoing: Mapping[str, list[Reference]], folded: set[str]) -> set[str]:
    """`start` and every folded data source it reaches through folded data sources."""
    seen, pending = {start}, [start]
    while pending:
        for inner in outgoing.get(pending.pop(), []):
            if inner.target in folded and inner.target not in seen:
                seen.add(inner.target)
                pending.append(inner.target)
    return seen


def _strings(value: Any, path: str) -> Iterator[tuple[str, str]]:
    """(dotted argument path, string) of every string inside `value`."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from _strings(item, f"{path}.{key}")
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item, path)


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
