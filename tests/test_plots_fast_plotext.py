"""The faster plotext loops (`plots.fast_plotext`) give plotext's own text, cell for cell."""

from __future__ import annotations

import plotext
import pytest

from mfml_tui.explore import build, defaults
from mfml_tui.plots import draw, fast_plotext
from mfml_tui.plots.examples import EXAMPLES
from mfml_tui.plots.explorers import DRAWINGS, draw_explorer


def _figures():
    for name, spec in EXAMPLES.items():
        for marker, (w, h) in (("braille", (80, 24)), ("dot", (61, 19)), ("ascii", (120, 40))):
            yield f"{name}-{marker}-{w}", lambda spec=spec, marker=marker, w=w, h=h: draw(
                spec, plotext, width=w, height=h, marker=marker)
    for kind in DRAWINGS:
        state = build(kind, defaults(kind))
        yield f"explorer-{kind}", lambda kind=kind, state=state: draw_explorer(
            kind, state, plotext, width=92, height=36, theme="dark")


def _built(make) -> str:
    make()
    return plotext.build()


def test_installed_for_the_checked_plotext():
    assert plotext.__version__ == fast_plotext.CHECKED_VERSION, "check fast_plotext against this plotext"
    assert fast_plotext.install(again=True)
    from plotext._matrix import matrix_class

    assert matrix_class.set_canvas is fast_plotext.set_canvas


@pytest.mark.parametrize("name,make", list(_figures()), ids=lambda v: v if isinstance(v, str) else "")
def test_same_text_as_plotexts_own(name, make):
    assert fast_plotext.install(again=True)
    fast = _built(make)
    fast_plotext.uninstall()
    try:
        from plotext._matrix import matrix_class

        assert matrix_class.set_canvas is not fast_plotext.set_canvas
        own = _built(make)
    finally:
        fast_plotext.install(again=True)
    assert "\x1b[" in own and fast == own


@pytest.mark.parametrize("kind,marker", [("lagrange", "dot"), ("descent", "braille"), ("descent", "dot")])
def test_a_dense_scatter_reaches_plotext_one_point_a_pixel_with_the_same_picture(kind, marker, monkeypatch):
    """An explorer's level curves (3000 points for ~600 cells) are handed to plotext one per pixel it
    draws (its own rounding, after the legend has settled the data area): the same text, fewer points."""
    from mfml_tui.plots import canvas

    state = build(kind, defaults(kind))
    handed: list[int] = []
    real = canvas.Panel._one_per_pixel

    def counting(self, xs, ys, *args):
        out = real(self, xs, ys, *args)
        handed.append(len(xs) - len(out[0]))
        return out

    monkeypatch.setattr(canvas.Panel, "_one_per_pixel", counting)
    deduped = _built(lambda: draw_explorer(kind, state, plotext, width=92, height=36, marker=marker))
    monkeypatch.setattr(canvas, "DEDUPE_FROM", 10**9)
    every = _built(lambda: draw_explorer(kind, state, plotext, width=92, height=36, marker=marker))
    assert deduped == every
    assert sum(handed) > 100, handed  # points that plotext no longer has to place
