"""The course map: weeks, lessons with status and mastery, "Continue", reviews due.

Kept free of heavy widgets (no Markdown, no plots): it is the first thing a learner sees.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.geometry import Size
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from mfml_tui.ui.layout import set_breakpoint_classes
from mfml_tui.ui.widgets import drawn_footer
from mfml_tui.ui.widgets.buttons import QuickButton
from mfml_tui.ui.widgets.footer import Footer
from mfml_tui.ui.widgets.glyphs import bar, glyphs

if TYPE_CHECKING:
    from textual.widget import AwaitMount

    from mfml_tui.course.model import Lesson
    from mfml_tui.ui.app import TutorApp
    from mfml_tui.ui.services import LessonStatus

MAP_UNDER_A_LESSON = 1.0  # seconds after mounting under a lesson that the map is built (see on_mount)
STATE_WORDS = {"new": "not started", "started": "in progress", "done": "done", "unavailable": "unavailable"}


def _same(shown: object, new: Content | str) -> bool:
    """Whether `new` shows exactly what `shown` does (Content's own == ignores the styles)."""
    if isinstance(shown, Content) and isinstance(new, Content):
        return shown.plain == new.plain and shown.spans == new.spans
    return isinstance(shown, str) and isinstance(new, str) and shown == new


def update_keeping_layout(widget: Static, content: Content | str) -> None:
    """`Static.update`, with a layout of the screen only when the widget's height changes.

    Textual lays the whole screen out again on every update (the lesson's details under the map change on
    each ↓: a reflow of every widget and a repaint of most of them, ~half the cost of a move). A widget
    whose width does not depend on its text keeps its place when its text wraps to as many lines."""
    width, width_rule = widget.content_size.width, widget.styles.width
    if not widget.is_mounted or not width or (width_rule is not None and width_rule.is_auto):
        widget.update(content)
        return
    origin = Size(0, 0)  # a widget without children ignores the container and viewport sizes
    before = widget.get_content_height(origin, origin, width)
    widget.update(content, layout=False)
    if widget.get_content_height(origin, origin, width) != before:
        widget.refresh(layout=True)


class MapList(OptionList):
    """The course map's list: a move repaints the two rows whose highlight changed, not the whole list.

    Textual's `OptionList.highlighted` repaints every row (≈6 KB to the terminal for one ↓ on the bundled
    course); the rows look exactly the same either way. A move that scrolls still repaints it all."""

    highlighted: reactive[int | None] = reactive(None, repaint=False)

    def watch_highlighted(self, old: int | None, new: int | None) -> None:
        for index in (old, new):
            self._repaint_option(index)
        super().watch_highlighted(new)

    _drawn_width: int | None = None  # the width the cached rows were drawn at

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
                      ) -> bool:
        # Laid out again at the size it has: Textual's `ScrollView` compares the container and virtual sizes
        # it is given with those it keeps (its own size less its gutter, and the lines it counts itself:
        # seldom equal, and then unused), so every layout of the screen repainted the list's scrollbar
        # (≈0.45 KB to the terminal at 80×24, 1 KB at 130×40) and sent it a Resize.
        if size == self._size and size - self.styles.gutter.totals == self._container_size:
            return False
        return super()._size_updated(size, virtual_size, container_size, layout)

    def render_lines(self, crop):  # type: ignore[no-untyped-def]
        self._drawn_width = self.scrollable_content_region.width
        return super().render_lines(crop)

    def _on_resize(self) -> None:
        # Textual forgets every drawn row on each Resize; start-up sends some of the size the rows were
        # just drawn at (a whole repaint of the list to the terminal each time).
        if self.scrollable_content_region.width != self._drawn_width:
            super()._on_resize()
            # Its rows are measured now, not when next drawn: a new width is a new virtual size, whose
            # layout then comes while start-up's first screen is held (`ui.settle`), not after it is sent.
            self._update_lines()

    def replace_rows(self, prompts: dict[int, Content]) -> None:
        """New prompts for some one-line rows, repainting those rows only (Textual's `replace_option_prompt`
        forgets every row's drawing and repaints the whole list)."""
        for index, prompt in prompts.items():
            option = self.get_option_at_index(index)
            option._set_prompt(prompt)
            cache = self._option_render_cache  # an LRUCache: no __iter__, hence keys()
            for key in [key for key in cache.keys() if key[0] is option]:  # noqa: SIM118
                cache.discard(key)
            self._repaint_option(index)

    def _repaint_option(self, index: int | None) -> None:
        if index is None or not self.is_mounted:
            return
        self._update_lines()
        line, height = self._index_to_line.get(index), self._heights.get(index)
        if line is not None and height:
            self.refresh_lines(line, height)


