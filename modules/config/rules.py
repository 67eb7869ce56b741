"""What a config field allows, stated once: checked by pydantic when the config loads, published in the JSON
Schema editors use, and written as a Terraform `validation` condition in the exported module.

A rule is pydantic metadata of its field (`setting(default, rule, doc=…)` in `modules/config/base.py`): each rule
class wraps the field's schema with an after-validator that raises a `rule` error carrying `describe()`, and adds
its constraint to the field's JSON Schema.
"""

from __future__ import annotations

import ipaddress
import re
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

from modules.hcl_literal import literal, quote

#: The pydantic error type a broken rule raises; its context holds `allowed` (the rule's description).
RULE_ERROR = "rule"
#: Control characters (C0, DEL and C1): never part of a value the tool passes to AWS. The same regular
#: expression in Python, RE2 (Terraform) and ECMA-262 (JSON Schema).
CONTROL_CHARACTERS = r"[\x00-\x1f\x7f-\x9f]"


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


@dataclass(frozen=True)
class Text(_PydanticRule):
    """Text without control characters. Every string of the config obeys it (`ConfigModel` checks each string
    field, `schema.py` and the module's validations state it for each), so no newline, NUL or escape sequence
    reaches an AWS name, a header, a log line or a message."""

    def ok(self, value: Any) -> bool:
        return isinstance(value, str) and re.search(CONTROL_CHARACTERS, value) is None

    def json_schema(self) -> dict[str, Any]:
        return {"not": {"pattern": CONTROL_CHARACTERS}}

    def describe(self) -> str:
        return "text without control characters (U+0000-U+001F, U+007F-U+009F)"

    def condition(self, ref: str) -> str:
        return f"!can(regex({quote(CONTROL_CHARACTERS)}, {ref}))"


#: The one `Text` rule.
TEXT = Text()


@dataclass(frozen=True)
class EachRedirectUrl(_PydanticRule):
    """A list of OAuth redirect URLs as Cognito accepts them, each parsed with `urllib.parse`: absolute,
    `https://` on any host or `http://` on `http_hosts` only, without user info (`user@host` hides the real host),
    without a fragment, at most `max_length` characters, no spaces.

    Cognito's rules: CreateUserPoolClient, CallbackURLs (Amazon Cognito API Reference,
    https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateUserPoolClient.html):
    "Be an absolute URI. [...] Not include a fragment component. [...] Amazon Cognito requires HTTPS over HTTP
    except for http://localhost", RedirectUrlType at most 1024 characters of letters, marks, symbols, numbers and
    punctuation (no spaces). The Terraform condition and the JSON Schema state the same with a regular expression
    (`pattern`), which `tests/config/test_loader_fuzz.py` checks against the parser.
    """

    http_hosts: tuple[str, ...]
    max_length: int = 1024

    def ok(self, value: Any) -> bool:
        return all(self.url_ok(item) for item in value)

    def url_ok(self, url: str) -> bool:
        """Whether one URL obeys the rule."""
        if not url or len(url) > self.max_length or re.search(r"\s", url) or "#" in url:
            return False
        try:
            parts = urlsplit(url)
        except ValueError:  # a broken [IPv6] literal
            return False
        if not url.startswith(("https://", "http://")) or "@" in parts.netloc:
            return False
        host, port = _host_and_port(parts.netloc)
        if not host or not _port_ok(port):
            return False
        if host.startswith("["):
            try:
                ipaddress.IPv6Address(host[1:-1])
            except ValueError:
                return False
        return parts.scheme == "https" or host in self.http_hosts

    @property
    def pattern(self) -> str:
        """The rule as a regular expression (Python, RE2 and ECMA-262 alike), anchored by its users."""
        port = r"(?::(?:6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[1-9][0-9]{0,3}))?"
        rest = r"(?:[/?][^\s#]*)?"
        https_host = r"(?:[^\s/?#@:\[\]]+|\[[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*\])"
        http_hosts = "|".join(re.escape(host) for host in self.http_hosts)
        return f"https://{https_host}{port}{rest}|http://(?:{http_hosts}){port}{rest}"

    def json_schema(self) -> dict[str, Any]:
        return {"items": {"type": "string", "pattern": f"^(?:{self.pattern})$", "maxLength": self.max_length}}

    def describe(self) -> str:
        hosts = ", ".join(self.http_hosts)
        return f"https:// URLs (http:// only on {hosts}), without user info or #fragment"

    def condition(self, ref: str) -> str:
        regex = quote(f"^(?:{self.pattern})$")
        return f"alltrue([for item in {ref} : length(item) <= {self.max_length} && can(regex({regex}, item))])"


def _host_and_port(netloc: str) -> tuple[str, str | None]:
    """`netloc` (no user info) as its host as written and its port text (None without a `:`); no host when the
    netloc is malformed."""
    if netloc.startswith("["):
        host, bracket, rest = netloc.partition("]")
        host += bracket
    else:
        host, colon, port = netloc.partition(":")
        rest = colon + port
        if "[" in host or "]" in host:
            return "", None
    if rest and not rest.startswith(":"):
        return "", None
    return host, rest[1:] if rest else None


def _port_ok(port: str | None) -> bool:
    """No port, or a TCP port 1-65535 written without leading zeros."""
    return port is None or (port.isascii() and port.isdigit() and port[0] != "0" and int(port) <= 65535)


Rule = Between | OneOf | Matches | EachMatches | DistinctSubset | Text | EachRedirectUrl
