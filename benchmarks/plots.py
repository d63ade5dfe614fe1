"""Draw time of every plot kind at 80×24, 120×40 and 200×60, and each explorer's redraw per key at 120×40.

Run: .venv/bin/python benchmarks/plots.py [runs] [sizes] [--plots | --explorers]
(sizes: e.g. 80x24,120x40; default 80×24, 120×40 and 200×60; --plots or --explorers runs only that half)
Plots: the time covers validation, the maths, the drawing calls and plotext's build (what a widget's
render costs), for the example spec of each kind in mfml_tui/plots/examples.py (median of `runs`).
Explorers: each opens full screen (as from the command palette) in a headless Textual app at 120×40;
for every key the time runs from the key press to the screen composed again with the new plot (the
pilot's wait for idle included, so an upper bound), median and worst over `runs` rounds of keys.
The target is < 50 ms a key.
Every figure is given twice: wall time, then CPU time (time.process_time, all threads of the process) in
brackets; on a loaded machine the wall time mostly measures the other processes, the CPU time does not.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from pathlib import Path

import plotext
from textual import events
from textual.app import App

from mfml_tui import plots
from mfml_tui.course.model import ExploreSpec, Location
from mfml_tui.plots.examples import EXAMPLES
from mfml_tui.ui.explorers import EXPLORERS, ExplorerPlot, ExplorerScreen
from mfml_tui.ui.services import DEFAULT_MARKER

SIZES = ((80, 24), (120, 40), (200, 60))
EXPLORER_SIZE = (120, 40)
# keys that change what is drawn (backprop: training runs in a worker, so only its settings keys)
KEYS = {
    "secant": ["down", "down", "up", "right", "left", "c"],
    "taylor": ["plus", "plus", "minus", "right", "left", "f"],
    "newton": ["enter", "enter", "enter", "r", "right", "left"],
    "descent": ["enter", "enter", "plus", "minus", "m", "left", "e", "r"],
    "lagrange": ["right", "right", "left", "enter", "right"],
    "chi2": ["right", "up", "left", "down", "g", "r"],
    "network": ["right", "down", "left", "up", "right"],
    "backprop": ["plus", "minus", "plus", "minus"],
    "sandpit": ["left", "up", "enter", "right", "enter", "w", "enter", "g", "r"],
    "heights": ["enter", "enter", "m", "enter", "r"],
}


def measure(spec: dict, width: int, height: int, runs: int, marker: str) -> tuple[float, float]:
    """Median wall and CPU milliseconds of one drawing."""
    times, cpu = [], []
    for _ in range(runs):
        t, c = time.perf_counter(), time.process_time()
        plots.draw(spec, plotext, width=width, height=height, marker=marker)
        plotext.build()
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    return statistics.median(times) * 1000, statistics.median(cpu) * 1000


class _Tutor:
    """What the explorers ask of the app's tutor: the app's default marker family."""

    marker = DEFAULT_MARKER
    ascii_only = False

    def setting(self, key: str) -> None:
        return None


class _Host(App):
    def __init__(self, kind: str) -> None:
        super().__init__()
        self.tutor = _Tutor()
        self.kind = kind

    def on_mount(self) -> None:
        options = EXPLORERS[self.kind][1]  # as the command palette opens it
        self.push_screen(ExplorerScreen(ExploreSpec(self.kind, options, Location(Path("-"), 1))))


async def _explorer_times(kind: str, runs: int) -> tuple[list[float], list[float], int]:
    """Key → frame (ms) for every key of every round, and how many times the plot was drawn.

    The key goes to the driver as a terminal's would; the time stops when the app hands the driver
    a frame that holds a freshly drawn plot (Textual's refresh timer included: what a learner waits).
    """
    app = _Host(kind)
    drawn = 0
    frames: list[tuple[float, int]] = []
    async with app.run_test(size=EXPLORER_SIZE) as pilot:
        await pilot.pause()
        plot = app.screen.query_one(ExplorerPlot)
        paint = plot.painter

        def counting(plt, width, height) -> None:
            nonlocal drawn
            drawn += 1
            paint(plt, width, height)

        display = app._display

        def stamping(screen, renderable) -> None:
            display(screen, renderable)
            if renderable is not None:
                frames.append((time.perf_counter(), drawn, time.process_time()))

        plot.painter = counting
        app._display = stamping  # type: ignore[method-assign]
        times: list[float] = []
        cpu: list[float] = []
        for _ in range(runs):
            for key in KEYS[kind]:
                before = drawn
                event = events.Key(key, key if len(key) == 1 else None)
                t, c = time.perf_counter(), time.process_time()
                app._driver.send_message(event)
                while not any(n > before and at > t for at, n, _ in frames):
                    if time.perf_counter() - t > 5:
                        raise RuntimeError(f"{kind}: no new frame 5 s after {key!r}")
                    await asyncio.sleep(0.0005)
                at, _, used = next(f for f in frames if f[1] > before and f[0] > t)
                times.append((at - t) * 1000)
                cpu.append((used - c) * 1000)
                frames.clear()
                await pilot.pause()
    return times, cpu, drawn


def explorers(runs: int) -> None:
    w, h = EXPLORER_SIZE
    print(f"explorers at {w}×{h}, marker = {DEFAULT_MARKER!r}: key → frame with the new plot (ms), "
          f"{runs} rounds of keys; target < 50")
    print(f"{'explorer':<10}{'keys':>6}{'draws':>7}{'median':>9}{'(cpu)':>8}{'worst':>8}{'(cpu)':>8}")
    assert set(KEYS) == set(EXPLORERS), "every explorer needs keys here"
    for kind in KEYS:
        times, cpu, draws = asyncio.run(_explorer_times(kind, runs))
        print(f"{kind:<10}{len(times):>6}{draws:>7}{statistics.median(times):>9.1f}"
              f"{f'({statistics.median(cpu):.1f})':>8}{max(times):>8.1f}{f'({max(cpu):.1f})':>8}")
    print()


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    runs = int(args[0]) if args else 7
    sizes = [tuple(int(v) for v in s.split("x")) for s in args[1].split(",")] if len(args) > 1 else SIZES
    if "--explorers" not in sys.argv:
        for marker in ("braille", "dot"):
            print(f"marker = {marker!r}, median of {runs} runs (ms)")
            print(f"{'kind':<12}" + "".join(f"{f'{w}×{h}':>10}{'(cpu)':>9}" for w, h in sizes))
            for name, spec in EXAMPLES.items():
                cells = [measure(spec, w, h, runs, marker) for w, h in sizes]
                print(f"{name:<12}" + "".join(f"{w:>10.1f}{f'({c:.1f})':>9}" for w, c in cells))
            print()
    if "--plots" not in sys.argv:
        explorers(runs)


if __name__ == "__main__":
    main()
