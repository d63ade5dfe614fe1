"""A served app ends when its server does, however the server ended.

textual-serve tells an app to quit when its browser tab closes or the server shuts down cleanly. If the
server is killed outright (SIGKILL, a crash), the app's input pipe just closes, and Textual's web driver
then stops reading without ending the app: an orphan, holding memory and a progress connection forever.
This watch notices the parent is gone (the process is re-parented) and quits the app the normal way.
"""

from __future__ import annotations

import os
import threading
import time
from typing import Any

ENV = "MFML_TUI_SERVED"  # set by `mfml-tui serve` for the apps it starts


def served() -> bool:
    return os.environ.get(ENV) == "1"


def quit_with_parent(app: Any, interval: float = 1.0) -> threading.Thread:
    """Start a daemon thread that exits `app` (as `ctrl+q` would) once this process's parent changes."""
    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(interval)
            if os.getppid() == parent:
                continue
            try:
                app.call_from_thread(app.exit)
            except RuntimeError:  # not running yet (or any more): try again, the thread dies with us
                continue
            return

    thread = threading.Thread(target=watch, name="mfml-tui-parent-watch", daemon=True)
    thread.start()
    return thread
