"""`dist/openapi/<env>.json`: each packaged environment's OpenAPI 3.0 document, as `make openapi` makes it
(`modules/openapi`), with the module's version; the module README links them."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from modules.openapi.output import environment_document, render

OPENAPI_DIR = "openapi"


def write_openapi(
    staging: Path,
    synth_dir: Path,
    environments: tuple[str, ...],
    *,
    version: str,
    sources: Mapping[str, Mapping[str, str]],
) -> tuple[str, ...]:
    """Write the documents into `staging/openapi/`; returns their paths relative to `staging`."""
    directory = staging / OPENAPI_DIR
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for environment in environments:
        document = environment_document(synth_dir, environment, version, sources=sources.get(environment))
        (directory / f"{environment}.json").write_bytes(render(document))
        written.append(f"{OPENAPI_DIR}/{environment}.json")
    return tuple(written)
