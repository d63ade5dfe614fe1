"""Lesson folders as authors really leave them: copied lessons, deep TOML, huge files, symlink loops, stray
week folders. The loader and `lessons check` report each as `path:line: …` and never raise or hang."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from mfml_tui.course import load
from mfml_tui.course.check import check
from mfml_tui.course.loader import MAX_FILE_BYTES, MAX_STEP_BLOCKS, MAX_STEP_CHARS, MAX_STEPS
from tests.test_course_loader import FRONT, make_course


def found(root: Path, seeds: int = 2) -> list[str]:
    """`lessons check`'s problems as `folder/file:line: message` (stable across machines)."""
    report = check(root, seeds=seeds)
    return [f"{p.location.path.relative_to(root)}:{p.location.line}: {p.message}"
            for p in report.sorted_problems()]


QUIZ = '```quiz\nid = "{id}"\nkind = "number"\nask = "?"\nanswer = "1"\n```\n'


def test_a_copied_lesson_is_skipped_and_reported_and_the_course_loads(tmp_path):
    original = FRONT + "## S\n\nText.\n\n" + QUIZ.format(id="q1")
    root = make_course(tmp_path, {"01-a.md": original, "02-copy.md": original})
    course = load(root)
    assert [les.path.name for les in course.lessons] == ["01-a.md"]
    assert course.lessons[0].available
    problems = found(root)
    assert problems == [f"1-week/02-copy.md:2: duplicate lesson id `w1-test` (also in "
                        f"{root / '1-week' / '01-a.md'}:2): this lesson is skipped until its id is changed"]


def test_deeply_nested_week_toml_is_one_problem_and_the_week_still_loads(tmp_path):
    deep = 'number = 1\ntitle = "W"\nx = ' + "[" * 2000 + "]" * 2000 + "\n"
    root = make_course(tmp_path, {"01-a.md": FRONT + "## S\n\nText.\n"}, week_toml=deep)
    started = time.monotonic()
    problems = found(root)
    assert time.monotonic() - started < 5
    assert problems == ["1-week/week.toml:3: week.toml nests arrays or tables 2000 deep; the limit is 32"]
    assert [les.id for les in load(root).lessons] == ["w1-test"]


def test_deeply_nested_quiz_block_is_reported_at_its_line(tmp_path):
    body = (FRONT + "## S\n\nText.\n\n```quiz\nid = \"q1\"\nkind = \"number\"\nask = \"?\"\n"
            "answer = \"1\"\nx = " + "{a = " * 2000 + "1" + "}" * 2000 + "\n```\n")
    root = make_course(tmp_path, {"01-a.md": body})
    assert found(root) == ["1-week/01-a.md:14: this quiz block nests arrays or tables 2000 deep; the limit "
                           "is 32"]


def test_nesting_in_strings_and_comments_is_not_counted(tmp_path):
    brackets = "[" * 100
    body = (FRONT + f"## S\n\nText.\n\n```quiz\nid = \"q1\"\nkind = \"number\"\n# {brackets}\n"
            f"ask = '''{brackets}'''\nanswer = \"1\"\nhint = \"{brackets}\"\n```\n")
    root = make_course(tmp_path, {"01-a.md": body})
    assert found(root) == []


