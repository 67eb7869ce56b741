"""Field paths as the exported module sees them: names of functions and clients as `*`."""

from __future__ import annotations

from modules.constructs.module.fields import pattern, structural


def test_names_are_patterns_in_paths() -> None:
    assert pattern("functions.reports.memory_mb") == "functions.*.memory_mb"
    assert pattern("clients.web") == "clients.*"
    assert pattern("user_pool.password.minimum_length") == "user_pool.password.minimum_length"


def test_structural_fields_are_patterns() -> None:
    assert structural("functions.*.runtime")
    assert not structural("functions.*.memory_mb")
