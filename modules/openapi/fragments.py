"""A function's own part of the contract: `openapi.yaml` at the root of its source directory (`lambda_src/<name>/`).

It travels in the function's synthesized zip (every file of the source directory does), so it is read from
`cdktf.out` like everything else. Its shape:

    schemas:                 # optional: named schemas, referenced as '#/components/schemas/<Name>'
      Report: {type: object, ...}
    routes:                  # by route key; each key must be a route this function serves
      GET /reports:
        summary: ...         # each field optional, as OpenAPI 3.0's Operation Object defines it
        description: ...
        parameters: [...]    # query and header parameters (path parameters come from the route key)
        requestBody: {...}
        responses: {"200": {...}}

A file that is not YAML, not this shape, or names a route the function does not serve is one `OpenApiError`
naming the zip and the file.
"""

from __future__ import annotations

import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from modules.errors import OpenApiError
from modules.paths import display

FRAGMENT_FILE = "openapi.yaml"


class OperationFragment(BaseModel):
    """What a function declares about one of its routes."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    summary: str | None = None
    description: str | None = None
    parameters: tuple[dict[str, Any], ...] = ()
    request_body: dict[str, Any] | None = Field(default=None, alias="requestBody")
    responses: dict[str, dict[str, Any]] = Field(default_factory=dict)


class Fragment(BaseModel):
    """A whole `openapi.yaml`."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    schemas: dict[str, dict[str, Any]] = Field(default_factory=dict)
    routes: dict[str, OperationFragment] = Field(default_factory=dict)


def read_fragment(
    zip_path: Path, function: str, route_keys: tuple[str, ...], source_dir: str | None = None
) -> Fragment | None:
    """The `openapi.yaml` in the zip of `function`, checked against the route keys it serves; None without one.
    Errors name the file in `source_dir` (the function's source directory, relative to the project) when given,
    else in the zip."""
    where = f"{display(zip_path)}: {FRAGMENT_FILE} (function {function!r})"
    if source_dir is not None:
        where = f"{source_dir}/{FRAGMENT_FILE} (function {function!r}, in {display(zip_path)})"
    try:
        with zipfile.ZipFile(zip_path) as archive:
            if FRAGMENT_FILE not in archive.namelist():
                return None
            text = archive.read(FRAGMENT_FILE).decode("utf-8")
    except FileNotFoundError:
        raise OpenApiError(f"{display(zip_path)}: missing synth output; allowed: the output of `make synth`") from None
    except (zipfile.BadZipFile, UnicodeDecodeError) as exc:
        raise OpenApiError(f"{where}: unreadable ({exc}); allowed: a UTF-8 YAML file") from None
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        problem = " ".join(str(exc).split())
        raise OpenApiError(f"{where}: not valid YAML ({problem}); allowed: a YAML mapping") from None
    try:
        fragment = Fragment.model_validate(raw if raw is not None else {})
    except ValidationError as exc:
        error = exc.errors()[0]
        field = ".".join(str(part) for part in error["loc"]) or "(top level)"
        raise OpenApiError(
            f"{where}: field {field!r}: {error['msg']}; allowed: schemas, and routes by route key with summary, "
            "description, parameters, requestBody, responses"
        ) from None
    for route_key, operation in sorted(fragment.routes.items()):
        if any(parameter.get("in") == "path" for parameter in operation.parameters):
            raise OpenApiError(
                f"{where}: route {route_key!r}: a parameter in the path; allowed: query and header parameters "
                "(path parameters come from the route key)"
            )
    unknown = sorted(set(fragment.routes) - set(route_keys))
    if unknown:
        raise OpenApiError(
            f"{where}: route {unknown[0]!r} is not a route of this function; allowed: {', '.join(route_keys)}"
        )
    return fragment


def merged_schemas(fragments: Mapping[str, Fragment], where: str) -> dict[str, Any]:
    """Every fragment's named schemas in one mapping; the same name declared differently by two functions is an
    `OpenApiError`."""
    schemas: dict[str, Any] = {}
    owners: dict[str, str] = {}
    for function, fragment in sorted(fragments.items()):
        for name, schema in sorted(fragment.schemas.items()):
            if name in schemas and schemas[name] != schema:
                raise OpenApiError(
                    f"{where}: schema {name!r} is declared differently by functions {owners[name]!r} and "
                    f"{function!r}; allowed: one definition per schema name"
                )
            schemas[name], owners[name] = schema, function
    return schemas