class HomeScreen(Screen[None]):
    """Weeks and lessons; Enter opens, c continues where you left off."""

    AUTO_FOCUS = "#map"
    BINDINGS = [
        Binding("c", "continue", "Continue", id="home.continue", tooltip="Resume the exact step you left"),
        Binding("j", "cursor_down", "Down", id="home.down", show=False),
        Binding("k", "cursor_up", "Up", id="home.up", show=False),
        Binding("r", "reviews", "Reviews", id="home.reviews", tooltip="Questions due for review"),
        Binding("g", "progress", "Progress", id="home.progress", tooltip="Levels, skills, recent attempts"),
        Binding("s", "settings", "Settings", id="home.settings", tooltip="Plot markers and theme"),
        Binding("q", "app.quit", "Quit", id="home.quit", tooltip="Quit (progress is saved as you go)"),
    ]

    def __init__(self, *, covered: bool = False) -> None:
        super().__init__()
        self._covered = covered  # its widgets are made later, by `uncover`
        self._composed = False
        self._statuses: dict[str, LessonStatus] = {}
        self._drawn_for: tuple[object, int] | None = None  # (course, row width) the rows were drawn for
        # The rows show the progress as it is: drawn while the map was the screen, and no screen has been
        # over it since (every change of progress is made on another screen). The start-up's first resume
        # comes right after on_mount drew them: reading the store again cost a second progress summary.
        self._rows_current = False
        self._resumed_once = False
        set_breakpoint_classes(self)

    @property
    def tutor_app(self) -> TutorApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        self._composed = True
        if not self._covered:
            yield from self._widgets(drawn_footer=True)

    def _widgets(self, drawn_footer: bool = False) -> ComposeResult:
        yield Static("mfml-tui", id="title")
        yield Horizontal(QuickButton(self.tutor_app.tutor.text("Loading…"), "primary", id="continue",
                                     compact=True, tooltip="Resume where you left off (c)"),
                         Static("", id="reviews"), id="top")
        yield MapList(id="map")
        yield Static("", id="detail")
        yield self._drawn_footer() if drawn_footer else Footer()

    def _drawn_footer(self) -> Widget:
        return drawn_footer.footer_for(self)  # (`_widgets`' argument hides the module's name there)

    @on(drawn_footer.DrawnFooter.Outdated)
    async def _live_footer(self) -> None:
        await drawn_footer.go_live(self)  # (at once when the keys, width or theme change)

    @property
    def covered(self) -> bool:
        """True while the map's widgets are not made yet (see `uncover`)."""
        return self._covered

    def uncover(self) -> AwaitMount | None:
        """Make the map's widgets, which `compose` leaves out when a lesson is opened over the map at start
        (`mfml-tui lesson ID`): composing and styling them (and parsing the CSS of Textual's button and
        list) was ≈0.1 s of CPU before the lesson's first step was painted. The app uncovers the map when
        the lesson cannot be opened at once (the course still loading, a progress-file dialog); otherwise
        it is made when the learner first comes back to it, or a moment after the step (`show_course`)."""
        if not self._covered:
            return None
        self._covered = False
        if not self._composed:  # (Textual composes the first screen after the app's on_mount has begun)
            return None  # `compose` makes them
        return self.mount_all(list(self._widgets()))

    def on_mount(self) -> None:
        if not self._covered or getattr(self.app, "course_ready", False):
            self.show_course()
        with contextlib.suppress(AttributeError):  # (a TutorApp: the live footer soon after the first screen)
            self.app.after_first_paint(lambda: self.set_timer(drawn_footer.LIVE_AFTER, self._live_footer))

    def show_course(self) -> None:
        """The map, now; under a lesson opened at start (`mfml-tui lesson ID`, resuming), a moment later (or
        when the learner comes back to it, if sooner), so that the lesson's first step is painted first."""
        if self.app.screen is not self:
            self.set_timer(MAP_UNDER_A_LESSON, self._build_covered_map)
        elif self._covered and self._composed:  # the lesson asked for could not be opened
            self.call_next(self._show_uncovered)
        else:
            self.uncover()
            self.refresh_map()

    async def _uncovered(self) -> None:
        """`uncover`, waiting for the widgets to be mounted (the button is in a container). The map gets the
        focus when the screen is shown (Textual's auto focus on resume): focused under the lesson, it
        repainted the lesson."""
        made = self.uncover()
        if made is not None:
            await made
            if self.app.screen is self:
                self._update_auto_focus()

    async def _show_uncovered(self) -> None:
        await self._uncovered()
        self.refresh_map()

    async def _build_covered_map(self) -> None:
        await self._uncovered()
        if not self._statuses and getattr(self.app, "course_ready", False):
            self.refresh_map()

    def _compositor_refresh(self) -> None:
        """Textual repaints the screen above with whatever changes here (a screen may show through the ones
        above it). Under an opaque screen (a lesson) nothing here shows: making or filling in the map under
        a lesson repainted the lesson. Those changes are dropped; the map is painted whole when it is the
        screen again (Textual's `Screen._on_screen_resume` refreshes it all)."""
        if getattr(self.app, "first_paint_held", False):
            return  # never sent: the hold's end paints the whole map once (`TutorApp._hold_first_paint`)
        stack = self.app.screen_stack
        if self in stack and self is not stack[-1]:
            above = stack[stack.index(self) + 1:]
            if any(screen.styles.background.a == 1 for screen in above):
                self._compositor._dirty_regions.clear()
                self._dirty_widgets.clear()
                return
        super()._compositor_refresh()

    async def on_screen_resume(self, event: events.ScreenResume) -> None:
        # (Runs before `Screen._on_screen_resume`; a `_on_screen_resume` here would replace this handler.)
        # The first resume of a map composed with the screen comes right after its widgets were styled as
        # they were mounted (app.tcss and home.tcss loaded, the width classes set): Textual would restyle
        # every one of them (and the footer keys' and the list's component styles) again before the
        # lessons were listed. The list's focus, given in that resume, restyles the list as any focus does.
        if not self._resumed_once:
            self._resumed_once = True
            if self._composed and not self._covered:
                event.refresh_styles = False
        if self.app.screen is not self:  # start-up's resume, under a lesson opened at start (show_course)
            return
        await self._uncovered()  # back sooner than `show_course`'s moment: the map is made now
        if self._rows_current:  # start-up's resume, the rows just drawn by on_mount: nothing to look at
            return
        # back from a lesson: the cursor is on that lesson, with its fresh status and score below
        left = self.tutor_app.last_lesson_id
        highlight = f"lesson:{left}" if left else None
        if not self._refresh_rows(highlight):
            self.refresh_map(highlight=highlight)

    def on_screen_suspend(self) -> None:
        self._rows_current = False  # a screen over the map (a lesson, a dialog) may change the progress

    def on_resize(self) -> None:
        # The rows are drawn to the list's width: only a new width needs them again (start-up brings three
        # Resize events of the same size, and each rebuild repainted the whole map to the terminal).
        if self._statuses and self._drawn_for != (self.tutor_app.tutor.course, self._row_width()):
            self.refresh_map()

    def action_continue_guard(self) -> bool:
        return bool(getattr(self.app, "course_ready", False))

    # ----------------------------------------------------------------------------------------- content
    def refresh_map(self, highlight: str | None = None) -> None:
        if self._covered:  # made with its rows when uncovered
            return
        tutor = self.tutor_app.tutor
        if not getattr(self.app, "course_ready", False):
            error = getattr(self.app, "load_error", None)
            loading = Option(Content.styled(tutor.text(error), "$error") if error
                             else tutor.text("Loading the lessons…"), disabled=True)
            self.query_one("#map", OptionList).set_options([loading])
            return
        course = tutor.course
        g = glyphs(tutor.ascii_only)
        self.query_one("#title", Static).update(
            Content.assemble(("mfml-tui", "bold"), "  ", (tutor.text(course.title), "$text-muted"))
        )
        self._statuses = tutor.statuses(course)
        option_list = self.query_one("#map", OptionList)
        current = option_list.highlighted_option
        highlighted = highlight or (current.id if current else None)
        width = self._row_width()
        self._drawn_for = (course, width)
        options: list[Option] = []
        ids: set[str] = set()  # an id twice would stop the OptionList (the loader already skips copies)
        for week in course.weeks:
            heading = Content.assemble((f"Week {week.number}  ", "bold $accent"),
                                       (tutor.text(week.title), "bold"))
            options.append(Option(heading, id=f"week:{week.id}" if f"week:{week.id}" not in ids else None,
                                  disabled=True))
            ids.add(f"week:{week.id}")
            for lesson in week.lessons:
                if f"lesson:{lesson.id}" not in ids:
                    options.append(Option(self._row(lesson, width), id=f"lesson:{lesson.id}"))
                    ids.add(f"lesson:{lesson.id}")
            if not week.lessons:
                options.append(Option(Content.styled("    no lessons yet", "$text-muted italic"),
                                      disabled=True))
        if course.problems:  # a skipped copy, a stray week folder…: said where the learner looks
            options.append(Option(Content.styled(tutor.text(
                f"{g['warn']} Not everything in the lessons folder could be loaded "
                "(mfml-tui lessons check lists it all):"), "bold $warning"), disabled=True))
            for problem in course.problems[:5]:
                options.append(Option(Content.styled(tutor.text("    " + self._problem_text(problem)),
                                                     "$warning"), disabled=True))
            if len(course.problems) > 5:
                options.append(Option(Content.styled(f"    … and {len(course.problems) - 5} more",
                                                     "$warning"), disabled=True))
        option_list.set_options(options)
        self._highlight(highlighted)
        self._rows_current = self.app.screen is self

    def _highlight(self, highlighted: str | None) -> None:
        option_list = self.query_one("#map", OptionList)
        if highlighted is None:
            highlighted = self._default_highlight()
        with contextlib.suppress(Exception):  # the lesson went away: keep the default
            option_list.highlighted = option_list.get_option_index(highlighted) if highlighted else None
        if option_list.highlighted is None:
            option_list.action_first()
        self._update_top()
        self._show_detail()

    def _row_width(self) -> int:
        option_list = self.query_one("#map", OptionList)
        # Before its first layout the list has no size: the one it will get (the screen less the list's
        # margin, border and padding), so that the first rows are not drawn again at the first Resize.
        styles = option_list.styles
        width = option_list.size.width or max(0, self.size.width - styles.margin.width - styles.gutter.width)
        return max(40, (width or 80) - 4)

    def _refresh_rows(self, highlight: str | None) -> bool:
        """Back from a lesson, the map is kept: only the rows whose status changed are drawn again (a full
        `refresh_map` rebuilds and repaints every row). False when the map must be built afresh instead."""
        tutor = self.tutor_app.tutor
        if not (getattr(self.app, "course_ready", False) and self._statuses):
            return False
        course = tutor.course
        if self._drawn_for != (course, self._row_width()):
            return False
        old, self._statuses = self._statuses, tutor.statuses(course)
        option_list = self.query_one("#map", MapList)
        rows: dict[int, Content] = {}
        seen: set[str] = set()  # a row shows the first lesson with its id, as in `refresh_map`
        for lesson in course.lessons:
            if lesson.id in seen:
                continue
            seen.add(lesson.id)
            if self._statuses.get(lesson.id) == old.get(lesson.id):
                continue
            with contextlib.suppress(Exception):  # not on the map: nothing to redraw
                index = option_list.get_option_index(f"lesson:{lesson.id}")
                rows[index] = self._row(lesson, self._drawn_for[1])
        option_list.replace_rows(rows)
        self._highlight(highlight)
        return True

    def _default_highlight(self) -> str | None:
        target = self.next_up()
        return f"lesson:{target[0]}" if target else None

    def _row(self, lesson: Lesson, width: int) -> Content:
        tutor = self.tutor_app.tutor
        g = glyphs(tutor.ascii_only)
        st = self._statuses[lesson.id]
        icon_style = {"new": "$text-muted", "started": "$warning", "done": "$success",
                      "unavailable": "$error"}[st.state]
        right_width = 27
        title_width = max(12, width - right_width - 6)
        title, more = tutor.text(lesson.title), tutor.text("…")
        title = title if len(title) <= title_width else title[: title_width - len(more)] + more
        title_style = ""
        if st.state == "unavailable":
            right = Content.styled(f"{'unavailable':<{right_width}}", "$error")
            title_style = "$text-disabled"
        else:
            word = f"step {st.step + 1}/{st.steps}" if st.state == "started" else STATE_WORDS[st.state]
            if st.level is not None and st.level > 0:
                level_style = "$success" if st.level >= 3 else "$warning"
                right = Content.assemble((f"{word:<12}", "$text-muted"),
                                         (bar(st.level / 4, 4, tutor.ascii_only), level_style),
                                         " ", (f"{st.level_label:<10}", "$text-muted"))
            else:
                right = Content.styled(f"{word:<{right_width}}", "$text-muted")
        return Content.assemble(
            "  ", (f"{g[st.state]}", icon_style), " ", (f"{title:<{title_width}}", title_style), "  ", right
        )

    def next_up(self) -> tuple[str, int, str] | None:
        """Where "Continue" goes: (lesson id, step, label). The step left last, unless that lesson is done;
        then the next lesson that is not done (its own last step, or the start)."""
        tutor = self.tutor_app.tutor
        lessons = [les for les in tutor.course.lessons if les.available]
        if not lessons:
            return None
        last = tutor.last_position()
        if last is not None:
            status = self._statuses.get(last[0])
            if status is None or status.state != "done":
                lesson = tutor.course.lesson(last[0])
                assert lesson is not None
                return last[0], last[1], f"Continue: {lesson.title} · step {last[1] + 1}/{len(lesson.steps)}"
            ids = [les.id for les in lessons]
            start = ids.index(last[0]) + 1 if last[0] in ids else 0
            lessons = lessons[start:] + lessons[:start]
        for lesson in lessons:
            status = self._statuses.get(lesson.id)
            if status is None or status.state != "done":
                step = status.step if status is not None and status.state == "started" else 0
                word = "Next" if last is not None else "Start"
                return lesson.id, step, f"{word}: {lesson.title}"
        return lessons[0].id, 0, f"All lessons done · revisit {lessons[0].title}"

    def _update_top(self) -> None:
        tutor = self.tutor_app.tutor
        g = glyphs(tutor.ascii_only)
        button = self.query_one("#continue", Button)
        target = self.next_up()
        label = "No lesson is available" if target is None else tutor.text(f"{g['play']} {target[2]}")
        if str(button.label) != label or button.disabled != (target is None):  # unchanged: no new layout
            button.label = label
            button.disabled = target is None
            button.refresh(layout=True)
        due = tutor.due_reviews()
        if due:
            text = Content.styled(f"{due} review{'s' if due != 1 else ''} due (r)", "bold $warning")
        else:
            text = Content.styled("no reviews due", "$text-muted")
        self._update_static("#reviews", text)

    def _update_static(self, selector: str, content: Content | str) -> None:
        """Update a Static only if what it shows changes (going back would otherwise redraw them all)."""
        widget = self.query_one(selector, Static)
        if not _same(widget.content, content):
            update_keeping_layout(widget, content)

    def _show_detail(self) -> None:
        tutor = self.tutor_app.tutor
        lesson = self._highlighted_lesson()
        if lesson is None:
            self._update_static("#detail", "")
            return
        st = self._statuses.get(lesson.id)
        if st is None:
            return
        if st.state == "unavailable":
            reason = self._problem_text(lesson.problems[0]) if lesson.problems else "this lesson has no steps"
            more = f" (+{len(lesson.problems) - 1} more)" if len(lesson.problems) > 1 else ""
            self._update_static("#detail", Content.assemble(
                (tutor.text(f"{lesson.title} is unavailable: "), "bold $error"), tutor.text(reason), more))
            return
        parts = [f"{st.steps_done}/{len(lesson.steps)} steps done", f"about {lesson.minutes} min"]
        if lesson.quizzes:
            n = len(lesson.quizzes)
            parts.append(f"{n} question{'s' if n != 1 else ''}")
            if st.attempts and lesson.is_assessment:
                got, total, mark, passed = tutor.assessment_result(lesson)
                parts.append(f"score {got}/{total}: " + ("passed" if passed else
                                                          f"not passed yet ({round(mark * 100)}% passes)"))
            elif st.attempts:
                parts.append(f"{st.correct}/{st.attempts} answers right · {st.level_label}")
            if st.state != "done" and st.steps_done >= len(lesson.steps) and st.to_finish:
                parts.append(st.to_finish)
            if st.needs and st.attempts:
                parts.append("next " + st.needs)
        if lesson.skills:
            parts.append("skills: " + ", ".join(lesson.skills))
        summary = getattr(lesson, "summary", "")
        self._update_static("#detail", Content.assemble((tutor.text(lesson.title), "bold"), "  ",
                                                        (tutor.text(" · ".join(parts)), "$text-muted"),
                                                        tutor.text("\n" + summary) if summary else ""))

    def _problem_text(self, problem: object) -> str:
        """`path:line: message`, with the path relative to the lessons folder when it is inside it."""
        location = getattr(problem, "location", None)
        message = getattr(problem, "message", str(problem))
        if location is None:
            return str(problem)
        path = Path(location.path)
        with contextlib.suppress(ValueError):
            path = path.resolve().relative_to(self.tutor_app.tutor.lessons_root.resolve())
        return f"{path}:{location.line}: {message}"

    def _highlighted_lesson(self) -> Lesson | None:
        option = self.query_one("#map", OptionList).highlighted_option
        if option is None or not option.id or not option.id.startswith("lesson:"):
            return None
        return self.tutor_app.tutor.course.lesson(option.id.removeprefix("lesson:"))

    # ------------------------------------------------------------------------------------------ events
    @on(OptionList.OptionHighlighted, "#map")
    def _highlighted(self) -> None:
        self._show_detail()

    @on(OptionList.OptionSelected, "#map")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id and event.option.id.startswith("lesson:"):
            self.tutor_app.open_lesson(event.option.id.removeprefix("lesson:"))

    @on(Button.Pressed, "#continue")
    def _continue_pressed(self) -> None:
        self.action_continue()

    def action_continue(self) -> None:
        if not self.action_continue_guard():
            return
        target = self.next_up()
        if target is not None:
            self.tutor_app.open_lesson(target[0], target[1])

    def action_cursor_down(self) -> None:
        self.query_one("#map", OptionList).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one("#map", OptionList).action_cursor_up()

    def action_reviews(self) -> None:
        if self.action_continue_guard():
            from mfml_tui.ui.screens.reviews import ReviewScreen

            self.app.push_screen(ReviewScreen())

    def action_progress(self) -> None:
        if self.action_continue_guard():
            from mfml_tui.ui.screens.progress import ProgressScreen

            self.app.push_screen(ProgressScreen())

    def action_settings(self) -> None:
        self.tutor_app.open_settings()
