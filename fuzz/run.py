"""Run every atheris target for a bounded time and report total executions and findings.

    .venv/bin/python fuzz/run.py --seconds 60              # each target 60 s (extract gets 2x)
    .venv/bin/python fuzz/run.py --seconds 5 --only clean  # one target, briefly

Each target runs in its own process (libFuzzer exits on the first finding); a crashing input is
saved under ``--artifacts`` (default: a temporary folder) as ``crash-<sha1>``, to replay with
``.venv/bin/python fuzz/fuzz_NAME.py ARTIFACT``. Exit status: 0 no findings, 1 findings.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGETS = ("readers", "clean", "extract", "times")
#: The extractor runs spaCy on every input, so it gets more of the budget.
_TIME_FACTOR = {"extract": 2}
_DONE = re.compile(r"Done (\d+) runs in")
_PROGRESS = re.compile(r"^#(\d+)\s", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class TargetResult:
    target: str
    executions: int
    seconds: float
    findings: int
    returncode: int
    artifacts: tuple[str, ...]


def run_target(name: str, *, seconds: int, artifacts: Path, seed: int = 1) -> TargetResult:
    out = artifacts / name
    out.mkdir(parents=True, exist_ok=True)
    command = [
        sys.executable,
        str(HERE / f"fuzz_{name}.py"),
        f"-max_total_time={seconds}",
        f"-seed={seed}",
        "-timeout=30",
        "-rss_limit_mb=4096",
        f"-artifact_prefix={out}/",
        "-print_final_stats=1",
    ]
    started = time.perf_counter()
    proc = subprocess.run(
        command, capture_output=True, text=True, errors="replace", timeout=seconds * 3 + 120
    )
    elapsed = time.perf_counter() - started
    log = proc.stdout + proc.stderr
    done = _DONE.findall(log)
    executions = int(done[-1]) if done else max((int(n) for n in _PROGRESS.findall(log)), default=0)
    found = sorted(
        str(p) for p in out.iterdir() if p.name.startswith(("crash-", "timeout-", "oom-", "leak-"))
    )
    findings = len(found) or (1 if proc.returncode != 0 else 0)
    if findings:
        sys.stderr.write(f"--- {name}: finding(s), last output ---\n{log[-4000:]}\n")
    return TargetResult(name, executions, round(elapsed, 1), findings, proc.returncode, tuple(found))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=30, help="fuzzing time per target (default 30)")
    parser.add_argument("--only", choices=TARGETS, action="append", help="run only this target (repeatable)")
    parser.add_argument("--artifacts", type=Path, default=None, help="where crashing inputs are saved")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)
    artifacts = args.artifacts or Path(tempfile.mkdtemp(prefix="newsgraph-fuzz-artifacts-"))
    results = [
        run_target(
            name, seconds=args.seconds * _TIME_FACTOR.get(name, 1), artifacts=artifacts, seed=args.seed
        )
        for name in (args.only or TARGETS)
    ]
    total = sum(r.executions for r in results)
    findings = sum(r.findings for r in results)
    if args.json:
        print(
            json.dumps({"targets": [asdict(r) for r in results], "executions": total, "findings": findings})
        )
    else:
        for r in results:
            print(
                f"{r.target:8} {r.executions:>10,} executions in {r.seconds:6.1f} s  findings: {r.findings}"
            )
        print(f"{'total':8} {total:>10,} executions; findings: {findings}; artifacts in {artifacts}")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
