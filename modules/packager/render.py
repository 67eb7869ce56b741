"""The jinja2 environment of the packager's templates (`templates/`), with HCL and Markdown filters."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from modules.hcl_literal import literal, quote

TEMPLATES = Path(__file__).resolve().parent / "templates"


def _markdown_cell(value: Any) -> str:
    """Text safe inside a Markdown table cell."""
    return str(value).replace("|", "\\|").replace("\n", " ")


def _text(value: Any) -> str:
    """Plain text in a Markdown table cell: no HTML tags (`<project>` would vanish), no cell breaks."""
    return _markdown_cell(str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))


def _code(value: Any) -> str:
    """Inline Markdown code (double backticks when the text has one)."""
    text = str(value)
    return f"`` {text} ``" if "`" in text else f"`{text}`"


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
    env.filters["hcl"] = lambda value, indent="": literal(value, indent)
    env.filters["quote"] = quote
    env.filters["cell"] = _markdown_cell
    env.filters["code"] = _code
    env.filters["text"] = _text
    return env


def render(template: str, **context: Any) -> str:
    """Render `templates/<template>` with `context`."""
    return environment().get_template(template).render(**context)
