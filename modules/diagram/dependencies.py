"""The references between the blocks of one synthesized document, as Terraform itself would follow them.

A reference is an address (`aws_x.y`, `data.aws_x.y`) named by an expression inside a string argument
(`modules/synth_output/references.py` parses them), or listed in `depends_on`. Only addresses of blocks in the
document count, so `var.project`, `each.value` or `path.module` are never mistaken for one.

Data sources (lookups and IAM policy documents) are not drawn: `fold_data_sources` attributes each one to
the resources that use it, and its own references to them (`via` names the data source).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from modules.synth_output.model import DEPENDS_ON, Block
from modules.synth_output.references import template_addresses

__all__ = ["DEPENDS_ON", "Block", "Folded", "Reference", "fold_data_sources", "references"]


@dataclass(frozen=True, order=True)
class Reference:
    """`source` names `target` in its argument `field` (dotted, list indices left out), maybe through `via`."""

    source: str
    target: str
    field: str
    via: str = ""


def references(found: Mapping[str, Block]) -> list[Reference]:
    """Every reference from one block to another, sorted and without repeats."""
    result: set[Reference] = set()
    for block in found.values():
        result.update(Reference(block.address, target, DEPENDS_ON) for target in block.depends_on if target in found)
        for path, text in block.strings():
            if path == DEPENDS_ON:
                continue
            for target in template_addresses(text):
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
