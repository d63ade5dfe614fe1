"""Course benchmark: loading the bundled course, and grading answers.

    .venv/bin/python benchmarks/course.py [LESSONS_DIR]

Prints the time to load the course in a fresh interpreter (imports included: what the app pays on
first use) and warm (a reload), then the time per graded answer for 1 000 number answers and 1 000
expression answers (a mix of right, wrong, rounded and unparsable). Targets: load < 150 ms, < 1 ms per
number answer, < 3 ms per expression answer.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mfml_tui import paths  # noqa: E402
from mfml_tui.course import load  # noqa: E402
from mfml_tui.course.model import Location, Mistake, QuizSpec  # noqa: E402
from mfml_tui.quiz import grade, instantiate  # noqa: E402

N = 1000


def cold_load_ms(root: Path) -> float:
    code = ("import time; t = time.perf_counter(); from mfml_tui.course import load; "
            f"c = load({str(root)!r}); print((time.perf_counter() - t) * 1000)")
    runs = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                 check=True).stdout) for _ in range(5)]
    return min(runs)


def warm_load_ms(root: Path) -> float:
    best = float("inf")
    for _ in range(10):
        t = time.perf_counter()
        load(root)
        best = min(best, time.perf_counter() - t)
    return best * 1000


def per_answer_ms(spec: QuizSpec, answers: list[str]) -> float:
    questions = [instantiate(spec, seed) for seed in range(20)]
    t = time.perf_counter()
    for i in range(N):
        grade(questions[i % len(questions)], answers[i % len(answers)])
    return (time.perf_counter() - t) * 1000 / N


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
    cold, warm = cold_load_ms(root), warm_load_ms(root)
    n_ms = per_answer_ms(number, ["3*sqrt(2)/2 + 4pi", "160", "14.69", "-12", "2*(", "[1, 2]", "x"])
    e_ms = per_answer_ms(expression, ["2x*a*cos(a x^2)", "cos(x^2)*x*4", "cos(3x^2)", "2x cos(x²)",
                                      "sin(x", "z", "12 x cos(6 x^2)"])
    print(f"course: {root} ({len(course.weeks)} weeks, {len(course.lessons)} lessons, "
          f"{sum(len(les.quizzes) for les in course.lessons)} quizzes)")
    print(f"load, fresh interpreter (imports included): {cold:6.1f} ms   target < 150 ms")
    print(f"load, warm:                                 {warm:6.1f} ms")
    print(f"grade a number answer:      {n_ms:6.3f} ms per answer ({N} answers)   target < 1 ms")
    print(f"grade an expression answer: {e_ms:6.3f} ms per answer ({N} answers)   target < 3 ms")


if __name__ == "__main__":
    main()
