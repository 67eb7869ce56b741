"""Which synth `make local` serves: fresh by the inputs' fingerprint (config and function sources), never by mtimes."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from modules.config.loader import load_config
from modules.errors import EmulatorError
from modules.local.fresh_synth import ensure_synth, is_fresh
from modules.synth_output.fingerprint import inputs_fingerprint
from modules.synth_output.layout import INTERFACE_FILE, MODULE_DIR
from tests.conftest import CONFIG, ROOT, project_scratch, source_dir_of


def test_fresh_means_made_from_the_same_content_whatever_the_mtimes(synth_dir: Path, tmp_path: Path) -> None:
    config = tmp_path / "environments.toml"
    shutil.copyfile(CONFIG, config)
    assert is_fresh(synth_dir, config, load_config(config))
    os.utime(config, (4_000_000_000, 4_000_000_000))  # far newer than the synth: still the same content
    assert is_fresh(synth_dir, config, load_config(config))
    config.write_text(CONFIG.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    os.utime(config, (0, 0))  # older than the synth, but other content
    assert not is_fresh(synth_dir, config, load_config(config))


def test_a_function_source_edit_makes_a_synth_stale(tmp_path: Path, synth_dir: Path) -> None:
    with project_scratch("fresh-") as scratch:
        _check_source_edit(tmp_path, synth_dir, scratch)


def _check_source_edit(tmp_path: Path, synth_dir: Path, scratch: Path) -> None:
    sources = scratch / "lambda_src"
    shutil.copytree(CONFIG.parent / "lambda_src", sources, ignore=shutil.ignore_patterns("__pycache__"))
    text = CONFIG.read_text(encoding="utf-8")
    for name in ("example", "reports"):
        header = f"[defaults.functions.{name}]\n"
        text = text.replace(header, f'{header}source_dir = "{source_dir_of(sources / name)}"\n')
    config = tmp_path / "environments.toml"
    config.write_text(text, encoding="utf-8")
    project = load_config(config)
    outdir = tmp_path / "cdktf.out"
    assert not is_fresh(outdir, config, project)  # nothing recorded
    interface = outdir / MODULE_DIR / INTERFACE_FILE
    interface.parent.mkdir(parents=True)
    recorded = json.loads((synth_dir / MODULE_DIR / INTERFACE_FILE).read_text(encoding="utf-8"))
    recorded["fingerprint"] = inputs_fingerprint(config, project, ROOT)
    interface.write_text(json.dumps(recorded), encoding="utf-8")
    assert is_fresh(outdir, config, project)  # what the synth records
    os.utime(sources / "reports" / "requirements.txt", (4_000_000_000, 4_000_000_000))
    assert is_fresh(outdir, config, project)
    with (sources / "reports" / "requirements.txt").open("a", encoding="utf-8") as requirements:
        requirements.write("# a comment is an edit too\n")
    assert not is_fresh(outdir, config, project)
    interface.write_text("{not json", encoding="utf-8")
    assert not is_fresh(outdir, config, project)


def test_an_environment_the_config_does_not_define_is_an_emulator_error(tmp_path: Path) -> None:
    with pytest.raises(EmulatorError, match=r"unknown environment 'qa': environments\.toml defines dev, staging, prod"):
        ensure_synth("qa", tmp_path / "out", CONFIG)
    assert not (tmp_path / "out").exists()
