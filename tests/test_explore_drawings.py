"""Explorers are drawn by `mfml_tui.plots.explorers` as functions of their state, headless like every
lesson plot; the widgets in `ui/explorers` hold no drawing code."""

from __future__ import annotations

import ast
from pathlib import Path

import plotext
import pytest

from mfml_tui.explore import KINDS, build
from mfml_tui.plots import NOTHING_DRAWN
from mfml_tui.plots.explorers import DRAWINGS, draw_explorer, key, render_explorer
from mfml_tui.plots.style import MARKERS, Style
from mfml_tui.ui.explorers.base import glyph_of

WIDGETS = Path(__file__).parent.parent / "mfml_tui" / "ui" / "explorers"


def test_every_explorer_kind_has_a_drawing():
    assert set(DRAWINGS) == set(KINDS)


def _drawn(kind: str, state, marker: str):
    try:
        canvas = draw_explorer(kind, state, plotext, width=47, height=16, marker=marker)
        text = plotext.build()
    finally:
        plotext.clear_figure()
    return canvas, text


@pytest.mark.parametrize("marker", MARKERS)
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_each_default_explorer_draws_headless_and_its_key_names_every_marker(kind, marker):
    state = build(kind, {})
    canvas, text = _drawn(kind, state, marker)
    assert NOTHING_DRAWN not in canvas.notes
    panel = canvas.panels[0]
    drawn = {kw["marker"] for _method, xs, _ys, kw in panel._series if len(xs)}
    named = {glyph_of(m) for m, _label in key(kind, Style(marker), state)}
    assert drawn and {glyph_of(m) for m in drawn} <= named, (drawn, named)
    # ticks come from the plots' canvas: 1-2-5 steps by the one formatter, never e-notation
    assert "e-0" not in text and "e+0" not in text
    if marker == "ascii":
        assert all(len(m) == 1 and m.isascii() for m in drawn)


def test_a_drawing_is_a_function_of_the_state():
    state = build("newton", {})
    stepped = state.step().step()
    first = render_explorer("newton", state, 60, 16)
    assert render_explorer("newton", state, 60, 16) == first
    assert render_explorer("newton", stepped, 60, 16) != first  # the tangents show


def test_a_walk_that_left_the_map_ends_on_its_edge():
    """Descent with a huge γ leaves the map: the last point is drawn on the frame, where it left."""
    state = build("descent", {"gamma": 2, "start": [2, 1.5]}).run_all()
    canvas, _ = _drawn("descent", state, "dot")
    panel = canvas.panels[0]
    (x0, x1), (y0, y1) = panel.x_range, panel.y_range
    for _method, xs, ys, _kw in panel._series:
        assert all(x0 <= x <= x1 for x in xs) and all(y0 <= y <= y1 for y in ys)


def _plotext_calls(path: Path) -> list[str]:
    """`….plot(`, `.scatter(`, `.xlim(`… calls and plotext imports in a widget module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    drawing = {"plot", "scatter", "xlim", "ylim", "xticks", "yticks", "hline", "vline", "text",
               "horizontal_line", "vertical_line"}
    for node in ast.walk(tree):
        call = isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
        if call and node.func.attr in drawing and getattr(node.func.value, "id", None) == "plt":
            found.append(f"{path.name}:{node.lineno} plt.{node.func.attr}")
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = [a.name for a in node.names] + [getattr(node, "module", None) or ""]
            if any(n.split(".")[0] == "plotext" for n in names):
                found.append(f"{path.name}:{node.lineno} imports plotext")
    return found


def test_explorer_widgets_do_not_draw_with_plotext():
    found = [c for path in sorted(WIDGETS.glob("*.py")) for c in _plotext_calls(path)]
    assert not found, found


def test_the_widget_check_catches_a_widget_that_draws(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("def paint(self, plt, w, h):\n    plt.xlim(0, 1)\n    plt.plot([0], [1])\n")
    assert _plotext_calls(bad) == ["bad.py:2 plt.xlim", "bad.py:3 plt.plot"]


def test_docs_list_every_explorer_kind_and_option():
    """docs/explorers.md has a section per kind (`## secant — …`) naming each of its options."""
    doc = (Path(__file__).resolve().parent.parent / "docs" / "explorers.md").read_text(encoding="utf-8")
    for name, kind in KINDS.items():
        section = doc.split(f"\n## {name} — ", 1)
        assert len(section) == 2, name
        body = section[1].split("\n## ", 1)[0]
        for option in kind.options:
            assert f"`{option}`" in body, (name, option)
