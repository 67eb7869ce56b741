"""Lambda functions, keyed by name: where the code is, how it runs, and its plain environment variables."""

from __future__ import annotations

from typing import Annotated

from modules.config.allowed import ARCHITECTURES, LAMBDA_RUNTIMES
from modules.config.base import ConfigModel, setting
from modules.config.rules import Between, Matches, OneOf

#: Where a function's source lives unless `source_dir` says otherwise: `lambda_src/<function name>`.
SOURCE_ROOT = "lambda_src"
#: A path inside the project: relative, its parts neither `.` nor `..` (the synth also resolves it, and refuses a
#: directory or file whose symbolic links lead out: `modules/bundle/source_tree.py`).
SOURCE_DIR = Matches(
    r"(?:\.?[A-Za-z0-9_-][A-Za-z0-9_.-]*(?:/\.?[A-Za-z0-9_-][A-Za-z0-9_.-]*)*/?)?",
    "a relative path inside the project: parts of letters, digits, _ . - joined by /, none of them . or ..",
)
#: `reserved_concurrency` value meaning "no reservation" (the attribute is then left out).
UNRESERVED = -1
#: Lambda's limit on the total size of a function's environment variables, in bytes.
ENVIRONMENT_LIMIT_BYTES = 4096
#: An environment variable name (`checks.py` also refuses Lambda's reserved prefixes and secret-looking names).
VARIABLE_NAME = Matches(r"[A-Za-z][A-Za-z0-9_]*", "names of letters, digits and _, starting with a letter")
#: Prefixes Lambda reserves for its own variables.
RESERVED_VARIABLE_PREFIXES = ("AWS_", "LAMBDA_", "_")
#: Words that suggest a secret: plain environment variables are visible to anyone who can read the function.
SECRET_WORDS = ("secret", "password", "passwd", "token", "private_key", "api_key", "apikey", "credential")


class FunctionConfig(ConfigModel):
    """One Lambda function: a Python handler packaged from `source_dir` (with its `requirements.txt` vendored)."""

    source_dir: str = setting(
        "",
        SOURCE_DIR,
        doc="Directory of the function's source, relative to the project ('': lambda_src/<function name>); it "
        "resolves inside the project, and so do its files (symbolic links are followed only inside it)",
    )
    handler: str = setting(
        "handler.handler",
        Matches(r"[A-Za-z_]\w*\.[A-Za-z_]\w*", "module.function, e.g. handler.handler"),
        doc="Lambda handler, module.function",
    )
    runtime: str = setting("python3.13", OneOf(LAMBDA_RUNTIMES), doc="Lambda runtime")
    architecture: str = setting("arm64", OneOf(ARCHITECTURES), doc="Instruction set (dependencies are built for it)")
    memory_mb: int = setting(128, Between(128, 10240), doc="Lambda memory in MB")
    timeout_seconds: int = setting(
        10, Between(1, 30, note="API Gateway's integration timeout is 30 s"), doc="Lambda timeout in seconds"
    )
    reserved_concurrency: int = setting(
        UNRESERVED,
        Between(1, 1000, also=UNRESERVED),
        doc="Reserved concurrent executions; -1 means unreserved (new AWS accounts have too little concurrency "
        "to reserve any)",
    )
    environment: dict[Annotated[str, VARIABLE_NAME], str] = setting(
        {}, doc="Plain, non-secret environment variables (secrets belong in Secrets Manager or SSM)"
    )

    def source_path(self, name: str) -> str:
        """The source directory, relative to the project: `source_dir`, or `lambda_src/<name>`."""
        return self.source_dir or f"{SOURCE_ROOT}/{name}"
