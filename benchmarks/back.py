"""Going back and leaving an explorer, frame by frame (issue #20: ≤ 50 ms key → final frame).

    .venv/bin/python benchmarks/back.py              # bundled course, 7 of each
    .venv/bin/python benchmarks/back.py --runs 15

Textual pilot at 80×24 (headless: the compositor renders every frame, the driver writes nothing). For each
key it prints the frames painted after it, and the wall and CPU (`time.process_time`) from the key to the
first and to the last of them, medians over the runs:
* leaving an explorer with b (w1-derivative-definition, the step with the secant explorer: e, then b);
* back to the course map with b from the first lesson, the first time (the map's Continue button changes
  its text, a layout) and the times after.
The learner waits for the last frame; `benchmarks/app.py` measures the same keys in a real tmux terminal.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")

QUIET = 0.3  # seconds without a frame after which the key's frames are counted


class FrameLog:
    """The (wall, CPU) clocks of each frame the app paints from now on."""

    def __init__(self, app) -> None:
        self.app = app
        self.frames: list[tuple[float, float]] = []
        real = app._display

        def display(screen, renderable) -> None:
            real(screen, renderable)
            if renderable is not None and not app._batch_count:
                self.frames.append((time.perf_counter(), time.process_time()))

        app._display = display

    async def after_key(self, pilot, key: str, done) -> tuple[int, float, float, float, float]:
        """Press `key`; once `done()` holds and no frame came for QUIET s: (frames, then wall and CPU ms
        to the first frame and to the last)."""
        self.frames.clear()
        wall, cpu = time.perf_counter(), time.process_time()
        await pilot.press(key)
        while not done():
            await asyncio.sleep(0.001)
        while not self.frames or time.perf_counter() - self.frames[-1][0] < QUIET:
            await asyncio.sleep(0.01)
        (first_wall, first_cpu), (last_wall, last_cpu) = self.frames[0], self.frames[-1]
        return (len(self.frames), (first_wall - wall) * 1000, (first_cpu - cpu) * 1000,
                (last_wall - wall) * 1000, (last_cpu - cpu) * 1000)


async def measure(lessons: Path, runs: int) -> dict[str, list[tuple[int, float, float, float, float]]]:
    from mfml_tui.ui.app import build_app
    from mfml_tui.ui.explorers import Explorer
    from mfml_tui.ui.screens.home import HomeScreen

    out: dict[str, list[tuple[int, float, float, float, float]]] = {"leave": [], "back first": [], "back": []}
    work = Path(tempfile.mkdtemp(prefix="mfml-back-"))
    app = build_app(lessons, work / "p.sqlite3", "bench", warm_up=False, seed=7)
    async with app.run_test(size=(80, 24)) as pilot:
        while not getattr(app, "course_ready", False):
            await asyncio.sleep(0.01)
        await pilot.pause(0.5)
        log = FrameLog(app)
        for i in range(runs + 1):
            await pilot.press("enter")
            while type(app.screen).__name__ != "LessonScreen":
                await asyncio.sleep(0.005)
            await pilot.pause(0.5)
            result = await log.after_key(pilot, "b", lambda: isinstance(app.screen, HomeScreen))
            out["back first" if i == 0 else "back"].append(result)
        app.open_lesson("w1-derivative-definition", 4)
        while type(app.screen).__name__ != "LessonScreen" or not app.screen.query(Explorer):
            await asyncio.sleep(0.01)
        await pilot.pause(0.5)
        explorer = app.screen.query_one(Explorer)
        flow = app.screen.query_one("#flow")
        for _ in range(runs):
            await pilot.press("e")
            while not explorer.has_focus:
                await asyncio.sleep(0.005)
            await pilot.pause(0.4)
            out["leave"].append(await log.after_key(pilot, "b", lambda: flow.has_focus))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lessons", type=Path, default=ROOT / "lessons")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    results = asyncio.run(measure(args.lessons, args.runs))
    print(f"pilot 80×24, {args.runs} runs (load {os.getloadavg()[0]:.1f}); after each key: frames, "
          "then wall / CPU to the first frame and to the last (ms)")
    for name, rows in results.items():
        frames = [row[0] for row in rows]
        first, last = ((statistics.median(row[i] for row in rows) for i in pair) for pair in ((1, 2), (3, 4)))
        print(f"  {name:<11} frames {statistics.median(frames):>3.0f} (each run: {frames})   "
              "first {:6.1f} / {:5.1f}   last {:6.1f} / {:5.1f}".format(*first, *last))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
