"""bundle_function: source plus the vendored wheels of its lock for the Lambda target, byte-reproducible, cached,
strict."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from modules.bundle import build_lambda_zip, bundle_function, source_code_hash
from modules.bundle.locks import lock_path
from modules.bundle.requirements import read_requirements
from modules.bundle.target import Target
from modules.cli import EXIT_BAD_INPUT, BadInput, reported_errors
from modules.errors import DependencyError
from tests.bundle.conftest import HUMANIZE, INSTALL_RECORDS, PYYAML, cut_off_pip, leftovers, write_source

LINES = f"{HUMANIZE}\n{PYYAML}\n"
#: (runtime, architecture) → the name of PyYAML's extension module and the ELF machine of its `.so`.
TARGETS = {
    ("python3.13", "arm64"): ("yaml/_yaml.cpython-313-aarch64-linux-gnu.so", 183),
    ("python3.13", "x86_64"): ("yaml/_yaml.cpython-313-x86_64-linux-gnu.so", 62),
    ("python3.12", "x86_64"): ("yaml/_yaml.cpython-312-x86_64-linux-gnu.so", 62),
}
LOCKED = tuple(Target(runtime, architecture) for runtime, architecture in TARGETS)
ARM64 = Target("python3.13", "arm64")
ARM64_ALLOWED = (
    "a pinned requirement (name==version) with a manylinux_2_28_aarch64 (or older) or pure-Python wheel for cp313"
)


@pytest.fixture(scope="module")
def bundles(tmp_path_factory: pytest.TempPathFactory, bundle_cache: Path) -> dict[tuple[str, str], Path]:
    """One zip per target of the same source (humanize and PyYAML), built with the session's cache."""
    root = tmp_path_factory.mktemp("bundles")
    source = write_source(root / "src", LINES, locked=LOCKED)
    return {
        (runtime, architecture): bundle_function(
            source,
            root / f"{runtime}-{architecture}" / "function.zip",
            runtime=runtime,
            architecture=architecture,
            cache_dir=bundle_cache,
        )
        for runtime, architecture in TARGETS
    }


def _names(zip_path: Path) -> list[str]:
    with zipfile.ZipFile(zip_path) as zipped:
        return zipped.namelist()


def test_the_pure_package_is_vendored_at_the_root_with_its_package_data(
    bundles: dict[tuple[str, str], Path],
) -> None:
    names = _names(bundles["python3.13", "arm64"])
    assert names == sorted(names)
    assert {"handler.py", "requirements.txt", "humanize/__init__.py", "humanize-4.12.3.dist-info/METADATA"} <= set(
        names
    )
    locales = [name for name in names if name.startswith("humanize/locale/") and name.endswith("/humanize.mo")]
    assert "humanize/locale/fr_FR/LC_MESSAGES/humanize.mo" in locales
    assert len(locales) > 20


def test_nothing_of_an_installation_or_of_bytecode_is_in_the_zip(bundles: dict[tuple[str, str], Path]) -> None:
    for zip_path in bundles.values():
        names = _names(zip_path)
        assert [name for name in names if "__pycache__" in name or name.endswith(".pyc")] == []
        assert [name for name in names if name.rsplit("/", 1)[-1] in INSTALL_RECORDS] == []


@pytest.mark.parametrize("target", list(TARGETS))
def test_each_target_gets_the_binary_wheel_of_its_platform_and_python(
    bundles: dict[tuple[str, str], Path], target: tuple[str, str]
) -> None:
    extension, elf_machine = TARGETS[target]
    with zipfile.ZipFile(bundles[target]) as zipped:
        assert [name for name in zipped.namelist() if name.endswith(".so")] == [extension]
        header = zipped.read(extension)[:20]
        wheel = zipped.read("PyYAML-6.0.2.dist-info/WHEEL").decode()
    assert header[:4] == b"\x7fELF"
    assert int.from_bytes(header[18:20], "little") == elf_machine
    abi = extension.split(".")[1].split("-")[1]
    platform = "manylinux2014_aarch64" if elf_machine == 183 else "manylinux2014_x86_64"
    assert f"Tag: cp{abi}-cp{abi}-{platform}" in wheel  # PyYAML 6.0.2's wheels: manylinux_2_17 alias 2014


