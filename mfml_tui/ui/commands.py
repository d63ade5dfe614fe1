"""The command palette (ctrl+p): jump to any lesson or explorer, open settings."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

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
