"""The lessons loader: round trips on the example course, and every problem with its line number."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from mfml_tui import paths
from mfml_tui.course import (
    ExploreBlock,
    PlotBlock,
    QuizBlock,
    TextBlock,
    load,
    load_lesson,
)

EXAMPLES = Path(__file__).resolve().parent.parent / "docs" / "examples"
LESSON_FORMAT = EXAMPLES.parent / "lesson-format.md"

FRONT = '+++\nid = "w1-test"\ntitle = "Test"\n+++\n'


def make_course(tmp_path: Path, lessons: dict[str, str], week_toml: str | None = None,
                course_toml: str | None = None) -> Path:
    root = tmp_path / "lessons"
    week = root / "1-week"
    week.mkdir(parents=True, exist_ok=True)
    (root / "course.toml").write_text(course_toml if course_toml is not None
                                      else 'title = "T"\nweeks = ["1-week"]\n', encoding="utf-8")
    (week / "week.toml").write_text(week_toml if week_toml is not None
                                    else 'number = 1\ntitle = "W"\n', encoding="utf-8")
    for name, text in lessons.items():
        (week / name).write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


def problems_of(root: Path) -> list[str]:
    """Problems as `file:line: message`, with the file name only (stable across machines)."""
    course = load(root)
    return [f"{p.location.path.name}:{p.location.line}: {p.message}" for p in course.all_problems()]


def one_lesson(tmp_path: Path, body: str) -> list[str]:
    return problems_of(make_course(tmp_path, {"01-a.md": body}))


# ------------------------------------------------------------------------------------ the example
def test_example_course_loads_without_problems():
    course = load(EXAMPLES)
    assert course.all_problems() == ()
    assert course.title == "Example course"
    (week,) = course.weeks
    assert (week.id, week.number, week.title) == ("1-example-week", 1, "Examples")
    (lesson,) = week.lessons
    assert lesson.available and lesson.id == "w1-example-chain-rule"
    assert lesson.skills == ("chain-rule", "power-rule")
    assert lesson.minutes == 15 and lesson.kind == "lesson" and lesson.pass_mark is None
    titles = [s.title for s in lesson.steps]
    assert titles == ["Introduction", "A function of a function", "Play with it", "Numbers",
                      "Vectors and matrices", "Expressions", "Choices"]


def test_example_blocks_round_trip():
    lesson = load(EXAMPLES).lessons[0]
    step = lesson.steps[1]
    kinds = [type(b) for b in step.blocks]
    assert kinds == [TextBlock, PlotBlock, TextBlock, TextBlock]  # the last: a ```steps derivation
    assert "product rule" in step.blocks[3].markdown
    text = step.blocks[0]
    assert "```text" in text.markdown and text.location.line == 15
    plot = step.plots[0]
    assert plot.kind == "function" and plot.options["x"] == [-2, 2]
    assert isinstance(lesson.steps[2].blocks[-1], ExploreBlock)
    assert lesson.steps[2].explorers[0].kind == "secant"
    quizzes = {q.id: q for q in lesson.quizzes}
    assert len(quizzes) == 10
    q = quizzes["w1-example-power-at-point"]
    assert q.kind == "number" and q.params["x0"] == "choice -2 2 3"
    assert q.rtol == 1e-3 and q.atol == 1e-9 and q.skills == ("chain-rule", "power-rule")
    assert len(q.mistakes) == 2 and q.mistakes[0].says.startswith("The exponent")
    assert q.location.path.name == "01-chain-rule.md"
    assert quizzes["w1-example-rounded"].decimals == 2
    assert quizzes["w1-example-chain-rule-expression"].rtol == 1e-6
    assert quizzes["w1-example-log-domain"].domain == {"x": (0.1, 4.0)}
    assert quizzes["w1-example-jacobian-linear"].where == "b != c"
    assert quizzes["w1-example-gradient-expression"].variables == ("x", "y")
    which = quizzes["w1-example-which-rule"]
    assert which.correct == (0,) and not which.shuffle and which.choice_says[1].startswith("There is")
    pick = quizzes["w1-example-pick-derivative"]
    assert pick.expression_choices and pick.show == "plots" and pick.plot_x == (-3.0, 3.0)
    turning = quizzes["w1-example-turning-points"]
    assert turning.multiple and turning.answers == ("-a", "a")
    assert all(isinstance(b, QuizBlock) for b in lesson.steps[3].blocks)


def test_lesson_format_doc_shows_lessons_that_load(tmp_path):
    """docs/lesson-format.md: section 9 is the example file itself, and section 2's lesson loads cleanly."""
    doc = LESSON_FORMAT.read_text(encoding="utf-8")
    short, complete = re.findall(r"^````markdown\n(.*?)^````$", doc, re.S | re.M)
    assert complete == (EXAMPLES / "1-example-week" / "01-chain-rule.md").read_text(encoding="utf-8")
    for name in ("course.toml", "1-example-week/week.toml"):
        shown = re.search(rf"`docs/examples/{name}`:\n\n```toml\n(.*?)^```$", doc, re.S | re.M)
        assert shown and shown.group(1) == (EXAMPLES / name).read_text(encoding="utf-8")
    root = make_course(tmp_path, {"01-power-rule.md": short})
    assert problems_of(root) == []
    (lesson,) = load(root).lessons
    assert [s.title for s in lesson.steps] == ["Introduction", "Rise over run", "Your turn"]
    assert [q.id for q in lesson.quizzes] == ["w1-power-rule-at-point"] and len(lesson.steps[1].plots) == 1