@pytest.mark.parametrize("what", ["file", "steps", "chars", "blocks"])
def test_limits_are_reported_at_their_line(tmp_path, what):
    if what == "file":
        body = FRONT + "## S\n\n" + ("Words and more words.\n" * (MAX_FILE_BYTES // 20))
        expected = (f"1-week/01-a.md:1: cannot read the lesson: the file has "
                    f"{len(body.encode()):,} bytes; the limit is {MAX_FILE_BYTES:,}")
    elif what == "steps":
        body = FRONT + "".join(f"## Step {i}\n\nText {i}.\n\n" for i in range(MAX_STEPS + 3))
        line = 5 + 4 * MAX_STEPS  # the heading of the first step over the limit
        expected = (f"1-week/01-a.md:{line}: the lesson has {MAX_STEPS + 3} steps; the limit is "
                    f"{MAX_STEPS}: split it into lessons")
    elif what == "chars":
        text = "x" * (MAX_STEP_CHARS + 1)
        body = FRONT + "## One\n\nShort.\n\n## Long\n\n" + text + "\n"
        expected = (f"1-week/01-a.md:9: the step `Long` has {MAX_STEP_CHARS + 1} characters of text; the "
                    f"limit is {MAX_STEP_CHARS}: split it into steps")
    else:
        body = FRONT + "## Many\n\n" + "".join(QUIZ.format(id=f"q{i}") for i in range(MAX_STEP_BLOCKS + 1))
        expected = (f"1-week/01-a.md:5: the step `Many` has {MAX_STEP_BLOCKS + 1} plots, explorers and "
                    f"quizzes; the limit is {MAX_STEP_BLOCKS}")
    root = make_course(tmp_path, {"01-a.md": body})
    started = time.monotonic()
    course = load(root)
    assert time.monotonic() - started < 2
    lesson = course.lessons[0]
    assert not lesson.available
    assert [f"{p.location.path.relative_to(root)}:{p.location.line}: {p.message}"
            for p in lesson.problems] == [expected]


def test_a_five_megabyte_lesson_is_refused_without_reading_it(tmp_path):
    root = make_course(tmp_path, {"01-a.md": FRONT + "## S\n\n" + "word " * 1_000_000})
    started = time.monotonic()
    course = load(root)
    assert time.monotonic() - started < 1
    assert f"the limit is {MAX_FILE_BYTES:,}" in course.lessons[0].problems[0].message


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")
def test_symlink_loops_are_reported_not_skipped_silently(tmp_path):
    root = make_course(tmp_path, {"01-a.md": FRONT + "## S\n\nText.\n"})
    (root / "1-week" / "02-loop.md").symlink_to("02-loop.md")
    (root / "2-loop").symlink_to("2-loop")
    assert found(root) == [
        "1-week/week.toml:1: 1-week/02-loop.md is skipped: it is a symbolic link that leads nowhere (a loop, "
        "or its target is gone)",
        "course.toml:1: `2-loop` is skipped: it is a symbolic link that leads nowhere (a loop, or its target "
        "is gone)",
    ]


def test_a_week_folder_without_week_toml_not_in_course_toml_is_reported(tmp_path):
    root = make_course(tmp_path, {"01-a.md": FRONT + "## S\n\nText.\n"})
    (root / "2-new").mkdir()
    (root / "2-new" / "01-b.md").write_text(FRONT.replace("w1-test", "w2-b") + "## S\n\nText.\n")
    (root / "notes").mkdir()  # a folder without lessons is none of the course's business
    assert found(root) == ["course.toml:2: the week folder `2-new` is not listed in `weeks` (so it is not "
                           "loaded)"]


def test_a_plot_with_no_finite_value_is_an_error(tmp_path):
    body = FRONT + '## S\n\n```plot\nkind = "function"\nf = "9^9^9^9"\nx = [-2, 2]\n```\n'
    root = make_course(tmp_path, {"01-a.md": body})
    assert found(root) == ["1-week/01-a.md:7: plot `function` draws an empty frame: nothing to draw: every "
                           "value is undefined or not finite here"]


def test_long_answers_are_clipped_in_messages(tmp_path):
    deep = "(" * 10_000 + "x" + ")" * 10_000
    body = FRONT + f'## S\n\n```quiz\nid = "q1"\nkind = "number"\nask = "?"\nanswer = "{deep}"\n```\n'
    root = make_course(tmp_path, {"01-a.md": body})
    (problem,) = found(root)
    assert problem.startswith("1-week/01-a.md:11: `answer`: `(((")
    assert "(20001 characters)" in problem and len(problem) < 400


def test_a_huge_int_range_names_the_range_limit(tmp_path):
    body = FRONT + ('## S\n\n```quiz\nid = "q1"\nkind = "number"\nask = "{a}?"\n'
                    'params = { a = "int 1..1000000000" }\nanswer = "a"\n```\n')
    root = make_course(tmp_path, {"01-a.md": body})
    assert found(root) == ["1-week/01-a.md:11: `params`: `a`: the range 1..1000000000 has 1,000,000,000 "
                           "values; an `int` range may have at most 100,001 (use `real` for a wide range)"]
