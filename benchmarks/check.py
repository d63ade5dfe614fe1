"""`mfml-tui lessons check` on the bundled course: wall time and CPU time (this process and its workers).

Issue 20's goal: ≤ 10 s wall on a 2-core machine with the documented 50 seeds per quiz. On a shared
machine the wall time depends on the load, so the CPU time (`resource.getrusage`, self + children) is
printed beside it, with the load average; `--runs N` repeats the whole check in fresh processes.

    .venv/bin/python benchmarks/check.py [--runs 1] [--seeds 50] [--jobs N] [--lessons DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_CHILD = """
import json, resource, sys, time
t0 = time.perf_counter()
from mfml_tui.course.check import check
report = check(sys.argv[1], seeds=int(sys.argv[2]), jobs=None if sys.argv[3] == "-" else int(sys.argv[3]))
wall = time.perf_counter() - t0
me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime
print(json.dumps({"wall": wall, "cpu": cpu, "summary": report.summary()}))
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--seeds", type=int, default=50)
    ap.add_argument("--jobs", type=int, default=None)
    ap.add_argument("--lessons", default=str(ROOT / "lessons"))
    args = ap.parse_args()
    print(f"lessons check, {args.seeds} seeds per quiz, jobs {args.jobs or 'one per core'} "
          f"({len(os.sched_getaffinity(0))} cores usable)")
    for run in range(args.runs):
        load = os.getloadavg()[0]
        out = subprocess.run([sys.executable, "-c", _CHILD, args.lessons, str(args.seeds),
                              "-" if args.jobs is None else str(args.jobs)],
                             capture_output=True, text=True, check=True).stdout
        got = json.loads(out.strip().splitlines()[-1])
        verdict = "PASS" if got["wall"] <= 10 else "MISS"
        print(f"  run {run + 1}: wall {got['wall']:6.1f} s  CPU {got['cpu']:6.1f} s  (load {load:.1f})  "
              f"[{verdict} ≤ 10 s wall]  {got['summary']}")


if __name__ == "__main__":
    main()