def test_bundled_course_loads():
    course = load(paths.bundled_lessons())
    assert course.all_problems() == ()
    assert course.lessons


def test_load_one_lesson_file():
    lesson = load_lesson(EXAMPLES / "1-example-week" / "01-chain-rule.md", "w")
    assert lesson.available and lesson.week == "w"


def test_assessment_and_pass_mark(tmp_path):
    root = make_course(tmp_path, {
        "01-a.md": '+++\nid = "w1-a"\ntitle = "A"\nkind = "assessment"\n+++\n## S\ntext\n',
        "02-b.md": '+++\nid = "w1-b"\ntitle = "B"\nkind = "assessment"\npass_mark = 0.6\n+++\n## S\n',
    })
    a, b = load(root).lessons
    assert a.is_assessment and a.pass_mark == 0.8
    assert b.pass_mark == 0.6


def test_lessons_in_file_order_and_drafts_ignored(tmp_path):
    root = make_course(tmp_path, {
        "02-b.md": '+++\nid = "w1-b"\ntitle = "B"\n+++\n## S\n',
        "01-a.md": '+++\nid = "w1-a"\ntitle = "A"\n+++\n## S\n',
        "_draft.md": "not even a lesson",
    })
    assert [les.id for les in load(root).lessons] == ["w1-a", "w1-b"]


def test_explicit_lesson_order(tmp_path):
    root = make_course(tmp_path, {
        "a.md": '+++\nid = "w1-a"\ntitle = "A"\n+++\n## S\n',
        "b.md": '+++\nid = "w1-b"\ntitle = "B"\n+++\n## S\n',
    }, week_toml='number = 1\ntitle = "W"\nlessons = ["b.md", "a.md"]\n')
    assert [les.id for les in load(root).lessons] == ["w1-b", "w1-a"]


def test_headings_inside_fences_do_not_start_steps(tmp_path):
    body = FRONT + "## One\n```python\n## not a step\n```\n### sub\n## Two\n"
    root = make_course(tmp_path, {"01-a.md": body})
    lesson = load(root).lessons[0]
    assert [s.title for s in lesson.steps] == ["One", "Two"]
    assert "### sub" in lesson.steps[0].blocks[0].markdown


def test_level_one_heading_before_steps_is_dropped(tmp_path):
    root = make_course(tmp_path, {"01-a.md": FRONT + "# Title\n\n## One\ntext\n"})
    assert [s.title for s in load(root).lessons[0].steps] == ["One"]


