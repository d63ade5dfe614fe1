"""Quizzes: random parameters from a seed, the question, and grading answers as mathematics.

The UI uses `instantiate(spec, seed) -> Question`, `understand(question, text)` for the live echo and
`grade(question, text) -> Verdict`. Rules and defaults: docs/quizzes.md.

Each name is imported on first use (PEP 562), so `mfml_tui.quiz.spec` (the plain dataclasses the course
model re-exports) can be imported without numpy or the engine.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mfml_tui.lazy import lazy_names

_WHERE = {
    "Choice": "question",
    "Question": "question",
    "QuizError": "mathbridge",
    "QuizSpec": "spec",
    "Understood": "grading",
    "Verdict": "grading",
    "grade": "grading",
    "instantiate": "draw",
    "prepare": "grading",
    "understand": "grading",
}
__all__ = ["Choice", "Question", "QuizError", "QuizSpec", "Understood", "Verdict", "grade", "instantiate",
           "prepare", "understand"]


__getattr__ = lazy_names(__name__, _WHERE, globals())


if TYPE_CHECKING:
    from mfml_tui.quiz.draw import instantiate
    from mfml_tui.quiz.grading import Understood, Verdict, grade, prepare, understand
    from mfml_tui.quiz.mathbridge import QuizError
    from mfml_tui.quiz.question import Choice, Question
    from mfml_tui.quiz.spec import QuizSpec
