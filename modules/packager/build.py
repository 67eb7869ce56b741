"""Build `dist/` from the synth output: in a temporary sibling directory, swapped in only when complete."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from modules.config.allowed import SEMVER_PATTERN as SEMVER
from modules.config.environment import ProjectConfig
from modules.config.loader import load_config
from modules.errors import PackageError
from modules.files import archive
from modules.files.atomic import replaced_atomically
from modules.openapi.output import function_sources
from modules.packager import terraform
from modules.packager.delivery import write_delivery
from modules.packager.diagram import DIAGRAM_FILE, write_diagram
from modules.packager.docs import write_example, write_readme
from modules.packager.env_roots import write_env_root
from modules.packager.inputs import PackagerInputs, read_inputs
from modules.packager.module import write_module
from modules.packager.openapi import write_openapi
from modules.paths import display

ENVS_DIR = "envs"
SUMS_FILE = "SHA256SUMS"


@dataclass(frozen=True)
class Options:
    """What to package: the config the synth was made from, where the synth is, where dist goes."""

    config: Path
    synth_dir: Path
    dist: Path
    project_dir: Path
    version: str | None = None
    environments: tuple[str, ...] = ()


@dataclass(frozen=True)
class Result:
    """What `package` wrote, relative to `dist`."""

    module: str
    environments: tuple[str, ...]
    checksums: str
    #: The pipeline and bootstrap files written (`ci/…`, `bootstrap/…`), and why any were left out.
    delivery: tuple[str, ...] = ()
    delivery_notes: tuple[str, ...] = ()
    #: The OpenAPI documents written (`openapi/<env>.json`).
    openapi: tuple[str, ...] = ()


def module_name(project: ProjectConfig) -> str:
    """`terraform-aws-<project name>`: the registry convention for an AWS module."""
    return f"terraform-aws-{project.name}"


def package(options: Options) -> Result:
    """Check every input first, then build `dist/` atomically. Raises `ProjectError` on bad input."""
    project = load_config(options.config)
    version = options.version if options.version is not None else project.version
    if not SEMVER.match(version):
        raise PackageError(f"--version: got {version!r}; allowed: a semantic version such as 1.2.3")
    environments = _select(project, options)
    synth = read_inputs(
        options.synth_dir,
        config_path=options.config,
        project=project,
        project_dir=options.project_dir,
        environments=environments,
    )
    with replaced_atomically(options.dist, remedy="choose another directory: --dist <dir>") as staging:
        return _build(staging, project, version, environments, synth, options.synth_dir)


def _select(project: ProjectConfig, options: Options) -> tuple[str, ...]:
    known = tuple(env.name for env in project.environments)
    for name in options.environments:
        if name not in known:
            raise PackageError(
                f"{display(options.config)}: --env {name!r}: unknown environment; allowed: {', '.join(known)}"
            )
    return tuple(name for name in known if name in options.environments) if options.environments else known


def _build(
    staging: Path,
    project: ProjectConfig,
    version: str,
    environments: tuple[str, ...],
    synth: PackagerInputs,
    synth_dir: Path,
) -> Result:
    name = f"{module_name(project)}-{version}"
    module_dir = staging / name
    title = f"{module_name(project)} {version}"
    facts = write_module(synth, module_dir, title=title)
    interface = synth.interface
    first = environments[0]
    region = str(synth.stacks[first].providers("aws")[0]["region"])
    complete = next((e for e in environments if None not in interface.environments[e].inputs.values()), first)
    write_example(
        module_dir,
        project=project.name,
        region=region,
        inputs=interface.environments[complete].inputs,
        facts=facts,
        outputs=interface.outputs,
    )
    env_root_source = f"../../{name}"
    for env in environments:
        write_env_root(
            staging / ENVS_DIR / env,
            environment=env,
            stack=synth.stacks[env],
            inputs=interface.environments[env].inputs,
            variables=interface.variables,
            module_source=env_root_source,
            project=project.name,
            outputs=interface.outputs,
            counted=facts.counted,
        )
    packaged = project.model_copy(
        update={
            "environments": tuple(project.environment(e) for e in environments),
            "deploy_order": tuple(e for e in project.deploy_order if e in environments),
        }
    )
    delivery = write_delivery(
        staging,
        packaged,
        {env: synth.stacks[env] for env in environments},
        provider_constraint=facts.provider_constraint,
    )
    openapi = write_openapi(
        staging,
        synth_dir,
        environments,
        version=version,
        sources={env: function_sources(project.environment(env).functions) for env in environments},
    )
    terraform.fmt(staging)
    write_readme(
        module_dir,
        title=title,
        interface=interface,
        facts=facts,
        environments=list(environments),
        env_root_source=env_root_source,
        diagram=write_diagram(module_dir, synth.module_stack, f"module {title}"),
        diagram_file=DIAGRAM_FILE,
    )
    archives = [
        archive.write_tar_gz(archive.directory_entries(module_dir, name), staging / f"{name}.tar.gz"),
        archive.write_zip(archive.directory_entries(module_dir, name), staging / f"{name}.zip"),
    ]
    archive.write_sha256sums(archives, staging / SUMS_FILE)
    return Result(
        module=name,
        environments=environments,
        checksums=(staging / SUMS_FILE).read_text("utf-8"),
        delivery=delivery.written,
        delivery_notes=delivery.notes,
        openapi=openapi,
    )
