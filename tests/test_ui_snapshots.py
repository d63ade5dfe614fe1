"""Snapshot tests (pytest-textual-snapshot) of the course map, a lesson step with a plot, and a quiz after a
wrong answer, at 80×24. Snapshots live in tests/snapshots/; update with `pytest --snapshot-update` after
looking at the report. Numbers are fixed by the app's seed, so the quiz is the same every run."""

from __future__ import annotations

from pathlib import Path

import pytest
import pytest_textual_snapshot

from tests.test_ui_support import (  # noqa: F401 — quiet_textual is an autouse fixture
    make_app,
    quiet_textual,
    ready,
    screen_text,
    type_text,
    wait_for,
    wait_text,
)

SNAPSHOTS = Path(__file__).parent / "snapshots"


class _Here(pytest_textual_snapshot.SVGImageExtension):
    @classmethod
    def dirname(cls, *, test_location) -> str:  # noqa: ARG003 — syrupy's signature
        return str(SNAPSHOTS)


@pytest.fixture(autouse=True)
def snapshots_in_tests_snapshots(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pytest_textual_snapshot, "SVGImageExtension", _Here)


def test_home_80x24(snap_compare, tmp_path):
    async def run_before(pilot) -> None:
        await pilot.pause()
        await ready(pilot)
        await wait_text(pilot, "Week 2")

    assert snap_compare(make_app(tmp_path), terminal_size=(80, 24), run_before=run_before)


def test_lesson_plot_step_80x24(snap_compare, tmp_path):
    async def run_before(pilot) -> None:
        await pilot.pause()
        await ready(pilot)
        await wait_text(pilot, "Step 1/3")
        await wait_for(pilot, lambda: "┤" in screen_text(pilot.app), what="the plot")

    app = make_app(tmp_path, start_lesson="t1-rise")
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_quiz_after_wrong_answer_and_hint_80x24(snap_compare, tmp_path):
    async def run_before(pilot) -> None:
        await pilot.pause()
        await ready(pilot)
        await wait_text(pilot, "Step 1/3")
        await pilot.press("n", "n")
        await wait_text(pilot, "Step 3/3")
        await pilot.press("a")
        await type_text(pilot, "1")
        await pilot.press("enter")
        await wait_text(pilot, "✗")
        await pilot.press("ctrl+t")
        await wait_text(pilot, "Hint 1/2")

    app = make_app(tmp_path, start_lesson="t1-rise")
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
