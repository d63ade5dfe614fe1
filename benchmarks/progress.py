"""Progress store figures: recording, bulk import and the summary at 100 000 attempts.

Run: `.venv/bin/python benchmarks/progress.py [--attempts N]`. Targets: record < 2 ms per attempt (one
transaction each, review card included); summary < 100 ms at 100 000 attempts.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mfml_tui.course.model import Course, Lesson, Location, QuizBlock, QuizSpec, Step, TextBlock, Week  # noqa: E402
from mfml_tui.progress.store import open_store  # noqa: E402
from mfml_tui.progress.summary import format_summary  # noqa: E402

WEEKS, LESSONS, QUIZZES = 6, 7, 5  # 42 lessons, 210 quizzes: about the size of the course


def synthetic_course() -> Course:
    here = Location(Path("bench.md"), 1)
    weeks = []
    for w in range(WEEKS):
        lessons = []
        for n in range(LESSONS):
            lid = f"w{w}-l{n}"
            steps = tuple(
                Step(
                    f"step {q}",
                    (
                        TextBlock("text", here),
                        QuizBlock(QuizSpec(f"q{q}", "number", "?", here, skills=(f"skill-{w}-{q % 3}",))),
                    ),
                    here,
                )
                for q in range(QUIZZES)
            )
            lessons.append(Lesson(lid, f"Lesson {w}.{n}", Path(f"{lid}.md"), f"w{w}", steps=steps))
        weeks.append(Week(f"w{w}", w + 1, f"Week {w + 1}", "", tuple(lessons)))
    return Course("Bench", Path("."), tuple(weeks))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--attempts", type=int, default=100_000)
    n = parser.parse_args().attempts
    course = synthetic_course()
    keys = [(les.id, q.id) for les in course.lessons for q in les.quizzes]
    start = datetime(2025, 1, 1, tzinfo=UTC)
    step = timedelta(days=365) / n
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "progress.sqlite3", "bench")
        times = []
        t0 = time.perf_counter()
        for i in range(n):
            lesson, quiz = keys[(i * 7) % len(keys)]
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
        p99_ms = 1000 * sorted(times)[int(0.99 * n) - 1]
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

    def line(name: str, value: str, target: str = "", ok: bool | None = None) -> None:
        verdict = "" if ok is None else ("  ok" if ok else "  MISSED")
        print(f"{name:<44} {value:>14}   {target}{verdict}")

    print(f"progress store, {n:,} attempts over {len(keys)} quizzes (file {size_mb:.1f} MB)")
    line("record_attempt, one transaction each (mean)", f"{mean_ms:.3f} ms", "target < 2 ms", mean_ms < 2)
    line("record_attempt p99", f"{p99_ms:.3f} ms")
    line("export_data", f"{export_s * 1000:.0f} ms")
    line("import_data into an empty file", f"{n / import_s:,.0f} /s", f"({import_s:.2f} s, cards rebuilt)")
    line("import_data again (all known, idempotent)", f"{n / reimport_s:,.0f} /s", f"({reimport_s:.2f} s)")
    line("summary(course) median of 7", f"{summary_ms:.1f} ms", "target < 100 ms", summary_ms < 100)
    line("format_summary", f"{format_ms:.2f} ms")
    line("open_store on the full file", f"{open_ms:.1f} ms")
    return 0 if mean_ms < 2 and summary_ms < 100 else 1


if __name__ == "__main__":
    sys.exit(main())
