"""`make bench`: wall time and peak memory of a full synth, lazy provider loading against the ordinary import,
on the engine of this virtualenv (`make bench ENGINE=cdktn`).

Both variants run `main.py` for every environment in a fresh process, alternately, `--runs` times each, into
throw-away output directories. Memory is the peak RSS of the Python process itself, and of the largest
process in the tree (the jsii Node process), from `wait4`. One run prints both figures and their ratios.
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


def run_once(code: str, overrides: dict[str, str], args: Sequence[str] = ()) -> Sample:
    """Run one synth in a fresh interpreter, `args` being `main.py`'s; raise if it fails."""
    with tempfile.TemporaryDirectory(prefix="bench-") as outdir:
        env = {**os.environ, "CDKTF_OUTDIR": str(Path(outdir) / "cdktf.out"), **overrides}
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
    python_kb = int(stderr.rsplit("python-peak-kb=", 1)[1].split()[0])
    return Sample(seconds, python_kb / 1024, usage.ru_maxrss / 1024)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5, help="runs per variant (default 5)")
    args = parser.parse_args(argv)
    samples: dict[str, list[Sample]] = {name: [] for name in VARIANTS}
    for _ in range(args.runs):
        for name, (code, overrides) in VARIANTS.items():
            samples[name].append(run_once(code, overrides))

    engine = f"{ENGINE.name} {ENGINE.version()}"
    print(f"full synth of every environment with {engine}, {args.runs} runs each, {os.cpu_count()} cores")
    print(f"{'variant':42} {'median s':>9} {'min s':>7} {'max s':>7} {'Python MB':>10} {'tree MB':>8}")
    figures: dict[str, tuple[float, float, float]] = {}
    for name, runs in samples.items():
        seconds = [s.seconds for s in runs]
        figures[name] = (
            statistics.median(seconds),
            max(s.python_rss_mb for s in runs),
            max(s.tree_rss_mb for s in runs),
        )
        median, python_mb, tree_mb = figures[name]
        print(f"{name:42} {median:9.2f} {min(seconds):7.2f} {max(seconds):7.2f} {python_mb:10.0f} {tree_mb:8.0f}")
    (lazy_s, lazy_py, lazy_tree), (naive_s, naive_py, naive_tree) = figures.values()
    print(f"speed-up (naive median / lazy median): {naive_s / lazy_s:.1f}x")
    print(
        f"Python peak RSS ratio (naive / lazy): {naive_py / lazy_py:.1f}x; process tree: {naive_tree / lazy_tree:.1f}x"
    )
    print(
        f"target: lazy median <= 3 s and >= 5x faster: {'met' if lazy_s <= 3 and naive_s / lazy_s >= 5 else 'NOT met'}"
    )
    print("\n".join(scale_report(args.runs, lambda main_args, env: run_once(SYNTH, dict(env), main_args))))
    return 0
