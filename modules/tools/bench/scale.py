"""`make bench`'s scale cases: how the synth grows with routes and with environments.

Three configs run alternately, `runs` times each, through the lazy synth (`main.py --config <file>`):

- the committed `environments.toml` (the baseline);
- the same with 200 extra routes in each environment (`scale_configs.with_extra_routes`);
- 30 environments of 50 routes each (`scale_configs.many_environments`).

The marginal cost of a route is (extra median - baseline median) / (200 x environments): the time one more route
costs in one environment stack. The exported module's stack (`cdktf.out/module/`) is built from the first
environment, so it gets the 200 routes too: their time is in the difference, and a second figure counts them.

Each case also runs under `python -O`, which skips the runtime type checks (typeguard) of jsii's generated
bindings: the largest Python-side cost per resource. Those runs keep their bytecode in a cache of their own,
filled by one untimed run first, as a developer's machine has it after its first `-O` run (without a writable
cache, `-O` recompiles cdktf and the provider modules at every run, ~1.5 s).
"""

from __future__ import annotations

import statistics
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from modules.paths import PROJECT_DIR
from modules.tools.bench.scale_configs import committed_config, many_environments, with_extra_routes, write_config

if TYPE_CHECKING:
    from modules.tools.bench.report import Sample

EXTRA_ROUTES = 200
MANY_ENVIRONMENTS = 30
ROUTES_EACH = 50
#: Targets on a 2-core machine: ms per added route-instance, s for 30 environments x 50 routes.
TARGET_MS_PER_ROUTE = 2.0
TARGET_MANY_S = 4.0

#: Runs one synth with these `main.py` arguments and environment overrides.
Runner = Callable[[Sequence[str], Mapping[str, str]], "Sample"]


@dataclass(frozen=True)
class Case:
    """One config of the scale cases: its label, file and environment count."""

    label: str
    config: Path
    environments: int


@dataclass(frozen=True, eq=False)
class Mode:
    """How Python runs a case: a label suffix and environment overrides (compared by identity)."""

    suffix: str
    overrides: Mapping[str, str]


def _cases(directory: Path) -> list[Case]:
    committed = PROJECT_DIR / "environments.toml"
    base = committed_config(committed)
    environments = len(base["environments"])
    (directory / "extra").mkdir()
    (directory / "many").mkdir()
    return [
        Case(f"committed config ({environments} environments)", committed, environments),
        Case(
            f"+{EXTRA_ROUTES} routes in each environment",
            write_config(with_extra_routes(base, EXTRA_ROUTES), directory / "extra"),
            environments,
        ),
        Case(
            f"{MANY_ENVIRONMENTS} environments x {ROUTES_EACH} routes",
            write_config(many_environments(base, MANY_ENVIRONMENTS, ROUTES_EACH), directory / "many"),
            MANY_ENVIRONMENTS,
        ),
    ]


def _modes(directory: Path) -> list[Mode]:
    optimized = {
        "PYTHONOPTIMIZE": "1",
        "PYTHONDONTWRITEBYTECODE": "",
        "PYTHONPYCACHEPREFIX": str(directory / "pycache"),
    }
    return [Mode("", {}), Mode(" (python -O)", optimized)]


def scale_report(runs: int, run: Runner) -> list[str]:
    """Run the scale cases `runs` times each, alternately, in both modes; the lines of the report."""
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as directory:
        cases, modes = _cases(Path(directory)), _modes(Path(directory))
        run(["--config", str(cases[0].config)], modes[1].overrides)  # fills the -O bytecode cache, untimed
        samples: dict[tuple[Mode, Case], list[Sample]] = {(mode, case): [] for mode in modes for case in cases}
        for _ in range(runs):
            for mode, case in samples:
                samples[mode, case].append(run(["--config", str(case.config)], mode.overrides))
    lines = [
        f"scale cases (lazy), {runs} runs each",
        f"{'case':55} {'median s':>9} {'min s':>7} {'max s':>7} {'Python MB':>10} {'tree MB':>8}",
    ]
    for (mode, case), of_case in samples.items():
        seconds = [s.seconds for s in of_case]
        lines.append(
            f"{case.label + mode.suffix:55} {statistics.median(seconds):9.2f} {min(seconds):7.2f} "
            f"{max(seconds):7.2f} {max(s.python_rss_mb for s in of_case):10.0f} "
            f"{max(s.tree_rss_mb for s in of_case):8.0f}"
        )
    for mode in modes:
        base, extra, many = (samples[mode, case] for case in cases)
        lines += _verdicts(mode, base, extra, many, cases[0].environments)
    return lines


def _verdicts(mode: Mode, base: list[Sample], extra: list[Sample], many: list[Sample], environments: int) -> list[str]:
    """The marginal cost per route-instance (medians, with the spread of the runs' own differences) and the
    targets, for one mode."""
    instances = EXTRA_ROUTES * environments
    with_module = instances + EXTRA_ROUTES
    difference = statistics.median(s.seconds for s in extra) - statistics.median(s.seconds for s in base)
    paired = [(e.seconds - b.seconds) * 1000 / instances for b, e in zip(base, extra, strict=True)]
    per_route = difference * 1000 / instances
    many_s = statistics.median(s.seconds for s in many)
    return [
        f"marginal cost per added route-instance{mode.suffix}: {per_route:.2f} ms (median difference "
        f"{difference:.2f} s / {instances} = {EXTRA_ROUTES} routes x {environments} environments; run by run "
        f"{min(paired):.2f}..{max(paired):.2f} ms)",
        f"  the exported module's stack also builds the {EXTRA_ROUTES} routes: their time is included above, not "
        f"counted; counted ({with_module} instances): {difference * 1000 / with_module:.2f} ms",
        f"  target <= {TARGET_MS_PER_ROUTE} ms per added route-instance: "
        f"{'met' if per_route <= TARGET_MS_PER_ROUTE else 'NOT met'}",
        f"  target {MANY_ENVIRONMENTS} environments x {ROUTES_EACH} routes <= {TARGET_MANY_S:.0f} s (median "
        f"{many_s:.2f} s): {'met' if many_s <= TARGET_MANY_S else 'NOT met'}",
    ]