# ------------------------------------------------------------------------------------ problems
def test_unknown_key_in_front_matter(tmp_path):
    assert one_lesson(tmp_path, '+++\nid = "w1-a"\ntitle = "A"\nminuts = 3\n+++\n## S\n') == [
        "01-a.md:4: unknown key `minuts` in the front matter (did you mean `minutes`?)"]


def test_missing_front_matter_and_fields(tmp_path):
    assert one_lesson(tmp_path, "## S\n") == [
        "01-a.md:1: a lesson starts with TOML front matter between `+++` lines (id, title, …)"]
    assert one_lesson(tmp_path, '+++\nid = "w1-a"\n+++\n## S\n') == [
        "01-a.md:1: the front matter needs `title`"]
    assert one_lesson(tmp_path, '+++\nid = "w1-a"\ntitle = "A"\n## S\n') == [
        "01-a.md:1: the front matter opened on line 1 is never closed with `+++`"]


def test_bad_toml_reports_the_real_line(tmp_path):
    body = FRONT + "## S\n\ntext\n\n```quiz\nid = \"q1\"\nkind = \"number\"\nask = \"oops\n```\n"
    (problem,) = one_lesson(tmp_path, body)
    assert problem.startswith("01-a.md:12: bad TOML in this quiz block:")


def test_bad_toml_in_front_matter_line(tmp_path):
    (problem,) = one_lesson(tmp_path, '+++\nid = "w1-a"\ntitle = A\n+++\n## S\n')
    assert problem.startswith("01-a.md:3: bad TOML in the front matter")


def test_unknown_quiz_kind_and_key(tmp_path):
    body = FRONT + '## S\n```quiz\nid = "q1"\nkind = "numbr"\nask = "?"\n```\n'
    assert one_lesson(tmp_path, body) == [
        "01-a.md:8: unknown quiz kind `numbr` (did you mean `number`?) "
        "(kinds: number, vector, matrix, expression, choice)"]
    body = FRONT + '## S\n```quiz\nid = "q1"\nkind = "number"\nask = "?"\nanswer = "1"\nanwser = "2"\n```\n'
    assert one_lesson(tmp_path, body) == [
        "01-a.md:11: unknown key `anwser` in a quiz (did you mean `answer`?)"]


def test_key_that_does_not_apply_to_kind(tmp_path):
    body = FRONT + ('## S\n```quiz\nid = "q1"\nkind = "expression"\nask = "?"\nanswer = "x"\n'
                    'decimals = 2\n```\n')
    assert one_lesson(tmp_path, body) == [
        "01-a.md:11: unknown key `decimals` in a quiz (`decimals` does not apply to an expression quiz)"]


def test_missing_quiz_fields(tmp_path):
    body = FRONT + '## S\n```quiz\nid = "q1"\nkind = "number"\n```\n'
    assert one_lesson(tmp_path, body) == [
        "01-a.md:6: a quiz needs `ask`", "01-a.md:6: a quiz needs `answer`"]


def test_expression_that_does_not_parse_reports_column(tmp_path):
    body = FRONT + '## S\n```quiz\nid = "q1"\nkind = "number"\nask = "?"\nanswer = "2*(x+"\n```\n'
    (problem,) = one_lesson(tmp_path, body)
    assert problem.startswith("01-a.md:10: `answer`: `2*(x+` does not parse:")
    assert "column 6" in problem


def test_placeholder_problems(tmp_path):
    body = FRONT + ('## S\n```quiz\nid = "q1"\nkind = "number"\nask = "{b} and {= 2*(}"\n'
                    'params = { a = "int 1..3" }\nanswer = "a"\n```\n')
    problems = one_lesson(tmp_path, body)
    assert problems[0] == "01-a.md:9: `ask`: `{b}` is not a parameter (parameters: a)"
    assert problems[1].startswith("01-a.md:9: `ask` placeholder `{= 2*(}`: `2*(` does not parse")


def test_param_problems(tmp_path):
    body = FRONT + ('## S\n```quiz\nid = "q1"\nkind = "number"\nask = "?"\n'
                    'params = { a = "int 9..2", rate = "int 1..2", k = "= a*m", m = "int 1..2" }\n'
                    'answer = "a"\n```\n')
    problems = one_lesson(tmp_path, body)
    assert "01-a.md:10: `params`: `a`: the range 9..2 is empty" in problems
    assert any("parameter `rate` would be read as r·a·t·e" in p for p in problems)
    assert "01-a.md:10: parameter `k` uses `m`, which is declared after it" in problems


