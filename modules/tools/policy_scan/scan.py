"""Policy scan: checkov, pinned in its own virtualenv, over every synthesized stack and the packaged HCL if any.

- Targets: `cdktf.out/stacks/<env>` (`--framework terraform_json`) and, when `make package` has run,
  `dist/envs/<env>` and the exported module `dist/<module>-<version>` (environment `module`; checkov reads it
  through its example) with `--framework terraform`.
- Skips come from one committed file, `security/checkov-skips.toml` (`skips.py`): checkov runs every check, and a
  failure is skipped only when an entry lists that check and resource for the target; a stale entry fails.
- Custom policies come from `security/checks` (`--external-checks-dir`). HCL has no `//` comments, so for the
  packaged HCL the routes public in `environments.toml` are handed to them in `CKV_CHA_PUBLIC_ROUTES`.
- Offline and quiet: `--skip-download`, `BC_SKIP_MAPPING`, no PyPI update check, JSON output, a timeout.
- A target in which checkov finds no resource, or a file it cannot parse, is an error: a scan never passes by
  seeing nothing.

`python -m modules.tools.policy_scan [--outdir cdktf.out] [--dist dist]` prints one line per target and exits 1 when
a check failed or a skip is stale (2 on unusable input). `make scan` synthesizes first.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from modules.cli import reported_errors
from modules.config.environment import ProjectConfig
from modules.config.loader import load_config
from modules.packager.delivery import BOOTSTRAP_DIR
from modules.paths import CONFIG_FILE, PROJECT_DIR, dist_dir, output_dir
from modules.synth_output.layout import STACKS_DIR, stack_file, synthesized_environments
from modules.tools.policy_scan.skips import (
    BOOTSTRAP_ENVIRONMENT,
    SKIPS_FILE,
    Finding,
    ScanError,
    ScanResult,
    Skip,
    Target,
    apply_skips,
    load_skips,
)

CHECKS_DIR = PROJECT_DIR / "security" / "checks"
CHECKOV = PROJECT_DIR / ".venv-checkov" / "bin" / "checkov"
TIMEOUT_SECONDS = 300
#: No calls home (platform mappings, policy downloads, PyPI version check) and plain output.
OFFLINE_ENV = {"BC_SKIP_MAPPING": "TRUE", "CKV_SKIP_PACKAGE_UPDATE_CHECK": "true", "ANSI_COLORS_DISABLED": "1"}
#: The environment name of the exported module's scan in the skip file.
MODULE_ENVIRONMENT = "module"
PUBLIC_ROUTES_VARIABLE = "CKV_CHA_PUBLIC_ROUTES"
#: In cdktf's JSON (two-space indent) a resource type is a key at depth 2, e.g. `    "aws_kms_key": {`.
_JSON_TYPE_LINE = re.compile(r'^    "([^"]+)": \{$')


def targets(outdir: Path, dist: Path | None = None) -> list[Target]:
    """Every env stack in `outdir/stacks`, then the packaged env roots, module and bootstrap roots (the pipeline's
    OIDC trust and roles, environment `bootstrap` in the skip file) in `dist` if it exists."""
    found = [
        Target(f"{STACKS_DIR}/{env}", stack_file(outdir, env).parent, "terraform_json", env)
        for env in synthesized_environments(outdir)
    ]
    if dist is not None and dist.is_dir():
        envs = sorted(p for p in (dist / "envs").glob("*") if any(p.glob("*.tf")))
        found += [Target(f"dist/envs/{p.name}", p, "terraform", p.name) for p in envs]
        modules = sorted(p for p in dist.glob("*") if p.name != "envs" and any(p.glob("*.tf")))
        found += [Target(f"dist/{p.name}", p, "terraform", MODULE_ENVIRONMENT) for p in modules]
        roots = sorted(p for p in (dist / BOOTSTRAP_DIR).glob("*") if any(p.glob("*.tf")))
        found += [Target(f"dist/{BOOTSTRAP_DIR}/{p.name}", p, "terraform", BOOTSTRAP_ENVIRONMENT) for p in roots]
    return found


def checkov_command(target: Target, *, checkov: Path = CHECKOV) -> list[str]:
    """The checkov command line for one target: offline, every check, JSON output, the project's policies."""
    command = [str(checkov), "--directory", str(target.path), "--framework", target.framework, "--skip-download"]
    return [*command, "--external-checks-dir", str(CHECKS_DIR), "--output", "json", "--compact"]


