"""The fingerprint of what a synth was made from: the config file's bytes, the function sources and the SAML
metadata files it points to.

`main.py` records it in `cdktf.out/module/interface.json`; the packager recomputes it and refuses a synth output
made from other inputs (stale), whatever the files' mtimes say.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from modules.bundle import lock_files, source_files
from modules.config.environment import ProjectConfig


def inputs_fingerprint(config_path: Path, project: ProjectConfig, project_dir: Path) -> str:
    """SHA-256 (hex) over the config file, every file of every function's source directory (its
    `requirements.txt` and locks included) and every SAML metadata document (as read at load), in every
    environment."""
    digest = hashlib.sha256()
    digest.update(b"config\0" + config_path.read_bytes() + b"\0")
    documents = {
        (provider.metadata_file, provider.metadata_document)
        for env in project.environments
        for provider in env.identity_providers.values()
        if provider.metadata_file
    }
    for relative, document in sorted(documents):
        digest.update(b"metadata_file\0" + relative.encode() + b"\0" + hashlib.sha256(document.encode()).digest())
    source_dirs = {f.source_path(name) for env in project.environments for name, f in env.functions.items()}
    for source_dir in sorted(source_dirs):
        root = project_dir / source_dir
        digest.update(b"source_dir\0" + source_dir.encode() + b"\0")
        for path in [*source_files(root), *lock_files(root)]:
            name = path.relative_to(root).as_posix().encode()
            digest.update(b"file\0" + name + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def is_fresh(recorded: str | None, config_path: Path, project: ProjectConfig, project_dir: Path) -> bool:
    """Whether a synth that recorded `recorded` was made from today's config file and function sources."""
    return recorded is not None and recorded == inputs_fingerprint(config_path, project, project_dir)
