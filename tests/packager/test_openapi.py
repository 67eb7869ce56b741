"""`dist/openapi/<env>.json`: the documents `make openapi` makes, one per packaged environment, linked from the
module README."""

from __future__ import annotations

import json
from pathlib import Path

from openapi_spec_validator import validate

from modules.openapi.output import environment_document, render
from tests.conftest import ENVIRONMENTS
from tests.packaging import MODULE, package_into, packaged  # noqa: F401


def test_each_environment_has_its_document(packaged: Path, synth_dir: Path) -> None:  # noqa: F811
    assert sorted(p.name for p in (packaged / "openapi").iterdir()) == [f"{env}.json" for env in sorted(ENVIRONMENTS)]
    for env in ENVIRONMENTS:
        data = (packaged / "openapi" / f"{env}.json").read_bytes()
        assert data == render(environment_document(synth_dir, env, "0.2.0"))
        validate(json.loads(data))


def test_the_module_readme_links_them(packaged: Path) -> None:  # noqa: F811
    readme = (packaged / MODULE / "README.md").read_text(encoding="utf-8")
    for env in ENVIRONMENTS:
        assert f"- [`../openapi/{env}.json`](../openapi/{env}.json)\n" in readme
        assert (packaged / MODULE / f"../openapi/{env}.json").resolve().is_file()


def test_a_version_override_is_the_documents_version(synth_dir: Path, tmp_path: Path) -> None:
    package_into(synth_dir, tmp_path / "dist", version="1.4.0-rc.1")
    document = json.loads((tmp_path / "dist" / "openapi" / "dev.json").read_text(encoding="utf-8"))
    assert document["info"]["version"] == "1.4.0-rc.1"
