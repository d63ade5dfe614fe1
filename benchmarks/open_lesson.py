"""How long opening a lesson takes at the documented limits (docs/lesson-format.md, "Limits"): as many steps
as fit in MAX_FILE_BYTES, each with MAX_STEP_CHARS characters of Markdown (paragraphs, a list, a table,
maths) and MAX_STEP_BLOCKS quizzes (the heaviest step there can be), next to a bundled lesson.

    .venv/bin/python benchmarks/open_lesson.py [--runs 5]

Measured with Textual's pilot, headless, 80×24: from `open_lesson` until the first frame that shows the
first step is painted (the first screenful: a long step's widgets below it are built after that frame), until
the first step is built whole and painted, and from `n` (once the next step has been built ahead, as it is
while the learner reads) until the frame that shows the next step. Wall time and CPU time
(`time.process_time`: what the machine's load does not inflate) are printed with the load average.
Target: under 0.3 s for any lesson within the limits.
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

from frames import Frames, _built  # noqa: E402

from mfml_tui.course.loader import MAX_FILE_BYTES, MAX_STEP_BLOCKS, MAX_STEP_CHARS, MAX_STEPS  # noqa: E402

PARAGRAPH = ("The gradient ∇f points uphill; its length is the steepest slope. For f(x, y) = x²y we get "
             "∂f/∂x = 2xy and ∂f/∂y = x², so at (1, 2) the gradient is (4, 1). **Try** `2*x*y`.\n\n")
TABLE = "| x | f(x) | f′(x) |\n|---|---|---|\n" + "".join(f"| {i} | {i * i} | {2 * i} |\n" for i in range(8))
LIST = "".join(f"* point {i}: the slope of the secant tends to f′(a)\n" for i in range(6)) + "\n"
QUIZ = '```quiz\nid = "{id}"\nkind = "number"\nask = "What is {{a}} + 1?"\nparams = {{ a = "int 1..9" }}\n' \
       'answer = "a + 1"\n```\n\n'


def step_text(chars: int = MAX_STEP_CHARS) -> str:
    text = ""
    while True:
        for piece in (PARAGRAPH, LIST, TABLE + "\n", PARAGRAPH):
            if len(text) + len(piece) > chars - 100:
                return text
            text += piece


def big_lesson(folder: Path, chars: int = MAX_STEP_CHARS, blocks: int = MAX_STEP_BLOCKS) -> Path:
    root = folder / "lessons"
    week = root / "1-week"
    week.mkdir(parents=True)
    (root / "course.toml").write_text('title = "Limits"\nweeks = ["1-week"]\n')
    (week / "week.toml").write_text('number = 1\ntitle = "At the limits"\n')
    body = '+++\nid = "w1-big"\ntitle = "A lesson at the limits"\n+++\n\n'
    text = step_text(chars)
    s = 0
    while s < MAX_STEPS:
        quizzes = "".join(QUIZ.format(id=f"q{s}-{k}") for k in range(blocks))
        step = f"## Step {s + 1}\n\n{text}\n{quizzes}"
        if len((body + step).encode()) > MAX_FILE_BYTES:
            break
        body, s = body + step, s + 1
    (week / "01-big.md").write_text(body)
    return root


async def measure(lessons: Path, lesson_id: str, steps: int, runs: int) -> dict[str, list[float]]:
    from textual import events

    from mfml_tui.ui.app import build_app

    times: dict[str, list[float]] = {k: [] for k in ("open", "open CPU", "whole", "whole CPU", "n", "n CPU")}
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as data:
            app = build_app(lessons, Path(data) / "p.sqlite3", "bench", warm_up=False, seed=1)
            async with app.run_test(size=(80, 24)) as pilot:
                while not app.course_ready:
                    await pilot.pause(0.01)
                course = app.tutor.course
                assert course.lesson(lesson_id).available, course.all_problems()[:3]
                from mfml_tui.ui.screens import lesson  # noqa: F401 — imports are start-up, not opening

                frames = Frames(app)
                since = frames.mark()
                start, cpu = time.perf_counter(), time.process_time()
                app.open_lesson(lesson_id, 0)
                wall_end, cpu_end = await frames.first_showing(0, since)
                times["open"].append(wall_end - start)
                times["open CPU"].append(cpu_end - cpu)
                wall_end, cpu_end = await frames.whole(0)
                times["whole"].append(wall_end - start)
                times["whole CPU"].append(cpu_end - cpu)
                # the learner reads step 1 while step 2 is built ahead
                while not _built(app.screen, 1):
                    await pilot.pause(0.02)
                await pilot.pause(0.3)
                since = frames.mark()
                start, cpu = time.perf_counter(), time.process_time()
                app.post_message(events.Key("n", "n"))  # pilot.press would also wait for the build ahead
                wall_end, cpu_end = await frames.first_showing(1, since)
                times["n"].append(wall_end - start)
                times["n CPU"].append(cpu_end - cpu)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--chars", type=int, default=MAX_STEP_CHARS,
                        help="text per step (default: the limit)")
    parser.add_argument("--blocks", type=int, default=MAX_STEP_BLOCKS,
                        help="quizzes per step (default: the limit)")
    parser.add_argument("--no-bundled", action="store_true", help="only the lesson at the limits")
    args = parser.parse_args()
    os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")
    with tempfile.TemporaryDirectory() as folder:
        big = big_lesson(Path(folder), args.chars, args.blocks)
        size = (big / "1-week" / "01-big.md").stat().st_size
        what = f"steps of {args.chars} chars + {args.blocks} quizzes, {size:,} bytes"
        cases = [(f"at the limits ({what})", big, "w1-big", 2)]
        if not args.no_bundled:
            cases.append(("bundled: w0-how-it-works", ROOT / "lessons", "w0-how-it-works", 2))
        for name, lessons, lesson_id, steps in cases:
            load = os.getloadavg()[0]
            try:
                times = asyncio.run(measure(lessons, lesson_id, steps, args.runs))
            except Exception as error:  # noqa: BLE001 — a benchmark says what it could not measure
                print(f"{name}: not measured ({type(error).__name__}: {error})")
                continue
            ms = {k: (statistics.median(v) * 1000, max(v) * 1000) for k, v in times.items()}
            print(f"{name}  (load {load:.1f} → {os.getloadavg()[0]:.1f}):")
            for key, what in (("open", "open → first step painted  "),
                              ("whole", "open → first step all built"), ("n", "n → next step painted     ")):
                wall, cpu = ms[key], ms[f"{key} CPU"]
                print(f"  {what}: median {wall[0]:5.0f} ms wall {cpu[0]:5.0f} ms CPU, "
                      f"max {wall[1]:5.0f} ms wall {cpu[1]:5.0f} ms CPU  "
                      f"[{'PASS' if cpu[1] < 300 else 'MISS'} < 300 ms]")


if __name__ == "__main__":
    main()
