"""`mfml-tui` (and `mfml-tui lesson ID`): start the tutor in the terminal."""

from __future__ import annotations

import gc
import os
import sys
from typing import TYPE_CHECKING

from mfml_tui import paths, terminal

if TYPE_CHECKING:
    import argparse  # (not imported to start the tutor: cli.plain_launch)

# Allocations between two runs of the cyclic garbage collector while the first screen is being made. Start-up
# allocates ~10⁵ objects that live as long as the app (Textual's and our classes, styles, widgets) and
# makes next to no garbage cycles, yet the collector ran ~150 times before the first screen (≈10 % of its
# CPU, each run walking the young objects, one of them everything). It runs that rarely until the first
# screen is sent, then as Python's defaults say.
START_UP_GC_THRESHOLD = 1_000_000


def run_app(args: argparse.Namespace, lesson_id: str | None = None) -> int:
    # The app needs no threaded BLAS for its small arrays; a second OpenBLAS thread only costs start-up CPU.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    thresholds = gc.get_threshold()
    gc.set_threshold(START_UP_GC_THRESHOLD, *thresholds[1:])
    try:
        return _run_app(args, lesson_id, lambda: gc.set_threshold(*thresholds))
    finally:
        gc.set_threshold(*thresholds)


def _run_app(args: argparse.Namespace, lesson_id: str | None, started) -> int:  # type: ignore[no-untyped-def]
    lessons = paths.lessons_dir(getattr(args, "lessons", None))
    if not lessons.is_dir():
        print(f"mfml-tui: no lessons folder at {lessons} (use --lessons DIR)", file=sys.stderr)
        return 2
    db_path = paths.database_path(getattr(args, "data_dir", None))
    profile = getattr(args, "profile", None) or paths.default_profile()

    from mfml_tui.ui.app import build_app

    ascii_only = bool(getattr(args, "ascii", False)) or terminal.wants_ascii()  # --ascii, LANG=C, …
    app = build_app(
        lessons,
        db_path,
        profile,
        ascii_only=ascii_only,
        start_lesson=lesson_id,
        resume=lesson_id is None,  # `mfml-tui` alone reopens the lesson and step left last
        keep_css=True,  # CSS parsed at an earlier launch is read back (ui/stylesheet.py)
    )
    from mfml_tui.web import orphan

    if orphan.served():  # a browser tab's app (`mfml-tui serve`): end with the server, never outlive it
        orphan.quit_with_parent(app)
    app.after_first_paint(started)
    try:
        app.run(mouse=not getattr(args, "no_mouse", False))
    finally:
        app.tutor.close()
    if app.return_code:
        return int(app.return_code)
    return 0
