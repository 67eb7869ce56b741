"""`make bench`: wall time and peak memory of a full synth, lazy provider loading against the ordinary import,
on the engine of this virtualenv (`make bench ENGINE=cdktn`).

Both variants run `main.py` for every environment in a fresh process, alternately, `--runs` times each, into
throw-away output directories, after one untimed lazy run (it builds jsii's runtime index of the provider when
its package cache has none, as a developer's first synth does: see `modules/engine/lazy_provider.js`). Memory is the
peak RSS of the Python process itself, of jsii's Node process (recorded by each Node process on exit, see
`node_peak_env`), and of the largest process in the tree, from `wait4`. One run prints the figures and their
ratios, and whether jsii's Node stays within `NODE_PEAK_BOUND_MB`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from modules.engine.selection import chosen_engine
from modules.paths import PROJECT_DIR
from modules.tools.bench.scale import scale_report

SYNTH = (
    "import runpy, sys, resource; sys.argv = ['main.py', *sys.argv[1:]]; "
    "runpy.run_path('main.py', run_name='__main__'); "
    "print(f'python-peak-kb={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}', file=sys.stderr)"
)
ENGINE = chosen_engine()
#: jsii's Node at its peak in a lazy synth, at most (MB): ~180 (cdktf) and ~210 (cdktn) measured; 600-900 when
#: the lazy index steps aside; 1.0-1.7 GB when jsii has no runtime index of the provider's assembly.
NODE_PEAK_BOUND_MB = 300
#: Preloaded into every Node process of a run (`node_peak_env`): each appends its peak RSS in KB to
#: $JSII_NODE_PEAK_FILE when it exits. The largest is jsii's kernel (its launcher is the other one).
NODE_PEAK_JS = (
    'process.on("exit", () => require("fs").appendFileSync(process.env.JSII_NODE_PEAK_FILE, '
    "`${process.resourceUsage().maxRSS}\\n`));\n"
)
#: name → (code, environment overrides). The naive variant imports the engine's provider package before `modules`
#: can set anything up, and starts jsii's Node without the lazy index hook: the ordinary way on both sides.
VARIANTS: dict[str, tuple[str, dict[str, str]]] = {
    "lazy (engine/bindings.py + .js)": (SYNTH, {}),
    f"naive (import {ENGINE.provider_package})": (f"import {ENGINE.provider_package}; {SYNTH}", {"NODE_OPTIONS": ""}),
}


@dataclass(frozen=True)
class Sample:
    seconds: float
    python_rss_mb: float
    tree_rss_mb: float
    node_rss_mb: float
    stderr: str


def node_peak_env(directory: Path, node_options: str) -> dict[str, str]:
    """Environment overrides under which every Node process started records its peak RSS in `directory`
    (`node_peak_mb`); `node_options` are the other `NODE_OPTIONS`."""
    probe = directory / "node_peak.js"
    probe.write_text(NODE_PEAK_JS, encoding="utf-8")
    return {
        "NODE_OPTIONS": f"{node_options} --require={probe}".strip(),
        "JSII_NODE_PEAK_FILE": str(directory / "node-peak-kb"),
    }


def node_peak_mb(directory: Path) -> float:
    """The largest peak RSS a Node process recorded under `node_peak_env(directory)`, in MB (0 if none did)."""
    peaks = directory / "node-peak-kb"
    if not peaks.exists():
        return 0
    return max((int(kb) for kb in peaks.read_text(encoding="utf-8").split()), default=0) / 1024


def run_once(code: str, overrides: dict[str, str], args: Sequence[str] = ()) -> Sample:
    """Run one synth in a fresh interpreter, `args` being `main.py`'s; raise if it fails."""
    with tempfile.TemporaryDirectory(prefix="bench-") as outdir:
        node_options = overrides.get("NODE_OPTIONS", os.environ.get("NODE_OPTIONS", ""))
        env = {
            **os.environ,
            "CDKTF_OUTDIR": str(Path(outdir) / "cdktf.out"),
            **overrides,
            **node_peak_env(Path(outdir), node_options),
        }
        start = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-c", code, *args],
            cwd=PROJECT_DIR,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        stderr = process.stderr.read().decode() if process.stderr else ""
        if os.waitstatus_to_exitcode(status) != 0:
            raise RuntimeError(f"synth failed: {stderr.strip()}")
        node_mb = node_peak_mb(Path(outdir))
    python_kb = int(stderr.rsplit("python-peak-kb=", 1)[1].split()[0])
    return Sample(seconds, python_kb / 1024, usage.ru_maxrss / 1024, node_mb, stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5, help="runs per variant (default 5)")
    args = parser.parse_args(argv)
    samples: dict[str, list[Sample]] = {name: [] for name in VARIANTS}
    (lazy, (lazy_code, lazy_overrides)), _ = VARIANTS.items()
    first = run_once(lazy_code, lazy_overrides)  # untimed: builds jsii's runtime index if there is none yet
    for _ in range(args.runs):
        for name, (code, overrides) in VARIANTS.items():
            samples[name].append(run_once(code, overrides))

    engine = f"{ENGINE.name} {ENGINE.version()}"
    print(f"full synth of every environment with {engine}, {args.runs} runs each, {os.cpu_count()} cores")
    print(f"{'variant':42} {'median s':>9} {'min s':>7} {'max s':>7} {'Python MB':>10} {'Node MB':>8} {'tree MB':>8}")
    figures: dict[str, tuple[float, float, float, float]] = {}
    for name, runs in samples.items():
        seconds = [s.seconds for s in runs]
        figures[name] = (
            statistics.median(seconds),
            max(s.python_rss_mb for s in runs),
            max(s.node_rss_mb for s in runs),
            max(s.tree_rss_mb for s in runs),
        )
        median, python_mb, node_mb, tree_mb = figures[name]
        print(
            f"{name:42} {median:9.2f} {min(seconds):7.2f} {max(seconds):7.2f} {python_mb:10.0f} {node_mb:8.0f} "
            f"{tree_mb:8.0f}"
        )
    (lazy_s, lazy_py, lazy_node, lazy_tree), (naive_s, naive_py, _, naive_tree) = figures.values()
    print(f"speed-up (naive median / lazy median): {naive_s / lazy_s:.1f}x")
    print(
        f"Python peak RSS ratio (naive / lazy): {naive_py / lazy_py:.1f}x; process tree: {naive_tree / lazy_tree:.1f}x"
    )
    print(
        f"target: lazy median <= 3 s and >= 5x faster: {'met' if lazy_s <= 3 and naive_s / lazy_s >= 5 else 'NOT met'}"
    )
    print(
        f"jsii's Node peak (lazy): {lazy_node:.0f} MB; bound {NODE_PEAK_BOUND_MB} MB: "
        f"{'met' if lazy_node <= NODE_PEAK_BOUND_MB else 'NOT met'} (untimed first run: {first.node_rss_mb:.0f} MB)"
    )
    said = {line for sample in [first, *samples[lazy]] for line in sample.stderr.splitlines()}
    for line in sorted(line for line in said if line.startswith("warning: modules/engine/lazy_provider.js: ")):
        print(line)
    print("\n".join(scale_report(args.runs, lambda main_args, env: run_once(SYNTH, dict(env), main_args))))
    return 0
