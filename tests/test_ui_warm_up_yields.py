"""The warm-up's imports (a thread, after the first screen) give way to a frame a learner waits for (issue
#20: a lesson opened at once on the map ≤ 150 ms): an Enter before the warm-up was done made the main thread
import what the lesson needed while the thread imported the rest beside it, taking half of the GIL from the
lesson's first frame."""

from __future__ import annotations

from pathlib import Path

from tests.test_ui_support import make_app, ready, spy_imports


async def test_the_warm_up_imports_nothing_while_a_frame_is_being_made(tmp_path: Path, monkeypatch) -> None:
    from mfml_tui.ui import app as app_module
    from mfml_tui.ui import collector

    wanted = ("json", "csv")
    monkeypatch.setattr(app_module, "WARM_UP", wanted)
    imported = spy_imports(monkeypatch, wanted)
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        token = object()  # what a lesson screen does from its __init__ to its first step's frame
        collector.hold(token)
        try:
            worker = app.warm_up()
            await pilot.pause(0.4)
            assert imported == [], "the warm-up imported while a frame was being made"
        finally:
            collector.release(token)
        await worker.wait()
        assert imported == [(name, False) for name in wanted]
