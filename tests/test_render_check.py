"""`mfml-tui lessons check --render`: every plot and choice-plot option drawn at the app's sizes, and each
fault class named with `path:line` (plots.audit)."""

from __future__ import annotations

from pathlib import Path

import pytest

from mfml_tui import plots
from mfml_tui.cli import main
from mfml_tui.course.check import check
from mfml_tui.plots import audit as A
from mfml_tui.plots import canvas as C

from .test_course_loader import FRONT, make_course


def plot(body: str) -> str:
    return "## S\n```plot\n" + body.strip() + "\n```\n"


def render_messages(root: Path, seeds: int = 3) -> list[str]:
    report = check(root, seeds=1, render=True, render_seeds=seeds)
    return [f"{p.location.path.name}:{p.location.line}: {p.message}" for p in report.sorted_problems()]


def test_a_graph_squashed_flat_by_the_authors_window(tmp_path):
    root = make_course(tmp_path, {"01-a.md": FRONT + plot('''
kind = "function"
f = ["x", "100x"]
labels = ["f", "g"]
x = [-1, 1]
y = [-100, 100]
''')})
    found = render_messages(root)
    assert any(m.startswith("01-a.md:6: plot `function` at 80×24: `f` varies but spans")
               for m in found), found
    assert not any("`g`" in m for m in found)


def test_a_constant_may_be_one_row(tmp_path):
    body = plot('kind = "function"\nf = ["3", "x^2"]\nx = [-2, 2]')
    root = make_course(tmp_path, {"01-a.md": FRONT + body})
    assert render_messages(root) == []


def test_two_options_drawn_alike(tmp_path):
    root = make_course(tmp_path, {"01-a.md": FRONT + '''## S
```quiz
id = "q1"
kind = "choice"
ask = "Which is sin² x?"
choices = ["sin(x)^2", "1 - cos(x)^2", "cos(x)^2"]
answer = "sin(x)^2"
multiple = true
show = "plots"
```
'''})
    found = render_messages(root)
    assert any(m.startswith("01-a.md:6: quiz `q1` plots at 80×24:") and "rasterise the same" in m
               for m in found), found


def test_too_few_levels_drawn(tmp_path):
    root = make_course(tmp_path, {"01-a.md": FRONT + plot('''
kind = "contour"
f = "x^2 + y^2"
x = [-1, 1]
y = [-1, 1]
levels = [0.5, 4, 5, 6, 7, 8]
''')})
    found = render_messages(root)
    assert any("draws 1 of the 6 level curves asked" in m for m in found), found


def test_round_off_and_e_notation_printed(tmp_path):
    root = make_course(tmp_path, {"01-a.md": FRONT + plot('''
kind = "function"
f = "x^2"
labels = ["f + 3×10⁻¹⁴"]
''') + plot('kind = "function"\nf = "x^2"\nlabels = ["f + 2e-5"]')})
    found = render_messages(root)
    assert any(m.startswith("01-a.md:6:") and "prints 3e-14: round-off" in m for m in found), found
    assert any(m.startswith("01-a.md:12:") and "e-notation" in m for m in found), found


def test_a_panel_without_rows():
    frame = A.audit({"kind": "derivative", "f": "x^3 - 3x", "order": 2}, 60, 12)
    assert any("has" in f and "rows of plot" in f for f in frame.faults), frame.faults


def test_a_legend_over_data_is_found(monkeypatch):
    """With the legend forced into the top-left corner (plotext's own place), it covers the curve."""
    monkeypatch.setattr(C.Panel, "legend_corner", lambda self, *a, **k: "top-left")
    spec = {"kind": "function", "f": "4.9", "x": [-5, 5], "y": [-5, 5], "labels": ["long label"]}
    frame = A.audit(spec, 77, 14)
    assert any("the legend covers" in f for f in frame.faults), frame.faults
    monkeypatch.undo()  # where the drawing puts it, it covers nothing
    assert A.audit(spec, 77, 14).faults == []


def test_numbers_are_read_back():
    assert A.numbers("f = −2.69×10⁻⁵⁹, x₁ = 3, 1.5*10^(-5)") == pytest.approx([-2.69e-59, 3, 1.5e-5])
    assert A.round_off("∇f = (5.65×10⁻¹⁴, 0)", scale=3.0)
    assert A.round_off("∇f = (0, 0)", scale=3.0) == []


def test_cli_render_flag(tmp_path, capsys):
    body = plot('kind = "function"\nf = ["x", "100x"]\ny = [-500, 500]')
    root = make_course(tmp_path, {"01-a.md": FRONT + body})
    assert main(["lessons", "check", str(root), "--seeds", "1"]) == 0
    capsys.readouterr()
    assert main(["lessons", "check", str(root), "--seeds", "1", "--render", "--render-seeds", "2"]) == 1
    assert "01-a.md:6: plot `function` at 80×24:" in capsys.readouterr().out


def test_choice_options_get_their_own_scale_when_a_shared_one_would_flatten_them():
    specs = plots.choice_specs(["sin(x)", "100x"], ["a", "b"], (-3, 3))
    assert all("own y scale" in s["labels"][0] for s in specs)
    specs = plots.choice_specs(["2x + 4", "2x + 9"], ["a", "b"], (-3, 3))
    assert specs[0]["y"] == specs[1]["y"]


def test_bundled_course_passes_the_render_check():
    """Every lesson plot and choice-plot question (2 seeds) at 80×24, the tighter size: kept short for
    the suite; `mfml-tui lessons check --render` runs both sizes and 20 seeds."""
    from mfml_tui import paths
    from mfml_tui.course import load
    from mfml_tui.course.check import render_choices, render_plot
    from mfml_tui.plots.audit import VIEWS

    course = load(paths.bundled_lessons(), cache=False)
    problems = []
    for lesson in course.lessons:
        for step in lesson.steps:
            for spec in step.plots:
                problems += render_plot(spec, VIEWS[:1])
            for quiz in step.quizzes:
                if quiz.show == "plots":
                    problems += render_choices(quiz, 2, VIEWS[:1])
    assert not problems, "\n".join(map(str, problems))
