"""The policy scan's skip file and results: what a target is, what checkov found, and which failures the
committed `security/checkov-skips.toml` skips.

An entry names a check, its reason (one line), the exact resources and optionally the environments and frameworks
(a check may have one entry per framework, never two for the same one). A failure is skipped only when an entry
lists that check and resource for the target; an entry whose resource passes is stale, and a stale entry fails the
scan like a failed check, so the file never hides more than it says.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from modules.errors import ProjectError
from modules.paths import PROJECT_DIR

SKIPS_FILE = PROJECT_DIR / "security" / "checkov-skips.toml"
CHECK_ID = re.compile(r"^CKV2?_[A-Z0-9]+_\d+$")
ADDRESS = re.compile(r"^(?:data\.)?[a-z0-9_]+\.[\w-]+$")
MODULE_PREFIX = re.compile(r"^(?:module\.[\w-]+\.)+")
#: checkov's frameworks for the synthesized stacks and for the packaged HCL.
FRAMEWORKS = ("terraform_json", "terraform")
#: The environment name of the bootstrap roots' scans (`dist/bootstrap/<account>/`) in the skip file.
BOOTSTRAP_ENVIRONMENT = "bootstrap"


class ScanError(ProjectError):
    """The scan could not run, or its input (skip file, target) is unusable."""


@dataclass(frozen=True)
class Skip:
    """One entry of the skip file: a check not run on some targets, with its reason."""

    check: str
    reason: str
    resources: tuple[str, ...]
    environments: tuple[str, ...] | None
    frameworks: tuple[str, ...] | None = None

    def applies_to(self, target: Target) -> bool:
        """True for every stack of the architecture when `environments` and `frameworks` are absent (the
        bootstrap roots are not one: an entry for them names `bootstrap`); else only for targets of those
        environments and read with those checkov frameworks (`terraform_json`: the synthesized stacks;
        `terraform`: the packaged HCL)."""
        environments = self.environments
        in_scope = (
            target.environment != BOOTSTRAP_ENVIRONMENT
            if environments is None
            else (target.environment in environments)
        )
        return in_scope and (self.frameworks is None or target.framework in self.frameworks)

    def covers(self, finding: Finding, resource: str | None = None) -> bool:
        """This entry skips `finding` (on `resource`, if given): same check and a listed resource."""
        listed = self.resources if resource is None else (resource,)
        return finding.check_id == self.check and any(_same_resource(finding.address, r) for r in listed)


def _same_resource(address: str, resource: str) -> bool:
    """`address` as checkov reports it is `resource`: `module.<x>.` prefixes aside, and checkov's HCL addresses
    of data sources have no `data.`."""
    bare = MODULE_PREFIX.sub("", address)
    return resource in (bare, f"data.{bare}")


@dataclass(frozen=True)
class Target:
    """A directory checkov scans, with the environment its skips are chosen by."""

    label: str
    path: Path
    framework: str
    environment: str


@dataclass(frozen=True)
class Finding:
    """The result of one check on one resource (passed or failed, by the list it is in)."""

    check_id: str
    check_name: str
    address: str


@dataclass(frozen=True)
class ScanResult:
    """What one checkov run reported, plus its raw output (for the tests' banner checks)."""

    target: Target
    passed: tuple[Finding, ...]
    failed: tuple[Finding, ...]
    skipped: tuple[Finding, ...]
    stale: tuple[str, ...]
    stdout: str
    stderr: str

    @property
    def ok(self) -> bool:
        return not self.failed and not self.stale


def load_skips(path: Path = SKIPS_FILE) -> tuple[Skip, ...]:
    """Read and validate the skip file: known keys, check ids, a one-line reason, resource addresses."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ScanError(f"{path.name}: cannot read the skip file: {exc}") from None
    entries = raw.get("skip", [])
    if set(raw) - {"skip"} or not isinstance(entries, list):
        raise ScanError(f"{path.name}: expected only [[skip]] entries, got {sorted(raw)}")
    skips = tuple(_skip(path.name, entry) for entry in entries)
    seen = [(s.check, framework) for s in skips for framework in (s.frameworks or FRAMEWORKS)]
    if len(set(seen)) != len(seen):
        checks = [s.check for s in skips]
        raise ScanError(f"{path.name}: each check once per framework, got {checks}")
    return skips


def _skip(file: str, entry: Any) -> Skip:
    allowed = {"check", "reason", "resources", "environments", "frameworks"}
    if not isinstance(entry, dict) or set(entry) - allowed:
        raise ScanError(f"{file}: a [[skip]] has keys {sorted(allowed)}, got {entry!r}")
    check, reason = entry.get("check"), entry.get("reason")
    resources, environments = entry.get("resources"), entry.get("environments")
    if not isinstance(check, str) or not CHECK_ID.match(check):
        raise ScanError(f"{file}: check {check!r} is not a checkov id such as CKV_AWS_117")
    if not isinstance(reason, str) or not reason.strip() or "\n" in reason:
        raise ScanError(f"{file}: {check}: the reason must be one non-empty line")
    if not _strings(resources) or not resources or not all(ADDRESS.match(r) for r in resources):
        raise ScanError(f"{file}: {check}: resources must list Terraform addresses, got {resources!r}")
    if environments is not None and (not _strings(environments) or not environments):
        raise ScanError(f"{file}: {check}: environments must be a non-empty list of names, got {environments!r}")
    frameworks = entry.get("frameworks")
    if frameworks is not None and (
        not _strings(frameworks) or not set(frameworks) <= set(FRAMEWORKS) or not frameworks
    ):
        raise ScanError(f"{file}: {check}: frameworks must list some of {', '.join(FRAMEWORKS)}, got {frameworks!r}")
    return Skip(
        check,
        reason,
        tuple(resources),
        None if environments is None else tuple(environments),
        None if frameworks is None else tuple(frameworks),
    )


def _strings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def apply_skips(
    target: Target,
    passed: Sequence[Finding],
    failures: Sequence[Finding],
    skips: Sequence[Skip],
    stdout: str = "",
    stderr: str = "",
) -> ScanResult:
    """Split the failures into skipped (an entry for this environment names check and resource) and failed; an
    entry's resource without such a failure is a stale skip."""
    entries = [skip for skip in skips if skip.applies_to(target)]
    skipped = [f for f in failures if any(skip.covers(f) for skip in entries)]
    failed = [f for f in failures if f not in skipped]
    stale = [
        f"{skip.check} {resource}"
        for skip in entries
        for resource in skip.resources
        if not any(skip.covers(f, resource) for f in skipped)
    ]
    return ScanResult(target, tuple(passed), tuple(failed), tuple(skipped), tuple(stale), stdout, stderr)
