"""Making and writing the documents: from `cdktf.out` (checked fresh) to `cdktf.out/openapi/<env>.json`.

The synth output is read through `modules/synth_output` only. It must have been made from today's config file
and function sources (the fingerprint the synth recorded in `module/interface.json`, by content): a document
from a stale synth would describe routes that are no longer there.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from modules.config.loader import load_config
from modules.errors import OpenApiError
from modules.files.atomic import write_atomically
from modules.openapi.document import build_document
from modules.openapi.endpoints import Endpoints, deployed_endpoints
from modules.openapi.fragments import Fragment, read_fragment
from modules.openapi.stack_view import StackView, read_stack
from modules.paths import display
from modules.synth_output.fingerprint import inputs_fingerprint
from modules.synth_output.layout import MODULE_DIR, OPENAPI_DIR
from modules.synth_output.loading import load_interface, load_stack


def check_fresh(synth_dir: Path, config_path: Path, project_dir: Path) -> str:
    """The project version the synth was made for; `OpenApiError` when the synth is missing or stale."""
    interface = load_interface(synth_dir)
    current = inputs_fingerprint(config_path, load_config(config_path), project_dir)
    if interface.fingerprint != current:
        raise OpenApiError(
            f"{display(synth_dir / MODULE_DIR)}/interface.json: stale: synthesized from other inputs than "
            f"{display(config_path)} and the function sources (fingerprint {interface.fingerprint[:12]}, now "
            f"{current[:12]}); allowed: a fresh `make synth`"
        )
    return interface.version


def function_fragments(view: StackView) -> dict[str, Fragment]:
    """The `openapi.yaml` of every function a route invokes, by function (resource) name."""
    routes: dict[str, list[str]] = {}
    functions = {}
    for route in view.routes:
        if route.function is not None:
            routes.setdefault(route.function.name, []).append(route.route_key)
            functions[route.function.name] = route.function
    found = {}
    for name, function in sorted(functions.items()):
        filename = function.arguments.get("filename")
        if not isinstance(filename, str):
            continue
        fragment = read_fragment(view.document.path.parent / filename, name, tuple(routes[name]))
        if fragment is not None:
            found[name] = fragment
    return found


def environment_document(
    synth_dir: Path, environment: str, version: str, endpoints: Endpoints | None = None
) -> dict[str, Any]:
    """The document of one synthesized environment; `endpoints` default to the deployed ones."""
    view = read_stack(load_stack(synth_dir, environment), environment)
    chosen = endpoints if endpoints is not None else deployed_endpoints(view)
    return build_document(view, chosen, version=version, fragments=function_fragments(view))


def render(document: Mapping[str, Any]) -> bytes:
    """The file's bytes: two-space indented JSON in the document's own order, one final newline."""
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def write_documents(synth_dir: Path, environments: tuple[str, ...], version: str) -> list[Path]:
    """Write `openapi/<env>.json` of each environment (all made first: one bad fragment writes nothing)."""
    rendered = {
        environment: render(environment_document(synth_dir, environment, version)) for environment in environments
    }
    directory = synth_dir / OPENAPI_DIR
    directory.mkdir(parents=True, exist_ok=True)
    return [write_atomically(directory / f"{environment}.json", data) for environment, data in rendered.items()]
