"""No config crashes the tool: structural edits of the committed config load, or fail with one `error:` line;
and odd values are refused exactly when they break a rule.

Hypothesis edits the committed environments.toml the way users get it wrong: values of another type, tables
where values belong and back, lists where scalars belong and back, deleted keys, unknown keys, huge and negative
numbers, NaN and infinities, odd strings. Every edited file must load or raise `ConfigError` (in process, many
examples), and `main.py` must exit 0 or 2 with no traceback (end to end, fewer examples: each is a real synth).
It also generates values: route keys with odd paths, redirect URLs from a URL grammar, strings with control
characters anywhere in the config, and source paths; what loads must obey the rule, what is refused is one line.
"""

from __future__ import annotations

import copy
import datetime
import ipaddress
import os
import re
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import tomli_w
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from modules.config.allowed import HTTP_METHODS, PATH_VARIABLE_PATTERN, ROUTE_KEY_PATTERN
from modules.config.clients import REDIRECT_URLS
from modules.config.environment import ProjectConfig
from modules.config.loader import load_config
from modules.config.rules import TEXT
from modules.errors import ConfigError
from tests.conftest import CONFIG, MINIMAL_CONFIG, ROOT

COMMITTED = tomllib.loads(CONFIG.read_text(encoding="utf-8"))
INT64 = 2**63 - 1
ODD_STRINGS = ["", " ", "lambda", "create", "*", "${var.x}", "%{x}", "é\u200b", "\n", "GET /", "$default", "🙂" * 40,
               "x" * 300, "arn:aws:kms:eu-west-1:123456789012:key/k", "https://", "-1", "true", "null",
               "GET /health\n", "GET /a/{proxy+}/b", "GET /{id}/{id}", "http://localhost:1@evil.example/cb",
               "../outside", "/etc", "a\x00b", "\x1b[2J", "https://a.example/#x"]  # fmt: skip
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


MINIMAL = tomllib.loads(MINIMAL_CONFIG + '\n[[defaults.routes]]\nroute_key = "GET /example"\n\n[environments.dev]\n')
CONTROLS = st.sampled_from([chr(code) for code in (*range(0x20), *range(0x7F, 0xA0))])
segments = st.one_of(
    st.sampled_from(["a", "items", "v1.2", "~x", "{id}", "{proxy+}", "{id+}", "{a}", "", " ", "{}", "{x y}", "é"]),
    st.text(max_size=4),
)
route_keys = st.builds(
    lambda method, parts, tail: f"{method} /" + "/".join(parts) + tail,
    st.sampled_from(["GET", "ANY", "POST", "get", "FETCH"]),
    st.lists(segments, max_size=4),
    st.sampled_from(["", "", "\n", "/", " ", "\t"]) | CONTROLS,
)
urls = st.builds(
    lambda scheme, user, host, port, path, fragment: f"{scheme}{user}{host}{port}{path}{fragment}",
    st.sampled_from(["https://", "http://", "HTTPS://", "ftp://", "https:/", ""]),
    st.sampled_from(["", "", "user@", "user:pass@", "localhost:1@"]),
    st.sampled_from(["app.example.com", "localhost", "127.0.0.1", "[::1]", "[2001:db8::1]", "[::1", "evil.example",
                     "localhost.evil.example", "LOCALHOST", "", "a b", "x_y.example"]),
    st.sampled_from(["", ":3000", ":443", ":0", ":65535", ":65536", ":080", ":", ":x"]),
    st.sampled_from(["", "/", "/cb", "/a/b?next=/c", "?q=1", "/a b", "/é"]),
    st.sampled_from(["", "", "#", "#frag"]),
)  # fmt: skip
PATH_PARTS = ["lambda_src", "fn", ".", "..", ".hidden", "a.b", "", "x y", "é", "-"]
source_paths = st.lists(st.sampled_from(PATH_PARTS), max_size=4).map("/".join) | st.sampled_from(
    ["/etc", "/tmp/x", "lambda_src/", "./x"]
)


