"""The command palette (ctrl+p): jump to any lesson or explorer, open settings."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING

from textual import on
from textual.command import CommandPalette, DiscoveryHit, Hit, Hits, Provider
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
    """Textual's palette, whose Enter acts on the matches of what was typed. The matches are gathered in a
    worker after each letter, and Textual's Enter took whatever the list showed: typed fast, `chain rule ⏎`
    opened the first lesson (the list of `c`), `product ⏎` the keys panel. Enter now waits for the search
    of the text typed before it."""

    @on(Input.Submitted)
    async def _when_matched(self, event: Input.Submitted) -> None:
        if not self._searching():
            return  # Textual's own handler acts at once
        event.prevent_default()  # (Textual's handler is the base class's: it runs below, once matched)
        event.stop()
        while workers := self._searching():
            with contextlib.suppress(Exception):  # a search cancelled by a newer one: wait for that one
                if workers[0].state is WorkerState.PENDING:
                    await asyncio.sleep(0.01)
                else:
                    await workers[0].wait()
        self._select_or_command()

    def _searching(self) -> list:
        return [worker for worker in self.workers if worker.node is self
                and worker.group == self._GATHER_COMMANDS_GROUP and not worker.is_finished]
