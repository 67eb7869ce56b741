"""Every test has exactly one tier, and the unit tier (`make test-fast`) holds no synth, server or tool."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT, TIERS

#: One collection of the whole suite, in a process of its own: each test's node id and its tier markers.
COLLECT = f"""
import sys
import pytest

class Tiers:
    def pytest_collection_finish(self, session):
        for item in session.items:
            tiers = sorted(mark.name for mark in item.iter_markers() if mark.name in {TIERS!r})
            print("tier", item.nodeid, ",".join(tiers))

sys.exit(pytest.main(["--collect-only", "-q", "-p", "no:cacheprovider"], plugins=[Tiers()]))
"""


def _tiers_of_every_test() -> dict[str, str]:
    result = subprocess.run(
        [sys.executable, "-c", COLLECT], cwd=ROOT, capture_output=True, text=True, timeout=300, check=True
    )
    rows = [
        line.removeprefix("tier ").rsplit(" ", 1) for line in result.stdout.splitlines() if line.startswith("tier ")
    ]
    return {nodeid: tiers for nodeid, tiers in rows}


def test_each_test_is_in_exactly_one_tier_and_the_unit_tier_runs_nothing_heavy() -> None:
    tier_of = _tiers_of_every_test()
    assert len(tier_of) > 1000
    assert {test: tiers for test, tiers in tier_of.items() if tiers not in TIERS} == {}
    unit = {test for test, tier in tier_of.items() if tier == "unit"}
    assert (
        tier_of["tests/test_tiers.py::test_each_test_is_in_exactly_one_tier_and_the_unit_tier_runs_nothing_heavy"]
        == "e2e"
    )
    assert not {
        test
        for test in unit
        if test.startswith(("tests/constructs/", "tests/packager/", "tests/tools/policy_scan/test_scan.py"))
    }
    assert any(
        test.startswith("tests/local/test_jwt_authorizer.py") and tier == "e2e" for test, tier in tier_of.items()
    )
    assert any(test.startswith("tests/config/test_rules.py") for test in unit)
