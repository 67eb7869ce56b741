"""A synthesized stack as typed data: its resources, data sources, outputs, providers and backend.

Blocks are found by type or address and followed through their references (`references.py`), never by position
in the file. Values stay as cdktf wrote them: literals, or templates with `${…}` references.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from modules.errors import SynthOutputError
from modules.synth_output.references import TemplateError, single_address

#: Terraform's meta-arguments: they shape a block, they are not arguments of the resource itself.
META_ARGUMENTS = frozenset({"depends_on", "lifecycle", "provider", "count", "for_each", "provisioner", "connection"})
#: cdktf's metadata key (construct path, stack name…) in every block and at the top of the document.
METADATA = "//"
DEPENDS_ON = "depends_on"


@dataclass(frozen=True)
class Block:
    """One resource or data source: its address parts, arguments, meta-arguments and cdktf's metadata."""

    type: str
    name: str
    data: bool
    arguments: Mapping[str, Any]
    meta: Mapping[str, Any] = field(default_factory=dict)
    metadata: Mapping[str, Any] = field(default_factory=dict)

    @property
    def address(self) -> str:
        """`aws_x.y`, or `data.aws_x.y` for a data source."""
        return f"{'data.' if self.data else ''}{self.type}.{self.name}"

    @property
    def body(self) -> dict[str, Any]:
        """Arguments and meta-arguments together, as the block is written (without cdktf's metadata)."""
        return {**self.arguments, **self.meta}

    @property
    def depends_on(self) -> tuple[str, ...]:
        value = self.meta.get(DEPENDS_ON)
        return tuple(str(item) for item in value) if isinstance(value, list) else ()

    def argument(self, dotted: str) -> Any:
        """The value at a dotted argument path (`jwt_configuration.issuer`); a one-element list of blocks is
        looked through, as cdktf writes nested blocks either way. None when absent."""
        value: Any = self.arguments
        for key in dotted.split("."):
            if isinstance(value, list) and len(value) == 1:
                value = value[0]
            value = value.get(key) if isinstance(value, Mapping) else None
        return value

    def strings(self) -> Iterator[tuple[str, str]]:
        """(dotted argument path, string) of every string in the block's arguments and meta-arguments; list
        indices are left out of the path."""
        for key, value in self.body.items():
            yield from _strings(value, key)


@dataclass(frozen=True)
class Output:
    """A stack output: its value (a template) and description."""

    name: str
    value: Any
    description: str
    sensitive: bool


@dataclass(frozen=True)
class StackDocument:
    """One synthesized Terraform JSON document (`cdk.tf.json`), read from `path`."""

    path: Path
    raw: Mapping[str, Any]

    @cached_property
    def blocks(self) -> dict[str, Block]:
        """Every resource and data source, by address, in the document's order."""
        return _blocks(self.raw, self.path)

    @property
    def resources(self) -> tuple[Block, ...]:
        return tuple(block for block in self.blocks.values() if not block.data)

    @property
    def data_sources(self) -> tuple[Block, ...]:
        return tuple(block for block in self.blocks.values() if block.data)

    def of_type(self, type_: str) -> list[Block]:
        """Every resource of `type_`, sorted by name."""
        return sorted((b for b in self.resources if b.type == type_), key=lambda b: b.name)

    def block(self, address: str) -> Block:
        """The block at `address`; `SynthOutputError` when the document has none."""
        found = self.blocks.get(address)
        if found is None:
            raise SynthOutputError(f"{self.path}: {address} is referenced but not declared")
        return found

    def referenced(self, template: str) -> Block:
        """The one block a template refers to (`integrations/${aws_x.y.id}` → `aws_x.y`)."""
        try:
            address = single_address(template)
        except TemplateError as exc:
            raise SynthOutputError(f"{self.path}: {exc}") from None
        return self.block(address)

    @property
    def outputs(self) -> tuple[Output, ...]:
        return tuple(
            Output(name, body.get("value"), str(body.get("description", "")), bool(body.get("sensitive", False)))
            for name, body in _mapping(self.raw.get("output")).items()
            if isinstance(body, Mapping)
        )

    def providers(self, name: str) -> tuple[Mapping[str, Any], ...]:
        """The configurations of provider `name` (cdktf writes a list, one per alias)."""
        value = _mapping(self.raw.get("provider")).get(name)
        items = value if isinstance(value, list) else [value] if isinstance(value, Mapping) else []
        return tuple(item for item in items if isinstance(item, Mapping))

    @property
    def terraform(self) -> Mapping[str, Any]:
        """The `terraform` block: required providers, backend."""
        return _mapping(self.raw.get("terraform"))

    @property
    def cloud(self) -> Mapping[str, Any]:
        """The `cloud` block's settings (HCP Terraform: organization, hostname, workspaces), empty without one."""
        return _mapping(self.terraform.get("cloud"))

    @property
    def backend(self) -> tuple[str, Mapping[str, Any]] | None:
        """(type, settings) of the stack's backend, if it has one."""
        backends = _mapping(self.terraform.get("backend"))
        for type_, settings in backends.items():
            return str(type_), _mapping(settings)
        return None


def _blocks(raw: Mapping[str, Any], path: Path) -> dict[str, Block]:
    found: dict[str, Block] = {}
    for section, is_data in (("resource", False), ("data", True)):
        for type_, by_name in _mapping(raw.get(section)).items():
            for name, body in _mapping(by_name).items():
                if not isinstance(body, Mapping):
                    raise SynthOutputError(f"{path}: {section} {type_}.{name} is not a JSON object")
                block = Block(
                    type_,
                    name,
                    is_data,
                    {k: v for k, v in body.items() if k not in META_ARGUMENTS and k != METADATA},
                    {k: v for k, v in body.items() if k in META_ARGUMENTS},
                    _mapping(body.get(METADATA)),
                )
                found[block.address] = block
    return found


def _strings(value: Any, path: str) -> Iterator[tuple[str, str]]:
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
