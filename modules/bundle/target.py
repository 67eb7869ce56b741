"""The platform a function's wheels are chosen for: its Lambda runtime and architecture, in pip's terms."""

from __future__ import annotations

from dataclasses import dataclass

#: Lambda runtime → the Python version pip selects wheels for (`--python-version`).
PYTHON_VERSIONS = {"python3.12": "3.12", "python3.13": "3.13"}
#: Lambda architecture → the wheel platform pip selects wheels for (`--platform`).
PLATFORMS = {"arm64": "manylinux2014_aarch64", "x86_64": "manylinux2014_x86_64"}


@dataclass(frozen=True)
class Target:
    """A Lambda runtime (`python3.12`, `python3.13`) on an architecture (`arm64`, `x86_64`).

    Unknown values are a `ValueError`: the config layer has validated them before they get here.
    """

    runtime: str
    architecture: str

    def __post_init__(self) -> None:
        if self.runtime not in PYTHON_VERSIONS:
            raise ValueError(f"unknown runtime {self.runtime!r}; expected one of {sorted(PYTHON_VERSIONS)}")
        if self.architecture not in PLATFORMS:
            raise ValueError(f"unknown architecture {self.architecture!r}; expected one of {sorted(PLATFORMS)}")

    @property
    def platform(self) -> str:
        """The wheel platform tag, e.g. `manylinux2014_aarch64`."""
        return PLATFORMS[self.architecture]

    @property
    def python_version(self) -> str:
        """The Python version, e.g. `3.13`."""
        return PYTHON_VERSIONS[self.runtime]

    @property
    def abi(self) -> str:
        """The CPython tag, e.g. `cp313`."""
        return "cp" + self.python_version.replace(".", "")

    @property
    def wheels(self) -> str:
        """The wheels that fit, in words: `manylinux2014_aarch64 or pure-Python wheel for cp313`."""
        return f"{self.platform} or pure-Python wheel for {self.abi}"

    @property
    def allowed(self) -> str:
        """What a requirement must be, for error messages."""
        return f"a pinned requirement (name==version) with a {self.wheels}"

    def pip_options(self) -> list[str]:
        """`pip download` options that select binary wheels for this target only, never the host's."""
        return [
            "--platform", self.platform,
            "--python-version", self.python_version,
            "--implementation", "cp",
            "--only-binary=:all:",
        ]  # fmt: skip

    def cache_key(self, requirements_digest: str) -> str:
        """The download cache's key for a requirements file (its SHA-256, hex) on this target."""
        return f"{self.runtime}-{self.architecture}-{requirements_digest}"
