"""`mfml-tui` (and `mfml-tui lesson ID`): start the tutor in the terminal."""

from __future__ import annotations

import argparse
import os
import sys

from mfml_tui import paths, terminal


def run_app(args: argparse.Namespace, lesson_id: str | None = None) -> int:
    # The app needs no threaded BLAS for its small arrays; a second OpenBLAS thread only costs start-up CPU.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
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
    )
    from mfml_tui.web import orphan

    if orphan.served():  # a browser tab's app (`mfml-tui serve`): end with the server, never outlive it
        orphan.quit_with_parent(app)
    try:
        app.run(mouse=not getattr(args, "no_mouse", False))
    finally:
        app.tutor.close()
    if app.return_code:
        return int(app.return_code)
    return 0
