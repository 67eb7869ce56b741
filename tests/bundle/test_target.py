"""The Lambda target in pip's terms: platform, Python version, ABI and the cache key."""

from __future__ import annotations

import pytest

from modules.bundle.target import Target


@pytest.mark.parametrize(
    ("runtime", "architecture", "machine", "version"),
    [("python3.13", "arm64", "aarch64", "3.13"), ("python3.12", "x86_64", "x86_64", "3.12")],
)
def test_pip_selects_binary_wheels_of_the_target_only(
    runtime: str, architecture: str, machine: str, version: str
) -> None:
    target = Target(runtime, architecture)
    options = target.pip_options()
    platforms = [options[index + 1] for index, option in enumerate(options) if option == "--platform"]
    assert platforms == [*(f"manylinux_2_{minor}_{machine}" for minor in range(28, 16, -1)), f"manylinux2014_{machine}"]
    assert options[-5:] == ["--python-version", version, "--implementation", "cp", "--only-binary=:all:"]
    assert target.abi == "cp" + version.replace(".", "")
    assert target.uv_platform == f"{machine}-manylinux_2_28"


def test_the_allowed_text_names_platform_and_abi() -> None:
    target = Target("python3.13", "arm64")
    assert target.allowed == (
        "a pinned requirement (name==version) with a manylinux_2_28_aarch64 (or older) or pure-Python wheel for cp313"
    )


def test_the_cache_key_names_runtime_architecture_and_digest() -> None:
    assert Target("python3.12", "x86_64").cache_key("ab12") == "python3.12-x86_64-ab12"


@pytest.mark.parametrize(("runtime", "architecture"), [("python3.11", "arm64"), ("python3.13", "aarch64")])
def test_unknown_values_are_a_programming_error(runtime: str, architecture: str) -> None:
    with pytest.raises(ValueError, match="unknown"):
        Target(runtime, architecture)
