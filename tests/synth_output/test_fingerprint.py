"""The inputs fingerprint: content of the config file and of the Lambda sources, never mtimes or caches."""

from __future__ import annotations

import os
import re
from pathlib import Path

from modules.config.loader import load_config
from modules.synth_output.fingerprint import inputs_fingerprint
from tests.conftest import CONFIG
from tests.constructs.test_identity_providers import GOOGLE_AND_SAML_FILE, METADATA, write_config


def _project(tmp_path: Path) -> tuple[Path, Path]:
    config = tmp_path / "environments.toml"
    config.write_text(CONFIG.read_text(encoding="utf-8"), encoding="utf-8")
    for name in ("example", "reports", "group-scopes"):
        (tmp_path / "lambda_src" / name).mkdir(parents=True)
        (tmp_path / "lambda_src" / name / "handler.py").write_text("def handler(event, context):\n    return 1\n")
    (tmp_path / "lambda_src" / "reports" / "requirements.txt").write_text("humanize==4.12.3\n", encoding="utf-8")
    return config, tmp_path / "lambda_src" / "example"


def _fingerprint(config: Path) -> str:
    return inputs_fingerprint(config, load_config(config), config.parent)


def test_fingerprint_is_stable_and_ignores_mtimes_and_caches(tmp_path: Path) -> None:
    config, source = _project(tmp_path)
    before = _fingerprint(config)
    os.utime(config, (1_000_000, 1_000_000))
    os.utime(source / "handler.py", (1_000_000, 1_000_000))
    (source / "__pycache__").mkdir()
    (source / "__pycache__" / "handler.cpython-311.pyc").write_bytes(b"cache")
    assert _fingerprint(config) == before
    assert re.fullmatch(r"[0-9a-f]{64}", before)


def test_fingerprint_changes_with_the_config_or_any_source_file(tmp_path: Path) -> None:
    config, source = _project(tmp_path)
    seen = {_fingerprint(config)}
    config.write_text(config.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    seen.add(_fingerprint(config))
    (source / "handler.py").write_text("def handler(event, context):\n    return 2\n", encoding="utf-8")
    seen.add(_fingerprint(config))
    (source / "util.py").write_text("X = 1\n", encoding="utf-8")
    seen.add(_fingerprint(config))
    (source / "util.py").rename(source / "helpers.py")
    seen.add(_fingerprint(config))
    (source.parent / "reports" / "requirements.txt").write_text("humanize==4.12.2\n", encoding="utf-8")
    seen.add(_fingerprint(config))
    assert len(seen) == 6


def test_fingerprint_changes_with_a_saml_metadata_file(tmp_path: Path) -> None:
    config, _ = _project(tmp_path)
    config = write_config(tmp_path, config.read_text(encoding="utf-8") + GOOGLE_AND_SAML_FILE)
    before = _fingerprint(config)
    (tmp_path / "idp" / "supplier.xml").write_text(METADATA.replace("idp.supplier", "idp2.supplier"), "utf-8")
    assert _fingerprint(config) != before
