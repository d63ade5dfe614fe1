"""The quiz kinds table is the one place a kind is described: the parser, the question and the answer box
read it (a new kind is one row plus its grader)."""

from __future__ import annotations

from pathlib import Path

import pytest

from mfml_tui.course import load
from mfml_tui.quiz import QuizError, instantiate
from mfml_tui.quiz.kinds import ALL_KEYS, COMMON_KEYS, KINDS

ANSWERS = {"number": "2 + 1", "vector": "[1, 2]", "matrix": "[[1, 0], [0, 1]]", "expression": "x^2"}


def _lesson(tmp_path: Path, block: str) -> Path:
    week = tmp_path / "1-w"
    week.mkdir(parents=True)
    (tmp_path / "course.toml").write_text('title = "T"\nweeks = ["1-w"]\n')
    (week / "week.toml").write_text('title = "W"\n')
    (week / "01-a.md").write_text(f'+++\nid = "a"\ntitle = "A"\n+++\n\n## Step\n\n```quiz\n{block}\n```\n')
    return tmp_path


@pytest.mark.parametrize("kind", [k for k in KINDS if not KINDS[k].is_choice])
def test_each_kind_takes_its_rows_keys_and_defaults(tmp_path: Path, kind: str) -> None:
    row = KINDS[kind]
    block = f'id = "q"\nkind = "{kind}"\nask = "?"\nanswer = "{ANSWERS[kind]}"'
    course = load(_lesson(tmp_path, block))
    lesson = course.weeks[0].lessons[0]
    assert lesson.problems == ()
    spec = lesson.quizzes[0]
    assert (spec.rtol, spec.atol) == (row.rtol, row.atol)
    question = instantiate(spec, 0)
    assert question.input_hint.split(",")[0] in row.hint.format(variables="x", last="a")
    # a key of another kind is refused, with the row's words
    foreign = sorted(ALL_KEYS - COMMON_KEYS - row.keys)[0]
    course = load(_lesson(tmp_path / "again", f"{block}\n{foreign} = 1"))
    problems = [str(p) for p in course.weeks[0].lessons[0].problems]
    assert any(f"`{foreign}` does not apply to {row.article} {kind} quiz" in p for p in problems), problems


def test_an_answer_of_the_wrong_kind_is_the_authors_bug(tmp_path: Path) -> None:
    course = load(_lesson(tmp_path, 'id = "q"\nkind = "vector"\nask = "?"\nanswer = "3"'))
    with pytest.raises(QuizError, match="the answer of a vector quiz must be a vector"):
        instantiate(course.weeks[0].lessons[0].quizzes[0], 0)


def test_a_misspelt_kind_gets_did_you_mean(tmp_path: Path) -> None:
    course = load(_lesson(tmp_path, 'id = "q"\nkind = "nmber"\nask = "?"\nanswer = "3"'))
    problems = [str(p) for p in course.weeks[0].lessons[0].problems]
    assert any("unknown quiz kind `nmber` (did you mean `number`?)" in p for p in problems), problems


def test_the_answer_box_asks_for_brackets_when_an_expression_answer_is_a_vector_or_a_matrix() -> None:
    """A gradient or a Jacobian asked as an expression quiz showed "an expression in x, y" in its empty
    answer box, as if one formula were wanted. Every bundled expression quiz now names what its answer is
    (vector, matrix or expression), and the example it gives parses to that, in the quiz's own variables."""
    from mfml_tui.engine import Mat, Vec, free_symbols, parse
    from mfml_tui.quiz.question import shape_of

    course = load(Path(__file__).parent.parent / "lessons")
    seen = set()
    for week in course.weeks:
        for lesson in week.lessons:
            for spec in lesson.quizzes:
                if spec.kind != "expression":
                    continue
                question = instantiate(spec, 0)
                hint = question.input_hint
                shape = len(shape_of(question.expected))
                seen.add(shape)
                said = {0: "an expression in ", 1: "a vector in ", 2: "a matrix in "}[shape]
                assert hint.startswith(said + ", ".join(question.variables)), (spec.id, hint)
                if shape:
                    example = parse(hint.split("e.g. ", 1)[1])
                    assert isinstance(example, Vec if shape == 1 else Mat), (spec.id, hint)
                    assert free_symbols(example) <= set(question.variables), (spec.id, hint)
    assert seen == {0, 1, 2}  # the course has all three
