"""Equivalence of the export with the synthesized stacks, up to exactly `DELIBERATE_DIFFERENCES`.

For each environment: parse the exported module with python-hcl2, bind its variables to the values the env root
passes, evaluate (`tests/hcl_eval/`), add the env root's provider, backend or cloud block, pins and outputs, and
compare by meaning with that environment's `cdk.tf.json`. Resource types and names must match one to one (the
renaming to `module.<label>.` is checked through the env root's `moved` blocks).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from modules.packager.differences import ABSENT, ADDITIONS, DELIBERATE_DIFFERENCES, exported_address, module_label
from tests.conftest import CONFIG, ENVIRONMENTS, load_stack, run_main
from tests.constructs.test_identity_providers import GOOGLE_AND_SAML_FILE, METADATA, write_config
from tests.hcl_eval import COUNTS, body, canonical, unquote, value
from tests.packaging import (  # noqa: F401
    MODULE,
    diagnostics,
    package_into,
    packaged,
    parse,
    parse_dir,
    terraform_values,
)

MISSING = object()


def _labelled(items: list[dict[str, Any]]) -> dict[str, Any]:
    """python-hcl2's `[{'"label"': body}, ...]` as `{label: body}` (each label once)."""
    result: dict[str, Any] = {}
    for item in items:
        for label, content in item.items():
            assert unquote(label) not in result, f"{label} declared twice"
            result[unquote(label)] = content
    return result


def _blocks(items: list[dict[str, Any]]) -> list[tuple[str, str, dict[str, Any]]]:
    """`resource "type" "name" {…}` blocks as (type, name, body), each address once."""
    found = [
        (unquote(t), unquote(n), content) for item in items for t, named in item.items() for n, content in named.items()
    ]
    assert len({(t, n) for t, n, _ in found}) == len(found), "an address declared twice"
    return found


def _counts(module: dict[str, Any], scope: dict[str, Any]) -> dict[str, int]:
    """Instances of every resource and data source with a `count` (0 or 1: conditional creation)."""
    counts: dict[str, int] = {}
    for kind, prefix in (("resource", ""), ("data", "data.")):
        for type_, name, content in _blocks(module.get(kind, [])):
            if "count" in content:
                counts[f"{prefix}{type_}.{name}"] = value(content["count"], scope)
    assert set(counts.values()) <= {0, 1}
    return counts


def _by_type_and_name(items: list[dict[str, Any]], scope: dict[str, Any], prefix: str) -> dict[str, dict[str, Any]]:
    """Evaluated blocks as `{type: {name: body}}`; a counted one only when it has its instance, without `count`
    (the `[0]` of its address is the documented renaming)."""
    result: dict[str, dict[str, Any]] = {}
    for type_, name, content in _blocks(items):
        if scope[COUNTS].get(f"{prefix}{type_}.{name}", 1) == 0:
            continue
        if "for_each" in content and value(content["for_each"], scope) in ({}, []):
            continue  # a for_each over nothing (e.g. the validation records of a certificate not created)
        result.setdefault(type_, {})[name] = body({k: v for k, v in content.items() if k != "count"}, scope)
    return result


def export_of(
    dist: Path, environment: str, project: str, work: Path, root_values: dict[str, Any] | None = None
) -> dict[str, Any]:
    """What the export deploys for `environment`, shaped like a `cdk.tf.json`.

    The variables are bound to what real Terraform makes of the env root's module arguments (their defaults
    filled in), so the env root and the module's defaults are checked together. `root_values` set variables of
    the env root itself (else their defaults).
    """
    root = parse(dist / "envs" / environment / "main.tf")
    module = parse_dir(dist / MODULE)
    label = module_label(project)
    call = _labelled(root["module"])[label]
    root_variables = {
        name: value(content["default"], {}) for name, content in _labelled(root.get("variable", [])).items()
    }
    scope_of_root = {"var": root_variables | (root_values or {})}
    arguments = {
        name: value(item, scope_of_root) for name, item in call.items() if name not in ("source", "__is_block__")
    }
    code, inputs = terraform_values(dist / MODULE, arguments, work)
    assert code == 0, inputs
    assert set(inputs) == set(_labelled(module["variable"]))
    scope: dict[str, Any] = {"var": inputs}
    scope[COUNTS] = _counts(module, scope)
    outputs = {name: value(content["value"], scope) for name, content in _labelled(module["output"]).items()}
    (terraform,) = root["terraform"]
    (requirements,) = terraform["required_providers"]
    return {
        "data": _by_type_and_name(module["data"], scope, "data."),
        "resource": _by_type_and_name(module["resource"], scope, ""),
        "output": {
            name: {
                "description": value(content["description"], {}),
                "value": value(content["value"], {"module": {label: outputs}}),
            }
            for name, content in _labelled(root["output"]).items()
        },
        "provider": {name: [body(content, {})] for name, content in _labelled(root["provider"]).items()},
        "terraform": {
            **(
                {"backend": {name: body(content, {}) for name, content in _labelled(terraform["backend"]).items()}}
                if "backend" in terraform
                else {}
            ),
            **({"cloud": body(terraform["cloud"][0], {})} if "cloud" in terraform else {}),
            "required_providers": value(requirements, {}),
            "required_version": value(terraform["required_version"], {}),
        },
        "moved": [body(block, {}) for block in root.get("moved", [])],
    }


