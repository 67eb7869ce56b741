"""Making and writing the documents: from `cdktf.out` (checked fresh) to `cdktf.out/openapi/<env>.json`.

The synth output is read through `modules/synth_output` only. It must have been made from today's config file
and function sources (the fingerprint the synth recorded in `module/interface.json`, by content): a document
from a stale synth would describe routes that are no longer there.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from modules.config.functions import FunctionConfig
from modules.config.loader import load_config
from modules.errors import OpenApiError
from modules.files.atomic import write_atomically
from modules.openapi.document import RouteText, build_document
from modules.openapi.endpoints import Endpoints, deployed_endpoints
from modules.openapi.fragments import Fragment, read_fragment
from modules.openapi.stack_view import StackView, read_stack
from modules.paths import display
from modules.synth_output.fingerprint import inputs_fingerprint
from modules.synth_output.interface import Interface
from modules.synth_output.layout import MODULE_DIR, OPENAPI_DIR
from modules.synth_output.loading import load_interface, load_stack


@dataclass(frozen=True)
class SynthInputs:
    """What a fresh synth was made from: the project's version, and each environment's function sources (function
    name → source directory, relative to the project), which name a function's `openapi.yaml` in messages."""

    version: str
    sources: Mapping[str, Mapping[str, str]]


def check_fresh(synth_dir: Path, config_path: Path, project_dir: Path) -> SynthInputs:
    """The inputs of the synth in `synth_dir`; `OpenApiError` when it is missing or stale."""
    interface = load_interface(synth_dir)
    project = load_config(config_path)
    current = inputs_fingerprint(config_path, project, project_dir)
    if interface.fingerprint != current:
        raise OpenApiError(
            f"{display(synth_dir / MODULE_DIR)}/interface.json: stale: synthesized from other inputs than "
            f"{display(config_path)} and the function sources (fingerprint {interface.fingerprint[:12]}, now "
            f"{current[:12]}); allowed: a fresh `make synth`"
        )
    sources = {env.name: function_sources(env.functions) for env in project.environments}
    return SynthInputs(interface.version, sources)


def function_sources(functions: Mapping[str, FunctionConfig]) -> dict[str, str]:
    """Each function's source directory (relative to the project) by its resource name (`-` → `_`, as the stacks
    name the function)."""
    return {name.replace("-", "_"): function.source_path(name) for name, function in functions.items()}


def function_fragments(view: StackView, sources: Mapping[str, str] | None = None) -> dict[str, Fragment]:
    """The `openapi.yaml` of every function a route invokes, by function (resource) name; `sources` name their
    source directories in messages, by the same name."""
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
        zip_path = view.document.path.parent / filename
        fragment = read_fragment(zip_path, name, tuple(routes[name]), (sources or {}).get(name))
        if fragment is not None:
            found[name] = fragment
    return found


def route_texts(interface: Interface, environment: str) -> dict[str, RouteText]:
    """The config's `summary` and `description` of each route of `environment`, by route key (`interface.json`
    records the routes the module bakes in, these fields included)."""
    values = interface.environments.get(environment)
    routes = values.structure.get("routes") if values is not None else None
    found = {}
    for route in routes if isinstance(routes, list) else []:
        if isinstance(route, Mapping) and isinstance(route.get("route_key"), str):
            found[route["route_key"]] = RouteText(str(route.get("summary") or ""), str(route.get("description") or ""))
    return found


def environment_document(
    synth_dir: Path,
    environment: str,
    version: str,
    endpoints: Endpoints | None = None,
    sources: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The document of one synthesized environment; `endpoints` default to the deployed ones, `sources` name the
    functions' source directories in messages."""
    view = read_stack(load_stack(synth_dir, environment), environment)
    chosen = endpoints if endpoints is not None else deployed_endpoints(view)
    texts = route_texts(load_interface(synth_dir), environment)
    return build_document(view, chosen, version=version, fragments=function_fragments(view, sources), texts=texts)


def render(document: Mapping[str, Any]) -> bytes:
    """The file's bytes: two-space indented JSON in the document's own order, one final newline."""
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def write_documents(synth_dir: Path, environments: tuple[str, ...], inputs: SynthInputs) -> list[Path]:
    """Write `openapi/<env>.json` of each environment (all made first: one bad fragment writes nothing)."""
    rendered = {
        environment: render(
            environment_document(synth_dir, environment, inputs.version, sources=inputs.sources.get(environment))
        )
        for environment in environments
    }
    directory = synth_dir / OPENAPI_DIR
    directory.mkdir(parents=True, exist_ok=True)
    return [write_atomically(directory / f"{environment}.json", data) for environment, data in rendered.items()]
