"""A full garbage collection never runs inside the frame a learner waits for (issue #20, cold step builds;
issue #14 item 6, opening a lesson): `mfml_tui.ui.collector` holds automatic collection from the moment a
lesson is opened or a step is asked for until that step's first frame is painted, and then lets the
collection that was due run. Checked by when collections run, not by a clock: the collector's thresholds
are set so low that, without the hold, one runs at almost every allocation of a build.
"""

from __future__ import annotations

import asyncio
import gc
from pathlib import Path

import pytest

from mfml_tui.ui import collector
from tests.test_lesson_open_cost import cost_course
from tests.test_ui_support import make_app, quiet_textual, ready, wait_for  # noqa: F401 — autouse fixture


@pytest.fixture
def course(tmp_path: Path) -> Path:
    return cost_course(tmp_path)


@pytest.fixture
def events(monkeypatch):
    """('gc', generation) at each collection's start, ('frame', step shown) at each frame painted; the
    collector eager (a collection at nearly every allocation) for the test, restored after. So eager, it
    slows the app down many times over: a hold may last longer than `MAX_HOLD` here (that is tested alone)."""
    monkeypatch.setattr(collector, "MAX_HOLD", 120.0)
    seen: list[tuple[str, object]] = []

    def callback(phase: str, info: dict) -> None:
        if phase == "start":
            seen.append(("gc", info["generation"]))

    thresholds, enabled = gc.get_threshold(), gc.isenabled()
    gc.enable()
    gc.set_threshold(20, 1, 1)
    gc.callbacks.append(callback)
    try:
        yield seen
    finally:
        gc.callbacks.remove(callback)
        gc.set_threshold(*thresholds)
        (gc.enable if enabled else gc.disable)()


def _watch_frames(app, seen: list) -> None:
    real = app._display

    def display(screen, renderable) -> None:
        if renderable is not None and not app._batch_count:
            seen.append(("frame", getattr(app.screen, "shown_step", None)))
        real(screen, renderable)

    app._display = display


def _until_shown(seen: list, start: int, step: int) -> list:
    """The events from `start` up to the first frame that shows `step`."""
    for index in range(start, len(seen)):
        if seen[index] == ("frame", step):
            return seen[start:index]
    raise AssertionError(f"no frame showed step {step}: {seen[start:]}")


async def test_no_collection_runs_between_asking_for_a_step_and_its_first_frame(tmp_path, course, events,
                                                                              monkeypatch):
    from mfml_tui.ui.screens.lesson import LessonScreen

    real_init = LessonScreen.__init__

    def init(self, *args, **kwargs) -> None:
        events.append(("screen", None))  # from here the lesson is the app's: the course map's part is done
        real_init(self, *args, **kwargs)

    monkeypatch.setattr(LessonScreen, "__init__", init)
    app = make_app(tmp_path, lessons=course)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        _watch_frames(app, events)
        app.open_lesson("w1-cost", 0)
        await wait_for(pilot, lambda: ("frame", 0) in events, what="the first step")
        before = _until_shown(events, events.index(("screen", None)), 0)
        assert not [e for e in before if e[0] == "gc"], before
        await pilot.pause(0.2)
        assert gc.isenabled() and not collector.held()
        for step in (1, 2):
            start = len(events)
            await app.screen.go_to(step)
            await wait_for(pilot, lambda s=step, at=start: ("frame", s) in events[at:], what=f"step {step}")
            before = _until_shown(events, start, step)
            assert not [e for e in before if e[0] == "gc"], before
            # the collections that were due run once the frame is out: nothing is left uncollected
            after = start + len(before)
            await wait_for(pilot, lambda at=after: ("gc", 0) in events[at:], what="a later collection")
            assert gc.isenabled() and not collector.held()


async def test_the_collector_is_back_on_when_a_lesson_is_left_or_the_app_ends_mid_build(tmp_path, course):
    app = make_app(tmp_path, lessons=course)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        app.open_lesson("w1-cost", 0)
        app.pop_screen()  # left before its first frame
        await pilot.pause(0.2)
        assert gc.isenabled() and not collector.held()
        app.open_lesson("w1-cost", 1)
        assert collector.held()
    # the run ended while the step was being built
    assert gc.isenabled() and not collector.held()


async def test_a_hold_never_switches_on_a_collector_switched_off_elsewhere_and_expires(monkeypatch):
    monkeypatch.setattr(collector, "_holders", {})  # alone: not another test's screen still holding
    monkeypatch.setattr(collector, "_switched_off", False)
    owner = object()
    gc.disable()
    try:
        collector.hold(owner)
        collector.release(owner)
        assert not gc.isenabled()
    finally:
        gc.enable()
    monkeypatch.setattr(collector, "MAX_HOLD", 0.05)
    collector.hold(owner)
    assert not gc.isenabled()
    await asyncio.sleep(0.1)  # never released: it expires
    assert gc.isenabled() and not collector.held()

