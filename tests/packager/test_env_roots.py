"""The env roots `dist/envs/<env>/main.tf`: provider, backend and module call of each environment."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from modules.config.loader import load_config
from modules.constructs.module.interface import module_inputs
from modules.engine.selection import chosen_engine, provider_version
from modules.packager.env_roots import block_body, provider_source, without_defaults
from modules.synth_output.interface import VariableSpec
from tests.conftest import CONFIG, ENVIRONMENTS, ROOT, load_stack, run_main
from tests.hcl_eval import body, unquote, value
from tests.packaging import MODULE, diagnostics, package_into, packaged, parse, terraform_values  # noqa: F401


def _root(dist: Path, environment: str) -> dict[str, Any]:
    return parse(dist / "envs" / environment / "main.tf")


def _module_call(dist: Path, environment: str) -> dict[str, Any]:
    (call,) = _root(dist, environment)["module"]
    ((label, arguments),) = call.items()
    assert unquote(label) == "cognito_http_api"
    return {name: value(item, {}) for name, item in arguments.items() if name != "__is_block__"}


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_terraform_loads_each_env_root_without_any_diagnostic(packaged: Path, environment: str) -> None:  # noqa: F811
    assert diagnostics(packaged / "envs" / environment) == []


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_module_call_gives_terraform_exactly_the_environments_values(
    packaged: Path,  # noqa: F811
    environment: str,
    tmp_path: Path,
) -> None:
    call = _module_call(packaged, environment)
    source = call.pop("source")
    assert source == f"../../{MODULE}"
    assert (packaged / "envs" / environment / source).resolve() == (packaged / MODULE).resolve()
    expected = module_inputs(load_config(CONFIG).environment(environment))
    assert terraform_values(packaged / MODULE, call, tmp_path / "tf") == (0, expected)


def test_module_calls_set_only_what_differs_from_the_defaults(packaged: Path) -> None:  # noqa: F811
    assert _module_call(packaged, "staging") == {
        "source": f"../../{MODULE}",
        "project": "cognito-http-api",
        "environment": "staging",
        "log_retention_days": 90,
        "log_kms_key": "create",
        "user_pool": {"mfa": "OPTIONAL", "domain_prefix": "example-http-api-staging"},
        "clients": {
            "web": {"callback_urls": ["https://localhost:3000/callback"], "logout_urls": ["https://localhost:3000/"]}
        },
        "functions": {"reports": {"memory_mb": 256}},
        "groups": {"auditors": {"description": "Read reports", "precedence": 10}},
    }
    assert _module_call(packaged, "dev")["cors"] == {"allow_origins": ["http://localhost:3000"]}


def test_without_defaults_prunes_whole_variables_and_attributes() -> None:
    variables = tuple(
        VariableSpec(
            name=name, type="", type_detail="", description="", required=False, default=default, nullable=True,
            attribute_defaults=attribute_defaults, validations=(),
        )
        for name, default, attribute_defaults in (
            ("n", 30, None), ("o", {}, {"a": 1, "p": {"b": True}}), ("c", None, {"m": ["GET"]})
        )
    )  # fmt: skip
    assert without_defaults({"n": 30, "o": {"a": 1, "p": {"b": True}}, "c": None}, variables) == {}
    assert without_defaults({"n": 7, "o": {"a": 2, "p": {"b": True}}, "c": {"x": [], "m": ["GET"]}}, variables) == {
        "n": 7,
        "o": {"a": 2},
        "c": {"x": []},
    }


def test_env_roots_differ_only_where_the_environments_do(packaged: Path) -> None:  # noqa: F811
    dev, prod = (_module_call(packaged, env) for env in ("dev", "prod"))
    assert dev["cors"] is not None
    assert "cors" not in prod
    assert (dev["environment"], prod["environment"]) == ("dev", "prod")
    assert prod["user_pool"]["deletion_protection"] is True
    text = (packaged / "envs" / "prod" / "main.tf").read_text(encoding="utf-8")
    assert 'name = "cognito-http-api-prod"' in text
    assert 'allowed_account_ids = ["777788889999"]' in text
    assert str(ROOT) not in text


def test_provider_and_pin_come_from_the_synthesized_stack(packaged: Path, synth_dir: Path) -> None:  # noqa: F811
    root = _root(packaged, "staging")
    stack = load_stack(synth_dir, "staging")
    (provider,) = root["provider"]
    assert body(provider['"aws"'], {}) == {
        "region": stack["provider"]["aws"][0]["region"],
        "allowed_account_ids": ["444455556666"],
        "default_tags": [{"tags": stack["provider"]["aws"][0]["default_tags"][0]["tags"]}],
    }
    (terraform,) = root["terraform"]
    (requirements,) = terraform["required_providers"]
    assert value(requirements, {})["aws"] == {"source": "hashicorp/aws", "version": provider_version(chosen_engine())}


def test_json_blocks_become_hcl_blocks_and_maps_stay_attributes() -> None:
    lines = block_body({"region": "eu-west-1", "default_tags": [{"tags": {"managed-by": "x"}}], "//": {}}, "  ")
    assert "\n".join(lines).splitlines() == [
        '  region = "eu-west-1"', "  default_tags {", "    tags = {", '      managed-by = "x"', "    }", "  }",
    ]  # fmt: skip
    assert provider_source("aws") == "hashicorp/aws"
    assert provider_source("integrations/github") == "integrations/github"


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_env_roots_keep_the_stacks_cloud_block(packaged: Path, synth_dir: Path, environment: str) -> None:  # noqa: F811
    (terraform,) = _root(packaged, environment)["terraform"]
    assert "backend" not in terraform
    (cloud,) = terraform["cloud"]
    assert body(cloud, {}) == {
        "organization": "example-org",
        "workspaces": [{"name": f"cognito-http-api-{environment}"}],
    }
    assert load_stack(synth_dir, environment)["terraform"]["cloud"]["workspaces"] == {
        "name": f"cognito-http-api-{environment}"
    }


def test_env_roots_with_an_assumed_role_and_tagged_workspaces_load_in_terraform(tmp_path: Path) -> None:
    text = (
        CONFIG.read_text(encoding="utf-8").replace(
            'account_id = "777788889999"\n',
            'account_id = "777788889999"\nassume_role_arn = "arn:aws:iam::777788889999:role/deployer"\n',
        )
        + '\n[environments.prod.backend]\nworkspace_tags = ["cognito-http-api", "prod"]\nhostname = "tfe.acme.dev"\n'
    )
    config = tmp_path / "environments.toml"
    config.write_text(text, encoding="utf-8")
    synth = tmp_path / "cdktf.out"
    assert run_main(synth, config).returncode == 0
    dist = tmp_path / "dist"
    package_into(synth, dist, environments=("prod",), config=config)
    root = _root(dist, "prod")
    (provider,) = root["provider"]
    assert body(provider['"aws"'], {})["assume_role"] == [
        {"role_arn": "arn:aws:iam::777788889999:role/deployer", "session_name": "cognito-http-api-prod"}
    ]
    (terraform,) = root["terraform"]
    (cloud,) = terraform["cloud"]
    assert body(cloud, {}) == {
        "organization": "example-org",
        "hostname": "tfe.acme.dev",
        "workspaces": [{"tags": ["cognito-http-api", "prod"]}],
    }
    assert diagnostics(dist / "envs" / "prod") == []


def test_s3_backend_and_selected_environments(tmp_path: Path) -> None:
    text = CONFIG.read_text(encoding="utf-8") + (
        '\n[environments.prod.backend]\ntype = "s3"\nbucket = "acme-terraform-state"\nkey = "api/prod.tfstate"\n'
        'organization = ""\n'
    )
    config = tmp_path / "environments.toml"
    config.write_text(text, encoding="utf-8")
    synth = tmp_path / "cdktf.out"
    assert run_main(synth, config).returncode == 0
    dist = tmp_path / "dist"
    result = package_into(synth, dist, environments=("prod",), config=config)
    assert result.environments == ("prod",)
    assert sorted(p.name for p in (dist / "envs").iterdir()) == ["prod"]
    (terraform,) = _root(dist, "prod")["terraform"]
    backend = {unquote(k): body(v, {}) for item in terraform["backend"] for k, v in item.items()}
    assert backend == {"s3": load_stack(synth, "prod")["terraform"]["backend"]["s3"]}
    assert backend["s3"]["use_lockfile"] is True
    assert diagnostics(dist / "envs" / "prod") == []
