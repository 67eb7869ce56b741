"""The skip file (`security/checkov-skips.toml`) as `load_skips` reads it: each check once per framework, every
mistake named, and the committed file's entries all with a reason and nowhere else."""

from __future__ import annotations

from pathlib import Path

import pytest

from modules.tools.policy_scan.skips import ScanError, load_skips
from tests.conftest import ROOT


def test_a_check_may_have_one_entry_per_framework(tmp_path: Path) -> None:
    path = tmp_path / "checkov-skips.toml"
    entry = '[[skip]]\ncheck = "CKV_AWS_1"\nresources = ["{}"]\nreason = "r"\nframeworks = ["{}"]\n'
    path.write_text(entry.format("a.b", "terraform") + entry.format("a.c", "terraform_json"), encoding="utf-8")
    assert [(skip.resources, skip.frameworks) for skip in load_skips(path)] == [
        (("a.b",), ("terraform",)),
        (("a.c",), ("terraform_json",)),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[[skip]]\ncheck = "CKV_AWS_1"\nresources = ["aws_x.y"]\n', "the reason must be one non-empty line"),
        ('[[skip]]\ncheck = "CKV_AWS_1"\nresources = ["aws_x.y"]\nreason = """a\nb"""\n', "one non-empty line"),
        ('[[skip]]\ncheck = "AWS_1"\nresources = ["aws_x.y"]\nreason = "r"\n', "not a checkov id"),
        ('[[skip]]\ncheck = "CKV_AWS_1"\nresources = []\nreason = "r"\n', "resources must list Terraform"),
        ('[[skip]]\ncheck = "CKV_AWS_1"\nresources = ["*"]\nreason = "r"\n', "resources must list Terraform"),
        ('[[skip]]\ncheck = "CKV_AWS_1"\nresources = ["a.b"]\nreason = "r"\nenvironments = []\n', "non-empty list"),
        ('[[skip]]\ncheck = "CKV_AWS_1"\nresources = ["a.b"]\nreason = "r"\nwhy = 1\n', r"a \[\[skip\]\] has keys"),
        ('[[skip]]\ncheck = "CKV_AWS_1"\nresources = ["a.b"]\nreason = "r"\n' * 2, "each check once per framework"),
        (
            '[[skip]]\ncheck = "CKV_AWS_1"\nresources = ["a.b"]\nreason = "r"\n'
            '[[skip]]\ncheck = "CKV_AWS_1"\nresources = ["a.c"]\nreason = "r"\nframeworks = ["terraform"]\n',
            "each check once per framework",
        ),
        ("[skips]\n", r"expected only \[\[skip\]\] entries"),
        (
            '[[skip]]\ncheck = "CKV_AWS_1"\nresources = ["a.b"]\nreason = "r"\nframeworks = ["cloudformation"]\n',
            "frameworks must list some of terraform_json, terraform",
        ),
    ],
)
def test_skip_file_errors_name_the_problem(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "checkov-skips.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScanError, match=message):
        load_skips(path)


def test_skips_live_only_in_the_skip_file() -> None:
    """Every entry has a reason; no inline `checkov:skip` in the generator or the custom policies."""
    skips = load_skips()
    assert {s.check for s in skips} >= {"CKV_AWS_116", "CKV_AWS_117", "CKV_AWS_272", "CKV_AWS_309", "CKV_AWS_338"}
    assert all(len(s.reason) > 30 for s in skips)
    sources = [*(ROOT / "modules").rglob("*.py"), *(ROOT / "security" / "checks").rglob("*.py")]
    assert [p for p in sources if "checkov:skip" in p.read_text(encoding="utf-8")] == []
