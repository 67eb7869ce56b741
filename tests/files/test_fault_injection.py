"""Terraform's state survives a kill at every file-system step of an output swap, and the next run finds it.

A subprocess rewrites an output holding Terraform's files (`replaced_atomically` with the synth's keep rule,
`terraform_file`) and is killed (`os._exit`, no clean-up runs) just before its N-th file-system step: every
create, write, link, rename, exchange and removal it makes, audited by Python (`sys.addaudithook`: `open` for
writing, `os.mkdir`, `os.link`, `os.rename`, `os.remove`, `os.rmdir`, and `modules.files.exchange`). The next
run, a plain rewrite, must find every kept file with its bytes in the output, the new content in place, and no
leftover folder beside it. N goes from the first step to past the last, with the exchange (Linux's
renameat2) and with the two-rename swap used where a system has none; and again for a run that starts by
settling the leftover of a killed run of the previous version of the tool (the state inside `cdktf.out.tmp-*`,
no `cdktf.out`). Last, the real synth (`main.py`), killed inside its swap, then run again.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from modules.synth_output.layout import STACKS_DIR
from tests.conftest import ROOT, run_main

#: Terraform's files in the output before the run, by path: each must be there, with these bytes, after.
KEPT = {
    "stacks/dev/terraform.dev.tfstate": '{"serial": 7}',
    "stacks/dev/terraform.dev.tfstate.backup": '{"serial": 6}',
    "stacks/dev/.terraform/providers/aws/plugin": "binary",
    "stacks/dev/.terraform.lock.hcl": "lock",
    "stacks/gone/terraform.gone.tfstate": '{"serial": 1}',
}
KILLED = 137
#: The rewrite, in a subprocess: killed before its `argv[3]`-th audited file-system step (0: never).
RUN = """
import os, sys
from pathlib import Path
from modules.files import atomic
from modules.synth_output.layout import terraform_file

target, version, kill_at, swap = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4]
STEPS = {"os.mkdir", "os.link", "os.rename", "os.remove", "os.rmdir", "os.symlink", "modules.files.exchange"}
WRITES = os.O_WRONLY | os.O_RDWR | os.O_CREAT
steps = 0

def hook(event, args):
    global steps
    if event in STEPS or (event == "open" and isinstance(args[2], int) and args[2] & WRITES):
        steps += 1
        if steps == kill_at:
            os._exit(137)

if swap == "renames":  # a system without renameat2: the two-rename swap
    def no_exchange(first, second):
        sys.audit("modules.files.exchange", str(first), str(second))
        return False
    atomic.exchange = no_exchange
sys.addaudithook(hook)
with atomic.replaced_atomically(target, keep=terraform_file) as staging:
    (staging / "stacks" / "dev").mkdir(parents=True)
    (staging / "stacks" / "dev" / "cdk.tf.json").write_text(version)
