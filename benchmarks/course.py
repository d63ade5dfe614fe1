"""Course benchmark: loading the bundled course, and grading answers.

    .venv/bin/python benchmarks/course.py [LESSONS_DIR]

Prints the time to load the course in a fresh interpreter (imports included: what the app pays at
start), both as it normally happens (the validated course reused from the disk cache) and validating
every file afresh (the first start after an edit or an upgrade), then the time per graded answer for
1 000 number answers and 1 000 expression answers, each a different text (so the parser's cache does
not flatter the figure), a mix of right, wrong, rounded and unparsable. CPU time is printed next to wall
time because a shared machine inflates the latter. Targets: load < 150 ms, < 1 ms per number answer,
< 3 ms per expression answer.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mfml_tui import paths  # noqa: E402
from mfml_tui.course import load  # noqa: E402
from mfml_tui.course.model import Location, Mistake, QuizSpec  # noqa: E402
from mfml_tui.quiz import grade, instantiate  # noqa: E402

N = 1000


def cold_load_ms(root: Path, cache: str) -> tuple[float, float]:
    """Best of 5 (wall, CPU) ms for `load(root)` in a fresh interpreter, imports included."""
    code = ("import time; t, c = time.perf_counter(), time.process_time(); from mfml_tui.course import load; "
            f"load({str(root)!r}, cache=True); "
            "print((time.perf_counter() - t) * 1000, (time.process_time() - c) * 1000)")
    env = {**os.environ, "MFML_TUI_CACHE": cache}
    runs = [tuple(map(float, subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                            check=True, env=env).stdout.split())) for _ in range(5)]
    return min(r[0] for r in runs), min(r[1] for r in runs)


def warm_load_ms(root: Path) -> float:
    best = float("inf")
    for _ in range(10):
        t = time.perf_counter()
        load(root, cache=False)
        best = min(best, time.perf_counter() - t)
    return best * 1000


def per_answer_ms(spec: QuizSpec, answers: list[str]) -> float:
    questions = [instantiate(spec, seed) for seed in range(20)]
    t = time.perf_counter()
    for i, answer in enumerate(answers):
        grade(questions[i % len(questions)], answer)
    return (time.perf_counter() - t) * 1000 / len(answers)


def distinct(forms: list[str]) -> list[str]:
    """N different texts: each form with its own harmless `+ 0*k` (or a different decimal)."""
    return [forms[i % len(forms)].replace("{k}", str(i)) for i in range(N)]


def main() -> None:
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else paths.bundled_lessons()
    course = load(root)
    here = Location(Path("bench.md"), 1)
    number = QuizSpec(id="n", kind="number", ask="?", location=here, rtol=1e-3, atol=1e-9,
                      params={"a": "int 2..9", "n": "int 2..5", "x0": "choice -2 2 3"},
                      answer="at(diff(a*x^n, x), x=x0)",
                      mistakes=(Mistake("at(a*n*x^(n+1), x=x0)", "down, not up"),))
    expression = QuizSpec(id="e", kind="expression", ask="?", location=here, rtol=1e-6, atol=1e-9,
                          params={"a": "int 2..6"}, answer="diff(sin(a*x^2), x)",
                          mistakes=(Mistake("cos(a*x^2)", "chain rule"),))
    with tempfile.TemporaryDirectory() as cache:
        cold_validate = cold_load_ms(root, "off")
        subprocess.run([sys.executable, "-c", f"from mfml_tui.course import load; load({str(root)!r}, "
                        "cache=True)"], check=True, env={**os.environ, "MFML_TUI_CACHE": cache})
        cold_cached = cold_load_ms(root, cache)
    warm = warm_load_ms(root)
    n_ms = per_answer_ms(number, distinct(["3*sqrt(2)/2 + 4pi + 0*{k}", "160 + 0*{k}", "14.69{k}", "-12.{k}",
                                           "2*({k}", "[1, {k}]", "x + {k}"]))
    e_ms = per_answer_ms(expression, distinct(["2x*a*cos(a x^2) + 0*{k}", "cos(x^2)*x*4 + 0*{k}",
                                               "cos(3x^2) + 0*{k}", "2x cos(x²) + 0*{k}", "sin(x + {k}",
                                               "z + {k}", "12 x cos(6 x^2) + 0*{k}"]))
    print(f"course: {root} ({len(course.weeks)} weeks, {len(course.lessons)} lessons, "
          f"{sum(len(les.quizzes) for les in course.lessons)} quizzes)")
    print(f"load, fresh interpreter, validated course from the disk cache: {cold_cached[0]:6.1f} ms wall, "
          f"{cold_cached[1]:6.1f} ms CPU   target < 150 ms")
    print(f"load, fresh interpreter, validating every file:                {cold_validate[0]:6.1f} ms wall, "
          f"{cold_validate[1]:6.1f} ms CPU   (after an edit or an upgrade)")
    print(f"load again in the same process, validating (parser cache warm): {warm:6.1f} ms")
    print(f"grade a number answer:      {n_ms:6.3f} ms per answer ({N} different answers)   target < 1 ms")
    print(f"grade an expression answer: {e_ms:6.3f} ms per answer ({N} different answers)   target < 3 ms")

if __name__ == "__main__":
    main()
