"""One lesson, one step at a time: Markdown text, plots, explorers and quizzes.

At 120 columns and more the words sit on the left and the plots and explorers on the right; narrower,
everything stacks in the order the author wrote it. The step on screen is stored on every change, and every
graded answer as soon as it is checked, so quitting at any moment loses nothing.

This module is the heavy one (Markdown, textual-plotext): the app imports it only when a lesson opens.
"""

from __future__ import annotations

import asyncio
import functools
import sys
from typing import TYPE_CHECKING

from textual import events, on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.reactive import var
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, Static

from mfml_tui.course.model import ExploreBlock, PlotBlock, QuizBlock, TextBlock
from mfml_tui.ui import collector
from mfml_tui.ui.gone import gone, while_shown
from mfml_tui.ui.layout import WIDE, set_breakpoint_classes
from mfml_tui.ui.widgets import drawn_footer
from mfml_tui.ui.widgets.focus import FocusRepaintsWhatChanges, FocusScroll
from mfml_tui.ui.widgets.footer import Footer, TypedKeysNotOffered
from mfml_tui.ui.widgets.glyphs import glyphs
from mfml_tui.ui.widgets.prose import Prose

if TYPE_CHECKING:
    from collections.abc import Callable

    from mfml_tui.course.model import Lesson, PlotSpec, Step
    from mfml_tui.ui.app import TutorApp
    from mfml_tui.ui.widgets.quiz import QuizCard, QuizState

# The explorers (numpy, the engine) and the plots (plotext) are imported when a step shows one, not with this
# screen: `mfml-tui lesson ID` then paints a first step of text and questions without them (≈0.4 s less).
# So are the question cards (their kinds, the answer box, the option list: ≈3 ms of CPU), for a first step
# without a question; the warm-up imports them once the first screen is out (`ui.app.WARM_UP`).
EXPLORER = ("mfml_tui.ui.explorers.base", "Explorer")
PLOT_PANEL = ("mfml_tui.ui.widgets.plot", "PlotPanel")
DRAWN_PANEL = ("mfml_tui.ui.widgets.drawn", "DrawnPlotPanel")
QUIZ_CARD = ("mfml_tui.ui.widgets.quiz", "QuizCard")
CHOICES = ("mfml_tui.ui.widgets.choices", "ChoiceList")


def is_a(widget: object, where: tuple[str, str]) -> bool:
    """`isinstance(widget, where's class)` without importing its module: before it is imported, no widget
    can be one."""
    cls = getattr(sys.modules.get(where[0]), where[1], None)
    return cls is not None and isinstance(widget, cls)


def plot_panel(spec: PlotSpec, marker: str, *, app_theme: str | None = None,
               ascii_only: bool = False) -> Widget:
    """The step's plot. Before the plotting code is imported (a lesson opened at start), the drawing recorded
    at an earlier launch if there is one (`widgets/drawn.py`: swapped for the live plot once painted)."""
    if app_theme is not None and PLOT_PANEL[0] not in sys.modules:
        from mfml_tui.ui.widgets.drawn import stored_panel

        live = functools.partial(plot_panel, spec, marker)
        stored = stored_panel(spec, marker, app_theme, ascii_only, live)
        if stored is not None:
            return stored
    from mfml_tui.ui.widgets.plot import PlotPanel

    return PlotPanel(spec, marker=marker)


def after_first_step(method):
    """A key typed ahead of the lesson's first step (`⏎ n` in one SSH packet) is applied once that step is
    on screen, in the order typed: before, the steps column itself may not be mounted (NoMatches '#flow',
    a crash), and `n` would mark a step done that was never shown."""
    @functools.wraps(method)
    async def deferred(self: LessonScreen, *args):
        if self.shown_step is None:
            self._typed_ahead.append((method.__name__, args))
            return None
        return await method(self, *args)

    return deferred


class StepHeader(Static):
    """`Lesson title · Step 3/7 ●●●○○○○` on one line."""


