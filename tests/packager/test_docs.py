"""The module's README (jinja2) and examples/complete: the usage users copy is the configuration tested."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from modules.config.loader import load_config
from modules.constructs.module.interface import module_inputs, variables
from modules.engine.selection import chosen_engine, provider_version
from modules.packager.differences import DELIBERATE_DIFFERENCES
from modules.packager.docs import usage_block
from tests.conftest import CONFIG
from tests.hcl_eval import unquote, value
from tests.packaging import MODULE, packaged, parse, terraform_providers  # noqa: F401


@pytest.fixture(scope="module")
def readme(packaged: Path) -> str:  # noqa: F811
    return (packaged / MODULE / "README.md").read_text(encoding="utf-8")


def test_readme_usage_is_the_complete_example_verbatim(packaged: Path, readme: str) -> None:  # noqa: F811
    assert usage_block(readme) == (packaged / MODULE / "examples" / "complete" / "main.tf").read_text(encoding="utf-8")


def test_terraform_loads_the_example_and_the_module_it_calls(packaged: Path, tmp_path: Path) -> None:  # noqa: F811
    assert terraform_providers(packaged, f"{MODULE}/examples/complete", tmp_path) == (0, [])


def test_the_example_sets_every_input_with_a_real_environments_values(packaged: Path) -> None:  # noqa: F811
    (call,) = parse(packaged / MODULE / "examples" / "complete" / "main.tf")["module"]
    ((_, arguments),) = call.items()
    inputs = {name: value(item, {}) for name, item in arguments.items() if name != "__is_block__"}
    assert inputs.pop("source") == "../.."
    assert inputs["environment"] == "example"
    assert inputs["cors"] is not None
    assert inputs == {**module_inputs(load_config(CONFIG).environment("dev")), "environment": "example"}


def test_the_example_configures_the_provider(packaged: Path) -> None:  # noqa: F811
    (provider,) = parse(packaged / MODULE / "examples" / "complete" / "main.tf")["provider"]
    assert unquote(next(iter(provider))) == "aws"


def test_inputs_table_lists_every_variable_with_its_description(readme: str) -> None:
    section = readme.split("## Inputs", 1)[1].split("## Outputs", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ") and not line.startswith("| Name")]
    names = [v.name for v in variables(load_config(CONFIG).environments[0])]
    assert [row.split(" | ")[0].strip("| ") for row in rows] == names
    assert (
        "| project | Project name: first part of every AWS name (&lt;project&gt;-&lt;environment&gt;...) |" in section
    )
    assert "| log_retention_days | " in section
    assert "| `30` | no |" in section
    assert "| cors | CORS of the HTTP API (without it: no CORS) | " in section
    assert re.search(r"### user_pool\n\n```hcl\nobject\(\{\n  mfa\s+= optional\(string, \"OFF\"\)\s+# MFA", section)


def test_outputs_routes_resources_and_differences_are_documented(readme: str, synth_dir: Path) -> None:
    interface = json.loads((synth_dir / "module" / "interface.json").read_text(encoding="utf-8"))
    assert [o["name"] for o in interface["outputs"]] == [
        "invoke_url", "user_pool_id", "issuer_url", "region", "auth_base_url", "token_endpoint", "client_ids",
        "alarm_topic_arn", "dashboard_name",
    ]  # fmt: skip
    for output in interface["outputs"]:
        description = output["description"].replace("<", "&lt;").replace(">", "&gt;")
        assert f"| {output['name']} | {description} |" in readme
    assert "| `GET /health` | function `example` | none (public) |" in readme
    assert "| `GET /reports` | function `reports` | JWT + scopes `reports.read` |" in readme
    assert "| `GET /` | https://www.wikipedia.org/ | JWT |" in readme
    assert "| `reports` | python3.13 | arm64 | `handler.handler` |" in readme
    assert "| `service` | machine (secret, client_credentials) | `reports.read` |" in readme
    assert "| `aws_lambda_function.reports` | resource |" in readme
    for difference in DELIBERATE_DIFFERENCES:
        assert f"- `{'.'.join(difference.path)}`: {difference.reason}." in readme
    assert "| terraform | `>= 1.3.0` |" in readme
    assert f"| aws (hashicorp/aws) | `>= {provider_version(chosen_engine())}` |" in readme
