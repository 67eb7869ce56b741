"""The stack every part of the graph is drawn from in the tests: the committed config's `dev`, with a custom domain.

A real synth (once per test session) of environments.toml plus a `[environments.dev.domain]` table: two functions
(`example`, `reports`) behind routes, the pool's pre-token-generation trigger (`group-scopes`) and its group
(`auditors`), two clients (`web` interactive, `service` machine), the sign-in domain with its managed
login branding, and the custom domain's certificate, records, domain name and mapping.
"""

from __future__ import annotations

import functools
import json
import tempfile
from pathlib import Path
from typing import Any

from tests.conftest import CONFIG, load_stack, run_main

FUNCTIONS = ("example", "reports")
CLIENTS = ("web", "service")
#: The pool's pre-token-generation trigger (a function without a route) and the group whose scopes it grants.
TRIGGER = "group_scopes"
GROUPS = ("auditors",)
DOMAIN = "api.example.com"
DOMAIN_TABLE = f'\n[environments.dev.domain]\nname = "{DOMAIN}"\nzone = "example.com"\n'


@functools.cache
def _synthesized() -> str:
    work = Path(tempfile.mkdtemp(prefix="graph-contract-"))
    config = work / "environments.toml"
    config.write_text(CONFIG.read_text(encoding="utf-8") + DOMAIN_TABLE, encoding="utf-8")
    result = run_main(work / "cdktf.out", config)
    assert result.returncode == 0, result.stderr
    return json.dumps(load_stack(work / "cdktf.out", "dev"))


def contract_stack() -> dict[str, Any]:
    """A fresh copy of the dev stack with a custom domain (synthesized once per session)."""
    document: dict[str, Any] = json.loads(_synthesized())
    return document
