"""The project's one exception hierarchy. Errors are raised where input is read and caught only at the CLI."""

from __future__ import annotations


class ProjectError(Exception):
    """Base class of every expected, user-facing error (exit code 2, one line, no traceback)."""


class ConfigError(ProjectError):
    """An environment config value is invalid: names the file, environment, field, value and what is allowed."""

    def __init__(self, file: str, environment: str, field: str, value: object, allowed: str) -> None:
        self.file = file
        self.environment = environment
        self.field = field
        self.value = value
        self.allowed = allowed
        where = f"environment '{environment}'" if environment else "top level"
        super().__init__(f"{file}: {where}: field '{field}': got {value!r}; allowed: {allowed}")


class PackageError(ProjectError):
    """The packager cannot build dist/ from what it was given."""


class EmulatorError(ProjectError):
    """The local emulator (`make local`) cannot run what it was given: unknown environment, unusable synth output."""


class DependencyError(ProjectError):
    """A `requirements.txt` cannot be vendored: names the file, the requirement, the problem and what is allowed.

    `requirement` is empty when the problem is not one requirement's (e.g. pip could not resolve them together).
    """

    def __init__(self, file: str, requirement: str, problem: str, allowed: str) -> None:
        self.file = file
        self.requirement = requirement
        self.problem = problem
        self.allowed = allowed
        where = f"requirement {requirement!r}: " if requirement else ""
        super().__init__(f"{file}: {where}{problem}; allowed: {allowed}")


class GraphError(ProjectError):
    """The architecture graph cannot be drawn: synth output missing or unreadable, unknown environment, no `dot`."""


class SynthOutputError(ProjectError):
    """`cdktf.out` cannot be read: a file missing, not JSON, not what the synth writes, or stale."""


class SourceError(ProjectError):
    """A function's source cannot be packaged as it is: names the file (and line), the problem and what is allowed."""

    def __init__(self, file: str, problem: str, allowed: str) -> None:
        self.file = file
        self.problem = problem
        self.allowed = allowed
        super().__init__(f"{file}: {problem}; allowed: {allowed}")


class OutputError(ProjectError):
    """An output (the synth's directory, dist/) cannot be written where it was asked for: names the path, the
    problem and what to do."""

    def __init__(self, path: str, problem: str, remedy: str) -> None:
        self.path = path
        self.problem = problem
        self.remedy = remedy
        super().__init__(f"{path}: {problem}; {remedy}")


class OpenApiError(ProjectError):
    """An OpenAPI document cannot be made: synth output missing or stale, a function's `openapi.yaml` unusable."""
