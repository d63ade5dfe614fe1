"""Progress: per week and per lesson completion and mastery (bars), accuracy and time; skills; streak; recent
attempts with the question as it was asked. The numbers come from the progress package's `Summary`, the
same one `mfml-tui progress` prints, so the two never disagree."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group
from rich.padding import Padding
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from mfml_tui.ui.widgets.footer import Footer

if TYPE_CHECKING:
    from mfml_tui.progress.mastery import Level
    from mfml_tui.progress.summary import LessonSummary, Summary
    from mfml_tui.ui.app import TutorApp

LEVEL_STEPS = 4  # mastered is level 4 of 0…4


class ProgressScreen(Screen[None]):
    DEFAULT_CSS = """
    ProgressScreen #progress-header { height: 1; padding: 0 1; background: $panel; }
    ProgressScreen #progress-body { height: 1fr; padding: 0 1; }
    ProgressScreen .progress-part { margin: 1 0 0 0; }
    """
    BINDINGS = [Binding("b,escape,q", "app.pop_screen", "Course map", id="progress.back",
                        tooltip="Back to the course map (b, q or Esc)")]

    def compose(self) -> ComposeResult:
        app: TutorApp = self.app  # type: ignore[assignment]
        yield Static(Content.styled("Your progress", "bold"), id="progress-header")
        summary = app.tutor.progress_summary()
        with VerticalScroll(id="progress-body", can_focus=True):
            if not app.tutor.has_store:
                yield Static(Content.styled("Progress is not being saved in this session: what you see "
                                            "here is forgotten when you quit.", "$warning"))
            for part in self._parts(summary):
                yield Static(part, classes="progress-part")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#progress-body").focus()

    # ------------------------------------------------------------------------------------------- parts
    @property
    def _ascii(self) -> bool:
        return self.app.tutor.ascii_only  # type: ignore[attr-defined]

    def _t(self, text: str) -> str:
        return self.app.tutor.text(text)  # type: ignore[attr-defined]

    def _bar(self, done: float, total: float, width: int = 10) -> Text:
        full, empty = ("#", "-") if self._ascii else ("█", "░")
        filled = round(width * done / total) if total else 0
        return Text.assemble((full * filled, "green"), (empty * (width - filled), "dim"))

    def _parts(self, s: Summary):
        from mfml_tui.progress.summary import duration

        accuracy = f"{100 * s.correct / s.attempts:.0f} % correct" if s.attempts else "no answers yet"
        answers = f"{s.attempts} answer{'s' if s.attempts != 1 else ''}"
        due = f"{s.due_reviews} review{'s' if s.due_reviews != 1 else ''} due"
        yield Text.assemble(
            (answers, "bold"), self._t(f" · {accuracy} · {duration(s.seconds)} answering · "),
            (f"streak {s.streak_days} day{'s' if s.streak_days != 1 else ''}", "bold"),
            " (practised today)" if s.practised_today else "", self._t(f" · {due}"))
        for week in s.weeks:
            title = Text.assemble((self._t(f"Week {week.number}: {week.title}"), "bold"), "  ",
                                  self._bar(week.steps_done, week.steps),
                                  f" {week.steps_done}/{week.steps} steps")
            if week.level is not None:
                title.append_text(Text.assemble("  ", self._level(week.level)))
            yield Group(title, self._lessons(week.lessons))
        if s.other_lessons:
            yield Group(Text("Lessons no longer in the course", style="bold"), self._lessons(s.other_lessons))
        if s.skills:
            table = Table(box=None, padding=(0, 1), show_header=False, expand=False)
            table.add_column("skill", no_wrap=True, overflow="ellipsis", max_width=32)
            table.add_column("level bar", no_wrap=True)
            table.add_column("level", no_wrap=True)
            for sk in s.skills:
                table.add_row(sk.skill, self._bar(int(sk.level), LEVEL_STEPS, 8), sk.level.label)
            yield Group(Text("Skills", style="bold"), table)
        if s.slips:
            from mfml_tui.engine.malrules import MALRULES

            slips = [Text("Your most frequent slips", style="bold")]
            for slip, n in s.slips:
                says = MALRULES[slip].says if slip in MALRULES else slip
                slips.append(Text.assemble((f"{n}× ", "bold"), says))
            yield Group(*slips)
        if s.recent:
            lines = [Text("Recent answers", style="bold")]
            for r in s.recent:
                mark = ("+" if r.correct else "x") if self._ascii else ("✓" if r.correct else "✗")
                hints = f", {r.hints} hint{'s' if r.hints != 1 else ''}" if r.hints else ""
                when = r.at.astimezone().strftime("%d %b %H:%M ")
                lines.append(Text.assemble(
                    (f"{mark} ", "green" if r.correct else "red"), when,
                    (r.answer if len(r.answer) <= 40 else r.answer[:39] + "…", "bold"),
                    (f"  {duration(r.seconds)}{hints}", "dim")))
                if r.prompt:
                    asked = Text("    " + self._t(r.prompt), style="dim", no_wrap=True, overflow="ellipsis")
                    lines.append(asked)
            yield Group(*lines)

    def _level(self, level: Level) -> Text:
        """A mastery level as a 4-cell bar (one cell per level above not started) and its name."""
        return Text.assemble(self._bar(int(level), LEVEL_STEPS, LEVEL_STEPS), f" {level.label}")

    def _lesson_cell(self, les: LessonSummary) -> Text | Group:
        """The title, then (dim) the assessment's score, what is left to finish, and what the next level
        needs: mastery you can read, not a bare word. A note wrapped in the narrow column keeps its
        indent: its next lines started under the title and read like a lesson of their own."""
        title = Text(self._t(les.title))
        notes = []
        if les.assessment is not None and les.attempts:
            a = les.assessment
            notes.append(f"score {a.got}/{a.total}: " + ("passed" if a.passed else
                                                         f"not yet ({round(a.mark * 100)}% passes)"))
        if les.state != "done" and les.steps and les.steps_done >= les.steps and les.to_finish:
            notes.append(les.to_finish)
        if les.needs and les.level is not None and les.attempts:
            notes.append("next: " + les.needs)
        if not notes:
            return title
        return Group(title, *(Padding(Text(self._t(note), style="dim"), (0, 0, 0, 2)) for note in notes))

    def _lessons(self, lessons: tuple[LessonSummary, ...]) -> Table:
        from mfml_tui.progress.summary import duration

        table = Table(box=None, padding=(0, 1), expand=True, show_edge=False, header_style="dim")
        table.add_column("lesson", ratio=1, overflow="fold")
        table.add_column("steps", no_wrap=True)
        table.add_column("mastery", no_wrap=True)
        table.add_column("acc.", justify="right", no_wrap=True)
        table.add_column("time", justify="right", no_wrap=True)
        for les in lessons:
            none = self._t("–")  # nothing yet (`-` in ASCII mode)
            steps = Text.assemble(self._bar(les.steps_done, les.steps or 0, 6),
                                  f" {les.steps_done}/{les.steps}" if les.steps else f" {none}")
            level = self._level(les.level) if les.level is not None else none
            acc = f"{100 * les.accuracy:.0f}%" if les.accuracy is not None else none
            spent = duration(les.seconds) if les.seconds else none
            table.add_row(self._lesson_cell(les), steps, level, acc, spent)
        return table
