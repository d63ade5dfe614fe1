"""Quizzes: random parameters from a seed, the question, and grading answers as mathematics.

The UI uses `instantiate(spec, seed) -> Question`, `understand(question, text)` for the live echo and
`grade(question, text) -> Verdict`. Rules and defaults: docs/quizzes.md.
"""

from mfml_tui.quiz.grade import Understood, Verdict, grade, understand
from mfml_tui.quiz.mathbridge import QuizError
from mfml_tui.quiz.question import Choice, Question, instantiate

__all__ = ["Choice", "Question", "QuizError", "Understood", "Verdict", "grade", "instantiate", "understand"]
