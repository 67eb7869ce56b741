"""The jinja2 environment of the delivery templates (`templates/`): workflows (YAML) and the bootstrap root (HCL)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from modules.delivery.actions import ACTIONS
from modules.hcl_literal import literal, quote

TEMPLATES = Path(__file__).resolve().parent / "templates"


def _yaml(value: Any) -> str:
    """A YAML scalar: JSON's quoting (JSON is YAML), so no value is read as a number, a boolean or a comment."""
    return json.dumps(value)


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )
    env.filters["yaml"] = _yaml
    env.filters["hcl"] = lambda value, indent="": literal(value, indent)
    env.filters["quote"] = quote
    env.globals["actions"] = {action.repository: action for action in ACTIONS}
    return env


def render(template: str, **context: Any) -> str:
    """Render `templates/<template>` with `context`."""
    return environment().get_template(template).render(**context)
