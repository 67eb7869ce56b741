"""What a config field allows, stated once: checked by pydantic when the config loads, published in the JSON
Schema editors use, and written as a Terraform `validation` condition in the exported module.

A rule is pydantic metadata of its field (`setting(default, rule, doc=…)` in `modules/config/base.py`): each rule
class wraps the field's schema with an after-validator that raises a `rule` error carrying `describe()`, and adds
its constraint to the field's JSON Schema.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

from modules.hcl_literal import literal, quote

#: The pydantic error type a broken rule raises; its context holds `allowed` (the rule's description).
RULE_ERROR = "rule"


class _PydanticRule(ABC):
    """The pydantic side shared by every rule: validate with `ok`, document with `json_schema`."""

    @abstractmethod
    def ok(self, value: Any) -> bool:
        """Whether `value` obeys the rule."""

    @abstractmethod
    def describe(self) -> str:
        """What the rule allows, for messages and descriptions."""

    @abstractmethod
    def condition(self, ref: str) -> str:
        """The rule as a Terraform condition on the expression `ref`."""

    @abstractmethod
    def json_schema(self) -> dict[str, Any]:
        """JSON Schema keywords that state the rule (merged into the field's schema)."""

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        def check(value: Any) -> Any:
            if not self.ok(value):
                raise PydanticCustomError(RULE_ERROR, "{allowed}", {"allowed": self.describe()})
            return value

        return core_schema.no_info_after_validator_function(check, handler(source))

    def __get_pydantic_json_schema__(self, schema: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        result = handler(schema)
        result.update(self.json_schema())
        return result


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


@dataclass(frozen=True)
class Between(_PydanticRule):
    """A number in `low..high`; `above` makes `low` exclusive; `also` is one more allowed value (e.g. -1)."""

    low: float
    high: float
    above: bool = False
    also: int | None = None
    note: str = ""

    def ok(self, value: Any) -> bool:
        in_range = (self.low < value if self.above else self.low <= value) and value <= self.high
        return bool(in_range or value == self.also)

    def json_schema(self) -> dict[str, Any]:
        bounds = {"exclusiveMinimum" if self.above else "minimum": self.low, "maximum": self.high}
        if self.also is None:
            return bounds
        return {"anyOf": [{"const": self.also}, bounds]}

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
class OneOf(_PydanticRule):
    """One of `values`; `what` names them in messages (e.g. "CloudWatch's values ")."""

    values: tuple[Any, ...]
    what: str = ""

    def ok(self, value: Any) -> bool:
        return value in self.values

    def json_schema(self) -> dict[str, Any]:
        return {"enum": list(self.values)}

    def describe(self) -> str:
        return f"one of {self.what}" + ", ".join("''" if value == "" else str(value) for value in self.values)

    def condition(self, ref: str) -> str:
        return f"contains({literal(list(self.values))}, {ref})"


@dataclass(frozen=True)
class Matches(_PydanticRule):
    """A string matching `pattern` entirely (a regular expression both Python and Terraform understand)."""

    pattern: str
    description: str

    def ok(self, value: Any) -> bool:
        return isinstance(value, str) and re.fullmatch(self.pattern, value) is not None

    def json_schema(self) -> dict[str, Any]:
        return {"pattern": f"^(?:{self.pattern})$"}

    def describe(self) -> str:
        return self.description

    def condition(self, ref: str) -> str:
        return f"can(regex({quote(f'^(?:{self.pattern})$')}, {ref}))"


@dataclass(frozen=True)
class EachMatches(Matches):
    """A list whose every item matches `pattern` entirely."""

    def ok(self, value: Any) -> bool:
        return all(super(EachMatches, self).ok(item) for item in value)

    def json_schema(self) -> dict[str, Any]:
        return {"items": {"type": "string", **super().json_schema()}}

    def condition(self, ref: str) -> str:
        return f"alltrue([for item in {ref} : {super().condition('item')}])"


@dataclass(frozen=True)
class DistinctSubset(_PydanticRule):
    """A non-empty list of `values`, without repeats."""

    values: tuple[str, ...]

    def ok(self, value: Any) -> bool:
        return bool(value) and set(value) <= set(self.values) and len(set(value)) == len(value)

    def json_schema(self) -> dict[str, Any]:
        return {"items": {"type": "string", "enum": list(self.values)}, "minItems": 1, "uniqueItems": True}

    def describe(self) -> str:
        return "a non-empty list without repeats of " + ", ".join(self.values)

    def condition(self, ref: str) -> str:
        return (
            f"length({ref}) > 0 && length(distinct({ref})) == length({ref}) && "
            f"alltrue([for item in {ref} : contains({literal(list(self.values))}, item)])"
        )


Rule = Between | OneOf | Matches | EachMatches | DistinctSubset
