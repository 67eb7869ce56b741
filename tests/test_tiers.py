"""Every test has exactly one tier, and the unit tier (`make test-fast`) holds no synth, server or tool."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT, TIERS


def _collected(marker: str) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", "-m", marker],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=True,
    )  # fmt: skip
    return {line for line in result.stdout.splitlines() if "::" in line}


def test_each_test_is_in_exactly_one_tier_and_the_unit_tier_runs_nothing_heavy() -> None:
    tiers = {tier: _collected(tier) for tier in TIERS}
    everything = _collected("unit or synth or e2e or not (unit or synth or e2e)")
    assert set().union(*tiers.values()) == everything
    assert sum(map(len, tiers.values())) == len(everything)
    unit = tiers["unit"]
    assert "tests/test_tiers.py::test_each_test_is_in_exactly_one_tier_and_the_unit_tier_runs_nothing_heavy" not in unit
    assert not {
        test
        for test in unit
        if test.startswith(("tests/constructs/", "tests/packager/", "tests/tools/policy_scan/test_scan.py"))
    }
    assert any(test.startswith("tests/local/test_jwt_authorizer.py") for test in tiers["e2e"])  # by its fixtures
    assert any(test.startswith("tests/config/test_rules.py") for test in unit)
