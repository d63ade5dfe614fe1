"""The grid-warp plot: a grid and its image under (u, v); det J per cell against an independent sympy
Jacobian, and against the image's measured area (so "area scales by |det J|" is what the picture shows)."""

from __future__ import annotations

import numpy as np
import plotext
import pytest
import sympy as sp

from mfml_tui import plots

X, Y = sp.symbols("x y", real=True)


def draw(spec: dict, size=(80, 24)):
    return plots.draw({"kind": "gridwarp", **spec}, plotext, width=size[0], height=size[1])


def sympy_det(u, v):
    return sp.Matrix([u, v]).jacobian([X, Y]).det()


@pytest.mark.parametrize("a, b, c, d", [(1, 2, 3, 1), (2, 0, 0, 3), (0, 1, 1, 0), (2, 1, 1, 1)])
def test_a_linear_map_scales_every_cell_by_its_determinant(a, b, c, d):
    info = draw({"u": f"{a}x + {b}y", "v": f"{c}x + {d}y", "cells": 3})
    det = a * d - b * c
    assert np.allclose(info.values["dets"], det)
    assert np.allclose(info.values["ratios"], det, rtol=1e-9)  # a parallelogram: exact
    assert info.values["flipped"] == (9 if det < 0 else 0)
    if det < 0:
        assert any("flips orientation" in line for line in info.lines)


def test_a_curved_map_det_matches_sympy_and_the_measured_areas():
    u, v = X**2 - Y**2, 2 * X * Y
    info = draw({"u": "x^2 - y^2", "v": "2x*y", "x": [0.5, 1.5], "y": [0.2, 1.2], "cells": 4})
    centres = (np.linspace(0.5, 1.5, 5)[:-1] + 0.125, np.linspace(0.2, 1.2, 5)[:-1] + 0.125)
    want = np.array([[float(sympy_det(u, v).subs({X: cx, Y: cy})) for cx in centres[0]] for cy in centres[1]])
    assert np.allclose(info.values["dets"], want, rtol=1e-12)
    # the image's measured area is the integral of det J over the cell (change of variables) …
    edges = np.linspace(0.5, 1.5, 5), np.linspace(0.2, 1.2, 5)
    exact = np.array([[float(sp.integrate(sympy_det(u, v), (X, edges[0][i], edges[0][i + 1]),
                                          (Y, edges[1][j], edges[1][j + 1]))) / 0.25**2
                       for i in range(4)] for j in range(4)])
    assert np.allclose(info.values["ratios"], exact, rtol=1e-4)
    # … of which det J at the centre is the first-order estimate: close for small cells
    assert np.allclose(info.values["ratios"], want, rtol=0.03)


def test_polar_map_scales_by_r():
    info = draw({"u": "x*cos(y)", "v": "x*sin(y)", "x": [1, 3], "y": [0, 1.5], "cells": 2})
    assert np.allclose(info.values["dets"], [[1.5, 2.5], [1.5, 2.5]])


def test_the_picture_names_the_corners_and_shows_det_labels():
    text = plots.render_text({"kind": "gridwarp", "u": "y", "v": "x", "cells": 2}, 80, 24)
    for corner in "ABC":
        assert corner in text
    assert "−1" in text  # a swap of x and y: det J = −1 in every cell, written in the image


def test_validation_names_the_missing_output():
    problems = plots.validate({"kind": "gridwarp", "u": "x + y"})
    assert any("v" in p for p in problems)
    assert plots.validate({"kind": "gridwarp", "u": "x", "v": "y", "cells": 9})