def _normalize(data: Any, path: tuple[str, ...] = ()) -> Any:
    """One nested block is `[{...}]` in HCL and `{...}` or `[{...}]` in cdk.tf.json: use `{...}` everywhere.

    Drops the `//` comments cdktf puts in resources (the stack-level one is a listed difference), and spells
    `for` expressions without whitespace (`canonical`: cdktf and python-hcl2 space them differently).
    """
    if isinstance(data, str) and re.match(r"^\$\{[\[{]\s*for\s", data):
        return canonical(data)
    if isinstance(data, list):
        items = [_normalize(item, path) for item in data]
        return items[0] if len(items) == 1 and isinstance(items[0], dict) else items
    if isinstance(data, dict):
        in_resource = len(path) == 3 and path[0] in ("resource", "data")
        return {key: _normalize(item, (*path, key)) for key, item in data.items() if not (in_resource and key == "//")}
    return data


def _diff(synthesized: Any, exported: Any, path: tuple[str, ...] = ()) -> dict[tuple[str, ...], tuple[Any, Any]]:
    if isinstance(synthesized, dict) and isinstance(exported, dict):
        found: dict[tuple[str, ...], tuple[Any, Any]] = {}
        for key in sorted(synthesized.keys() | exported.keys()):
            found |= _diff(synthesized.get(key, MISSING), exported.get(key, MISSING), (*path, key))
        return found
    return {} if synthesized == exported else {path: (synthesized, exported)}


def _assert_equivalent(synthesized: dict[str, Any], exported: dict[str, Any]) -> None:
    found = _diff(_normalize(synthesized), _normalize(exported))
    changed = {path: new for path, (old, new) in found.items() if old is not MISSING}
    added = {path for path, (old, _) in found.items() if old is MISSING}
    expected = {path: exported for d in DELIBERATE_DIFFERENCES for path, exported in d.at(synthesized).items()}
    assert changed == {path: (MISSING if exported == ABSENT else exported) for path, exported in expected.items()}
    assert added == {path for path, _ in ADDITIONS}


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_export_equals_the_synthesized_stack_except_the_listed_differences(
    packaged: Path,  # noqa: F811
    stacks: dict[str, dict[str, Any]],
    environment: str,
    tmp_path: Path,
) -> None:
    _assert_equivalent(stacks[environment], export_of(packaged, environment, "cognito-http-api", tmp_path / "tf"))


#: Values the committed config does not use, each taking another branch of the constructs: (old, new) edits.
OTHER_BRANCHES = (
    ("[environments.dev]\n", '[environments.dev]\nlog_kms_key = ""\n'),
    ("reserved_concurrency = 20\n", "reserved_concurrency = -1\n"),
    ("deletion_protection = true\n", 'deletion_protection = true\ntier = "PLUS"\nthreat_protection = "ENFORCED"\n'),
    (
        "[environments.staging]\n",
        '[environments.staging]\nlog_kms_key = "arn:aws:kms:eu-west-1:123456789012:key/0a1b2c3d"\n',
    ),
)
#: CORS with credentials, plain environment variables, a custom domain with a created certificate (staging) and
#: with a given one (prod), an OIDC, a Google and a SAML identity provider (metadata from a file).
EXTRA_TABLES = (
    GOOGLE_AND_SAML_FILE
    + """
[defaults.identity_providers.corp]
issuer = "https://login.example.com/tenant"
client_id = "cognito-pool"
client_secret_ssm = "/corp/oidc/client-secret"

[environments.staging.cors]
allow_origins = ["https://app.example.com"]
expose_headers = ["x-request-id"]
allow_credentials = true

[environments.staging.functions.reports.environment]
REPORT_TITLE = "Storage"

[environments.staging.domain]
name = "api.staging.example.com"
zone = "example.com"

[environments.prod.domain]
name = "api.example.com"
zone = "example.com"
certificate_arn = "arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666"
"""
)


