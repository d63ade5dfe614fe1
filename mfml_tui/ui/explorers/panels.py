"""What an explorer prints beside its plot, without a terminal: for `lessons check --render`.

The side panel and the status line are the widget's own `side()` and `status()` (the words a learner
reads), so the check builds the widget unmounted, presses a walk of its keys by calling the actions
they are bound to, and reads the texts at the start and at the end of the walk. A value printed there
that is round-off next to the numbers around it (`f = −2.69×10⁻⁵⁹` at a root) or in e-notation is a
fault, by the plots' rule (`plots.audit.round_off`). The course checker may not import the UI, so
`mfml-tui lessons check --render` hands it `panel_faults`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from textual._context import active_app
from textual.actions import parse
from textual.app import App

from mfml_tui.explore import build
from mfml_tui.plots.audit import round_off

from . import WIDGETS

#: the keys pressed from an explorer's start: to a root, a minimum or a win, where round-off shows
WALKS: dict[str, tuple[str, ...]] = {
    "secant": ("c", "c"),  # not down the h ladder: its 10⁻¹² is a run chosen on purpose, not round-off
    "taylor": ("plus",) * 12,
    "newton": ("e",),
    "descent": ("e", "m", "e"),
    "lagrange": ("enter", "right", "enter"),
    "chi2": ("s", "g", "g"),
    "heights": ("enter", "enter", "e"),
    "network": ("down", "right"),
    "backprop": (),  # its keys start a training thread; its numbers are checked by the pilot tests
    "sandpit": ("enter", "w", "enter", "g"),
}


_COLUMNS = re.compile(r"\S {2,}\S")  # a table row: columns set apart by runs of spaces


def wrapped_rows(text: str, width: int) -> list[str]:
    """Table rows of a side panel wider than the panel: the terminal wraps them and the columns break
    (the secant's `5×10⁻¹⁰` h, a diverging Newton's −2.38×10¹³). Prose lines may wrap; rows may not."""
    return [line for line in text.splitlines() if len(line) > width and _COLUMNS.search(line)]


def panel_texts(kind: str, state: Any, walk: tuple[str, ...] | None = None) -> Iterator[tuple[str, str]]:
    """(when, text) of the side panel and the status at the start and after each key of the walk."""
    widget = WIDGETS[kind](state)
    token = active_app.set(App())  # what the widget asks of its app (settings, ASCII mode) has defaults
    try:
        yield from _read(widget, "at the start")
        for key in WALKS.get(kind, ()) if walk is None else walk:
            bound = widget._bindings.key_to_bindings.get(key)
            if not bound:
                continue
            _, name, args = parse(bound[0].action)
            getattr(widget, f"action_{name}")(*args)
            yield from _read(widget, f"after {key}")
    finally:
        active_app.reset(token)


def _read(widget, when: str) -> Iterator[tuple[str, str]]:
    for part in ("side", "status"):
        text = getattr(widget, part)()
        yield f"{part} {when}", getattr(text, "plain", str(text))


def panel_faults(kind: str, options: Mapping[str, Any]) -> list[str]:
    """Round-off and e-notation printed beside explorer `kind`'s plot (built from `options`) along its
    walk, and side-panel table rows too wide for the panel; each fault once with where it was first
    seen ("side after e: prints 3e-14 …")."""
    if kind not in WIDGETS:
        return []
    try:
        state = build(kind, dict(options))
    except Exception:  # noqa: BLE001 — an explorer that cannot start is reported by the check already
        return []
    faults: dict[str, str] = {}
    width = WIDGETS[kind].SIDE_WIDTH - 1  # the side panel's padding takes one column
    try:
        for when, text in panel_texts(kind, state):
            for fault in round_off(text):
                faults.setdefault(fault, when)
            if when.startswith("side"):
                for row in wrapped_rows(text, width):
                    faults.setdefault(f"a table row is {len(row)} columns wide, more than the panel's "
                                      f"{width}, so it wraps: `{row.strip()}`", when)
    except Exception as e:  # noqa: BLE001 — a key that fails headless is the author's to hear about
        return [f"its keys fail (headless): {e}"]
    return [f"{when}: {fault}" for fault, when in faults.items()]