def test_duplicate_ids_across_the_course(tmp_path):
    quiz = '```quiz\nid = "same"\nkind = "number"\nask = "?"\nanswer = "1"\n```\n'
    root = make_course(tmp_path, {
        "01-a.md": '+++\nid = "w1-a"\ntitle = "A"\n+++\n## S\n' + quiz,
        "02-b.md": '+++\nid = "w1-a"\ntitle = "B"\n+++\n## S\n' + quiz,
    })
    course = load(root)
    # the copy is skipped (the course map's rows are keyed by lesson id) and reported on the course
    assert [(les.id, les.title) for les in course.lessons] == [("w1-a", "A")]
    assert course.lessons[0].available
    messages = [f"{p.location.path.name}:{p.location.line}: {p.message}" for p in course.problems]
    assert messages == [f"02-b.md:2: duplicate lesson id `w1-a` (also in {root / '1-week' / '01-a.md'}:2): "
                        "this lesson is skipped until its id is changed"]


def test_duplicate_quiz_id_in_one_lesson(tmp_path):
    quiz = '```quiz\nid = "same"\nkind = "number"\nask = "?"\nanswer = "1"\n```\n'
    assert one_lesson(tmp_path, FRONT + "## S\n" + quiz + quiz) == [
        "01-a.md:13: duplicate quiz id `same` (also on line 7)"]


def test_untagged_and_unclosed_fences(tmp_path):
    problems = one_lesson(tmp_path, FRONT + "## S\n```\ncode\n```\n\n```python\nnever closed\n")
    assert problems[0].startswith("01-a.md:6: a fence needs a language tag")
    assert problems[1] == "01-a.md:10: this fence (```python) is never closed"


def test_unknown_plot_kind_and_option(tmp_path):
    body = FRONT + ('## S\n```plot\nkind = "functoin"\n```\n\n```plot\nkind = "function"\nf = "x^2"\n'
                    'colour = 1\n```\n')
    problems = one_lesson(tmp_path, body)
    assert problems[0].startswith("01-a.md:7: plot: unknown plot kind 'functoin'")
    assert problems[1].startswith("01-a.md:13: plot: unknown option `colour`")


def test_plot_expression_that_does_not_parse(tmp_path):
    body = FRONT + '## S\n```plot\nkind = "function"\nf = "sin(x"\n```\n'
    (problem,) = one_lesson(tmp_path, body)
    assert problem.startswith("01-a.md:8: plot: f:") and "column" in problem


def test_explorer_needs_kind(tmp_path):
    assert one_lesson(tmp_path, FRONT + '## S\n```explore\nf = "x"\n```\n') == [
        "01-a.md:6: explore block needs `kind`"]


def test_choice_problems(tmp_path):
    choice = FRONT + '## S\n```quiz\nid = "q1"\nkind = "choice"\nask = "?"\nchoices = ["a", "b"]\n'
    body = choice + 'correct = [0, 5]\n```\n'
    assert one_lesson(tmp_path, body) == [
        "01-a.md:11: `correct` index 5 is out of range: options are numbered 0 to 1"]
    body = choice + 'correct = [0, 1]\n```\n'
    assert one_lesson(tmp_path, body) == ["01-a.md:11: several options are correct: add `multiple = true`"]


def test_broken_lesson_does_not_take_the_course_down(tmp_path):
    root = make_course(tmp_path, {
        "01-a.md": '+++\nid = "w1-a"\ntitle = "A"\n+++\n## S\n',
        "02-b.md": "\x00\xff garbage",
    })
    course = load(root)
    assert [les.available for les in course.lessons] == [True, False]


def test_all_problems_at_once(tmp_path):
    body = FRONT + ('## S\n```quiz\nid = "Q 1"\nkind = "number"\nask = "{z}"\nanswer = "1"\nrtol = -1\n```\n'
                    '```\nuntagged\n```\n')
    problems = one_lesson(tmp_path, body)
    assert len(problems) == 4


