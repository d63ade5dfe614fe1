"""f and ∇f on a 200×200 grid: the engine's `evaluate_all([f, ∇f])` against numpy as a person writes it.

Issue 20's goal: ≤ 1.2× hand-written numpy for every surface. On a shared machine one run's timing says
little, so the two are *interleaved*: each round times the engine and the hand version back to back (in
alternating order, so neither always gets the warmer cache), many rounds; the ratio of the minima and
the median of the per-round ratios are printed, with CPU time (`time.process_time`) beside wall time.

    .venv/bin/python benchmarks/grid.py [--rounds 400] [--size 200]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def surfaces(X, Y):
    """(engine text, hand-written f and ∇f as a numpy programmer would write them)."""
    def gaussian():
        e = np.exp(-(X**2 + Y**2))
        return e, np.stack([-2 * X * e, -2 * Y * e])

    def rosenbrock():
        d = Y - X**2
        return (1 - X) ** 2 + 100 * d**2, np.stack([-2 * (1 - X) - 400 * X * d, 200 * d])

    return [
        ("x^2 + 3y^2 - x y + sin(x)",
         lambda: (X**2 + 3 * Y**2 - X * Y + np.sin(X), np.stack([2 * X - Y + np.cos(X), 6 * Y - X]))),
        ("e^(-(x^2 + y^2))", gaussian),
        ("(1 - x)^2 + 100 (y - x^2)^2", rosenbrock),
        ("sin(x) cos(y)",
         lambda: (np.sin(X) * np.cos(Y), np.stack([np.cos(X) * np.cos(Y), -np.sin(X) * np.sin(Y)]))),
    ]


def _once(fn, clock) -> float:
    t0 = clock()
    fn()
    return clock() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=400)
    ap.add_argument("--size", type=int, default=200)
    args = ap.parse_args()

    from mfml_tui.engine import gradient, parse
    from mfml_tui.engine.evaluation import evaluate_all

    X, Y = np.meshgrid(np.linspace(-3, 3, args.size), np.linspace(-3, 3, args.size))
    print("load average (1, 5, 15 min): " + ", ".join(f"{v:.2f}" for v in os.getloadavg()))
    print(f"f and ∇f on a {args.size}×{args.size} grid, {args.rounds} interleaved rounds "
          "(engine: evaluate_all([f, ∇f]); numpy: as a person writes it)")
    worst = 0.0
    for text, by_hand in surfaces(X, Y):
        f = parse(text)
        g = gradient(f, ["x", "y"])

        def by_engine(f=f, g=g):
            return evaluate_all([f, g], {"x": X, "y": Y})

        got, want = by_engine(), by_hand()
        assert np.allclose(got[0], want[0]) and np.allclose(got[1], want[1]), text
        for _ in range(20):  # warm both
            by_engine(), by_hand()
        wall = {"engine": [], "numpy": []}
        cpu = {"engine": [], "numpy": []}
        for r in range(args.rounds):
            order = (("engine", by_engine), ("numpy", by_hand))
            for name, fn in order if r % 2 == 0 else order[::-1]:
                wall[name].append(_once(fn, time.perf_counter))
            for name, fn in order if r % 2 else order[::-1]:
                cpu[name].append(_once(fn, time.process_time))
        faults = {}
        for name, fn in (("engine", by_engine), ("numpy", by_hand)):  # fresh pages touched per call
            before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
            for _ in range(50):
                fn()
            faults[name] = (resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before) / 50
        ratio_min = min(wall["engine"]) / min(wall["numpy"])
        ratio_med = statistics.median(e / n for e, n in zip(wall["engine"], wall["numpy"], strict=True))
        cpu_ratio = sum(cpu["engine"]) / max(sum(cpu["numpy"]), 1e-12)
        worst = max(worst, ratio_min)
        engine_ms, numpy_ms = min(wall["engine"]) * 1e3, min(wall["numpy"]) * 1e3
        print(f"  {text:<28} engine {engine_ms:6.3f} ms  numpy {numpy_ms:6.3f} ms"
              f"  ratio of minima {ratio_min:.2f}×  median of ratios {ratio_med:.2f}×  CPU {cpu_ratio:.2f}×"
              f"  page faults {faults['engine']:.0f}/{faults['numpy']:.0f}"
              f"  [{'PASS' if ratio_min <= 1.2 else 'MISS'} ≤ 1.2×]")
    verdict = "PASS" if worst <= 1.2 else "MISS"
    print(f"worst ratio of minima: {worst:.2f}× [{verdict} ≤ 1.2× for every surface]")


if __name__ == "__main__":
    main()