@pytest.fixture(scope="module")
def other_branches(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A synth and a packaging of the committed config with `OTHER_BRANCHES`: (synth dir, dist)."""
    work = tmp_path_factory.mktemp("branches")
    text = CONFIG.read_text(encoding="utf-8")
    for old, new in OTHER_BRANCHES:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    config = write_config(work, text + EXTRA_TABLES)
    synth = work / "cdktf.out"
    result = run_main(synth, config, extra_env={"TF_VAR_identity_provider_client_secrets": f'{{"google": "{SECRET}"}}'})
    assert result.returncode == 0, result.stderr
    assert SECRET not in result.stdout + result.stderr
    dist = work / "dist"
    package_into(synth, dist, config=config)
    return synth, dist


#: A client secret given as the env root's sensitive variable, in the process environment of the synth above.
SECRET = "gOCSPX-test-secret-4f1c"


def test_a_secret_given_as_the_variable_is_in_no_synthesized_or_packaged_file(
    other_branches: tuple[Path, Path],
) -> None:
    holding = [
        path
        for directory in other_branches
        for path in sorted(directory.rglob("*"))
        if path.is_file() and SECRET.encode() in path.read_bytes()
    ]
    assert holding == []
    root = (other_branches[1] / "envs" / "dev" / "main.tf").read_text(encoding="utf-8")
    assert 'variable "identity_provider_client_secrets"' in root
    assert "sensitive   = true" in root


def test_a_secret_given_as_the_variable_replaces_the_ssm_read(
    other_branches: tuple[Path, Path], tmp_path: Path
) -> None:
    secrets = {"identity_provider_client_secrets": {"google": SECRET}}
    export = export_of(other_branches[1], "dev", "cognito-http-api", tmp_path / "tf", secrets)
    assert set(export["data"]["aws_ssm_parameter"]) == {"corp_client_secret"}
    details = export["resource"]["aws_cognito_identity_provider"]
    assert details["google"]["provider_details"]["client_secret"] == SECRET
    assert details["corp"]["provider_details"]["client_secret"] == "${data.aws_ssm_parameter.corp_client_secret.value}"
    assert details["supplier"]["provider_details"] == {"MetadataFile": METADATA}


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_other_branches_are_equivalent_too(other_branches: tuple[Path, Path], environment: str, tmp_path: Path) -> None:
    synth, dist = other_branches
    _assert_equivalent(
        load_stack(synth, environment), export_of(dist, environment, "cognito-http-api", tmp_path / "tf")
    )


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_moved_blocks_rename_every_resource_of_the_stack_into_the_module(
    packaged: Path,  # noqa: F811
    stacks: dict[str, dict[str, Any]],
    environment: str,
    tmp_path: Path,
) -> None:
    moved = export_of(packaged, environment, "cognito-http-api", tmp_path / "tf")["moved"]
    counted = {(t, n) for t, n, content in _blocks(parse_dir(packaged / MODULE)["resource"]) if "count" in content}
    addresses = [(t, n) for t, named in stacks[environment]["resource"].items() for n in named]
    expected = [
        (f"${{{t}.{n}}}", f"${{{exported_address(f'{t}.{n}', 'cognito-http-api', counted=(t, n) in counted)}}}")
        for t, n in addresses
    ]
    assert sorted((m["from"], m["to"]) for m in moved) == sorted(expected)


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_terraform_loads_each_env_root_with_its_domain(other_branches: tuple[Path, Path], environment: str) -> None:
    """Terraform's own loader accepts the env roots of the custom-domain environments too (the module itself,
    domain resources included, is loaded by tests/packager/test_module.py)."""
    _, dist = other_branches
    assert diagnostics(dist / "envs" / environment) == []
    call = _labelled(parse(dist / "envs" / environment / "main.tf")["module"])[module_label("cognito-http-api")]
    assert ("domain" in call) == (environment != "dev")


KIND_MISTAKES = {
    "a SAML provider with both metadata sources": (
        {"supplier": {"metadata_url": "https://idp.supplier.example/metadata.xml", "metadata_file": METADATA}},
        "identity_providers.supplier: a saml provider needs exactly one of metadata_url or metadata_file.",
    ),
    "a SAML provider with neither": (
        {"supplier": {}},
        "identity_providers.supplier: a saml provider needs exactly one of metadata_url or metadata_file.",
    ),
    "a Google provider without its client id": (
        {"google": {}, "supplier": {"metadata_file": METADATA}},
        "identity_providers.google: a google provider needs client_id.",
    ),
}


@pytest.mark.parametrize(("providers", "message"), KIND_MISTAKES.values(), ids=KIND_MISTAKES.keys())
def test_terraform_refuses_what_a_kind_lacks_with_the_configs_rule(
    other_branches: tuple[Path, Path], tmp_path: Path, providers: dict[str, Any], message: str
) -> None:
    complete = {
        "corp": {"issuer": "https://login.example.com", "client_id": "pool"},
        "google": {"client_id": "123-abc.apps.googleusercontent.com"},
    }
    arguments = {"project": "demo-api", "environment": "demo", "identity_providers": complete | providers}
    code, error = terraform_values(other_branches[1] / MODULE, arguments, tmp_path / "tf")
    assert code != 0
    assert message in " ".join(str(error).split())
