"""A plot's symbolic derivatives are taken once and shared (`plots.maths.Fn.diff`), and are the same
derivatives a fresh differentiation gives."""

from __future__ import annotations

import numpy as np

from mfml_tui import engine as E
from mfml_tui.plots import maths
from mfml_tui.plots.maths import compile_fn


def test_a_derivative_is_remembered_across_drawings_and_equals_a_fresh_one(monkeypatch):
    monkeypatch.setattr(maths, "_DERIVATIVES", maths.Memo(8))
    taken: list[str] = []
    real = E.diff

    def counting(expr, var, *args, **kw):
        taken.append(var)
        return real(expr, var, *args, **kw)

    monkeypatch.setattr(E, "diff", counting)
    text = "exp(-(x - mu)^2/(2 sigma^2))/(sigma sqrt(2 pi))"
    first, again = compile_fn(text, ("x",), ("mu", "sigma")), compile_fn(text, ("x",), ("mu", "sigma"))
    d_mu = first.diff("mu")
    assert again.diff("mu") is d_mu and taken == ["mu"]  # a second drawing: not differentiated again
    assert again.diff("sigma") is not d_mu and taken == ["mu", "sigma"]
    assert first.diff("mu", 2) is not d_mu  # the order is part of what is remembered
    other = compile_fn(text, ("mu",), ("x", "sigma"))  # the same text over other variables
    assert other.diff("mu") is not d_mu and other.diff("mu").variables == ("mu",)
    x = np.linspace(150, 200, 11)
    fresh = maths._from_expr(real(first.expr, "mu"), ("x",), ("mu", "sigma"))
    assert np.array_equal(d_mu(x, mu=170.0, sigma=8.0), fresh(x, mu=170.0, sigma=8.0))