def run_checkov(
    target: Target, *, public_routes: Sequence[str] = (), checkov: Path = CHECKOV, timeout: float = TIMEOUT_SECONDS
) -> tuple[list[Finding], list[Finding], subprocess.CompletedProcess[str]]:
    """Run checkov once on `target`: (passed, failed, the finished process)."""
    if not checkov.is_file():
        raise ScanError(f"{checkov} is missing: run `make .venv-checkov/.installed` (part of `make test`)")
    env = {**os.environ, **OFFLINE_ENV, PUBLIC_ROUTES_VARIABLE: json.dumps(list(public_routes))}
    try:
        done = subprocess.run(
            checkov_command(target, checkov=checkov),
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise ScanError(f"checkov on {target.label} took longer than {timeout:.0f} s") from None
    if done.returncode not in (0, 1):
        raise ScanError(f"checkov on {target.label} exited {done.returncode}: {done.stderr.strip()[-2000:]}")
    try:
        reports = json.loads(done.stdout)
    except json.JSONDecodeError:
        raise ScanError(f"checkov on {target.label} wrote no JSON report: {done.stdout[:500]!r}") from None
    passed: list[Finding] = []
    failed: list[Finding] = []
    for report in reports if isinstance(reports, list) else [reports]:
        summary, results = report.get("summary", report), report.get("results", {})
        if summary.get("parsing_errors"):
            raise ScanError(f"checkov could not parse {target.label}: {results.get('parsing_errors')}")
        passed += [_finding(record) for record in results.get("passed_checks", [])]
        failed += [_finding(record) for record in results.get("failed_checks", [])]
    if not passed and not failed:
        raise ScanError(f"checkov found nothing to check in {target.label}")
    return passed, failed, done


def _finding(record: dict[str, Any]) -> Finding:
    return Finding(record["check_id"], record["check_name"], _address(record))


def _address(record: dict[str, Any]) -> str:
    """The Terraform address. For cdktf JSON checkov reports `resource.<name>` without the type: read it from
    the line above the resource's first line (cdktf writes `resource.<type>.<name>` with a fixed indent)."""
    resource = str(record["resource"])
    block, _, name = resource.partition(".")
    if block not in ("resource", "data") or not record.get("file_abs_path"):
        return resource
    lines = Path(record["file_abs_path"]).read_text(encoding="utf-8").splitlines()
    for line in reversed(lines[: record["file_line_range"][0] - 1]):
        if match := _JSON_TYPE_LINE.match(line):
            return f"{'data.' if block == 'data' else ''}{match[1]}.{name}"
    return resource


def scan(target: Target, skips: Sequence[Skip], *, public_routes: Sequence[str] = (), **options: Any) -> ScanResult:
    """The policy scan of one target: every check, then the skip file's entries for its environment."""
    passed, failures, done = run_checkov(target, public_routes=public_routes, **options)
    return apply_skips(target, passed, failures, skips, done.stdout, done.stderr)


def scan_all(
    found: Sequence[Target], skips: Sequence[Skip], routes_of: Callable[[Target], Sequence[str]]
) -> list[ScanResult]:
    """`scan` of every target, in `found`'s order. checkov spends most of a run starting up on one core, so the
    runs go side by side, one per core."""
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        return list(pool.map(lambda target: scan(target, skips, public_routes=routes_of(target)), found))


def public_routes(project: ProjectConfig, environment: str) -> tuple[str, ...]:
    """Routes public in the config: the environment's, every environment's for the exported module, none for the
    bootstrap roots (they hold no API)."""
    if environment == BOOTSTRAP_ENVIRONMENT:
        return ()
    if environment == MODULE_ENVIRONMENT:
        return tuple(sorted({key for env in project.environments for key in env.public_routes}))
    return project.environment(environment).public_routes


def format_result(result: ScanResult, width: int = 24) -> str:
    """One line per target (label padded to `width`), then one line per failed check or stale skip."""
    skipped = ", ".join(sorted({f.check_id for f in result.skipped})) or "-"
    lines = [
        f"{result.target.label:<{width}} {result.target.framework:<15} passed {len(result.passed):>3}  "
        f"failed {len(result.failed):>2}  skipped {len(result.skipped):>2} ({skipped})"
    ]
    lines += [f"  FAILED {f.check_id} {f.address}: {f.check_name}" for f in result.failed]
    lines += [f"  STALE SKIP {entry}: the check passes now; remove it from {SKIPS_FILE.name}" for entry in result.stale]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--outdir", type=Path, default=output_dir())
    parser.add_argument("--dist", type=Path, default=dist_dir())
    parser.add_argument("--config", type=Path, default=CONFIG_FILE)
    args = parser.parse_args(argv)
    with reported_errors():
        found = targets(args.outdir, args.dist)
        if not found:
            raise ScanError(f"no synthesized stacks in {args.outdir}/stacks: run `make synth` first")
        project, skips = load_config(args.config), load_skips()
        results = scan_all(found, skips, lambda target: public_routes(project, target.environment))
        width = max(len(t.label) for t in found)
        for result in results:
            print(format_result(result, width))
        bad = sum(len(r.failed) + len(r.stale) for r in results)
        print(f"checkov: {bad} failed checks or stale skips in {len(results)} targets")
    return 0 if bad == 0 else 1