def test_the_vendored_package_finds_its_data_once_unzipped(
    bundles: dict[tuple[str, str], Path], tmp_path: Path
) -> None:
    with zipfile.ZipFile(bundles["python3.13", "arm64"]) as zipped:
        zipped.extractall(tmp_path / "task")
    code = (
        "import sys, datetime; sys.path.insert(0, sys.argv[1]); import humanize; "
        "humanize.i18n.activate('fr_FR'); print(humanize.__file__); print(humanize.naturaldelta(3600))"
    )
    result = subprocess.run([sys.executable, "-c", code, str(tmp_path / "task")], capture_output=True, text=True)
    assert result.stdout.splitlines() == [str(tmp_path / "task" / "humanize" / "__init__.py"), "une heure"]


def test_same_inputs_give_the_same_bytes_in_another_directory_with_another_cache(
    bundles: dict[tuple[str, str], Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = write_source(tmp_path / "elsewhere" / "function", LINES, locked=(ARM64,))
    os.utime(source / "handler.py", (1_000_000_000, 1_000_000_000))
    os.chmod(source / "handler.py", 0o755)
    monkeypatch.chdir(tmp_path / "elsewhere")
    previous_umask = os.umask(0o077)
    try:
        again = bundle_function(
            source, tmp_path / "out" / "f.zip", runtime="python3.13", architecture="arm64", cache_dir=tmp_path / "c"
        )
    finally:
        os.umask(previous_umask)
    first = bundles["python3.13", "arm64"]
    assert again.read_bytes() == first.read_bytes()
    assert source_code_hash(again) == source_code_hash(first)
    assert (tmp_path / "c" / "wheels").is_dir()


def test_a_second_build_works_from_the_cache_without_the_network(
    bundles: dict[tuple[str, str], Path], tmp_path: Path, bundle_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = write_source(tmp_path / "src", LINES, locked=(Target("python3.13", "x86_64"),))
    cut_off_pip(monkeypatch)
    again = bundle_function(
        source, tmp_path / "function.zip", runtime="python3.13", architecture="x86_64", cache_dir=bundle_cache
    )
    assert again.read_bytes() == bundles["python3.13", "x86_64"].read_bytes()
    with pytest.raises(DependencyError, match="the package index could not be reached"):
        bundle_function(
            source, tmp_path / "cold.zip", runtime="python3.13", architecture="x86_64", cache_dir=tmp_path / "cold"
        )


def test_without_requirements_the_zip_is_the_plain_source_zip(tmp_path: Path) -> None:
    source = write_source(tmp_path / "src", None, {"pkg/util.py": "X = 1\n"})
    bundled = bundle_function(
        source, tmp_path / "a.zip", runtime="python3.13", architecture="arm64", cache_dir=tmp_path / "cache"
    )
    assert bundled.read_bytes() == build_lambda_zip(source, tmp_path / "b.zip").read_bytes()
    assert not (tmp_path / "cache").exists()


@pytest.mark.usefixtures("offline")
def test_a_requirements_file_without_requirements_needs_no_pip(tmp_path: Path) -> None:
    source = write_source(tmp_path / "src", "# nothing yet\n")
    bundled = bundle_function(
        source, tmp_path / "a.zip", runtime="python3.13", architecture="arm64", cache_dir=tmp_path / "cache"
    )
    assert _names(bundled) == ["handler.py", "requirements.txt"]


def test_an_unpinned_requirement_is_one_line_and_nothing_is_written(tmp_path: Path, bundle_cache: Path) -> None:
    source = write_source(tmp_path / "lambda_src" / "reports", "humanize>=4\n")
    destination = tmp_path / "out" / "function.zip"
    destination.parent.mkdir()
    destination.write_bytes(b"previous build")
    with pytest.raises(DependencyError) as raised:
        bundle_function(source, destination, runtime="python3.13", architecture="arm64", cache_dir=bundle_cache)
    assert str(raised.value).endswith(f"requirements.txt: requirement 'humanize>=4': not pinned to one version; "
                                      f"allowed: {ARM64_ALLOWED}")  # fmt: skip
    assert destination.read_bytes() == b"previous build"
    assert leftovers(tmp_path / "out") == leftovers(bundle_cache) == []


def test_the_cli_prints_it_as_one_error_line_with_exit_code_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    source = write_source(tmp_path / "fn", "humanize\n")
    with pytest.raises(BadInput) as raised, reported_errors():
        bundle_function(source, tmp_path / "f.zip", runtime="python3.13", architecture="arm64", cache_dir=tmp_path)
    assert raised.value.code == EXIT_BAD_INPUT
    assert capsys.readouterr().err == (
        f"error: fn/requirements.txt: requirement 'humanize': not pinned to one version; allowed: {ARM64_ALLOWED}\n"
    )


def test_a_dependency_may_not_overwrite_a_file_of_the_function(
    tmp_path: Path, bundle_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    source = write_source(tmp_path / "fn", LINES, {"humanize/__init__.py": "# mine\n"}, locked=(ARM64,))
    with pytest.raises(DependencyError) as raised:
        bundle_function(source, tmp_path / "f.zip", runtime="python3.13", architecture="arm64", cache_dir=bundle_cache)
    assert str(raised.value) == (
        "fn/requirements.txt: humanize-4.12.3-py3-none-any.whl would overwrite 'humanize/__init__.py', which the "
        "function or another wheel already has; allowed: dependencies whose files differ in name from the "
        "function's files and from each other's"
    )
    assert not (tmp_path / "f.zip").exists()


def test_the_cache_key_is_the_locks_bytes_so_a_copy_elsewhere_hits_it(tmp_path: Path, bundle_cache: Path) -> None:
    shutil.copytree(write_source(tmp_path / "a", LINES, locked=(ARM64,)), tmp_path / "b")
    keys = {path.name for path in (bundle_cache / "wheels").iterdir()}
    bundle_function(
        tmp_path / "b", tmp_path / "b.zip", runtime="python3.13", architecture="arm64", cache_dir=bundle_cache
    )
    assert {path.name for path in (bundle_cache / "wheels").iterdir()} == keys


@pytest.mark.usefixtures("offline")
def test_a_cached_wheel_with_a_path_outside_the_root_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    source = write_source(tmp_path / "fn", "evil==1.0\n")
    requirements = read_requirements(source, ARM64.allowed)
    assert requirements is not None
    lock_text = f"# requirements.txt sha256: {requirements.digest}\nevil==1.0 --hash=sha256:{'0' * 64}\n"
    lock_file = lock_path(source, ARM64)
    lock_file.write_text(lock_text, encoding="utf-8")
    key = ARM64.cache_key(hashlib.sha256(lock_file.read_bytes()).hexdigest())
    (tmp_path / "cache" / "wheels" / key).mkdir(parents=True)
    with zipfile.ZipFile(tmp_path / "cache" / "wheels" / key / "evil-1.0-py3-none-any.whl", "w") as wheel:
        wheel.writestr("../escaped.py", "X = 1\n")
    with pytest.raises(DependencyError) as raised:
        bundle_function(
            source, tmp_path / "f.zip", runtime="python3.13", architecture="arm64", cache_dir=tmp_path / "cache"
        )
    assert str(raised.value) == (
        f"fn/requirements.txt: evil-1.0-py3-none-any.whl holds an unsafe path '../escaped.py'; allowed: {ARM64_ALLOWED}"
    )
    assert not (tmp_path / "f.zip").exists()