print(steps)
"""


def _rewrite(target: Path, version: str, kill_at: int = 0, swap: str = "exchange") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", RUN, str(target), version, str(kill_at), swap],
        cwd=ROOT, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip


def _write(root: Path, files: dict[str, str]) -> None:
    for relative, text in files.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text)


def _old_output(base: Path) -> Path:
    target = base / "cdktf.out"
    _write(target, {**KEPT, "stacks/dev/cdk.tf.json": "v1", "module/cdk.tf": "v1"})
    return target


def _assert_next_run_finds_the_state(target: Path, label: str) -> None:
    result = _rewrite(target, "v3")
    assert result.returncode == 0, f"{label}: {result.stderr}"
    for relative, text in KEPT.items():
        assert (target / relative).read_text() == text, f"{label}: {relative}"
    assert (target / STACKS_DIR / "dev" / "cdk.tf.json").read_text() == "v3", label
    assert sorted(path.name for path in target.parent.iterdir()) == ["cdktf.out"], label


def _steps(tmp_path: Path, swap: str) -> int:
    """How many audited steps a whole rewrite of the old output takes."""
    result = _rewrite(_old_output(tmp_path / "count"), "v2", swap=swap)
    assert result.returncode == 0, result.stderr
    return int(result.stdout)


@pytest.mark.parametrize("swap", ["exchange", "renames"])
def test_a_kill_at_any_step_of_a_rewrite_keeps_the_state_for_the_next_run(tmp_path: Path, swap: str) -> None:
    total = _steps(tmp_path, swap)
    assert total > len(KEPT)  # at least a link per kept path, the swap and the clean-up
    for kill_at in range(1, total + 2):
        target = _old_output(tmp_path / f"kill-{kill_at}")
        result = _rewrite(target, "v2", kill_at, swap)
        assert result.returncode == (KILLED if kill_at <= total else 0), result.stderr
        _assert_next_run_finds_the_state(target, f"{swap}, killed before step {kill_at} of {total}")


def test_a_kill_while_settling_a_leftover_keeps_the_state_for_the_next_run(tmp_path: Path) -> None:
    def leftover(base: Path) -> Path:
        """What the previous version of the tool left when killed mid-swap: no output, the state in staging."""
        _write(base / "cdktf.out.tmp-previous", {**KEPT, "stacks/dev/cdk.tf.json": "v1"})
        return base / "cdktf.out"

    counted = _rewrite(leftover(tmp_path / "count"), "v2")
    assert counted.returncode == 0, counted.stderr
    total = int(counted.stdout)
    for kill_at in range(1, total + 1):
        target = leftover(tmp_path / f"kill-{kill_at}")
        assert _rewrite(target, "v2", kill_at).returncode == KILLED
        _assert_next_run_finds_the_state(target, f"settling, killed before step {kill_at} of {total}")


def test_a_leftover_whose_state_differs_is_kept_with_a_warning(tmp_path: Path) -> None:
    target = _old_output(tmp_path)
    _write(tmp_path / "cdktf.out.old-abc", {"stacks/dev/terraform.dev.tfstate": '{"serial": 8}'})
    _write(tmp_path / "cdktf.out.tmp-def", {"stacks/dev/cdk.tf.json": "half-written, no state"})
    result = _rewrite(target, "v2")
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith(f"warning: {tmp_path / 'cdktf.out.old-abc'}: left in place: its ")
    assert (tmp_path / "cdktf.out.old-abc" / "stacks/dev/terraform.dev.tfstate").read_text() == '{"serial": 8}'
    assert (target / "stacks/dev/terraform.dev.tfstate").read_text() == KEPT["stacks/dev/terraform.dev.tfstate"]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["cdktf.out", "cdktf.out.old-abc"]


#: main.py, killed at the first removal after the exchange: the old tree, holding links to the state, is left
#: beside the new output.
KILL_AFTER_EXCHANGE = """
import os, sys
exchanged = False
def hook(event, args):
    global exchanged
    if event == "modules.files.exchange":
        exchanged = True
    elif exchanged and event in ("os.remove", "os.rmdir"):
        os._exit(137)
sys.addaudithook(hook)
"""


def test_the_synth_killed_after_its_exchange_keeps_the_state_and_the_next_synth_tidies(tmp_path: Path) -> None:
    outdir = tmp_path / "cdktf.out"
    assert run_main(outdir).returncode == 0
    _write(outdir, KEPT)
    killed = run_main(outdir, prelude=KILL_AFTER_EXCHANGE)
    assert killed.returncode == KILLED, killed.stderr
    leftovers = [path.name for path in tmp_path.iterdir() if path.name != "cdktf.out"]
    assert len(leftovers) == 1
    assert leftovers[0].startswith("cdktf.out.tmp-")
    assert {relative: (outdir / relative).read_text() for relative in KEPT} == KEPT
    again = run_main(outdir)
    assert again.returncode == 0, again.stderr
    assert {relative: (outdir / relative).read_text() for relative in KEPT} == KEPT
    assert sorted(path.name for path in tmp_path.iterdir()) == ["cdktf.out"]
    assert set(os.listdir(outdir / STACKS_DIR)) == {"dev", "staging", "prod", "gone"}
