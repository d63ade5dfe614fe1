"""One representative spec per plot kind, taken from the course: used by the benchmark, the tests and
docs/plots.md (and handy for a gallery screen)."""

from __future__ import annotations

EXAMPLES: dict[str, dict] = {
    "function": {"kind": "function", "f": ["x^2 sin(x)", "2x sin(x) + x^2 cos(x)"], "labels": ["f", "f′"],
                 "x": [-3, 3], "points": [[0, 0, "origin"]]},
    "derivative": {"kind": "derivative", "f": "x^3 - 3x", "x": [-2.5, 2.5], "order": 2},
    "secant": {"kind": "secant", "f": "5x^2", "x0": 1, "hs": [1, 0.5, 0.1]},
    "taylor": {"kind": "taylor", "f": "exp(x) * sin(x)", "around": 0, "orders": [1, 2, 3, 5], "x": [-2, 3]},
    "newton": {"kind": "newton", "f": "x^3 - 2x + 2", "start": -2},
    "contour": {"kind": "contour", "f": "x exp(-(x^2 + y^2))", "x": [-2, 2], "y": [-2, 2],
                "arrows": "gradient", "stationary": True},
    "descent": {"kind": "descent", "f": "x^2 + 3y^2", "start": [2.5, 2], "gamma": 0.1, "steps": 30},
    "lagrange": {"kind": "lagrange", "f": "x^2 y", "g": "x^2 + y^2 - 1", "x": [-1.5, 1.5], "y": [-1.5, 1.5]},
    "fit": {"kind": "fit", "data": "anscombe-1", "residuals": True},
    "landscape": {"kind": "landscape", "data": "heights", "model": "gaussian",
                  "params": {"mu": [150, 200], "sigma": [2, 35]}, "start": [155, 6], "gamma": 2000,
                  "steps": 50},
    "network": {"kind": "network", "iterations": 800, "seed": 1},
    "surface": {"kind": "surface", "f": "x^2 - y^2", "x": [-2, 2], "y": [-2, 2]},
    "gridwarp": {"kind": "gridwarp", "u": "x^2 - y^2", "v": "2x*y", "x": [0.5, 1.5], "y": [0.2, 1.2],
                 "cells": 2},
}
