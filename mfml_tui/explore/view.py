"""Zooming an explorer's window: a fixed range can hide everything that happens (Newton's steps on a
sixth-degree polynomial all sit in one row of −230…1194)."""

from __future__ import annotations

import math

MIN_WIDTH = 1e-6  # relative to the whole range: deeper than this the numbers stop meaning anything
MAX_OUT = 100.0  # at most this many times the whole range


def zoomed(window: tuple[float, float], centre: float, factor: float,
           whole: tuple[float, float]) -> tuple[float, float] | None:
    """`window` scaled by `factor` about `centre`; None when that is the whole range again."""
    full = whole[1] - whole[0]
    half = (window[1] - window[0]) * factor / 2
    half = min(max(half, MIN_WIDTH * full / 2), MAX_OUT * full / 2)
    if not math.isfinite(centre):
        centre = (window[0] + window[1]) / 2
    lo, hi = centre - half, centre + half
    if math.isclose(hi - lo, full, rel_tol=1e-9) and math.isclose(lo, whole[0], abs_tol=1e-9 * full):
        return None
    return (lo, hi)
