"""`mfml-tui lessons slips`: which classic slips (engine.malrules) each quiz can recognise on its draws.

A slip counts for a quiz when, on at least one of the seeds tried, the answer it produces differs from
the right answer and from every other slip's answer (so grading can name it); authors see which
mistakes their question will diagnose by itself and which need a declared `mistakes` line.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mfml_tui.course.loader import load
from mfml_tui.engine import to_ascii
from mfml_tui.engine.diagnosis import candidates
from mfml_tui.engine.malrules import MALRULES
from mfml_tui.quiz import QuizError, instantiate
from mfml_tui.quiz.derivation import derives
from mfml_tui.quiz.kinds import KINDS


@dataclass(frozen=True)
class QuizSlips:
    where: str  # path:line of the quiz
    quiz_id: str
    slips: tuple[str, ...]  # mal-rule ids it can tell apart, in the table's order


def slips(root: Path, seeds: int = 5) -> list[QuizSlips]:
    course = load(root)
    found = []
    for week in course.weeks:
        for lesson in week.lessons:
            for spec in lesson.quizzes:
                if not spec.answer or KINDS[spec.kind].is_choice or not derives(spec.answer):
                    continue
                told: set[str] = set()
                for seed in range(seeds):
                    try:
                        question = instantiate(spec, seed)
                    except QuizError:
                        continue
                    options = candidates(spec.answer, question.params)
                    counts: dict[str, int] = {}
                    for c in options:
                        counts[to_ascii(c.value.expr)] = counts.get(to_ascii(c.value.expr), 0) + 1
                    told |= {c.malrule for c in options if counts[to_ascii(c.value.expr)] == 1}
                found.append(QuizSlips(str(spec.location), spec.id, tuple(m for m in MALRULES if m in told)))
    return found


def text(rows: list[QuizSlips]) -> str:
    none = "(none: declare its mistakes by hand)"
    lines = [f"{r.where}: {r.quiz_id}: {', '.join(r.slips) or none}" for r in rows]
    recognised = sum(1 for r in rows if r.slips)
    lines.append(f"{len(rows)} quizzes derived by the engine; {recognised} recognise at least one slip by "
                 "themselves")
    return "\n".join(lines)