def _load(tmp_path_factory: Any, data: dict[str, Any]) -> ProjectConfig | None:
    path = tmp_path_factory.mktemp("values") / "environments.toml"
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    return _check_load(path)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(route_key=route_keys)
def test_a_route_key_loads_only_when_api_gateway_takes_it(route_key: str, tmp_path_factory: Any) -> None:
    data = copy.deepcopy(MINIMAL)
    data["defaults"]["routes"][0]["route_key"] = route_key
    project = _load(tmp_path_factory, data)
    match = ROUTE_KEY_PATTERN.fullmatch(route_key)
    variables = list(PATH_VARIABLE_PATTERN.finditer(match["path"])) if match else []
    names = [variable["name"] for variable in variables]
    takes_it = (
        match is not None
        and match["method"] in HTTP_METHODS
        and all(variable.end() == len(match["path"]) for variable in variables if variable["greedy"])
        and len(set(names)) == len(names)
    )
    assert (project is not None) == takes_it, route_key
    if project is not None:
        assert TEXT.ok(route_key)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(url=urls)
@example(url="http://[::1]").via("an IPv6 loopback callback without a port")
def test_a_redirect_url_loads_only_when_its_parts_are_cognitos_and_the_regex_agrees(
    url: str, tmp_path_factory: Any
) -> None:
    data = copy.deepcopy(MINIMAL)
    data["defaults"]["clients"]["web"]["callback_urls"] = [url]
    project = _load(tmp_path_factory, data)
    parts = None
    try:
        parts = urlsplit(url)
        port_ok = parts.port is None or parts.port > 0
    except ValueError:
        port_ok = False
    expected = (
        parts is not None
        and port_ok
        and url.startswith(("https://", "http://"))
        and "@" not in parts.netloc
        and "#" not in url
        and " " not in url
        and bool(parts.hostname)
        and (url.startswith("https://") or _host_and_port(parts.netloc)[0] in ("localhost", "127.0.0.1", "[::1]"))
        and _host_and_port(parts.netloc)[1][:1] != "0"
        and not parts.netloc.endswith(":")
        and ("[" not in parts.netloc or (parts.netloc.startswith("[") and _ipv6(parts.hostname or "")))
    )
    assert (project is not None) == expected, url
    assert bool(re.fullmatch(REDIRECT_URLS.pattern, url)) == expected, url


def _host_and_port(netloc: str) -> tuple[str, str]:
    """`netloc` as host (an IPv6 literal keeps its brackets) and port ('' without one)."""
    if netloc.startswith("[") and "]" in netloc:
        host, _, rest = netloc.partition("]")
        return f"{host}]", rest.removeprefix(":")
    host, _, port = netloc.partition(":") if netloc.count(":") == 1 else (netloc, "", "")
    return host, port


def _ipv6(host: str) -> bool:
    try:
        ipaddress.IPv6Address(host)
    except ValueError:
        return False
    return True


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_control_character_in_any_string_of_the_committed_config_is_refused(
    data: st.DataObject, tmp_path_factory: Any
) -> None:
    config = copy.deepcopy(COMMITTED)
    leaves = [path for path in _paths(config) if isinstance(_at(config, path), str)]
    path = data.draw(st.sampled_from(leaves))
    text = _at(config, path)
    where = data.draw(st.integers(0, len(text)))
    _at(config, path[:-1])[path[-1]] = text[:where] + data.draw(CONTROLS) + text[where:]
    assert _load(tmp_path_factory, config) is None, path


def _at(node: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        node = node[key]
    return node


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(source_dir=source_paths)
def test_a_source_dir_loads_only_as_a_relative_path_inside_the_project(source_dir: str, tmp_path_factory: Any) -> None:
    data = copy.deepcopy(MINIMAL)
    data["defaults"]["functions"]["example"] = {"source_dir": source_dir}
    project = _load(tmp_path_factory, data)
    parts = source_dir.removesuffix("/").split("/")
    inside = source_dir == "" or (
        not source_dir.startswith("/")
        and all(part not in ("", ".", "..") and re.fullmatch(r"[A-Za-z0-9_.-]+", part) for part in parts)
        and not any(part.startswith("..") for part in parts)
    )
    assert (project is not None) == inside, source_dir
    if project is not None:
        assert (ROOT / source_dir).resolve().is_relative_to(ROOT.resolve())
