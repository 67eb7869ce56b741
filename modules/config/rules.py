"""What a config field allows, stated once and checked twice: in Python by the config loader, and as a Terraform
`validation` condition in the exported module. Fields carry a rule in their metadata (`setting(allowed=…)`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from modules.hcl_literal import literal, quote


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


@dataclass(frozen=True)
class Between:
    """A number in `low..high`; `above` makes `low` exclusive; `also` is one more allowed value (e.g. -1)."""

    low: float
    high: float
    above: bool = False
    also: int | None = None
    note: str = ""

    def ok(self, value: Any) -> bool:
        in_range = (self.low < value if self.above else self.low <= value) and value <= self.high
        return bool(in_range or value == self.also)

    def describe(self) -> str:
        low, high = _number(self.low), _number(self.high)
        text = f"> {low} and <= {high}" if self.above else f"{low}..{high}"
        text = text if self.also is None else f"{self.also} or {text}"
        return f"{text} ({self.note})" if self.note else text

    def condition(self, ref: str) -> str:
        low = f"{ref} > {_number(self.low)}" if self.above else f"{ref} >= {_number(self.low)}"
        check = f"{low} && {ref} <= {_number(self.high)}"
        return check if self.also is None else f"{ref} == {self.also} || ({check})"


@dataclass(frozen=True)
class OneOf:
    """One of `values`; `what` names them in messages (e.g. "CloudWatch's values ")."""

    values: tuple[Any, ...]
    what: str = ""

    def ok(self, value: Any) -> bool:
        return value in self.values

    def describe(self) -> str:
        return f"one of {self.what}" + ", ".join(map(str, self.values))

    def condition(self, ref: str) -> str:
        return f"contains({literal(list(self.values))}, {ref})"


@dataclass(frozen=True)
class Matches:
    """A string matching `pattern` entirely (a regular expression both Python and Terraform understand)."""

    pattern: str
    description: str

    def ok(self, value: Any) -> bool:
        return isinstance(value, str) and re.fullmatch(self.pattern, value) is not None

    def describe(self) -> str:
        return self.description

    def condition(self, ref: str) -> str:
        return f"can(regex({quote(f'^(?:{self.pattern})$')}, {ref}))"


@dataclass(frozen=True)
class EachMatches(Matches):
    """A list whose every item matches `pattern` entirely."""

    def ok(self, value: Any) -> bool:
        return all(super(EachMatches, self).ok(item) for item in value)

    def condition(self, ref: str) -> str:
        return f"alltrue([for item in {ref} : {super().condition('item')}])"


@dataclass(frozen=True)
class DistinctSubset:
    """A non-empty list of `values`, without repeats."""

    values: tuple[str, ...]

    def ok(self, value: Any) -> bool:
        return bool(value) and set(value) <= set(self.values) and len(set(value)) == len(value)

    def describe(self) -> str:
        return "a non-empty list without repeats of " + ", ".join(self.values)

    def condition(self, ref: str) -> str:
        return (
            f"length({ref}) > 0 && length(distinct({ref})) == length({ref}) && "
            f"alltrue([for item in {ref} : contains({literal(list(self.values))}, item)])"
        )


Rule = Between | OneOf | Matches | EachMatches | DistinctSubset
