"""Running pip (`python -m pip` of this interpreter), with its failures turned into one-line `DependencyError`s.

pip reads its usual configuration (pip.conf, `PIP_INDEX_URL`, ...), so a private index or mirror works as it
does for `pip install`. Its output is kept only to explain a failure: which requirement found no wheel, or that
the index could not be reached.
"""

from __future__ import annotations

import re
import subprocess
import sys

from modules.errors import DependencyError

#: pip names the requirement it found no file for, and for a dependency the project that needs it: `x>=1 (from y)`.
_NO_MATCH = re.compile(
    r"^ERROR: No matching distribution found for (?P<requirement>.+?)(?: \(from (?P<parent>[^()]+)\))?$", re.MULTILINE
)
_FROM_VERSIONS = re.compile(r"^ERROR: Could not find a version .*\(from versions: (?P<versions>.*)\)$", re.MULTILINE)
#: pip's warning before it retries a request that failed (connection refused, DNS, timeout...).
_RETRYING = "WARNING: Retrying ("


def run_pip(arguments: list[str], file: str, *, wheels: str, allowed: str) -> None:
    """Run `python -m pip <arguments>`; on failure raise a `DependencyError` naming `file` (the requirements or
    lock file pip read, for messages) and the requirement.

    `wheels` says which wheels fit, in words (`manylinux_2_28_aarch64 (or older) or pure-Python wheel for cp313`), and
    `allowed` what a requirement must be; both go into the message.
    """
    command = [sys.executable, "-m", "pip", *arguments, "--no-input", "--disable-pip-version-check", "--quiet"]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        requirement, problem = _explained(result.stdout + result.stderr, result.returncode, wheels)
        raise DependencyError(file, requirement, problem, allowed)


def _explained(output: str, returncode: int, wheels: str) -> tuple[str, str]:
    """(the requirement pip failed on, or "", the problem in words) from pip's output."""
    no_match = _NO_MATCH.search(output)
    if no_match is None:
        errors = [line.removeprefix("ERROR: ").strip() for line in output.splitlines() if line.startswith("ERROR: ")]
        return "", f"pip failed: {errors[0].rstrip('.')}" if errors else f"pip failed with exit code {returncode}"
    requirement = no_match["requirement"]
    if no_match["parent"]:
        requirement = f"{requirement} (needed by {no_match['parent']})"
    versions = _FROM_VERSIONS.search(output)
    if _RETRYING in output:
        problem = "the package index could not be reached"
    elif versions and versions["versions"] != "none":
        problem = f"no {wheels} of this version on the index (other versions have one)"
    else:
        problem = f"no {wheels} on the index (unknown project, or source distributions only)"
    return requirement, problem
