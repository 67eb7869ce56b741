"""Reading `cdktf.out`: the environments there, each fault one `SynthOutputError` line naming the file."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from modules.errors import SynthOutputError
from modules.synth_output.loading import environments, load_document, load_interface, load_stack


@pytest.fixture
def synth_copy(synth_dir: Path, tmp_path: Path) -> Path:
    """The session's synth output in a private `cdktf.out` (the session's own output stays untouched)."""
    outdir = tmp_path / "cdktf.out"
    shutil.copytree(synth_dir, outdir)
    return outdir


def test_every_synthesized_environment_or_the_requested_ones(synth_copy: Path) -> None:
    assert environments(synth_copy, ()) == ("dev", "prod", "staging")
    assert environments(synth_copy, ("prod", "dev", "prod")) == ("prod", "dev")


def test_unknown_environment(synth_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(synth_copy.parent)
    with pytest.raises(SynthOutputError) as caught:
        environments(synth_copy, ("qa",))
    assert str(caught.value) == "cdktf.out/stacks: environment 'qa': not synthesized; allowed: dev, prod, staging"


def test_missing_synth_output(tmp_path: Path) -> None:
    (tmp_path / "cdktf.out" / "stacks" / "dev").mkdir(parents=True)  # a directory without cdk.tf.json
    for outdir in (tmp_path / "nothing", tmp_path / "cdktf.out"):
        with pytest.raises(
            SynthOutputError, match=r"/stacks: missing synth output; allowed: the output of `make synth`$"
        ):
            environments(outdir, ())


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{not json", r"not valid JSON \(Expecting"),
        (b"[1, 2]", "got a JSON list; allowed: a Terraform JSON object"),
        (b'{"a": "\xff"}', "not UTF-8"),
    ],
)
def test_unreadable_stack(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "cdk.tf.json"
    path.write_bytes(content)
    with pytest.raises(SynthOutputError, match=message):
        load_document(path)
    with pytest.raises(SynthOutputError, match="missing synth output"):
        load_document(tmp_path / "absent.json")
    with pytest.raises(SynthOutputError, match="a directory, not a file"):
        load_document(tmp_path)


def test_a_stack_loads_as_its_typed_model(synth_copy: Path) -> None:
    stack = load_stack(synth_copy, "dev")
    assert stack.path == synth_copy / "stacks" / "dev" / "cdk.tf.json"
    assert stack.block("aws_apigatewayv2_api.this").arguments["protocol_type"] == "HTTP"
    assert stack.providers("aws")[0]["region"] == "eu-west-1"
    assert stack.backend is None
    assert stack.cloud == {"organization": "example-org", "workspaces": {"name": "cognito-http-api-dev"}}
    assert {output.name for output in stack.outputs} >= {"invoke_url", "issuer_url", "client_ids"}


def test_interface_json_is_validated(synth_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    interface = load_interface(synth_copy)
    assert interface.project == "cognito-http-api"
    assert interface.variable("environment").required
    assert set(interface.environments) == {"dev", "staging", "prod"}
    path = synth_copy / "module" / "interface.json"
    assert interface.to_json() == path.read_text(encoding="utf-8")
    broken = json.loads(path.read_text(encoding="utf-8"))
    del broken["variables"][0]["type"]
    path.write_text(json.dumps(broken), encoding="utf-8")
    monkeypatch.chdir(synth_copy.parent)
    with pytest.raises(SynthOutputError) as caught:
        load_interface(synth_copy)
    assert str(caught.value) == (
        "cdktf.out/module/interface.json: unreadable: variables.0.type: Field required; "
        "allowed: the output of `make synth`"
    )
