"""The quiz kinds, one row each.

A row says what a quiz block of that kind may contain, its default tolerances, what its `answer` must
compute to, how an answer is graded and what the answer box suggests. The spec parser, the question
builder, the grader, `lessons check` and the answer box all read this table, so a new answer kind is one
row here plus its grader (docs/quizzes.md, "Adding a quiz kind"). Why the tolerances: docs/quizzes.md.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Keys every quiz block may use, whatever its kind.
COMMON_KEYS = frozenset({"id", "kind", "ask", "params", "where", "hints", "hint", "solution", "skills",
                         "same"})
_NUMERIC_KEYS = frozenset({"answer", "mistakes", "rtol", "atol", "decimals", "sigfigs", "printed"})


@dataclass(frozen=True)
class QuizKind:
    name: str
    keys: frozenset[str]  # block keys beyond COMMON_KEYS
    rtol: float  # default relative tolerance
    atol: float  # default absolute floor
    answer_kind: str | None  # the engine value `answer` must give; None: the kind checks its own
    grader: str  # "numbers" (entry by entry, rounding rules), "points" (random points), "choice"
    hint: str  # the answer box's placeholder; {variables} and {last} are filled in

    @property
    def numeric(self) -> bool:
        """Answers are numbers, entry by entry: rounding, `decimals`, `printed` and rounded mistakes apply."""
        return self.grader == "numbers"

    @property
    def pointwise(self) -> bool:
        """Answers are formulas, compared at random points of a domain."""
        return self.grader == "points"

    @property
    def is_choice(self) -> bool:
        return self.grader == "choice"

    @property
    def article(self) -> str:
        return "an" if self.name[0] in "aeiou" else "a"


KINDS: dict[str, QuizKind] = {k.name: k for k in [
    QuizKind("number", _NUMERIC_KEYS, 1e-3, 1e-9, "number", "numbers", "a number, e.g. 3/2 + sqrt(2)"),
    QuizKind("vector", _NUMERIC_KEYS, 1e-3, 1e-9, "vector", "numbers", "a vector, e.g. [1, -2]"),
    QuizKind("matrix", _NUMERIC_KEYS, 1e-3, 1e-9, "matrix", "numbers", "a matrix, e.g. [[1, 2], [3, 4]]"),
    QuizKind("expression", frozenset({"answer", "mistakes", "rtol", "atol", "variables", "domain"}),
             1e-6, 1e-9, None, "points", "an expression in {variables}"),
    QuizKind("choice", frozenset({"choices", "correct", "answer", "multiple", "shuffle", "show", "x",
                                  "fixed", "variables"}),
             1e-6, 1e-9, None, "choice", "a letter a–{last}"),
]}

#: Every key any quiz kind accepts (for "does not apply to a … quiz" messages).
ALL_KEYS = COMMON_KEYS.union(*(k.keys for k in KINDS.values()))
