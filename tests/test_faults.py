"""File-system and encoding faults, through `main.py`: one `error:` line naming the path and what to do, exit 2,
no traceback, the output untouched.

Full and read-only file systems are real: a tmpfs of a few kilobytes, mounted (and remounted read-only) in a
mount namespace of this test's own (`unshare --user --map-root-user --mount`, no privilege needed), where
`main.py` runs with its output, or its temporary directory, on it.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from modules.cli import BadInput, reported_errors
from tests.conftest import MINIMAL_CONFIG, ROOT, project_scratch, run_main, source_dir_of

CONFIG_TEXT = MINIMAL_CONFIG + '\n[[defaults.routes]]\nroute_key = "GET /example"\n\n[environments.dev]\n'


def _unshare_works() -> bool:
    command = ["unshare", "--user", "--map-root-user", "--mount", "true"]
    try:
        return subprocess.run(command, capture_output=True, timeout=30, check=False).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


needs_namespaces = pytest.mark.skipif(
    not _unshare_works(), reason="needs user and mount namespaces (unshare) to mount a small tmpfs"
)


def _one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if not line.startswith("warning: ")]
    assert len(errors) == 1, result.stderr
    assert errors[0].startswith("error: ")
    return errors[0]


def _config(tmp_path: Path, text: str = CONFIG_TEXT) -> Path:
    config = tmp_path / "environments.toml"
    config.write_text(text, encoding="utf-8")
    return config


def _main_on_tmpfs(
    tmp_path: Path, size: str, *, read_only: bool, env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    """main.py with a fresh tmpfs of `size` mounted at `tmp_path/mnt` (read-only if asked) in its own namespace."""
    mount = tmp_path / "mnt"
    mount.mkdir()
    steps = [f"mount -t tmpfs -o size={size} tmpfs {mount}"]
    if read_only:
        steps.append(f"mount -o remount,ro {mount}")
    assignments = " ".join(f"{name}={shlex.quote(value)}" for name, value in env.items())
    steps.append(f"exec env {assignments} {sys.executable} main.py --config {_config(tmp_path)}")
    return subprocess.run(
        ["unshare", "--user", "--map-root-user", "--mount", "sh", "-ec", " && ".join(steps)],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip


def test_a_config_that_is_a_directory(tmp_path: Path) -> None:
    line = _one_error_line(run_main(tmp_path / "out", tmp_path))
    assert (
        line
        == f"error: {tmp_path.name}: top level: field '(file)': got '{tmp_path}'; allowed: a TOML file, not a directory"
    )


def test_an_output_directory_below_a_file_is_refused(tmp_path: Path) -> None:
    line = _one_error_line(run_main(Path("/dev/null/x"), _config(tmp_path)))
    assert line == (
        "error: /dev/null/x: cannot be made: /dev/null is not a directory; choose another output directory: "
        "CDKTF_OUTDIR=<dir>"
    )


def test_an_output_that_is_a_file_is_refused_and_kept(tmp_path: Path) -> None:
    outdir = tmp_path / "notes.txt"
    outdir.write_text("my notes")
    line = _one_error_line(run_main(outdir, _config(tmp_path)))
    assert line == (
        f"error: {outdir}: exists and is not a directory (it is left as it is); choose another output directory: "
        "CDKTF_OUTDIR=<dir>"
    )
    assert outdir.read_text() == "my notes"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["environments.toml", "notes.txt"]


@needs_namespaces
def test_a_read_only_output_file_system(tmp_path: Path) -> None:
    result = _main_on_tmpfs(tmp_path, "1m", read_only=True, env={"CDKTF_OUTDIR": str(tmp_path / "mnt" / "out")})
    assert _one_error_line(result) == (
        f"error: {tmp_path}/mnt/out: cannot be written: its file system is read-only; choose another output "
        "directory: CDKTF_OUTDIR=<dir>"
    )


@needs_namespaces
def test_a_full_output_file_system(tmp_path: Path) -> None:
    result = _main_on_tmpfs(tmp_path, "64k", read_only=False, env={"CDKTF_OUTDIR": str(tmp_path / "mnt" / "out")})
    assert _one_error_line(result) == (
        f"error: {tmp_path}/mnt/out: cannot be written: its file system is full (No space left on device); free "
        "space there, or choose another output directory: CDKTF_OUTDIR=<dir>"
    )


@needs_namespaces
def test_a_full_temporary_directory(tmp_path: Path) -> None:
    env = {"TMPDIR": str(tmp_path / "mnt"), "CDKTF_OUTDIR": str(tmp_path / "out")}
    result = _main_on_tmpfs(tmp_path, "8k", read_only=False, env=env)
    assert _one_error_line(result) == (
        f"error: {tmp_path}/mnt: jsii cannot unpack its runtime there: No space left on device; free space there, or "
        "choose another temporary directory: TMPDIR=<dir>"
    )
    assert not (tmp_path / "out").exists()


def test_requirements_that_are_not_utf8(tmp_path: Path) -> None:
    with project_scratch("latin1-") as scratch:
        (scratch / "handler.py").write_text("def handler(event, context):\n    return {}\n")
        (scratch / "requirements.txt").write_bytes("humanize==4.12.3  # größe\n".encode("latin-1"))
        text = CONFIG_TEXT.replace(
            "[defaults.functions.example]\n", f'[defaults.functions.example]\nsource_dir = "{source_dir_of(scratch)}"\n'
        )
        line = _one_error_line(run_main(tmp_path / "out", _config(tmp_path, text)))
        assert line == (
            f"error: {source_dir_of(scratch)}/requirements.txt: not UTF-8 text (byte 0xf6 at offset 22); allowed: a "
            "UTF-8 requirements file"
        )
    assert not (tmp_path / "out").exists()


def test_a_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    with project_scratch("names-") as scratch:
        (scratch / "handler.py").write_text("def handler(event, context):\n    return {}\n")
        with open(os.fsencode(scratch) + "/caf\xe9.txt".encode("latin-1"), "wb") as handle:
            handle.write(b"menu")
        text = CONFIG_TEXT.replace(
            "[defaults.functions.example]\n", f'[defaults.functions.example]\nsource_dir = "{source_dir_of(scratch)}"\n'
        )
        line = _one_error_line(run_main(tmp_path / "out", _config(tmp_path, text)))
        assert line == (
            f"error: {source_dir_of(scratch)}/caf\\xe9.txt: a file name that is not UTF-8; allowed: UTF-8 file names "
            "(rename it)"
        )


def test_any_other_os_error_is_one_line_naming_the_path(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(BadInput) as raised, reported_errors():
        raise PermissionError(13, "Permission denied", "/srv/project/cdktf.out/manifest.json")
    assert raised.value.code == 2
    assert capsys.readouterr().err == (
        "error: /srv/project/cdktf.out/manifest.json: Permission denied; check its permissions\n"
    )
