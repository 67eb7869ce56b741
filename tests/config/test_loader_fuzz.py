"""No config crashes the tool: structural edits of the committed config load, or fail with one `error:` line.

Hypothesis edits the committed environments.toml the way users get it wrong: values of another type, tables
where values belong and back, lists where scalars belong and back, deleted keys, unknown keys, huge and negative
numbers, NaN and infinities, odd strings. Every edited file must load or raise `ConfigError` (in process, many
examples), and `main.py` must exit 0 or 2 with no traceback (end to end, fewer examples: each is a real synth).
"""

from __future__ import annotations

import copy
import datetime
import os
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from modules.config.environment import ProjectConfig
from modules.config.loader import load_config
from modules.errors import ConfigError
from tests.conftest import CONFIG, ROOT

COMMITTED = tomllib.loads(CONFIG.read_text(encoding="utf-8"))
INT64 = 2**63 - 1
ODD_STRINGS = ["", " ", "lambda", "create", "*", "${var.x}", "%{x}", "é\u200b", "\n", "GET /", "$default", "🙂" * 40,
               "x" * 300, "arn:aws:kms:eu-west-1:123456789012:key/k", "https://", "-1", "true", "null"]  # fmt: skip
scalars = st.one_of(
    st.booleans(),
    st.integers(-INT64 - 1, INT64),
    st.sampled_from([0, -1, 1, 2**31, INT64, -INT64 - 1]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(ODD_STRINGS),
    st.datetimes(min_value=datetime.datetime(1970, 1, 1), max_value=datetime.datetime(2100, 1, 1)),
    st.dates(),
)


def _containers(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.lists(children, max_size=3) | st.dictionaries(st.text(min_size=1, max_size=8), children, max_size=3)


values = st.recursive(scalars, _containers, max_leaves=6)
OPERATIONS = ("replace", "delete", "wrap", "unwrap", "retype", "unknown key")


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every place in the document below the root."""
    children = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, child in children:
        yield (*prefix, key)
        yield from _paths(child, (*prefix, key))


def _retyped(value: Any) -> Any:
    """The same content in another type: 30 ↔ "30", true → 1, [a, b] → {"0": a, "1": b}, {k: v} → [v]."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        return len(value)
    if isinstance(value, list):
        return {str(index): item for index, item in enumerate(value)}
    if isinstance(value, dict):
        return list(value.values())
    return str(value)


def _edit(draw: st.DrawFn, data: dict[str, Any]) -> None:
    path = draw(st.sampled_from(list(_paths(data))))
    parent = data
    for key in path[:-1]:
        parent = parent[key]
    key, value = path[-1], parent[path[-1]]
    operation = draw(st.sampled_from(OPERATIONS))
    if operation == "delete":
        del parent[key]
    elif operation == "replace":
        parent[key] = draw(values)
    elif operation == "wrap":
        parent[key] = draw(st.sampled_from([[value], {"value": value}]))
    elif operation == "unwrap":
        items = list(value.values()) if isinstance(value, dict) else value if isinstance(value, list) else [value]
        parent[key] = items[0] if items else ""
    elif operation == "retype":
        parent[key] = _retyped(value)
    elif isinstance(value, dict):
        value[draw(st.text(min_size=1, max_size=12))] = draw(values)
    else:
        parent[key] = {draw(st.text(min_size=1, max_size=12)): value}


@st.composite
def edited_configs(draw: st.DrawFn) -> str:
    """The committed config after one to three structural edits, as TOML text."""
    data = copy.deepcopy(COMMITTED)
    for _ in range(draw(st.integers(1, 3))):
        if data:
            _edit(draw, data)
    return tomli_w.dumps(data)


def _check_load(path: Path) -> ProjectConfig | None:
    try:
        return load_config(path)
    except ConfigError as error:
        message = str(error)
        assert "\n" not in message, message
        assert message.startswith(f"{path.name}: "), message
        return None


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=edited_configs())
def test_any_structural_edit_loads_or_is_one_config_error(text: str, tmp_path_factory: Any) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "environments.toml"
    path.write_text(text, encoding="utf-8")
    _check_load(path)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=edited_configs())
def test_main_exits_0_or_2_without_traceback(text: str, tmp_path_factory: Any) -> None:
    work = tmp_path_factory.mktemp("fuzz-main")
    config = work / "environments.toml"
    config.write_text(text, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--config", str(config)],
        cwd=ROOT, env={**os.environ, "CDKTF_OUTDIR": str(work / "cdktf.out")},
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode in (0, 2), result.stderr
    if result.returncode == 2:
        errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
        assert len(errors) == 1, result.stderr
    else:
        assert (work / "cdktf.out" / "stacks").is_dir()
