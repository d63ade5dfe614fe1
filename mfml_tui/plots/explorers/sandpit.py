"""The sandpit game: the learner's dips with their slope arrows, the worker's path, the cursor; at the
end the pit's level curves and the phone."""

from __future__ import annotations

from typing import Any

from ..canvas import Panel
from ..levels import level_count
from ..style import ACCENT, Style
from .look import guide, line, spot


def cursor_glyph(style: Style) -> str:
    return "✛" if style.unicode else "#"


def phone_glyph(style: Style) -> str:
    return "☎" if style.unicode else "P"


def draw(panel: Panel, g: Any) -> None:
    style = panel.style
    size = float(g.size)  # metres: the board is size × size
    panel.limits((0.0, size), (0.0, size))
    # roles: revealed contours = guide (fine marker), worker path = line 1, slope arrows = line 2,
    # the learner's dips = point 0 (line markers 1 and 2 differ from the fine marker in every family)
    if g.over:
        xs, ys = g.contours_of(level_count(panel.height, most=10))  # fewer on a small plot
        panel.cloud(xs, ys, **guide(style))
    learner = [d for d in g.dips if not d.auto]
    path: list[Any] = []  # the worker's path: each dip followed by its automatic steps
    for d in [*g.dips, None]:
        if d is None or not d.auto:
            if len(path) > 1:
                panel.polyline([p.x for p in path], [p.y for p in path], **line(style, 1))
            path = [d]
        else:
            path.append(d)
    slope = line(style, 2)
    for d in learner[-8:]:
        if d.arrow is not None and d.length > 0.02:
            ax, ay = d.arrow
            panel.polyline([d.x, d.x + ax], [d.y, d.y + ay], **slope)
            panel.text(d.glyph, d.x + ax, d.y + ay, color=slope["color"])
    dip = spot(style, 0, style.colour(0))
    if learner:
        panel.points([d.x for d in learner], [d.y for d in learner], **dip)
    char = size / max(panel.width - 8, 10)  # metres per character column
    for d in learner[-12:]:
        label = str(d.n)
        x = d.x + 1.5 * char if d.x < size - 3 * char else d.x - (len(label) + 0.5) * char
        panel.text(label, x, d.y, color=dip["color"], alignment="left")
    if g.over:
        panel.text(phone_glyph(style), *g.phone, color=ACCENT)
    elif g.stuck and g.last is not None:
        panel.text("✗" if style.unicode else "X", g.last.x, g.last.y, color=ACCENT)
    if not g.over:
        panel.points([g.cursor[0]], [g.cursor[1]], marker=cursor_glyph(style), color=ACCENT)


def key(style: Style, g: Any) -> list[tuple[str, str]]:
    entries = [] if g.over else [(cursor_glyph(style), "you")]
    entries.append((style.point(0), "dip"))
    if g.shows_arrows:
        entries.append((style.line(2), "slope"))
    if g.rule:
        entries.append((style.line(1), "worker"))
    if g.over:
        entries += [(style.fine(), "pit"), (phone_glyph(style), "phone")]
    return entries