# ------------------------------------------------------------------------------------ course level
def test_missing_course_toml(tmp_path):
    root = make_course(tmp_path, {"01-a.md": FRONT + "## S\n"})
    (root / "course.toml").unlink()
    course = load(root)
    assert [str(p).split("/")[-1] for p in course.problems] == [
        "course.toml:1: the lessons folder has no course.toml (title, weeks)"]
    assert course.lessons[0].available  # the weeks are still found


def test_missing_folder(tmp_path):
    course = load(tmp_path / "nowhere")
    assert course.weeks == () and "does not exist" in course.problems[0].message


def test_course_toml_problems(tmp_path):
    root = make_course(tmp_path, {"01-a.md": FRONT + "## S\n"},
                       course_toml='title = "T"\nweeks = ["1-week", "2-missing"]\ncolour = 1\n')
    assert problems_of(root) == [
        "course.toml:3: unknown key `colour` in course.toml",
        "course.toml:2: `weeks` lists `2-missing`, which is not a folder here",
    ]


@pytest.mark.parametrize("written", ['colour = 1', '"colour" = 1', 'colour.red = 1', '[colour]\nred = 1',
                                     '[[colour]]\nred = 1', '[colour.shade]\nred = 1'])
def test_an_unknown_key_is_reported_where_it_is_written_in_any_toml_form(tmp_path, written):
    """A table header or a dotted key names its key too: the line is where the author wrote it, not 1."""
    prose = 'summary = "Colour. That is: colour = what we add later."\n'  # the key's name in a string first
    root = make_course(tmp_path, {"01-a.md": FRONT + "## S\n```quiz\nid = \"q\"\nkind = \"number\"\n"
                                  'ask = "?"\nanswer = "1"\n' + written + "\n```\n"},
                       course_toml='title = "T"\nweeks = ["1-week"]\n\n' + written + "\n",
                       week_toml='number = 1\ntitle = "W"\n' + prose + written + "\n")
    found = [m for m in problems_of(root) if "unknown key `colour`" in m]
    assert found == ["course.toml:4: unknown key `colour` in course.toml",
                     "week.toml:4: unknown key `colour` in week.toml",
                     "01-a.md:11: unknown key `colour` in a quiz"], found


def test_week_toml_problems(tmp_path):
    root = make_course(tmp_path, {"01-a.md": FRONT + "## S\n"}, week_toml='title = "W"\nnumber = "one"\n')
    assert problems_of(root) == ["week.toml:2: `number` must be a whole number"]
    root2 = make_course(tmp_path / "b", {"01-a.md": FRONT + "## S\n"}, week_toml="")
    assert problems_of(root2) == ["week.toml:1: week.toml needs `number`",
                                  "week.toml:1: week.toml needs `title`"]


def test_unlisted_week_folder(tmp_path):
    root = make_course(tmp_path, {"01-a.md": FRONT + "## S\n"})
    extra = root / "2-extra"
    extra.mkdir()
    (extra / "week.toml").write_text('number = 2\ntitle = "X"\n')
    assert problems_of(root) == [
        "course.toml:2: the week folder `2-extra` is not listed in `weeks` (so it is not loaded)"]


def test_env_and_option_choose_the_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("MFML_TUI_LESSONS", str(tmp_path))
    assert paths.lessons_dir() == tmp_path
    assert paths.lessons_dir(str(EXAMPLES)) == EXAMPLES


@pytest.mark.parametrize("text", ["+++\n+++\n", "+++\nid = 3\ntitle = []\n+++\n## S\n", "\ufeff+++"])
def test_odd_files_never_raise(tmp_path, text):
    root = make_course(tmp_path, {"01-a.md": text})
    assert not load(root).lessons[0].available


