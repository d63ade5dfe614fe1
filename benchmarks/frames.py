"""When a frame is painted: the clocks of each frame the app renders for its terminal (headless too: the
compositor renders it, the driver writes nothing), so a benchmark can tell the first frame that shows a step
from work done after it (the rest of a long step, built once its first screen is painted)."""

from __future__ import annotations

import asyncio
import time


class Frames:
    def __init__(self, app) -> None:
        self.app = app
        self.frames: list[tuple[float, float, object]] = []  # (wall, CPU, step shown)
        real = app._display

        def display(screen, renderable) -> None:
            if renderable is not None and not app._batch_count:
                self.frames.append((time.perf_counter(), time.process_time(),
                                    getattr(app.screen, "shown_step", None)))
            real(screen, renderable)

        app._display = display

    def mark(self) -> int:
        return len(self.frames)

    async def first_showing(self, step: int, since: int) -> tuple[float, float]:
        """(wall, CPU) clocks of the first frame after `since` painted with `step` on screen."""
        while True:
            for wall, cpu, shown in self.frames[since:]:
                if shown == step:
                    return wall, cpu
            await asyncio.sleep(0.0005)

    async def whole(self, step: int) -> tuple[float, float]:
        """(wall, CPU) once the step is built whole and painted (the old measure: all of its widgets)."""
        screen = self.app.screen
        while getattr(screen, "shown_step", None) != step or not _built(screen, step):
            await asyncio.sleep(0.0005)
        done = asyncio.get_running_loop().create_future()
        screen.call_after_refresh(
            lambda: done.done() or done.set_result((time.perf_counter(), time.process_time())))
        return await done


def _built(screen, step: int) -> bool:
    built = getattr(screen, "_built", None)
    return built(step) if built is not None else step in getattr(screen, "_panes", {step: None})
