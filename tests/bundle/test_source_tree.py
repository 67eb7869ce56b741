"""A function's files: only what its directory holds goes into the zip; links out, special files and non-UTF-8
names are refused, each as one line naming the file (real files, links and FIFOs; and through `main.py`)."""

from __future__ import annotations

import os
import socket
import zipfile
from pathlib import Path

import pytest

from modules.bundle import build_lambda_zip, source_files
from modules.errors import SourceError
from tests.conftest import MINIMAL_CONFIG, project_scratch, run_main, source_dir_of

ALLOWED = "regular files inside the function's source directory, or symbolic links to them"


def _source(root: Path) -> Path:
    (root / "pkg").mkdir(parents=True)
    (root / "handler.py").write_text("def handler(event, context):\n    return 1\n")
    (root / "pkg" / "util.py").write_text("X = 1\n")
    return root


def _refusal(source: Path) -> str:
    with pytest.raises(SourceError) as raised:
        source_files(source)
    return str(raised.value)


def test_a_link_to_a_file_inside_is_zipped_with_the_targets_bytes(tmp_path: Path) -> None:
    source = _source(tmp_path / "src")
    (source / "alias.py").symlink_to("pkg/util.py")
    with zipfile.ZipFile(build_lambda_zip(source, tmp_path / "f.zip")) as zipped:
        assert zipped.namelist() == ["alias.py", "handler.py", "pkg/util.py"]
        assert zipped.read("alias.py") == b"X = 1\n"


def test_a_link_leaving_the_source_is_refused(tmp_path: Path) -> None:
    source = _source(tmp_path / "src")
    (tmp_path / "secret.txt").write_text("password")
    (source / "pkg" / "notes.txt").symlink_to("../../secret.txt")
    assert _refusal(source) == (
        f"{source}/pkg/notes.txt: a symbolic link to {tmp_path}/secret.txt, outside the function's source "
        f"directory; allowed: {ALLOWED}"
    )


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (lambda path: os.mkfifo(path), "a FIFO, not a regular file"),
        (lambda path: socket.socket(socket.AF_UNIX).bind(str(path)), "a socket, not a regular file"),
        (lambda path: path.symlink_to("pkg"), "a symbolic link to a directory"),
        (lambda path: path.symlink_to("nowhere.py"), "a broken symbolic link"),
    ],
    ids=["fifo", "socket", "link to a directory", "broken link"],
)
def test_what_is_not_a_regular_file_is_refused(tmp_path: Path, make: object, problem: str) -> None:
    source = _source(tmp_path / "src")
    make(source / "odd")  # type: ignore[operator]
    message = _refusal(source)
    assert message.startswith(f"{source}/odd: {problem}")
    assert message.endswith(f"; allowed: {ALLOWED}")


def test_caches_bytecode_and_locks_stay_out(tmp_path: Path) -> None:
    source = _source(tmp_path / "src")
    (source / "__pycache__").mkdir()
    (source / "__pycache__" / "handler.cpython-313.pyc").write_bytes(b"junk")
    (source / "requirements.python3.13-arm64.lock").write_text("# lock\n")
    (source / "pkg" / "requirements.python3.13-arm64.lock").write_text("data of the function, not a lock\n")
    assert [path.relative_to(source).as_posix() for path in source_files(source)] == [
        "handler.py",
        "pkg/requirements.python3.13-arm64.lock",
        "pkg/util.py",
    ]


def test_the_synth_refuses_a_link_out_of_a_function_as_one_line(tmp_path: Path) -> None:
    with project_scratch("link-") as scratch:
        _source(scratch)
        (scratch / "passwd").symlink_to("/etc/passwd")
        config = tmp_path / "environments.toml"
        config.write_text(
            MINIMAL_CONFIG.replace("[defaults.functions.example]\n", "")
            + f'[defaults.functions.example]\nsource_dir = "{source_dir_of(scratch)}"\n'
            + '\n[[defaults.routes]]\nroute_key = "GET /example"\n\n[environments.dev]\n',
            encoding="utf-8",
        )
        result = run_main(tmp_path / "out", config)
    assert result.returncode == 2, result.stderr
    assert result.stderr.splitlines()[-1] == (
        f"error: {source_dir_of(scratch)}/passwd: a symbolic link to /etc/passwd, outside the function's source "
        f"directory; allowed: {ALLOWED}"
    )
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()
