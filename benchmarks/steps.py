"""Cold step builds over the whole course: for every step of every lesson, the time from asking for a step
that is not built yet until it is on screen and painted (Textual pilot, headless, 80×24).

    .venv/bin/python benchmarks/steps.py [--lessons DIR] [--only ID] [--revisit] [--profile FILE]

Building ahead (the neighbour steps) is switched off, so each figure is the whole cost a learner would
wait for if they got there before the prebuild did: from asking for the step until the first frame that
shows it is painted (a long step's widgets below its first screen are built after that frame), and until it
is built whole and painted. `--revisit` also times a second visit of each lesson
(a fresh screen: nothing but caches survive). Target: p90 ≤ 150 ms over the course. Prints wall and CPU
(`time.process_time`) per step, and the slowest steps.
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

from frames import Frames  # noqa: E402


async def walk(lessons: Path, only: str | None, revisit: bool, profile: str | None):
    from mfml_tui.ui.app import build_app
    from mfml_tui.ui.screens.lesson import LessonScreen

    LessonScreen._build_neighbours = lambda self: None  # cold: nothing is built ahead
    results: list[tuple[str, int, float, float, str, float, float]] = []
    with tempfile.TemporaryDirectory() as data:
        app = build_app(lessons, Path(data) / "p.sqlite3", "bench", warm_up=False, seed=1)
        async with app.run_test(size=(80, 24)) as pilot:
            while not app.course_ready:
                await pilot.pause(0.01)
            course = app.tutor.course
            ids = [les.id for les in course.lessons if les.available and (only is None or les.id == only)]
            profiler = None
            if profile:
                import cProfile

                profiler = cProfile.Profile()
            frames = Frames(app)
            for visit in range(2 if revisit else 1):
                for lesson_id in ids:
                    lesson = course.lesson(lesson_id)
                    for index in range(len(lesson.steps)):
                        await pilot.pause(0.02)
                        since = frames.mark()
                        w0, c0 = time.perf_counter(), time.process_time()
                        if profiler:
                            profiler.enable()
                        if index == 0:
                            app.open_lesson(lesson_id, 0)
                        else:
                            app.screen.run_worker(app.screen.go_to(index))
                        first = await frames.first_showing(index, since)
                        whole = await frames.whole(index)
                        if profiler:
                            profiler.disable()
                        tag = "" if visit == 0 else " (again)"
                        results.append((lesson_id + tag, index, first[0] - w0, first[1] - c0,
                                        lesson.steps[index].title, whole[0] - w0, whole[1] - c0))
                    app.pop_screen()
                    await pilot.pause(0.02)
            if profiler:
                profiler.dump_stats(profile)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lessons", default=str(ROOT / "lessons"))
    parser.add_argument("--only", help="one lesson id")
    parser.add_argument("--revisit", action="store_true", help="visit every lesson twice")
    parser.add_argument("--profile", help="write a cProfile of the step builds to this file")
    parser.add_argument("--slowest", type=int, default=8)
    args = parser.parse_args()
    os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")
    results = asyncio.run(walk(Path(args.lessons), args.only, args.revisit, args.profile))
    for label, pick in (("first visit", lambda r: not r[0].endswith("(again)")),
                        ("second visit", lambda r: r[0].endswith("(again)"))):
        rows = [r for r in results if pick(r)]
        if not rows:
            continue
        walls = sorted(r[2] * 1000 for r in rows)
        cpus = sorted(r[3] * 1000 for r in rows)
        whole_walls = sorted(r[5] * 1000 for r in rows)
        whole_cpus = sorted(r[6] * 1000 for r in rows)

        def p(values, q):
            return values[min(len(values) - 1, int(q * len(values)))]

        print(f"{label}: {len(rows)} cold step builds")
        for name, values in (("wall", walls), ("CPU ", cpus), ("wall, step built whole", whole_walls),
                             ("CPU, step built whole ", whole_cpus)):
            print(f"  {name} ms: median {statistics.median(values):6.1f}  p90 {p(values, 0.9):6.1f}  "
                  f"max {values[-1]:6.1f}")
        print(f"  [{'PASS' if p(walls, 0.9) <= 150 else 'MISS'}] p90 ≤ 150 ms")
        for lesson_id, index, wall, cpu, title, *_ in sorted(rows, key=lambda r: -r[2])[: args.slowest]:
            print(f"    {wall * 1000:7.1f} ms wall {cpu * 1000:7.1f} ms CPU  {lesson_id} step {index + 1}: "
                  f"{title}")


if __name__ == "__main__":
    main()
