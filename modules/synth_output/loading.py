"""Reading `cdktf.out`: each file once, each fault one `SynthOutputError` line naming the file and what to do."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from modules.errors import SynthOutputError
from modules.paths import display
from modules.synth_output.interface import Interface
from modules.synth_output.layout import (
    HCL_FILE,
    INTERFACE_FILE,
    MODULE_DIR,
    STACKS_DIR,
    module_stack_file,
    stack_file,
    synthesized_environments,
)
from modules.synth_output.model import StackDocument

REMEDY = "allowed: the output of `make synth`"


def read_text(path: Path) -> str:
    """A synth output file's text. `SynthOutputError` when it is missing, unreadable or not UTF-8."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SynthOutputError(f"{display(path)}: missing synth output; {REMEDY}") from None
    except IsADirectoryError:
        raise SynthOutputError(f"{display(path)}: a directory, not a file; {REMEDY}") from None
    except UnicodeDecodeError as exc:
        raise SynthOutputError(f"{display(path)}: not UTF-8 ({exc.reason}); {REMEDY}") from None
    except OSError as exc:
        raise SynthOutputError(f"{display(path)}: cannot be read ({exc.strerror or exc}); {REMEDY}") from None


def read_json(path: Path) -> Any:
    """A synth output file as JSON."""
    try:
        return json.loads(read_text(path))
    except json.JSONDecodeError as exc:
        raise SynthOutputError(f"{display(path)}: not valid JSON ({exc}); {REMEDY}") from None


def load_document(path: Path) -> StackDocument:
    """One Terraform JSON document (a stack's `cdk.tf.json`)."""
    raw = read_json(path)
    if not isinstance(raw, dict):
        raise SynthOutputError(f"{display(path)}: got a JSON {type(raw).__name__}; allowed: a Terraform JSON object")
    return StackDocument(path, raw)


def load_stack(outdir: Path, environment: str) -> StackDocument:
    """The synthesized stack of `environment`."""
    return load_document(stack_file(outdir, environment))


def load_module_stack(outdir: Path) -> StackDocument:
    """The exported module's stack as Terraform JSON (variables where environments have values)."""
    return load_document(module_stack_file(outdir))


def load_module_hcl(outdir: Path) -> str:
    """The exported module's stack as cdktf renders it in HCL."""
    return read_text(outdir / MODULE_DIR / HCL_FILE)


def load_interface(outdir: Path) -> Interface:
    """`module/interface.json`, validated."""
    path = outdir / MODULE_DIR / INTERFACE_FILE
    try:
        return Interface.model_validate(read_json(path))
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(part) for part in error["loc"]) or "(top level)"
        raise SynthOutputError(f"{display(path)}: unreadable: {where}: {error['msg']}; {REMEDY}") from None


def recorded_fingerprint(outdir: Path) -> str | None:
    """The inputs fingerprint the synth recorded, or None when there is no readable one."""
    try:
        return load_interface(outdir).fingerprint
    except SynthOutputError:
        return None


def environments(outdir: Path, requested: tuple[str, ...] = ()) -> tuple[str, ...]:
    """`requested` (each checked), or every synthesized environment. `SynthOutputError` when there is none, or
    a requested one was not synthesized."""
    known = synthesized_environments(outdir)
    where = display(outdir / STACKS_DIR)
    if not known:
        raise SynthOutputError(f"{where}: missing synth output; {REMEDY}")
    for name in requested:
        if name not in known:
            raise SynthOutputError(f"{where}: environment {name!r}: not synthesized; allowed: {', '.join(known)}")
    return tuple(dict.fromkeys(requested)) if requested else known
