"""Draw time of every plot kind at 80×24 and 200×60 (median of several runs), headless with plotext.

Run: .venv/bin/python benchmarks/plots.py [runs]
The time covers validation, the maths, the drawing calls and plotext's build (what a widget's render
costs), for the example spec of each kind in mfml_tui/plots/examples.py.
"""

from __future__ import annotations

import statistics
import sys
import time

import plotext

from mfml_tui import plots
from mfml_tui.plots.examples import EXAMPLES

SIZES = ((80, 24), (200, 60))


def measure(spec: dict, width: int, height: int, runs: int, marker: str) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        plots.draw(spec, plotext, width=width, height=height, marker=marker)
        plotext.build()
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    for marker in ("braille", "dot"):
        print(f"marker = {marker!r}, median of {runs} runs (ms)")
        print(f"{'kind':<12}" + "".join(f"{f'{w}×{h}':>10}" for w, h in SIZES))
        for name, spec in EXAMPLES.items():
            cells = [measure(spec, w, h, runs, marker) for w, h in SIZES]
            print(f"{name:<12}" + "".join(f"{c:>10.1f}" for c in cells))
        print()


if __name__ == "__main__":
    main()
