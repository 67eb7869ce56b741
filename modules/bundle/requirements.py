"""A function's `requirements.txt`: pinned PEP 508 requirements only, parsed with `packaging`.

One requirement per line, `name==version` (extras allowed, e.g. `name[extra]==1.2.3`); blank lines and `#`
comments are ignored. Refused, because they would make the bundle depend on the machine or the day: ranges and
bare names, wildcards (`==1.*`), URLs, environment markers (pip evaluates them for the machine that builds, not
for the function) and pip options (`-r`, `--index-url`, ...).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

from modules.errors import DependencyError

REQUIREMENTS_FILE = "requirements.txt"
#: pip's rule for comments in requirements files: `#` at the start of a line or after whitespace.
_COMMENT = re.compile(r"(^|\s+)#.*$")


@dataclass(frozen=True)
class Requirements:
    """A parsed `requirements.txt`: its name for messages, the SHA-256 of its bytes (hex), its requirements."""

    display: str
    digest: str
    pinned: tuple[Requirement, ...]


def display_path(path: Path) -> str:
    """`path` relative to the working directory (the project, for the CLI) when it is below it, else as given."""
    try:
        return path.absolute().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()


def read_requirements(source_dir: Path, allowed: str) -> Requirements | None:
    """The requirements of `source_dir/requirements.txt`, or None without that file.

    Raises `DependencyError` (naming the file, the line's requirement and `allowed`) for anything but a pinned
    requirement, or for a project listed twice.
    """
    path = source_dir / REQUIREMENTS_FILE
    if not path.is_file():
        return None
    display = display_path(path)
    data = path.read_bytes()
    pinned: list[Requirement] = []
    seen: set[str] = set()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        problem = f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})"
        raise DependencyError(display, "", problem, "a UTF-8 requirements file") from None
    for line in text.splitlines():
        text = _COMMENT.sub("", line).strip()
        if text:
            requirement = _pinned(text, display, allowed)
            name = canonicalize_name(requirement.name)
            if name in seen:
                raise DependencyError(display, text, f"{requirement.name} is listed twice", allowed)
            seen.add(name)
            pinned.append(requirement)
    return Requirements(display, hashlib.sha256(data).hexdigest(), tuple(pinned))


def _pinned(text: str, display: str, allowed: str) -> Requirement:
    """`text` as a requirement pinned to one version, or a `DependencyError` saying why it is not."""
    try:
        requirement = Requirement(text)
    except InvalidRequirement:
        problem = "not a requirement (pip options such as -r or --index-url are not read)"
        raise DependencyError(display, text, problem, allowed) from None
    specifiers = list(requirement.specifier)
    if requirement.url:
        problem = "a URL, not a version from the index"
    elif requirement.marker:
        problem = "an environment marker (pip would evaluate it for this machine, not for the function)"
    elif len(specifiers) != 1 or specifiers[0].operator != "==" or specifiers[0].version.endswith("*"):
        problem = "not pinned to one version"
    else:
        return requirement
    raise DependencyError(display, text, problem, allowed)
