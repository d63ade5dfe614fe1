"""Lesson folders as authors really leave them: copied lessons, deep TOML, huge files, symlink loops, stray
week folders. The loader and `lessons check` report each as `path:line: …` and never raise or hang."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from mfml_tui.course import load
from mfml_tui.course.check import check
from mfml_tui.course.loader import (
    MAX_FILE_BYTES,
    MAX_LESSONS,
    MAX_QUIZ_CHARS,
    MAX_STEP_BLOCKS,
    MAX_STEP_CHARS,
    MAX_STEPS,
    MAX_SUMMARY_CHARS,
    MAX_TITLE_CHARS,
    MAX_WEEKS,
)
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


@pytest.mark.parametrize("what", ["file", "steps", "chars", "blocks", "quiz text", "heading", "title",
                                  "summary"])
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
    elif what == "blocks":
        body = FRONT + "## Many\n\n" + "".join(QUIZ.format(id=f"q{i}") for i in range(MAX_STEP_BLOCKS + 1))
        expected = (f"1-week/01-a.md:5: the step `Many` has {MAX_STEP_BLOCKS + 1} plots, explorers and "
                    f"quizzes; the limit is {MAX_STEP_BLOCKS}")
    elif what == "quiz text":  # a card's text is drawn whole: a 90 kB question froze the lesson for seconds
        hint, says = "h" * (MAX_QUIZ_CHARS // 2), "s" * (MAX_QUIZ_CHARS // 2)
        body = FRONT + "## S\n\nText.\n\n" + QUIZ.format(id="q1").replace(
            'answer = "1"', f'answer = "1"\nhint = "{hint}"\n'
                            f'mistakes = [{{ answer = "2", says = "{says}" }}]')
        expected = (f"1-week/01-a.md:9: the quiz `q1` has {MAX_QUIZ_CHARS + 1:,} characters of text "
                    f"(question, hints, solution, options and their notes); the limit is "
                    f"{MAX_QUIZ_CHARS:,}: put the explanation in the step's text or split the question")
    elif what == "heading":
        body = FRONT + "## " + "H" * (MAX_TITLE_CHARS + 1) + "\n\nText.\n"
        expected = (f"1-week/01-a.md:5: the step heading `{'H' * 40}…` has {MAX_TITLE_CHARS + 1:,} "
                    f"characters; the limit is {MAX_TITLE_CHARS}")
    else:
        key, limit = ("title", MAX_TITLE_CHARS) if what == "title" else ("summary", MAX_SUMMARY_CHARS)
        body = FRONT.replace('title = "Test"', f'title = "Test"\n{key} = "{"w" * (limit + 1)}"'
                             if key == "summary" else f'title = "{"w" * (limit + 1)}"') + "## S\n\nText.\n"
        line = 3 if key == "title" else 4
        expected = f"1-week/01-a.md:{line}: `{key}` has {limit + 1:,} characters; the limit is {limit:,}"
    root = make_course(tmp_path, {"01-a.md": body})
    started = time.monotonic()
    course = load(root)
    assert time.monotonic() - started < 2
    lesson = course.lessons[0]
    assert not lesson.available
    assert [f"{p.location.path.relative_to(root)}:{p.location.line}: {p.message}"
            for p in lesson.problems] == [expected]
    assert found(root) == [expected]  # `lessons check` says the same, at the same line


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


def test_a_folder_named_like_a_lesson_is_reported_not_skipped_silently(tmp_path):
    root = make_course(tmp_path, {"01-a.md": FRONT + "## S\n\nText.\n"})
    (root / "1-week" / "02-draft.md").mkdir()  # an editor's or a tool's folder, or a slip of `mkdir`
    assert found(root) == ["1-week/week.toml:1: 1-week/02-draft.md is skipped: it is a folder, "
                           "not a lesson file"]


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


# ------------------------------------------------------------------------------------- second round (#14)
def _write_bytes(root: Path, name: str, data: bytes) -> None:
    (root / "1-week" / name).write_bytes(data)


def test_a_lesson_listed_twice_in_week_toml_is_loaded_once_and_reported(tmp_path):
    root = make_course(tmp_path, {"01-a.md": FRONT + "## S\n\nText.\n"},
                       week_toml='number = 1\ntitle = "W"\nlessons = ["01-a.md", "01-a.md"]\n')
    assert [les.id for les in load(root).lessons] == ["w1-test"]
    assert found(root) == ["1-week/week.toml:3: `lessons` lists `01-a.md` twice"]


def test_two_weeks_with_one_number_are_reported_at_the_second_number(tmp_path):
    root = make_course(tmp_path, {"01-a.md": FRONT + "## S\n\nText.\n"},
                       course_toml='title = "T"\nweeks = ["1-week", "2-week"]\n')
    (root / "2-week").mkdir()
    (root / "2-week" / "week.toml").write_text('# copied from week 1\ntitle = "W2"\nnumber = 1\n')
    (root / "2-week" / "01-b.md").write_text(FRONT.replace("w1-test", "w2-test") + "## S\n\nText.\n")
    assert found(root) == ["2-week/week.toml:3: week number 1 is also the number of `1-week`: each week "
                           "needs its own"]
    assert len(load(root).lessons) == 2  # both still load


def test_duplicate_quiz_id_inside_one_lesson_and_across_weeks(tmp_path):
    body = FRONT + "## S\n\nText.\n\n" + QUIZ.format(id="q1") + "\n## T\n\n" + QUIZ.format(id="q1")
    root = make_course(tmp_path, {"01-a.md": body})
    assert found(root) == ["1-week/01-a.md:19: duplicate quiz id `q1` (also on line 10)"]


@pytest.mark.parametrize("bad,line,column,what", [
    (b"\xff\xfe", 7, 4, "not UTF-8 text: byte 0xff"),
    ("é".encode("latin-1"), 7, 4, "not UTF-8 text: byte 0xe9"),
    (b"\x00", 7, 4, "control character (U+0000)"),
    (b"\x1b[2J", 7, 4, "control character (U+001B)"),
    ("\u2028".encode(), 7, 4, "control character (U+2028)"),
])
def test_a_file_that_is_not_text_is_reported_at_its_line(tmp_path, bad, line, column, what):
    root = make_course(tmp_path, {})
    _write_bytes(root, "01-a.md", FRONT.encode() + b"## S\n\nTex" + bad + b"t.\n")
    problems = found(root)
    assert len(problems) == 1 and problems[0].startswith(f"1-week/01-a.md:{line}: cannot read the lesson")
    assert what in problems[0] and f"line {line}, column {column}" in problems[0]
    (root / "1-week" / "week.toml").write_bytes(b'number = 1\ntitle = "W' + bad + b'"\n')
    assert any(p.startswith("1-week/week.toml:2: cannot read week.toml") and what in p for p in found(root))


@pytest.mark.parametrize("newline", [b"\r\n", b"\r"])
def test_crlf_and_cr_line_ends_keep_the_line_numbers_right(tmp_path, newline):
    body = FRONT + "## S\n\nText.\n\n" + QUIZ.format(id="q1").replace('answer = "1"', 'answer = "1 +"')
    root = make_course(tmp_path, {})
    _write_bytes(root, "01-a.md", body.encode().replace(b"\n", newline))
    (root / "course.toml").write_bytes(b'title = "T"' + newline + b'weeks = ["1-week"]' + newline)
    problems = found(root)
    assert len(problems) == 1 and problems[0].startswith("1-week/01-a.md:13: "), problems


def test_a_byte_order_mark_is_read_as_nothing_in_every_file(tmp_path):
    body = FRONT + "## S\n\nText.\n\n" + QUIZ.format(id="q1").replace('answer = "1"', 'answer = "1 +"')
    root = make_course(tmp_path, {})
    bom = b"\xef\xbb\xbf"
    _write_bytes(root, "01-a.md", bom + body.encode())
    (root / "1-week" / "week.toml").write_bytes(bom + b'number = 1\ntitle = "W"\n')
    (root / "course.toml").write_bytes(bom + b'title = "T"\nweeks = ["1-week"]\n')
    problems = found(root)
    assert len(problems) == 1 and problems[0].startswith("1-week/01-a.md:13: "), problems
    assert load(root).weeks[0].title == "W"


def test_an_empty_lesson_and_one_without_steps_are_reported(tmp_path):
    root = make_course(tmp_path, {"01-a.md": "", "02-b.md": FRONT.replace("w1-test", "w1-b") + "\n\n"})
    assert found(root) == [
        "1-week/01-a.md:1: a lesson starts with TOML front matter between `+++` lines (id, title, …)",
        "1-week/02-b.md:4: the lesson has no steps: start one with a `## heading`",
    ]
    assert not any(les.available for les in load(root).lessons)


@pytest.mark.parametrize("where", ["course.toml", "week.toml", "front matter", "plot", "explore", "quiz",
                                   "steps"])
def test_toml_nested_thousands_deep_anywhere_is_one_problem(tmp_path, where):
    deep = "x = " + "[" * 3000 + "]" * 3000 + "\n"
    lessons = {"01-a.md": FRONT + "## S\n\nText.\n"}
    course_toml, week_toml = None, None
    if where == "course.toml":
        course_toml = 'title = "T"\nweeks = ["1-week"]\n' + deep
    elif where == "week.toml":
        week_toml = 'number = 1\ntitle = "W"\n' + deep
    elif where == "front matter":
        lessons = {"01-a.md": FRONT.replace('title = "Test"\n', 'title = "Test"\n' + deep) + "## S\n\nT.\n"}
    else:
        lessons = {"01-a.md": FRONT + f"## S\n\nText.\n\n```{where}\n{deep}```\n"}
    root = make_course(tmp_path, lessons, week_toml=week_toml, course_toml=course_toml)
    started = time.monotonic()
    problems = found(root)
    assert time.monotonic() - started < 5
    assert len(problems) == 1 and "nests arrays or tables 3000 deep; the limit is 32" in problems[0], problems


@pytest.mark.parametrize("where", ["plot f", "quiz answer", "quiz param", "ask placeholder"])
def test_an_expression_10000_brackets_deep_is_one_short_problem(tmp_path, where):
    deep = "(" * 10_000 + "x" + ")" * 10_000
    block = {
        "plot f": f'```plot\nkind = "function"\nf = "{deep}"\n```\n',
        "quiz answer": QUIZ.format(id="q1").replace('answer = "1"', f'answer = "{deep}"'),
        "quiz param": QUIZ.format(id="q1").replace('answer = "1"',
                                                   f'answer = "a"\nparams = {{ a = "{deep}" }}'),
        "ask placeholder": QUIZ.format(id="q1").replace('ask = "?"', f'ask = "{{= {deep}}}"'),
    }[where]
    root = make_course(tmp_path, {"01-a.md": FRONT + "## S\n\nText.\n\n" + block})
    started = time.monotonic()
    problems = found(root)
    assert time.monotonic() - started < 5
    assert problems and all(len(p) < 600 for p in problems), [len(p) for p in problems]
    assert all(p.startswith(tuple(f"1-week/01-a.md:{n}:" for n in range(9, 15))) for p in problems), problems


@pytest.mark.parametrize("what", ["week.toml", "course.toml", "expression"])
def test_the_other_limits_are_reported_by_the_loader_and_check_alike(tmp_path, what):
    big = "# " + "padding " * (MAX_FILE_BYTES // 8) + "\n"
    lessons = {"01-a.md": FRONT + "## S\n\nText.\n"}
    week_toml = course_toml = None
    if what == "week.toml":
        week_toml = 'number = 1\ntitle = "W"\n' + big
        where = "1-week/week.toml:1: cannot read week.toml: the file has"
    elif what == "course.toml":
        course_toml = 'title = "T"\nweeks = ["1-week"]\n' + big
        where = "course.toml:1: cannot read course.toml: the file has"
    else:
        lessons = {"01-a.md": FRONT + "## S\n\nText.\n\n" + QUIZ.format(id="q1").replace(
            'answer = "1"', 'answer = "' + "+".join(["x"] * 1200) + '"')}
        where = "1-week/01-a.md:13: "
    root = make_course(tmp_path, lessons, week_toml=week_toml, course_toml=course_toml)
    course = load(root)
    said = [f"{p.location.path.relative_to(root)}:{p.location.line}: {p.message}"
            for p in (*course.problems, *(q for les in course.lessons for q in les.problems))]
    assert any(p.startswith(where) for p in said), said
    assert any(p.startswith(where) for p in found(root))


EXPLORERS_THAT_SHOW_NOTHING = {  # f undefined everywhere in the view, or at the point the explorer starts
    'kind = "secant"\nf = "log(-1-x^2)"': "draws an empty frame: f is undefined or not finite everywhere "
                                          "in its view",
    'kind = "descent"\nf = "log(-1-x^2-y^2)"': "draws an empty frame: f is undefined or not finite "
                                               "everywhere in its view",
    'kind = "lagrange"\nf = "sqrt(-1-x^2-y^2)"\ng = "x+y-1"': "draws an empty frame: f is undefined or not "
                                                            "finite everywhere in its view",
    'kind = "secant"\nf = "sqrt(x)"\nx0 = -1': "starts where f is undefined or not finite: sqrt(x) at "
                                              "x₀ = −1; start it where f has a value",
    'kind = "newton"\nf = "log(x)"\nx0 = -1': "starts where f is undefined or not finite: log(x) at x₀ = −1; "
                                             "start it where f has a value",
    'kind = "taylor"\nf = "log(x)"\naround = -1': "starts where f is undefined or not finite: log(x) at "
                                                 "x = −1; start it where f has a value",
    'kind = "descent"\nf = "sqrt(x)+y^2"\nstart = [-1, 1]': "starts where f is undefined or not finite: "
                                                           "sqrt(x)+y^2 at (−1, 1); start it where f has "
                                                           "a value",
}


@pytest.mark.parametrize("block", list(EXPLORERS_THAT_SHOW_NOTHING))
def test_an_explorer_that_shows_nothing_is_an_error(tmp_path, block):
    """Like a plot with no finite value: an explorer undefined on its whole view, or at its starting
    point, used to be "all good" and opened on an empty frame (or a point with no value)."""
    body = FRONT + f'## S\n\n```explore\n{block}\n```\n'
    root = make_course(tmp_path, {"01-a.md": body})
    kind = block.split('"')[1]
    assert found(root) == [f"1-week/01-a.md:7: explorer `{kind}` {EXPLORERS_THAT_SHOW_NOTHING[block]}"]


def test_an_explorer_defined_where_it_starts_is_fine(tmp_path):
    """The same kinds with a function defined where they start (and only on part of the view) pass."""
    blocks = ['kind = "secant"\nf = "sqrt(x)"\nx0 = 1', 'kind = "newton"\nf = "log(x)"\nx0 = 2',
              'kind = "taylor"\nf = "log(x)"\naround = 1',
              'kind = "descent"\nf = "sqrt(x)+y^2"\nstart = [1, 1]']
    body = FRONT + "".join(f'## S{i}\n\n```explore\n{b}\n```\n\n' for i, b in enumerate(blocks))
    root = make_course(tmp_path, {"01-a.md": body})
    assert found(root) == []


def test_lessons_beyond_the_course_limit_are_reported_and_never_read(tmp_path, monkeypatch):
    """10 000 tiny lessons in a week took the app's map ~10 s to list, its progress screen and palette
    up to a minute: a course reads MAX_LESSONS lesson files, reports the first one it skips, and opens."""
    from mfml_tui.course import loader

    lessons = {f"{i:03d}.md": f'+++\nid = "l{i}"\ntitle = "L{i}"\n+++\n\n## S\n\nText.\n'
               for i in range(MAX_LESSONS + 30)}
    root = make_course(tmp_path, lessons)
    read = []
    real = loader._read_text
    monkeypatch.setattr(loader, "_read_text", lambda path: read.append(path.name) or real(path))
    course = load(root, cache=False)
    assert len(course.lessons) == MAX_LESSONS and course.lessons[-1].id == f"l{MAX_LESSONS - 1}"
    assert len([n for n in read if n.endswith(".md")]) == MAX_LESSONS
    assert [f"{p.location.path.name}:{p.location.line}: {p.message}" for p in course.problems] == [
        f"{MAX_LESSONS:03d}.md:1: the course has more than {MAX_LESSONS} lessons; the limit is "
        f"{MAX_LESSONS}: this lesson and the 29 after it in 1-week/ are not loaded (split the course)"]


def test_weeks_beyond_the_limit_are_reported_at_weeks(tmp_path):
    names = [f"w{i:02d}" for i in range(MAX_WEEKS + 2)]
    root = make_course(tmp_path, {}, course_toml="title = \"T\"\n\nweeks = [" +
                       ", ".join(f'"{n}"' for n in names) + "]\n")
    (root / "1-week" / "week.toml").unlink()
    (root / "1-week").rmdir()
    for i, name in enumerate(names):
        (root / name).mkdir()
        (root / name / "week.toml").write_text(f'number = {i}\ntitle = "W{i}"\n')
    course = load(root, cache=False)
    assert len(course.weeks) == MAX_WEEKS
    said = [f"{p.location.path.name}:{p.location.line}: {p.message}" for p in course.problems]
    assert said[0] == (f"course.toml:3: the course has {MAX_WEEKS + 2} weeks; the limit is {MAX_WEEKS}: "
                       f"the weeks from `w{MAX_WEEKS}` on are not loaded")
    assert found(root)[0] == "course.toml:3: " + said[0].split(": ", 1)[1]


def test_the_cache_key_never_reads_a_file_over_the_size_limit(tmp_path):
    """The loader refuses a 3 GB lesson unread, but the app's course cache read it whole to hash it: 3 GB
    of memory and half a minute of "Loading the lessons…". Its size is what counts (and all that is read)."""
    import tracemalloc

    from mfml_tui.course import cache

    root = make_course(tmp_path, {"01-a.md": FRONT + "## S\n\nText.\n"})
    huge = root / "1-week" / "02-huge.md"
    with huge.open("wb") as f:  # sparse: no disk space used
        f.truncate(200_000_000)
    tracemalloc.start()
    try:
        first = cache.key(root)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 2_000_000, peak
    with huge.open("r+b") as f:
        f.truncate(200_000_001)
    assert cache.key(root) != first  # a new size is a new key (the loader's message names the size)