class LessonScreen(TypedKeysNotOffered, FocusRepaintsWhatChanges, Screen[None]):
    CSS_PATH = "lesson.tcss"
    BINDINGS = [
        Binding("right,n", "next_step", "Next", id="lesson.next", tooltip="Next step (n or the right arrow)"),
        Binding("left,p", "previous_step", "Previous", id="lesson.previous",
                tooltip="Previous step (p or the left arrow)"),
        Binding("t", "contents", "Contents", id="lesson.contents",
                tooltip="Table of contents: jump to a step"),
        # A priority binding runs before the next key is routed: `a5` in one SSH packet puts the 5 in the box.
        Binding("a", "answer", "Answer", id="lesson.answer", priority=True,
                tooltip="Go to the first question on this step"),
        Binding("e", "explore", "Explore", id="lesson.explore", show=False,
                tooltip="Hand the keys to the explorer on this step (its frame says: b or Esc to leave)"),
        # b first, Esc too: a terminal holds a lone Esc back ~100 ms to tell it from an escape sequence, so
        # the footer shows b (and esc while an answer box has the focus: there b types a b)
        Binding("b,escape", "back", "Course map", id="lesson.back",
                tooltip="Leave the answer box; again to go back to the course map (b or Esc)"),
        Binding("q", "app.quit", "Quit", id="lesson.quit", show=False),
        # For the question last used (or the first on the step) when the answer box is not focused:
        Binding("c", "quiz('check')", "Check", id="lesson.quiz.check", show=False),
        Binding("h", "quiz('hint')", "Hint", id="lesson.quiz.hint", show=False),
        Binding("s", "quiz('solution')", "Solution", id="lesson.quiz.solution", show=False),
        Binding("r", "quiz('new_numbers')", "New numbers", id="lesson.quiz.new", show=False),
    ]

    step: var[int] = var(0, init=False)
    wide: var[bool] = var(False, init=False)

    def __init__(self, lesson: Lesson, step: int = 0) -> None:
        collector.hold(self)  # no collection inside the first step's first frame (`_finish_step` ends it)
        super().__init__()
        self.lesson = lesson
        self.set_reactive(LessonScreen.step, step)
        self.quiz_states: dict[str, QuizState] = {}
        self._active_quiz: str | None = None  # id of the quiz the learner used last on this step
        self.shown_step: int | None = None  # the step on screen, once its widgets are mounted
        self._moving = False  # a step change is under way (`holds_key`)
        self._typed_ahead: list[tuple[str, tuple]] = []  # actions of keys typed before the first step shows
        self._panes: dict[int, tuple[Widget, Widget | None]] = {}
        # A step shown before it was built gets the widgets of its first screen first; what is below
        # (texts' later blocks, the widgets after them) is mounted once that is painted (`_finish_step`).
        self._unfinished: dict[int, tuple[list[Prose], list[Callable[[], Widget]]]] = {}
        self._build_lock = asyncio.Lock()
        self._back_hold = object()  # the collector's hold while b or Esc is answered (`action_back`)
        self._resumed_once = False
        self._footer_at_mount = False  # the footer is mounted with the first step (`_mount_footer`)
        set_breakpoint_classes(self)

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        """Runs before `Screen._on_screen_resume`. The first resume comes right after the screen is composed:
        its widgets were styled as they were mounted, with lesson.tcss loaded and the screen already on top
        of the stack, and Textual would restyle every one of them again (header, columns, footer keys)."""
        if not self._resumed_once:
            self._resumed_once = True
            event.refresh_styles = False

    @property
    def tutor_app(self) -> TutorApp:
        return self.app  # type: ignore[return-value]

    @property
    def current(self) -> Step:
        return self.lesson.steps[self.step]

    def compose(self) -> ComposeResult:
        first = self._compose_first_step()
        yield StepHeader(id="step-header")
        with Horizontal(id="body"):
            with FocusScroll(id="flow", can_focus=True):  # a VerticalScroll (see widgets/focus.py)
                if first is not None:
                    yield first[0]
            aside = FocusScroll(id="aside", can_focus=True)
            if first is not None:
                aside.display = first[1] is not None
            with aside:
                if first is not None and first[1] is not None:
                    yield first[1]
        # opened at start (`mfml-tui lesson ID`, resuming): the key bar comes once the steps column has the
        # focus, drawn at an earlier launch if it was (`on_mount`)
        self._footer_at_mount = first is not None and not getattr(self.app, "_first_paint_out", True)
        if not self._footer_at_mount:
            yield Footer()

    def _compose_first_step(self) -> tuple[Widget, Widget | None] | None:
        """The first step's panes (its first screen), made to be composed with the screen: mounted, styled
        and laid out with it, so the empty screen is never painted (it was, three to four times, ~80 ms
        CPU at the limits) and the first frame has the words. None without a running app (a screen made in
        a test): then it is built once the screen is mounted."""
        try:
            width = self.app.size.width
        except Exception:  # noqa: BLE001 — no running app
            return None
        self.set_reactive(LessonScreen.wide, width >= WIDE)
        flow_widgets, aside_widgets, cut, later = self._widgets_for(self.step, self._first_screen_rows())
        pane = Vertical(*flow_widgets, classes="step-pane")
        aside_pane = Vertical(*aside_widgets, classes="step-pane") if aside_widgets else None
        self._panes[self.step] = (pane, aside_pane)
        if cut or later:
            self._unfinished[self.step] = (cut, later)
        self.set_class(aside_pane is not None, "-split", update=False)
        return pane, aside_pane

    @while_shown
    async def on_mount(self) -> None:
        self.wide = self.app.size.width >= WIDE
        self.tutor_app.tutor.set_position(self.lesson.id, self.step)
        if self.step in self._panes:  # composed with the screen: shown in its first frame
            if not self._footer_at_mount:
                await self._show_step()
                return
            with self.app.batch_update():  # (no frame between the step and its key bar)
                await self._show_step()
                await self._mount_footer()
            return
        # The step is built once the new screen has been restyled and laid out as a whole (resume, first
        # resize): built here, its widgets would be styled and laid out three times over.
        self.call_after_refresh(self._first_step)

    def on_unmount(self) -> None:
        collector.release(self)

    async def _mount_footer(self) -> None:
        """A lesson opened at start: its key bar as drawn at an earlier launch (`widgets.drawn_footer`: the
        footer's 8 widgets were ≈8 ms of CPU before step 1), the live footer a moment after the first screen
        (or at once if the keys change). The keys depend on the focus: the steps column has it first."""
        if self.focused is None:
            self.set_focus(self.query_one("#flow"), scroll_visible=False)  # (`_show_step` asked for it)
        await self.mount(drawn_footer.footer_for(self))
        self.app.after_first_paint(lambda: self.set_timer(drawn_footer.LIVE_AFTER, self._live_footer))

    @on(drawn_footer.DrawnFooter.Outdated)
    async def _live_footer(self) -> None:
        if not gone(self):
            await drawn_footer.go_live(self)  # (at the first launch: the live row written down)

    def holds_key(self, key: str) -> bool:
        """Whether a key typed now must wait (`TutorApp._must_wait`). Every key waits until the first step
        is on screen: before, this screen has no bindings and its keys would be lost. `a` also waits
        while a step change or keys before it are under way: it is a priority binding, run the moment it
        arrives, so `n a` typed quickly answered on the step being left."""
        if gone(self):
            return False
        if self.shown_step is None:
            return True
        if key != "a":
            return False
        if self._moving or self._typed_ahead:
            return True
        focused = self.focused
        nodes = focused.ancestors_with_self if focused is not None else [self]
        return any(node.message_queue_size for node in nodes)

    @while_shown
    async def _first_step(self) -> None:
        if self.shown_step is None:
            await self._show_step()

    @while_shown
    async def on_resize(self) -> None:
        wide = self.app.size.width >= WIDE
        if wide != self.wide:
            self.wide = wide
            await self._show_step(keep_scroll=True, rebuild=True)

    # ---------------------------------------------------------------------------------------- content
    # Each step is built once into a pane (plus an aside pane when it sits beside the text) and kept
    # mounted but hidden: going back and forth is then only a change of `display`, and the next step is
    # built in the background while the learner reads this one.

    def _has_media(self, step: Step) -> bool:
        return any(isinstance(b, (PlotBlock, ExploreBlock)) for b in step.blocks)

    def _first_screen_rows(self) -> int | None:
        """How many rows a step shown before it is built fills first, the steps column's height (the
        screen less the header and footer lines); None: build it whole at once."""
        return self.app.size.height - 2

    @staticmethod
    def _rows_at_least(widget: Widget) -> int:
        """The fewest rows a widget other than text takes in the steps column (lesson.tcss and the widgets'
        own CSS: a plot is at least 10 rows, an explorer 12, a question card a border, its prompt, answer
        and buttons): counted low, a widget too many is built before the first paint, never one too few."""
        if is_a(widget, PLOT_PANEL) or is_a(widget, DRAWN_PANEL):
            return 10
        if is_a(widget, EXPLORER):
            return 12
        if is_a(widget, QUIZ_CARD):
            return 5
        return 2 if widget.has_class("step-title") else 1

    def _widgets_for(self, index: int, rows: int | None = None
                     ) -> tuple[list[Widget], list[Widget], list[Prose], list[Callable[[], Widget]]]:
        """The step's widgets: (flow, aside, texts cut, makers of the flow widgets below). With `rows`, only
        the flow widgets that fill that many rows are made (a text may keep only its first blocks); the
        others are made when the rest of the step is built."""
        step = self.lesson.steps[index]
        tutor = self.tutor_app.tutor
        side_by_side = self.wide and self._has_media(step)
        makers: list[tuple[Callable[[], Widget], bool]] = [
            (lambda: Static(Content.styled(tutor.text(step.title), "bold"), classes="step-title"), False)]
        quiz_number = 0
        for block in step.blocks:
            make: Callable[[], Widget]
            if isinstance(block, TextBlock):
                make = functools.partial(Prose, block.markdown, tutor, classes="step-text")
            elif isinstance(block, PlotBlock):
                make = functools.partial(plot_panel, block.spec, tutor.marker, app_theme=self.app.theme,
                                         ascii_only=tutor.ascii_only)
            elif isinstance(block, QuizBlock):
                quiz_number += 1
                make = functools.partial(self._quiz_card, block, quiz_number)
            elif isinstance(block, ExploreBlock):
                make = functools.partial(self._explorer, block)
            else:  # pragma: no cover — a new block type the UI does not know yet
                continue
            makers.append((make, isinstance(block, (PlotBlock, ExploreBlock))))
        makers.append((functools.partial(self._step_footer, index), False))
        flow: list[Widget] = []
        aside: list[Widget] = []
        cut: list[Prose] = []
        later: list[Callable[[], Widget]] = []
        width = self.app.size.width
        for make, media in makers:
            if side_by_side and media:
                aside.append(make())
            elif later or (rows is not None and rows <= 0):
                later.append(make)
            else:
                widget = make()
                flow.append(widget)
                if rows is None:
                    continue
                if isinstance(widget, Prose):
                    rows = widget.keep_rows(rows, width)
                    if not widget.finished:
                        cut.append(widget)
                else:
                    rows -= self._rows_at_least(widget)
        return flow, aside, cut, later

    def _quiz_card(self, block: QuizBlock, number: int) -> QuizCard:
        from mfml_tui.ui.widgets.quiz import QuizCard, QuizState

        state = self.quiz_states.setdefault(block.spec.id, QuizState())
        return QuizCard(block.spec, self.lesson.id, self.tutor_app.tutor, state, number=number,
                        assessment=self.lesson.is_assessment)

    async def _ensure_built(self, index: int, first_screen: bool = False) -> tuple[Widget, Widget | None]:
        """The step's panes, built whole; with `first_screen` (the step is to be shown now and is not
        built yet) only what its first screen shows is built: `_finish_step` builds the rest."""
        async with self._build_lock:
            if index not in self._panes:
                rows = self._first_screen_rows() if first_screen else None
                flow_widgets, aside_widgets, cut, later = self._widgets_for(index, rows)
                pane = Vertical(*flow_widgets, classes="step-pane")
                pane.display = False
                aside_pane = None
                await self.query_one("#flow").mount(pane)
                if aside_widgets:
                    aside_pane = Vertical(*aside_widgets, classes="step-pane")
                    aside_pane.display = False
                    await self.query_one("#aside").mount(aside_pane)
                self._panes[index] = (pane, aside_pane)
                if cut or later:
                    self._unfinished[index] = (cut, later)
            if not first_screen and index in self._unfinished:
                cut, later = self._unfinished[index]
                pane = self._panes[index][0]
                with self.app.batch_update():
                    for prose in cut:
                        await prose.finish()
                    if later:
                        await pane.mount_all([make() for make in later])
                del self._unfinished[index]  # only now: until then a key waits for the lock (`_built`)
            return self._panes[index]

    def _built(self, index: int) -> bool:
        """Whether the step is built whole (not only its first screen)."""
        return index in self._panes and index not in self._unfinished

    @while_shown
    async def _show_step(self, keep_scroll: bool = False, rebuild: bool = False) -> None:
        collector.hold(self)  # a full collection due now waits for the step's first frame (`_finish_step`)
        flow = self.query_one("#flow", VerticalScroll)
        aside = self.query_one("#aside", VerticalScroll)
        if rebuild:
            async with self._build_lock:
                self._panes.clear()
                self._unfinished.clear()
                await flow.remove_children()
                await aside.remove_children()
        pane, aside_pane = await self._ensure_built(self.step, first_screen=True)
        for index, (p, a) in self._panes.items():
            p.display = index == self.step
            if a is not None:
                a.display = index == self.step
        self.set_class(aside_pane is not None, "-split")
        aside.display = aside_pane is not None
        if not keep_scroll:
            flow.scroll_home(animate=False)
            aside.scroll_home(animate=False)
        self._update_header()
        self.shown_step = self.step
        if self._typed_ahead:
            self.call_after_refresh(self._replay_typed_ahead)
        focused = self.focused
        if focused is None or not focused.display or pane not in focused.ancestors_with_self:
            flow.focus()
        self.call_after_refresh(self._finish_step)

    @while_shown
    async def _replay_typed_ahead(self) -> None:
        while self._typed_ahead:
            name, args = self._typed_ahead.pop(0)
            await getattr(self, name)(*args)

    @while_shown
    def _finish_step(self) -> None:
        """Once the step's first screen is painted: the rest of it, then a neighbour built ahead."""
        if not getattr(self.app, "_first_paint_out", True):  # painted but still held (`lesson ID`):
            self.app.after_first_paint(self._finish_step)  # the next step's imports would hold it longer
            return
        collector.release(self)  # the step's first frame is out: a collection that was due runs now
        if self.step in self._unfinished:
            self.run_worker(self._build_rest(self.step), group="prebuild")
        else:
            self._build_neighbours()

    @while_shown
    async def _build_rest(self, index: int) -> None:
        await self._ensure_built(index)
        self.call_after_refresh(self._build_neighbours)

    @while_shown
    def _build_neighbours(self) -> None:
        for index in (self.step + 1, self.step - 1):
            if 0 <= index < len(self.lesson.steps) and not self._built(index):
                self.run_worker(self._prebuild(index), group="prebuild")
                return

    @while_shown
    async def _prebuild(self, index: int) -> None:
        """Building ahead is a convenience: a screen closed meanwhile (Enter then a quick q) is no error."""
        await self._ensure_built(index)

    def _explorer(self, block: ExploreBlock) -> Widget:
        try:
            from mfml_tui.ui.explorers import make_explorer

            return make_explorer(block.spec)
        except Exception as error:  # noqa: BLE001 — an explorer that fails shows why, the lesson goes on
            return Static(Content.styled(f"This explorer cannot start: {error} ({block.spec.location})",
                                         "italic $warning"), classes="explorer-missing")

    def _step_footer(self, index: int) -> Static:
        g = glyphs(self.tutor_app.tutor.ascii_only)
        last = index >= len(self.lesson.steps) - 1
        left = f"{g['prev']} p previous" if index > 0 else ""
        right = "n finish the lesson " + g["next"] if last else f"n next step {g['next']}"
        return Static(Content.assemble((left, "$text-muted"), "    ", (right, "bold $accent")),
                      classes="step-nav")

    def _update_header(self) -> None:
        tutor = self.tutor_app.tutor
        g = glyphs(tutor.ascii_only)
        n = len(self.lesson.steps)
        dots = ""
        if n <= 20:
            dots = "".join(g["dot_done"] if i <= self.step else g["dot_todo"] for i in range(n))
        header = self.query_one("#step-header", StepHeader)
        width = self.app.size.width
        right = f"Step {self.step + 1}/{n} {dots}".rstrip()
        if self.lesson.is_assessment:
            got, total, mark, _passed = tutor.assessment_result(self.lesson)
            right = tutor.text(f"Score {got}/{total} (pass {round(mark * 100)}%) · ") + right
        room = max(10, width - len(right) - 4)
        title, more = tutor.text(self.lesson.title), tutor.text("…")
        title = title if len(title) <= room else title[: room - len(more)] + more
        header.update(Content.assemble((title, "bold"), " " * max(2, width - len(title) - len(right) - 2),
                                       (right, "$accent")))

    # ----------------------------------------------------------------------------------------- moving
    @while_shown
    async def go_to(self, step: int) -> None:
        step = max(0, min(step, len(self.lesson.steps) - 1))
        if step == self.step:
            return
        self.step = step
        self.tutor_app.tutor.set_position(self.lesson.id, step)
        self._moving = True
        try:
            await self._show_step()
        finally:
            self._moving = False

    @after_first_step
    async def action_next_step(self) -> None:
        tutor = self.tutor_app.tutor
        tutor.complete_step(self.lesson.id, self.step)
        if self.step >= len(self.lesson.steps) - 1:
            self.app.pop_screen()
            if self.lesson.is_assessment:
                got, total, mark, passed = tutor.assessment_result(self.lesson)
                if passed:
                    self.app.notify(f"{got}/{total} right: you passed “{self.lesson.title}”.",
                                    title="Passed", timeout=8)
                else:
                    self.app.notify(f"{got}/{total} right; {round(mark * 100)}% passes. Try the questions "
                                    "again with new numbers (ctrl+n).", title="Not yet", severity="warning",
                                    timeout=10)
                return
            status = tutor.statuses(tutor.course).get(self.lesson.id)
            if status is not None and status.state != "done" and status.to_finish:
                self.app.notify(f"“{self.lesson.title}” is not done yet: {status.to_finish}.",
                                title="Not done yet", severity="warning", timeout=8)
                return
            self.app.notify(f"You finished “{self.lesson.title}”.", title="Well done", timeout=5)
            return
        await self.go_to(self.step + 1)

    @after_first_step
    async def action_previous_step(self) -> None:
        if self.step == 0:
            self.notify("This is the first step.", timeout=2)
            return
        await self.go_to(self.step - 1)

    def action_contents(self) -> None:
        from mfml_tui.ui.dialogs.contents import ContentsDialog

        def chosen(step: int | None) -> None:
            if step is not None:
                self.run_worker(self.go_to(step), exclusive=True, group="lesson-step")

        self.app.push_screen(ContentsDialog(self.lesson, self.step), chosen)

    def visible_cards(self) -> list[QuizCard]:
        """The question cards of the step on screen (other steps' panes are hidden, not gone)."""
        panes = self._panes.get(self.step)
        if panes is None:
            return []
        # by class name, which needs no import (see is_a)
        return [card for pane in panes if pane is not None for card in pane.query("QuizCard")]

    @while_shown
    @after_first_step
    async def action_answer(self) -> None:
        focused = self.focused
        if isinstance(focused, Input) or is_a(focused, CHOICES) or any(
                is_a(node, EXPLORER) for node in (focused.ancestors_with_self if focused else ())):
            raise SkipAction()  # an `a` typed into an answer, option a of a choice, or an explorer's key
        if not self._built(self.step):  # a key pressed while the step is still being built
            await self._ensure_built(self.step)
        cards = self.visible_cards()
        if cards:
            card = next((c for c in cards if not c.state.correct), cards[0])  # the first still to answer
            card.scroll_visible(animate=False)
            card.focus_answer()
        else:
            self.notify("There is no question on this step.", timeout=2)

    @while_shown
    @after_first_step
    async def action_explore(self) -> None:
        if not self._built(self.step):
            await self._ensure_built(self.step)
        panes = self._panes.get(self.step) or []
        # by class name, which needs no import (see is_a)
        explorers = [w for pane in panes if pane is not None for w in pane.query("Explorer")]
        if explorers:
            explorers[0].scroll_visible(animate=False)
            explorers[0].focus()
        else:
            self.notify("There is no explorer on this step.", timeout=2)

    def on_descendant_focus(self, event) -> None:
        for node in event.widget.ancestors_with_self:
            if is_a(node, QUIZ_CARD):
                self._active_quiz = node.spec.id
                return

    def _active_card(self) -> QuizCard | None:
        cards = self.visible_cards()
        for card in cards:
            if card.spec.id == self._active_quiz:
                return card
        return cards[0] if cards else None

    @after_first_step
    async def action_quiz(self, name: str) -> None:
        await self._ensure_built(self.step)
        card = self._active_card()
        if card is None:
            return
        card.scroll_visible(animate=False)
        getattr(card, f"action_{name}")()

    def action_back(self) -> None:
        # No full collection inside the frame the learner waits for (leaving an explorer or the answer box,
        # or the map again): one due now runs once that frame is painted (`ui.collector`).
        collector.hold(self._back_hold)
        focused = self.focused
        if focused is not None and focused.id not in ("flow", "aside"):
            self.query_one("#flow", VerticalScroll).focus()
        else:
            self.app.pop_screen()
        # (after the pop: the screen then on top paints the frame, and runs what waits for it)
        self.app.call_after_refresh(collector.release, self._back_hold)

    # ----------------------------------------------------------------------------------------- events
    def on_quiz_card_attempted(self, event: QuizCard.Attempted) -> None:  # (`@on` would import QuizCard)
        """The attempt is already saved (`Tutor.check`); the header's score follows it."""
        if self.lesson.is_assessment:
            self._update_header()
