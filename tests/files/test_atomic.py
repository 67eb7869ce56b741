"""Atomic replacement of an output directory, with what must outlive it carried over."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import pytest

from modules.files.atomic import replaced_atomically, write_atomically
from modules.synth_output.layout import terraform_file


def _tree(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text() for p in sorted(root.rglob("*")) if p.is_file()}


def _old_output(root: Path) -> Path:
    target = root / "cdktf.out"
    for relative, text in {
        "stacks/dev/cdk.tf.json": "old",
        "stacks/dev/terraform.dev.tfstate": "state",
        "stacks/dev/terraform.dev.tfstate.backup": "backup",
        "stacks/dev/.terraform/providers/aws": "plugin",
        "stacks/dev/.terraform.lock.hcl": "lock",
        "stacks/gone/terraform.gone.tfstate": "state of an environment no longer configured",
        "module/cdk.tf": "old module",
    }.items():
        (target / relative).parent.mkdir(parents=True, exist_ok=True)
        (target / relative).write_text(text)
    return target


def test_terraform_files_beside_stacks_survive_the_swap(tmp_path: Path) -> None:
    target = _old_output(tmp_path)
    with replaced_atomically(target, keep=terraform_file) as staging:
        (staging / "stacks" / "dev").mkdir(parents=True)
        (staging / "stacks" / "dev" / "cdk.tf.json").write_text("new")
    assert _tree(target) == {
        "stacks/dev/cdk.tf.json": "new",
        "stacks/dev/terraform.dev.tfstate": "state",
        "stacks/dev/terraform.dev.tfstate.backup": "backup",
        "stacks/dev/.terraform/providers/aws": "plugin",
        "stacks/dev/.terraform.lock.hcl": "lock",
        "stacks/gone/terraform.gone.tfstate": "state of an environment no longer configured",
    }
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cdktf.out"]  # no staging or retired tree left


def test_a_failed_run_leaves_everything_as_it_was(tmp_path: Path) -> None:
    target = _old_output(tmp_path)
    before = _tree(target)

    def failing_run() -> None:
        with replaced_atomically(target, keep=terraform_file) as staging:
            (staging / "half-written").write_text("x")
            raise RuntimeError("synth failed")

    with pytest.raises(RuntimeError):
        failing_run()
    assert _tree(target) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cdktf.out"]


@pytest.mark.parametrize(
    ("relative", "kept"),
    [
        ("stacks/prod/terraform.prod.tfstate", True),
        ("stacks/prod/.terraform", True),
        ("stacks/prod/cdk.tf.json", False),
        ("stacks/prod/assets", False),
        ("terraform.prod.tfstate", False),
        ("module/terraform.module.tfstate", False),
    ],
)
def test_what_counts_as_terraforms_own(relative: str, kept: bool) -> None:
    assert terraform_file(PurePosixPath(relative)) is kept


def test_write_atomically_replaces_or_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "dev.mmd"
    write_atomically(target, b"old")
    write_atomically(target, b"new")
    assert target.read_bytes() == b"new"
    with pytest.raises(TypeError):
        write_atomically(target, "not bytes")  # type: ignore[arg-type]
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["dev.mmd"]
    assert oct(target.stat().st_mode & 0o777) == "0o644"
