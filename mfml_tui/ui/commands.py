"""The command palette (ctrl+p): jump to any lesson or explorer, open settings."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING

from textual import on
from textual.command import CommandInput, CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.message import Message
from textual.widgets import Input
from textual.worker import WorkerState

if TYPE_CHECKING:
    from mfml_tui.ui.app import TutorApp


class CourseCommands(Provider):
    """Lessons (from the loaded course) and explorers (from `mfml_tui.ui.explorers.EXPLORERS`)."""

    @property
    def tutor_app(self) -> TutorApp:
        return self.app  # type: ignore[return-value]

    def _commands(self) -> Iterator[tuple[str, object, str]]:
        app = self.tutor_app
        course = app.tutor.course
        for week in course.weeks:
            for lesson in week.lessons:
                if lesson.available:
                    yield (f"Lesson: {lesson.title}", partial(app.open_lesson, lesson.id),
                           f"Week {week.number} · {week.title} · {lesson.id}")
        try:
            from mfml_tui.ui.explorers import EXPLORERS
        except Exception:  # noqa: BLE001 — explorers not installed yet: lessons still work
            EXPLORERS = {}
        for kind, entry in EXPLORERS.items():
            title = entry[0] if isinstance(entry, tuple) else str(entry)
            yield (f"Explore: {title}", partial(app.open_explorer, kind), "an interactive explorer")
        yield ("Settings: plot markers", app.open_settings, "braille, dot or ASCII markers in plots")
        yield ("Progress: levels, skills, recent attempts", app.open_progress,
               "the same as `mfml-tui progress`")
        yield ("Reviews: questions due again", app.open_reviews, "answer them with fresh numbers")
        yield ("Home: course map", partial(app.go_home), "weeks and lessons")

    def _shown(self) -> Iterator[tuple[str, object, str]]:
        """The commands as this terminal can show them (ASCII mode: `Secant -> tangent`, `chi^2`)."""
        text = self.tutor_app.tutor.text
        for title, command, help_text in self._commands():
            yield text(title), command, text(help_text)

    async def discover(self) -> Hits:
        for text, command, help_text in self._shown():
            yield DiscoveryHit(text, command, help=help_text)  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, command, help_text in self._shown():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), command, help=help_text)  # type: ignore[arg-type]


class CoursePalette(CommandPalette):
    """Textual's palette, whose keys act on the matches of what was typed before them. The matches are
    gathered in a worker after each letter, and Textual's keys took whatever the list showed: typed fast,
    `chain rule ⏎` opened the first lesson (the list of `c`), `product ⏎` the keys panel, and ↓ moved along
    an older list. Enter, ↑, ↓, Page Up/Down, Home and End now wait for the search of the text typed
    before them."""

    _in_turn_now = False  # running a key's action in its turn (`_in_turn`): act at once

    @on(Input.Submitted)
    async def _when_matched(self, event: Input.Submitted) -> None:
        if not self._searching():
            return  # Textual's own handler acts at once
        event.prevent_default()  # (Textual's handler is the base class's: it runs below, once matched)
        event.stop()
        await self._matched()
        self._select_or_command()

    def _action_cursor_down(self) -> None:
        self._in_turn(CommandPalette._action_cursor_down)

    def _action_command_list(self, action: str) -> None:
        self._in_turn(CommandPalette._action_command_list, action)

    class _InTurn(Message):
        """A key's action on its way up from the search box, behind the box's `Changed` messages."""

        def __init__(self, act: Callable[[], None]) -> None:
            super().__init__()
            self.act = act

    def _in_turn(self, action, *args) -> None:  # type: ignore[no-untyped-def]
        """Run Textual's `action` once the search of the text typed before its key is done. The key's
        binding runs from the search box's queue (`TutorApp._in_order_through_box`), where the box's
        `Changed` messages for the letters before it may still be on their way up to the palette, through
        the containers between: the action goes up the same way, behind them (`_InTurn`), then waits for
        the search they start."""
        if self._in_turn_now:  # (↓ acts through `_action_command_list`)
            action(self, *args)
            return
        self.query_one(CommandInput).post_message(self._InTurn(partial(action, self, *args)))

    @on(_InTurn)
    async def _act_in_turn(self, event: _InTurn) -> None:
        event.stop()
        await self._matched()
        self._in_turn_now = True
        try:
            event.act()
        finally:
            self._in_turn_now = False

    async def _matched(self) -> None:
        """Wait for the search of the text typed so far (a search cancelled by a newer one: that one)."""
        while workers := self._searching():
            with contextlib.suppress(Exception):
                if workers[0].state is WorkerState.PENDING:
                    await asyncio.sleep(0.01)
                else:
                    await workers[0].wait()

    def _searching(self) -> list:
        return [worker for worker in self.workers if worker.node is self
                and worker.group == self._GATHER_COMMANDS_GROUP and not worker.is_finished]
