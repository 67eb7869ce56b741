"""The platform a function's wheels are chosen for: its Lambda runtime and architecture, in pip's terms."""

from __future__ import annotations

from dataclasses import dataclass

#: Lambda runtime → the Python version pip selects wheels for (`--python-version`).
PYTHON_VERSIONS = {"python3.12": "3.12", "python3.13": "3.13"}
#: Lambda architecture → the machine of its wheel platform tags.
MACHINES = {"arm64": "aarch64", "x86_64": "x86_64"}
#: The newest glibc whose manylinux wheels a Lambda Python runtime loads: the Python 3.12 and 3.13 runtimes run
#: on Amazon Linux 2023 (glibc 2.34); wheels for glibc 2.28 and older fit, as uv's `<machine>-manylinux_2_28`
#: platform says. pip takes the same set as a list of tags, newest first, down to manylinux2014 (glibc 2.17).
NEWEST_GLIBC_MINOR = 28
OLDEST_GLIBC_MINOR = 17


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
        if self.architecture not in MACHINES:
            raise ValueError(f"unknown architecture {self.architecture!r}; expected one of {sorted(MACHINES)}")

    @property
    def platform(self) -> str:
        """The newest wheel platform tag that fits, e.g. `manylinux_2_28_aarch64`."""
        return f"manylinux_2_{NEWEST_GLIBC_MINOR}_{MACHINES[self.architecture]}"

    @property
    def platforms(self) -> list[str]:
        """Every wheel platform tag that fits, newest first (pip's `--platform`, repeated)."""
        machine = MACHINES[self.architecture]
        newest_first = range(NEWEST_GLIBC_MINOR, OLDEST_GLIBC_MINOR - 1, -1)
        return [*(f"manylinux_2_{minor}_{machine}" for minor in newest_first), f"manylinux2014_{machine}"]

    @property
    def uv_platform(self) -> str:
        """The platform `uv pip compile --python-platform` resolves for, e.g. `aarch64-manylinux_2_28`."""
        return f"{MACHINES[self.architecture]}-manylinux_2_{NEWEST_GLIBC_MINOR}"

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
        """The wheels that fit, in words: `manylinux_2_28_aarch64 (or older) or pure-Python wheel for cp313`."""
        return f"{self.platform} (or older) or pure-Python wheel for {self.abi}"

    @property
    def allowed(self) -> str:
        """What a requirement must be, for error messages."""
        return f"a pinned requirement (name==version) with a {self.wheels}"

    def pip_options(self) -> list[str]:
        """`pip download` options that select binary wheels for this target only, never the host's."""
        return [
            *(option for platform in self.platforms for option in ("--platform", platform)),
            "--python-version", self.python_version,
            "--implementation", "cp",
            "--only-binary=:all:",
        ]  # fmt: skip

    def cache_key(self, lock_digest: str) -> str:
        """The download cache's key for a function's lock (its SHA-256, hex) on this target."""
        return f"{self.runtime}-{self.architecture}-{lock_digest}"
