"""The module's README carries its architecture as Mermaid, with the same picture as a PNG beside it."""

from __future__ import annotations

import json
import shutil
import tarfile
from pathlib import Path
from typing import Any

import pytest

from modules.diagram.drawing import mermaid_digest
from modules.diagram.graphviz import dot_source, render
from modules.diagram.labels import CONDITIONAL
from modules.diagram.mermaid import render_mermaid
from modules.diagram.model import build_graph
from modules.diagram.png import SOURCE_KEY, size, texts
from modules.errors import SynthOutputError
from modules.packager.diagram import DIAGRAM_FILE
from modules.packager.docs import diagram_block
from tests.conftest import as_document
from tests.diagram.expectations import ESSENTIAL_TYPES, addresses, assert_edges_are_references
from tests.packaging import MODULE, PROJECT, package_into, packaged  # noqa: F401

TITLE = f"module terraform-aws-cognito-http-api {PROJECT.version}"


@pytest.fixture(scope="module")
def module_stack(synth_dir: Path) -> dict[str, Any]:
    stack: dict[str, Any] = json.loads((synth_dir / "module" / "cdk.tf.json").read_text(encoding="utf-8"))
    return stack


@pytest.fixture(scope="module")
def readme(packaged: Path) -> str:  # noqa: F811
    return (packaged / MODULE / "README.md").read_text(encoding="utf-8")


def test_the_readme_diagram_is_the_module_stacks_graph(readme: str, module_stack: dict[str, Any]) -> None:
    assert readme.count("```mermaid\n") == 1
    graph = build_graph(as_document(module_stack), TITLE)
    assert diagram_block(readme) == render_mermaid(graph)
    ids = {node.id for node in graph.nodes}
    for type_ in ESSENTIAL_TYPES:
        assert addresses(module_stack, type_) <= ids
    assert_edges_are_references(module_stack, graph)
    # the KMS key exists only when log_kms_key = "create": drawn dashed, names read as the module's inputs
    assert graph.node("aws_kms_key.logs").marks == {CONDITIONAL}
    (conditional,) = [line for line in readme.splitlines() if line.endswith(f" {CONDITIONAL}")]
    assert "aws_kms_key_logs" in conditional.split()[1].split(",")
    assert "aws_apigatewayv2_domain_name_this" in conditional.split()[1].split(",")
    assert '["Lambda function<br/>{project}-{environment}-reports<br/>python3.13 arm64"]' in readme


def test_the_architecture_section_comes_before_usage_and_links_the_png(readme: str) -> None:
    assert readme.index("## Architecture\n") < readme.index("```mermaid\n") < readme.index("## Usage\n")
    assert f"[`{DIAGRAM_FILE}`]({DIAGRAM_FILE})" in readme


def test_the_png_beside_it_is_the_same_picture(packaged: Path, readme: str, module_stack: dict[str, Any]) -> None:  # noqa: F811
    image = (packaged / MODULE / DIAGRAM_FILE).read_bytes()
    assert texts(image) == {SOURCE_KEY: mermaid_digest(diagram_block(readme))}
    assert size(image) == size(render(dot_source(build_graph(as_document(module_stack), TITLE)), "png"))
    width, height = size(image)
    assert 800 < width < 4000
    assert 400 < height < 4000


def test_the_archives_ship_the_png(packaged: Path) -> None:  # noqa: F811
    with tarfile.open(packaged / f"{MODULE}.tar.gz") as archive:
        member = archive.getmember(f"{MODULE}/{DIAGRAM_FILE}")
        extracted = archive.extractfile(member)
        assert extracted is not None
        assert extracted.read() == (packaged / MODULE / DIAGRAM_FILE).read_bytes()


def test_a_synth_without_the_module_json_is_refused(synth_dir: Path, tmp_path: Path) -> None:
    outdir = tmp_path / "cdktf.out"
    shutil.copytree(synth_dir, outdir)
    (outdir / "module" / "cdk.tf.json").unlink()
    with pytest.raises(SynthOutputError, match=r"module/cdk.tf.json: missing synth output; allowed: the output of"):
        package_into(outdir, tmp_path / "dist")
    assert not (tmp_path / "dist").exists()


def test_a_corrupt_stack_is_one_error_not_a_traceback(synth_dir: Path, tmp_path: Path) -> None:
    outdir = tmp_path / "cdktf.out"
    shutil.copytree(synth_dir, outdir)
    (outdir / "stacks" / "prod" / "cdk.tf.json").write_text('{"resource": ', encoding="utf-8")
    with pytest.raises(SynthOutputError, match=r"stacks/prod/cdk.tf.json: not valid JSON"):
        package_into(outdir, tmp_path / "dist")
    assert not (tmp_path / "dist").exists()
