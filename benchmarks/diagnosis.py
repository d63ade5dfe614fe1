"""Simulated learners making the classic slips, over the bundled course.

    .venv/bin/python benchmarks/diagnosis.py [SEEDS]

For every quiz whose answer the engine derives, for SEEDS seeds (default 20), and every mal-rule that
applies to the derivation on that draw (engine.diagnosis.candidates), the wrong answer the slip produces
is typed as the engine prints it and graded, on a fresh question (so the search's cache starts cold, as
for a learner's first wrong answer). Prints: % diagnosed with exactly the injected slip, % with another
slip named, % undiagnosed, the right answers diagnosed as a slip (must be 0), and the time from answer to
verdict for these wrong answers (median, p99; CPU time, since the machine may be shared),
twice: as the learner meets it (the quiz card starts the slip search in a thread as typing
begins, `quiz.prepare`) and cold (the whole search after Enter).

A slip that gives the same wrong answer, where answers are compared, as another slip at another place
(e^(3x)′ = e^(3x) and (3x)′ = 1 drop the same factor 3) or by another rule ((1/x)′ = 1/x² is both the
exponent's sign lost and the factor n = −1 left out) cannot be told apart by any grader: such answers are
counted as "ambiguous", and the feedback says only what is true of all of them.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mfml_tui import paths  # noqa: E402
from mfml_tui.course import load  # noqa: E402
from mfml_tui.engine import to_ascii  # noqa: E402
from mfml_tui.engine.diagnosis import _candidates  # noqa: E402
from mfml_tui.quiz import QuizError, grade, instantiate, prepare  # noqa: E402
from mfml_tui.quiz.derivation import derives  # noqa: E402
from mfml_tui.quiz.grading import _SLIPS, _matching, _slip_values  # noqa: E402
from mfml_tui.quiz.kinds import KINDS  # noqa: E402


def main() -> None:
    seeds = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    course = load(paths.bundled_lessons())
    specs = [q for w in course.weeks for lesson in w.lessons for q in lesson.quizzes
             if q.answer and not KINDS[q.kind].is_choice and derives(q.answer)]
    exact = other = none = ambiguous = right_flagged = rights = declared = uncounted = 0
    times: list[float] = []
    cold: list[float] = []
    for spec in specs:
        for seed in range(seeds):
            try:
                question = instantiate(spec, seed)
            except QuizError:
                continue
            rights += 1
            if grade(question, question.answer_text).slip is not None:
                right_flagged += 1
            _candidates.cache_clear()
            _SLIPS.clear()
            prepare(question)  # as the quiz card does while the learner types
            slipped = _slip_values(question)  # every slip's wrong answer that differs from the right one
            for c, _values in slipped:
                typed = to_ascii(c.value.expr)
                start = time.process_time()
                grade(question, typed)
                times.append((time.process_time() - start) * 1000)
            declared_texts = {says for _, says in question.mistakes}
            for c, values in slipped:
                typed = to_ascii(c.value.expr)
                _candidates.cache_clear()  # the learner's first wrong answer: the search starts cold
                _SLIPS.clear()
                start = time.process_time()
                verdict = grade(question, typed)
                cold.append((time.process_time() - start) * 1000)
                # slips that give this same answer where answers are compared: no grader can tell them apart
                alike = {(m.node, m.var, m.everywhere, m.malrule) for m in _matching(question, values)}
                if verdict.correct:
                    continue  # equal to the answer on this draw's points: never a diagnosis
                if not verdict.counted:
                    uncounted += 1  # e.g. too large to compute: not a wrong attempt at all
                elif verdict.mistake in declared_texts:
                    declared += 1  # the author's own feedback for this mistake comes first
                elif len(alike) > 1:
                    ambiguous += 1
                elif verdict.slip == c.malrule:
                    exact += 1
                elif verdict.slip is None:
                    none += 1
                else:
                    other += 1
    total = exact + other + none
    print(f"quizzes whose answer the engine derives: {len(specs)}; seeds: {seeds}; wrong answers left to "
          f"the engine: {total} (besides: {declared} met by an author's declared mistake first, "
          f"{ambiguous} equal to another slip too (at another place, or by another rule), "
          f"{uncounted} not counted)")
    if total:
        print(f"diagnosed with the injected slip: {100 * exact / total:.1f} %")
        print(f"another slip named:               {100 * other / total:.1f} %")
        print(f"undiagnosed:                      {100 * none / total:.1f} %")
    print(f"right answers diagnosed as a slip: {right_flagged} of {rights}")
    for label, ms in (("as the learner meets it (search begun while typing)", times),
                      ("cold (the whole search after Enter)", cold)):
        if ms:
            ms.sort()
            p99 = ms[min(len(ms) - 1, int(0.99 * len(ms)))]
            print(f"answer → verdict for a wrong answer (CPU), {label}: "
                  f"median {statistics.median(ms):.1f} ms, p99 {p99:.1f} ms")


if __name__ == "__main__":
    main()
