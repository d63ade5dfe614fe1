"""Progress figures: recording, bulk import, the summary and the progress screen at 100 000 attempts.

Run: `.venv/bin/python benchmarks/progress.py [--attempts N]`. Targets: record < 2 ms per attempt (one
transaction each, review card included); summary < 100 ms at 100 000 attempts. The attempts go to the
bundled course's own quizzes, so the summary and the screen (the real app, headless) see a real course.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mfml_tui import paths  # noqa: E402
from mfml_tui.course import load  # noqa: E402
from mfml_tui.progress.store import open_store  # noqa: E402
from mfml_tui.progress.summary import format_summary  # noqa: E402


async def screen_times(db: Path, runs: int = 5) -> list[float]:
    """Seconds from "open the progress screen" until it has composed (summary + rebuilt questions) and
    painted, in the real app with the bundled course: the first open, then `runs - 1` more."""
    os.environ["TEXTUAL_ANIMATIONS"] = "none"
    from mfml_tui.ui.app import build_app
    from mfml_tui.ui.screens.progress import ProgressScreen

    app = build_app(paths.bundled_lessons(), db, "bench", warm_up=False)
    times = []
    async with app.run_test(size=(120, 40)) as pilot:
        while not app.course_ready:
            await pilot.pause(0.05)
        for _ in range(runs):
            t = time.perf_counter()
            app.open_progress()
            await pilot.pause()
            while not (isinstance(app.screen, ProgressScreen) and app.screen.is_mounted):
                await pilot.pause()
            await pilot.wait_for_scheduled_animations()
            await pilot.pause()
            times.append(time.perf_counter() - t)
            assert "Your progress" in str(app.screen.query_one("#progress-header").render())
            app.pop_screen()
            await pilot.pause()
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--attempts", type=int, default=100_000)
    n = parser.parse_args().attempts
    course = load(paths.bundled_lessons())
    keys = [(les.id, q.id) for les in course.lessons for q in les.quizzes]
    stride = next(k for k in range(7, 100) if math.gcd(k, len(keys)) == 1)  # visits every quiz, shuffled
    start = datetime(2025, 1, 1, tzinfo=UTC)
    step = timedelta(days=365) / n
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "progress.sqlite3", "bench")
        times = []
        t0 = time.perf_counter()
        for i in range(n):
            lesson, quiz = keys[(i * stride) % len(keys)]
            t = time.perf_counter()
            store.record_attempt(
                lesson,
                quiz,
                i,
                "42",
                i % 4 != 0,
                hints=int(i % 9 == 0),
                seconds=5 + i % 50,
                at=start + i * step,
            )
            times.append(time.perf_counter() - t)
        total = time.perf_counter() - t0
        mean_ms = 1000 * total / n
        ordered = sorted(times)
        p50_ms, p99_ms = 1000 * ordered[n // 2], 1000 * ordered[int(0.99 * n) - 1]
        over_2ms = sum(1 for x in times if x >= 0.002)
        size_mb = store.path.stat().st_size / 1e6

        t = time.perf_counter()
        exported = store.export_data()
        export_s = time.perf_counter() - t
        store2 = open_store(Path(tmp) / "imported.sqlite3", "bench")
        t = time.perf_counter()
        report = store2.import_data(exported)
        import_s = time.perf_counter() - t
        t = time.perf_counter()
        again = store2.import_data(exported)
        reimport_s = time.perf_counter() - t
        assert report.attempts_added == n and again.attempts_added == 0, (report, again)
        store2.close()

        now = start + timedelta(days=366)
        store.summary(course, now=now)  # warm the page cache, as a running app would be
        runs = []
        for _ in range(7):
            t = time.perf_counter()
            summary = store.summary(course, now=now)
            runs.append(time.perf_counter() - t)
        summary_ms = 1000 * statistics.median(runs)
        t = time.perf_counter()
        format_summary(summary)
        format_ms = 1000 * (time.perf_counter() - t)
        store.close()
        t = time.perf_counter()
        open_store(Path(tmp) / "progress.sqlite3", "bench").close()
        open_ms = 1000 * (time.perf_counter() - t)
        assert summary.attempts == n
        screens = asyncio.run(screen_times(Path(tmp) / "progress.sqlite3"))

    def line(name: str, value: str, target: str = "", ok: bool | None = None) -> None:
        verdict = "" if ok is None else ("  ok" if ok else "  MISSED")
        print(f"{name:<44} {value:>14}   {target}{verdict}")

    print(f"progress store, {n:,} attempts over the {len(keys)} quizzes of the bundled course "
          f"(file {size_mb:.1f} MB; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")
    line("record_attempt, one transaction each (mean)", f"{mean_ms:.3f} ms", "target < 2 ms", mean_ms < 2)
    line("record_attempt median / p99", f"{p50_ms:.3f} / {p99_ms:.3f} ms",
         f"({over_2ms:,} of {n:,} over 2 ms: the disk sync of WAL checkpoints)")
    line("export_data", f"{export_s * 1000:.0f} ms")
    line("import_data into an empty file", f"{n / import_s:,.0f} /s", f"({import_s:.2f} s, cards rebuilt)")
    line("import_data again (all known, idempotent)", f"{n / reimport_s:,.0f} /s", f"({reimport_s:.2f} s)")
    line("summary(course) median of 7", f"{summary_ms:.1f} ms", "target < 100 ms", summary_ms < 100)
    line("format_summary", f"{format_ms:.2f} ms")
    line("open_store on the full file", f"{open_ms:.1f} ms")
    line("progress screen opened and painted, first", f"{1000 * screens[0]:.0f} ms", "(real app, headless)")
    again_ms = 1000 * statistics.median(screens[1:])
    line(f"progress screen again, median of {len(screens) - 1}", f"{again_ms:.0f} ms")
    return 0 if mean_ms < 2 and summary_ms < 100 else 1


if __name__ == "__main__":
    sys.exit(main())