# ------------------------------------------------------------------------------------ the disk cache
def test_cache_reuses_a_validated_course_until_a_file_changes(tmp_path, monkeypatch):
    from mfml_tui.course import loader

    monkeypatch.setenv("MFML_TUI_CACHE", str(tmp_path / "cache"))
    root = make_course(tmp_path, {"01-a.md": FRONT + "## S\n```quiz\nid = \"q1\"\nkind = \"number\"\n"
                                  "ask = \"?\"\nanswer = \"2*(\"\n```\n"})
    fresh = load(root, cache=True)
    assert len(list((tmp_path / "cache").iterdir())) == 1
    real_load = loader._load
    monkeypatch.setattr(loader, "_load", lambda root: pytest.fail("the cache was not used"))
    cached = load(root, cache=True)
    assert cached == fresh and cached.lessons[0].problems == fresh.lessons[0].problems != ()
    lesson = root / "1-week" / "01-a.md"
    lesson.write_text(FRONT.replace('"Test"', '"Changed"') + "## S\n", encoding="utf-8")
    monkeypatch.setattr(loader, "_load", real_load)
    changed = load(root, cache=True)
    assert changed.lessons[0].title == "Changed" and changed.lessons[0].available
    assert load(root, cache=False) == changed


def test_a_damaged_or_disabled_cache_just_loads_afresh(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("MFML_TUI_CACHE", str(cache))
    root = make_course(tmp_path, {"01-a.md": FRONT + "## S\n"})
    first = load(root, cache=True)
    (file,) = cache.iterdir()
    file.write_bytes(file.read_bytes()[:40])
    assert load(root, cache=True) == first
    monkeypatch.setenv("MFML_TUI_CACHE", "off")
    file.unlink()
    assert load(root, cache=True) == first and not any(cache.iterdir())


def test_any_course_is_cached_by_default_but_never_for_lessons_check(tmp_path, monkeypatch):
    from mfml_tui.course import check, loader

    cache = tmp_path / "cache"
    monkeypatch.setenv("MFML_TUI_CACHE", str(cache))
    root = make_course(tmp_path, {"01-a.md": FRONT + "## S\n"})
    first = load(root)
    assert len(list(cache.iterdir())) == 1
    monkeypatch.setattr(loader, "_load", lambda root: pytest.fail("the cache was not used"))
    assert load(root) == first
    # `lessons check` validates afresh: with the loader stubbed out it cannot even start
    with pytest.raises(pytest.fail.Exception):
        check.check(root, seeds=1)


def test_the_cache_key_finds_the_lesson_files_without_a_stat_each(tmp_path, monkeypatch):
    """The key is made at every launch before the lessons are listed: each lesson file was stat'ed twice
    (is it a file, how big) besides being read (≈0.4 ms of the start-up for the bundled course). The
    folders' listings say what each entry is, and the open file its size."""
    import os

    from mfml_tui.course import cache

    root = make_course(tmp_path, {f"{n:02}-l.md": FRONT + "## S\n" for n in range(1, 9)})
    (root / "2-more").mkdir()
    (root / "2-more" / "01-m.md").write_text(FRONT)
    cache.code_digest()  # (the package's own stamps: once a run, not per course)
    before = cache.key(root)
    stats = []
    real = os.stat
    monkeypatch.setattr(os, "stat", lambda *a, **k: stats.append(a[0]) or real(*a, **k))
    assert cache.key(root) == before
    assert len(stats) <= 2, f"{len(stats)} stats for 11 lesson files and folders: {stats}"


def test_the_cache_key_sees_every_file_the_loader_reads_and_only_those(tmp_path, monkeypatch):
    from mfml_tui.course import cache

    root = make_course(tmp_path, {"01-a.md": FRONT + "## S\n"})
    first = cache.key(root)
    (root / "notes.txt").write_text("not read by the loader")
    (root / "1-week" / "data.csv").write_text("1,2")
    assert cache.key(root) == first
    for change in (lambda: (root / "1-week" / "02-b.md").write_text(FRONT),
                   lambda: (root / "2-new").mkdir(),
                   lambda: (root / "1-week" / "week.toml").write_text("number = 1\ntitle = \"Renamed\"\n"),
                   lambda: (root / "course.toml").write_text("")):
        before = cache.key(root)
        change()
        assert cache.key(root) != before
