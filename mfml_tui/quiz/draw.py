"""Drawing a question for a seed: build it, then make sure no declared mistake would be graded right.

This sits above both `question` (building) and `grade` (checking) so that neither imports the other.
"""

from __future__ import annotations

from mfml_tui.quiz.grading import Verdict, a_mistake_rounds_to_the_answer, mistake_verdicts
from mfml_tui.quiz.kinds import KINDS
from mfml_tui.quiz.params import Draw
from mfml_tui.quiz.question import REDRAWS, Drawn, Question, build
from mfml_tui.quiz.spec import QuizSpec


def instantiate(spec: QuizSpec, seed: int) -> Question:
    """Build the question for this seed. Raises QuizError if the lesson's quiz cannot be built (a lesson
    bug that `lessons check` reports); the UI can show the message or try another seed.

    Numbers that make a declared mistake equal to the answer (p = 0 drops the very chain factor the
    mistake forgets) would grade that mistake as right, and numbers where a mistake rounds to the same
    figures as the answer could not tell a right learner from a wrong one: such a draw is replaced by the
    seed's next one, deterministically, so a seed still always gives the same question."""
    return drawn(spec, seed)[0]


def drawn(spec: QuizSpec, seed: int) -> tuple[Question, tuple[Verdict, ...] | None, bool | None]:
    """`instantiate`, with the verdicts its declared mistakes got when typed in (None where there was no
    need to grade them: a choice question, or no mistakes) and whether a mistake rounds to the answer
    (None where that was not asked), so `lessons check` grades and rounds each once."""
    return drawn_from(spec, seed, shared_numbers(spec, seed))[:3]


def shared_numbers(spec: QuizSpec, seed: int) -> Draw | None:
    """`same`: the earlier quiz's numbers (and their labels) for this seed, which this quiz keeps."""
    if spec.base is None:
        return None
    earlier = instantiate(spec.base, seed)
    return Draw(dict(earlier.params), dict(earlier.labels))


def drawn_from(spec: QuizSpec, seed: int, fixed: Draw | None, first_drawn: Drawn | None = None
               ) -> tuple[Question, tuple[Verdict, ...] | None, bool | None, bool]:
    """`drawn` with the shared numbers given (`shared_numbers`), and whether the question is the seed's
    first draw, kept on its own merits: then it depends only on that draw's numbers (and the seed's
    random points and shuffle), not on which of the seed's later draws were tried. `first_drawn` is
    `drawn_numbers(spec, seed, 0, fixed)` when the caller has it already."""
    first = build(spec, seed, 0, fixed, first_drawn)
    if KINDS[spec.kind].is_choice or not spec.mistakes:
        return first, None, False, True  # nothing declared can round to the answer
    verdicts = None
    for stream in range(REDRAWS + 1):
        question = first if stream == 0 else build(spec, seed, stream, fixed)
        graded = mistake_verdicts(question)
        if stream == 0:
            verdicts = graded
        if not any(v.correct for v in graded) and not a_mistake_rounds_to_the_answer(question):
            return question, graded, False, stream == 0
    return first, verdicts, None, False
