"""Memory over time: walk the whole course again and again and print the resident set size.

    .venv/bin/python benchmarks/soak.py                  # the bundled course, 5 minutes
    .venv/bin/python benchmarks/soak.py --minutes 1      # shorter

In-process (Textual pilot, headless, 80×24): every available lesson, each of its steps in turn, back to
the course map, then one explorer from the command palette's list at full size and back. RSS is read from
/proc every `--every` seconds. Target: RSS reaches a plateau ≤ 110 MB (a leak shows as a steady climb).
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def until(predicate, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise RuntimeError("timed out")
        await asyncio.sleep(0.01)


async def soak(lessons: Path, minutes: float, every: float) -> list[tuple[float, int, float]]:
    os.environ["TEXTUAL_ANIMATIONS"] = "none"
    from mfml_tui.ui.app import build_app
    from mfml_tui.ui.explorers import EXPLORERS

    data = Path(tempfile.mkdtemp(prefix="mfml-soak-"))
    app = build_app(lessons, data / "p.sqlite3", "soak", warm_up=False, seed=7)
    samples: list[tuple[float, int, float]] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await until(lambda: app.course_ready)
        course = [les for les in app.tutor.course.lessons if les.available]
        explorers = itertools.cycle(sorted(EXPLORERS))
        start = last = time.monotonic()
        visits = 0
        samples.append((0.0, 0, rss_mb()))
        print(f"{'seconds':>8} {'visits':>7} {'RSS MB':>7}", flush=True)
        print(f"{0:8.0f} {0:7d} {samples[-1][2]:7.1f}", flush=True)
        while time.monotonic() - start < minutes * 60:
            for lesson in course:
                app.open_lesson(lesson.id, 0)
                await until(lambda: type(app.screen).__name__ == "LessonScreen")
                screen = app.screen
                await until(lambda screen=screen: screen.shown_step is not None)
                for step in range(1, len(lesson.steps)):
                    await screen.go_to(step)
                    await pilot.pause()
                app.go_home()
                app.open_explorer(next(explorers))
                await pilot.pause()
                app.go_home()
                await pilot.pause()
                visits += 1
                now = time.monotonic()
                if now - last >= every:
                    last = now
                    samples.append((now - start, visits, rss_mb()))
                    print(f"{now - start:8.0f} {visits:7d} {samples[-1][2]:7.1f}", flush=True)
                if now - start >= minutes * 60:
                    break
    return samples


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lessons", default=str(ROOT / "lessons"))
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--every", type=float, default=15.0, help="seconds between RSS samples")
    args = parser.parse_args()
    samples = asyncio.run(soak(Path(args.lessons).resolve(), args.minutes, args.every))
    half = [rss for t, _v, rss in samples if t >= samples[-1][0] / 2]
    peak = max(rss for _t, _v, rss in samples)
    growth = half[-1] - half[0] if len(half) > 1 else 0.0
    print(f"\nlesson visits: {samples[-1][1]}; peak RSS {peak:.1f} MB; second half grew {growth:+.1f} MB")
    print(f"  [{'PASS' if peak <= 110 else 'MISS'}] plateau ≤ 110 MB: {peak:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
