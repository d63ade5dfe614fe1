"""The Textual app: a thin shell that owns the `Tutor`, the screens' order, themes and the palette.

Everything heavy (numpy, plotext, the Markdown widget) is imported by the lesson screen, never here, so the
course map is on screen quickly (kept honest by `tests/test_ui_startup.py`).
"""

from __future__ import annotations

import contextlib
import sys
import threading
import time
import weakref
from pathlib import Path

from textual import events, on, work
from textual.app import App
from textual.binding import Binding
from textual.css.query import NoMatches
from textual.events import DescendantFocus, Resize
from textual.screen import Screen
from textual.scrollbar import ScrollBar, ScrollBarRender
from textual.widget import Widget
from textual.widgets import Input

from mfml_tui.ui import settle
from mfml_tui.ui.layout import MIN_HEIGHT, MIN_WIDTH, WIDE
from mfml_tui.ui.screens.home import HomeScreen
from mfml_tui.ui.services import StoreProblem, Tutor
from mfml_tui.ui.stylesheet import ParsedOnceStylesheet, ParsedRulesFile

QUIT_KEYS = frozenset({"q", "ctrl+q", "ctrl+c"})  # act even while the course loads
HOLD_TICK, HOLD_LONGEST = 0.02, 3.0  # keys typed ahead: looked at every tick, never held longer (seconds)
# A store dialog that comes up mid-session waits until no key came for this long (seconds): typed for the
# lesson (n n n…), a key would otherwise choose in a dialog not yet read (`n` is "No saving").
STORE_DIALOG_QUIET = 0.6

KEEP_CSS_AFTER = 0.5  # seconds after the first paint that the CSS parsed for it is written down
HOLD_HOPS = 1  # refresh cycles the first paint waits for the start-up repaints to settle
SETTLE_HOPS = 20  # more cycles the course map may take to settle (`ui.settle`: ≈3 at start-up)
# What a lesson needs, imported in a thread after the first paint, the lesson screen first (a step of text);
# then what questions, plots and explorers need (numpy, plotext, the engine), which the screen imports only
# when a step shows one, so that `mfml-tui lesson ID` paints a first step of text without them.
WARM_UP = ("mfml_tui.ui.screens.lesson", "mfml_tui.ui.widgets.quiz", "mfml_tui.quiz.draw",
           "mfml_tui.ui.widgets.plot", "mfml_tui.plots",
           "mfml_tui.ui.explorers")


def _course_commands() -> type:
    """The palette's lessons and explorers (`ui.commands`), imported when the palette first opens."""
    from mfml_tui.ui.commands import CourseCommands

    return CourseCommands


class TutorApp(App[None]):
    """mfml-tui: the tutor in the terminal."""

    CSS_PATH = ["app.tcss", "screens/home.tcss"]  # home.tcss here: see its first comment
    TITLE = "mfml-tui"
    SUB_TITLE = "calculus for machine learning"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE, "-wide")]
    COMMANDS = App.COMMANDS | {_course_commands}  # (Textual calls it when the palette opens)
    BINDINGS = [
        Binding("question_mark", "toggle_help", "Help", id="help",
                tooltip="Show or hide the keys of this screen"),
        Binding("ctrl+q", "quit", "Quit", id="quit", show=False, priority=True,
                tooltip="Quit (your progress is already saved)"),
    ]

    def __init__(self, tutor: Tutor, *, start_lesson: str | None = None, warm_up: bool = True,
                 autoload: bool = True, resume: bool = False, keep_css: bool = False) -> None:
        super().__init__()
        # Textual made its stylesheet above and has read no CSS into it yet (ui/stylesheet.py says why);
        # `keep_css` (the `mfml-tui` command): the rules parsed at an earlier launch are read back. Its
        # variables are the ones Textual just made for it (`theme_variables`: the theme's colours, ≈0.3 ms).
        self.stylesheet = ParsedOnceStylesheet(variables=self.theme_variables,
                                               kept=_parsed_rules_file() if keep_css else None)
        self.tutor = tutor
        self.start_lesson = start_lesson
        self.resume = resume  # `mfml-tui` alone: reopen the step left last (the map one esc away)
        self._warm_up = warm_up
        self._autoload = autoload  # False: tests call load_course() themselves (see test_ui_startup)
        self.course_ready = False
        self.load_error: str | None = None  # the course map says this instead of "Loading…"
        self.last_lesson_id: str | None = None
        self.quitting = False  # set by exit(): keys typed after q are dropped, not run on a closing app
        self._started = False  # the store dialog at start-up continues the start; later ones do not
        self._asking_about_store = False
        tutor.on_store_error = self._store_failed
        # ASCII mode: `app.tcss` draws the boxes with `+ - |` under this class, and notifications and key
        # names are transliterated below; the Tutor does the same for everything from the lessons.
        if start_lesson is not None:  # (no import: `mfml-tui lesson ID` paints that screen first)
            self.css_path.append(_lesson_css())
        self.set_class(tutor.ascii_only, "-ascii")
        if tutor.ascii_only:  # and what Textual draws itself: borders, table keylines, the palette's 🔎
            from mfml_tui.ui.ascii_drawing import install

            install()
        self._focused_screens: weakref.WeakSet = weakref.WeakSet()  # screens that have had a focused widget
        self._first_paint_out = False  # the first screen has been sent (`_hold_first_paint`)
        self.first_paint_held = False  # output is held for the first screen (the map paints nothing then)
        self._after_first_paint: list = []  # callbacks waiting for it (`after_first_paint`)
        self._held_keys: list[events.Key] = []  # typed ahead of their screen (`_must_wait`)
        self._keys_on_their_way: list[Widget] = []  # a widget for each key on its way through its queue
        self._holding_since = 0.0
        self._last_key_at = 0.0  # when the last key came (`_show_store_dialog` waits for a pause)

    def run(self, *args, **kwargs):  # type: ignore[override]
        # Textual's scrollbar renderer is a class attribute: swap it for this run only.
        renderer = ScrollBar.renderer
        if self.tutor.ascii_only:
            ScrollBar.renderer = AsciiScrollBarRender
        # A paste is text (ui/paste.py): the driver this run uses reads its input with our parser.
        from mfml_tui.ui.paste import pastes_as_text

        driver = self.driver_class  # the terminal's, or the browser's when `serve` set TEXTUAL_DRIVER
        if kwargs.get("inline") and not sys.platform.startswith("win"):  # inline mode: its own driver
            from textual.drivers.linux_inline_driver import LinuxInlineDriver as driver
        try:
            with pastes_as_text(driver):
                return super().run(*args, **kwargs)
        finally:
            ScrollBar.renderer = renderer
            self._save_parsed_css()  # what later screens parsed (a lesson's CSS) is read back next time

    def _save_parsed_css(self) -> None:
        kept = getattr(self.stylesheet, "kept", None)
        if kept is not None:
            kept.save()

    def get_default_screen(self) -> HomeScreen:
        """The course map is the first screen itself (a mode would paint an empty screen first). Under a
        lesson opened at start its widgets wait (`HomeScreen.uncover`), unless the lesson must wait."""
        return HomeScreen(covered=self.start_lesson is not None)

    def notify(self, message: str, *, title: str = "", **kwargs) -> None:  # type: ignore[override]
        super().notify(self.tutor.text(message), title=self.tutor.text(title), **kwargs)

    def get_key_display(self, binding: Binding) -> str:
        return self.tutor.text(super().get_key_display(binding))

    # ------------------------------------------------------------------------------ quitting, errors
    def exit(self, *args, **kwargs) -> None:  # type: ignore[override]
        self.quitting = True
        super().exit(*args, **kwargs)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key):
            self._last_key_at = time.monotonic()
        # Keys typed ahead after q (common over SSH) would run on screens being taken down: drop them.
        # So would keys still queued when the app is shut down another way (its screens already gone).
        if isinstance(event, events.InputEvent) and (self.quitting or self._exit or not self._screen_stack):
            return
        if (isinstance(event, events.Key) and not event.is_forwarded
                and not getattr(event, "handed_on", False) and self._must_wait(event)):
            self._hold(event)
            return
        if isinstance(event, events.Key) and not event.is_forwarded and (
                self._escape_then_letter(event) or self._in_order_through_box(event)):
            return
        await super().on_event(event)

    def _hold(self, event: events.Key) -> None:
        self._held_keys.append(event)
        if len(self._held_keys) == 1:
            self._holding_since = time.monotonic()
            self.set_timer(HOLD_TICK, self._release_held_keys)

    # ------------------------------------------------------------------------- keys typed ahead
    def _in_order_through_box(self, event: events.Key) -> bool:
        """While a text box has the focus (the answer box, the palette's search: any Input), a key it does
        not type itself (←, Home, Backspace, ctrl+u, Enter, the palette's ↓) goes through the box's own
        queue, behind the letters already handed to it, and runs its binding there (`_through_queue`).
        Textual runs such bindings only once the key has gone up from the box to the app, after the box
        has typed the letters queued behind it, so keys arriving in one read (one SSH packet, a fast
        typist) were reordered: `chian ⌫⌫⌫ ain` gave chian, `xy ctrl+u 5` nothing. Letters and priority
        keys (ctrl+q, ctrl+p, …) take Textual's own path; True if the key was handed to the box."""
        focused = self.focused
        if not isinstance(focused, Input) or event.is_printable:
            return False
        return self._through_queue(focused, event)

    def _escape_then_letter(self, event: events.Key) -> bool:
        """Esc and a letter less than the escape delay (0.1 s) apart, or in one read (one SSH packet), are
        what a terminal sends for Alt+letter, and Textual reads them so. The app binds no Alt key: in the
        answer box the letter was typed and the Esc lost (`Esc p` after answering turned the answer 9
        into 9p, its feedback gone, on the same step); elsewhere both were lost. They are read as pressed:
        Esc, then the letter, held until the Esc has acted, so that it goes where the focus went."""
        if not (event.key.startswith("alt+") and event.is_printable and len(event.character or "") == 1):
            return False
        if not self._through_queue(self.focused or self.screen, events.Key("escape", "\x1b")):
            return False
        self._hold(events.Key(event.key.removeprefix("alt+"), event.character))
        return True

    def _through_queue(self, widget: Widget, event: events.Key) -> bool:
        """Hand a key to `widget`'s queue, where its binding runs (`_key_in_queue`) in order with what the
        widget was already given; False (Textual's own path) for a priority key or a maximized widget."""
        if self.screen.maximized is not None or any(
                binding.priority for _, bindings in self.screen._binding_chain
                for binding in bindings.key_to_bindings.get(event.key, ())):
            return False
        if not widget.call_later(self._key_in_queue, widget, event):
            return False
        self._keys_on_their_way.append(widget)
        return True

    async def _key_in_queue(self, widget: Widget, event: events.Key) -> None:
        """Run in the widget's queue: the key's binding, from the focus up (as Textual would, only later);
        a key bound to nothing takes Textual's own path from the widget."""
        with contextlib.suppress(ValueError):
            self._keys_on_their_way.remove(widget)
        if await self._check_bindings(event.key):
            if isinstance(widget, Input):
                widget._restart_blink()  # (as a box does with every key it is given: the cursor shows)
        else:
            widget._forward_event(event)

    @property
    def _keys_still_on_their_way(self) -> bool:
        """A key handed to a widget's queue (`_through_queue`) has not acted yet: held keys wait for it (a
        widget taken down meanwhile never runs it)."""
        self._keys_on_their_way = [widget for widget in self._keys_on_their_way if widget.is_attached]
        return bool(self._keys_on_their_way)

    def _must_wait(self, event: events.Key) -> bool:
        """Keys typed ahead wait for the screen they are meant for, and then come in the order typed.

        * On "Loading the lessons…" a key is meant for what comes next (the lesson of `mfml-tui lesson
          ID`, the step resumed, the map listed); quitting keys act at once, and a dialog (the progress
          file's) gets its keys.
        * A screen may ask a key to wait (`holds_key`): the lesson's `a` jumps ahead of keys still on
          their way (Textual runs priority bindings at once), so `n a` answered on the old step.
        * Once one key waits, every later one waits behind it; quitting keys never wait (quitting drops
          whatever was typed ahead anyway)."""
        if event.key in QUIT_KEYS:
            return False
        if self._held_keys:
            return True
        if self._course_loading and isinstance(self.screen, HomeScreen):
            return True
        holds = getattr(self.screen, "holds_key", None)
        return bool(holds and holds(event.key))

    @property
    def _course_loading(self) -> bool:
        return not self.course_ready and self.load_error is None

    def _release_held_keys(self) -> None:
        """Hand the first waiting key on once its screen is ready for it, then the next, a tick apart (each
        reaches its widget before the next is looked at); after `HOLD_LONGEST` all go, come what may."""
        if not self._held_keys or self.quitting:
            self._held_keys.clear()
            return
        loading = self._course_loading
        if loading:  # (waiting for the course is not waiting for a screen)
            self._holding_since = time.monotonic()
        overdue = time.monotonic() - self._holding_since > HOLD_LONGEST
        holds = getattr(self.screen, "holds_key", None)
        held = holds and holds(self._held_keys[0].key)
        if not overdue and (loading or held or self._keys_still_on_their_way):
            self.set_timer(HOLD_TICK, self._release_held_keys)
            return
        for held in self._held_keys if overdue else self._held_keys[:1]:
            again = events.Key(held.key, held.character)
            again.handed_on = True  # (not held again: `on_event`)
            self.post_message(again)
        del self._held_keys[:len(self._held_keys) if overdue else 1]
        self._holding_since = time.monotonic()  # the next key's wait starts now
        if self._held_keys:
            self.set_timer(HOLD_TICK, self._release_held_keys)

    def _handle_exception(self, error: Exception) -> None:
        """Textual's last stop for an unhandled error, which would end the app with a traceback.

        * A handler, callback or worker of a screen taken down meanwhile (keys typed ahead popped it, or
          the app is quitting) that asks for its widgets finds them gone: nothing to do (`ui.gone`).
        * A progress file failing anywhere (a StoreError the Tutor did not see) goes to the store dialog
          like every other store failure; the session goes on in memory.
        * Every worker's failure arrives here (as WorkerFailed), whoever started it: a worker's job is
          never worth the session, so it is told in a notification and the app goes on.
        Anything else is a real bug and still ends the app (Textual's behaviour)."""
        from textual.worker import WorkerFailed

        from mfml_tui.progress import StoreError
        from mfml_tui.ui.gone import taken_down

        cause = error.error if isinstance(error, WorkerFailed) else error
        if taken_down(cause) or (self.quitting and taken_down_while_quitting(cause)):
            self.log.warning(f"ignored, its screen is gone: {cause!r}")
            return
        if isinstance(cause, StoreError):
            with contextlib.suppress(Exception):
                self.tutor._store_failed(cause)
                return
        if isinstance(error, WorkerFailed):
            self.log.error(f"a worker failed: {cause!r}")
            with contextlib.suppress(Exception):
                self.notify(f"Something went wrong in the background ({type(cause).__name__}: "
                            f"{str(cause)[:200]}). The tutor goes on; please report it.",
                            severity="error", timeout=12)
            return
        super()._handle_exception(error)

    # ------------------------------------------------------------------------------------ start-up
    def on_mount(self) -> None:
        self._hold_first_paint()
        self._keep_parsed_css()
        try:
            self.tutor.open_store()
        except StoreProblem as problem:
            self._uncover_home()  # the dialog is over the map, as the lesson will be
            self._ask_about_store(problem)
            return
        self._after_store_opened()

    def _uncover_home(self) -> None:
        home = self.screen_stack[0] if self.screen_stack else None
        if isinstance(home, HomeScreen) and home.covered:
            home.uncover()
            if home.is_mounted:  # (not yet mounted: it shows the map when it is)
                home.show_course()

    def _hold_first_paint(self, hops: int = HOLD_HOPS, longest: float = 0.25, latest: float = 1.0) -> None:
        """Send the terminal one settled first screen instead of several: during start-up Textual paints
        the screen, then repaints it on the screen's resume, the list's focus, its scrollbar, the
        notification layer and the footer's keys (≈6 KB each over a slow link). Output is held (Textual's
        own batch) for `hops` refresh cycles; if the course is still loading after `longest` seconds (a
        first launch reads every lesson), the screen goes out then, saying so, and so does a lesson opened
        at start. Never held past `latest`.
        (`longest` used to end the hold whatever was half done: on a machine too busy to finish a refresh
        cycle by then, the map went out in four full frames, ≈23 KB.)
        The course map is laid out while held and painted once, whole, when its widgets have settled
        (`ui.settle`); a frame painted while held was never sent, and the layout left for after the hold
        went out as two frames."""
        self._begin_batch()
        self.first_paint_held = True
        released = False

        def release() -> None:
            nonlocal released
            if released:
                return
            released = True
            self.first_paint_held = False
            self._end_batch()
            home = self._screen_stack and isinstance(self.screen, HomeScreen)
            if home and settle.settled(self.screen):
                settle.paint_whole(self.screen)  # the map, laid out while held: one frame, now
            elif home:
                self.screen.refresh()  # not settled (the course loading, `latest`): its layout follows
            elif self._screen_stack:
                send_whole_screen(self.screen)  # a lesson opened at start: its header and keys in this frame
            self.call_after_refresh(self._first_paint_sent)

        def hop(left: int) -> None:
            screen = self.screen if self._screen_stack else None
            if isinstance(screen, HomeScreen) and left > -SETTLE_HOPS:
                settle.lay_out(screen)  # (Textual lays nothing out while output is held)
                if left <= 0 and settle.settled(screen):
                    release()
                else:
                    self.call_after_refresh(hop, left - 1)
            elif left <= 0:
                release()
            else:
                self.call_after_refresh(hop, left - 1)

        def loading_too_long() -> None:
            # the map settles in a few cycles once the course is ready; a lesson opened at start
            # (`mfml-tui lesson ID`, resuming) shows its first step now, before its neighbour is built
            stack = self._screen_stack  # (empty once the app is shutting down: `self.screen` raises)
            if not self.course_ready or not stack or not isinstance(stack[-1], HomeScreen):
                release()

        hop(hops)
        self.set_timer(longest, loading_too_long)
        self.set_timer(latest, release)

    def _first_paint_sent(self) -> None:
        self._first_paint_out = True
        waiting, self._after_first_paint = self._after_first_paint, []
        for callback in waiting:
            callback()

    def after_first_paint(self, callback) -> None:  # type: ignore[no-untyped-def]
        """Call `callback` once the first screen has been sent (at once if it has): work that can wait,
        done while the first paint is held, would hold it longer."""
        if self._first_paint_out:
            callback()
        else:
            self._after_first_paint.append(callback)

    def _keep_parsed_css(self) -> None:
        """The rules parsed for the first screen are written down a moment after it is out (a launch that
        is killed never reaches `run`'s end); those of later screens when the app ends."""
        if getattr(self.stylesheet, "kept", None) is not None:
            self.after_first_paint(lambda: self.set_timer(KEEP_CSS_AFTER, self._save_parsed_css))

    def _start_warm_up(self) -> None:
        """The warm-up's imports (numpy, plotext…: ≈0.3 s of CPU in a thread) begin once the first screen
        is out: before it, they took the GIL from the start-up (the lessons listed later under load)."""
        self.after_first_paint(lambda: self.set_timer(0.2, self.warm_up))

    def _store_failed(self, problem: StoreProblem) -> None:
        """The Tutor stopped using the progress file mid-session (called on whichever thread saw it)."""
        if threading.get_ident() == self._thread_id:
            self._ask_about_store(problem)
        elif not self.quitting:
            with contextlib.suppress(Exception):  # the app is closing: nothing to ask
                self.call_from_thread(self._ask_about_store, problem)

    def _ask_about_store(self, problem: StoreProblem) -> None:
        if self._asking_about_store or self.quitting:
            return
        self._asking_about_store = True
        # Asked once the handler that hit the failure is done: it may still change screens (finishing a
        # lesson pops it), which must not take the dialog down with it.
        self.call_later(self._show_store_dialog, problem)

    def _show_store_dialog(self, problem: StoreProblem) -> None:
        """The dialog, once the keyboard is quiet: mid-session the failure is met while the learner types
        (a background write, the step change itself), and a key meant for the lesson must not answer a
        question it never saw. The session goes on in memory meanwhile. At start nothing waits."""
        if self.quitting:
            self._asking_about_store = False
            return
        wait = STORE_DIALOG_QUIET - (time.monotonic() - self._last_key_at)
        if self._started and wait > 0:
            self.set_timer(wait, lambda: self._show_store_dialog(problem))
            return
        from mfml_tui.ui.dialogs.damaged import DamagedStoreDialog  # (only when a progress file fails)

        self.push_screen(DamagedStoreDialog(problem), self._after_damaged_dialog)

    def _after_damaged_dialog(self, choice: str | None) -> None:
        self._asking_about_store = False
        if choice == "quit":
            self.exit(return_code=2, message=f"Your progress file was left as it is: {self.tutor.db_path}")
            return
        if choice == "retry":
            try:
                self.tutor.open_store()
            except StoreProblem as problem:
                self._ask_about_store(problem)
                return
            if self._started:
                self.notify("Your progress is being saved again.", timeout=6)
        elif choice == "move":
            try:
                moved = self.tutor.move_store_aside()
            except Exception as error:  # noqa: BLE001 — tell the learner, keep going without a store
                self.notify(f"Could not move the file aside: {error}. Progress will not be saved.",
                            severity="error", timeout=10)
            else:
                self.notify(f"The old file was moved aside as {moved}. A fresh one was started.", timeout=10)
        else:
            self.notify("Progress will not be saved in this session.", severity="warning", timeout=8)
        if not self._started:
            self._after_store_opened()
        else:
            self._refresh_home()

    def _refresh_home(self) -> None:
        home = self.screen_stack[0] if self.screen_stack else None
        if isinstance(home, HomeScreen) and home.is_mounted:
            home.refresh_map()

    def _after_store_opened(self) -> None:
        self._started = True
        theme = self.tutor.setting("theme")
        if theme and theme in self.available_themes:
            self.theme = theme
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        self._check_size(self.size.width, self.size.height)
        if self.tutor.course_loaded or (self._autoload and self.tutor.course_if_cached()):
            self._course_ready()  # the first paint lists the lessons (or is the lesson asked for)
        else:
            self._uncover_home()  # "Loading the lessons…" until the lesson can be opened
            if self._autoload:
                self.call_after_refresh(self.load_course)  # after the first paint of the course map

    @work(thread=True, exclusive=True, group="course")
    def load_course(self) -> None:
        """Load (and validate) the lessons off the UI thread: the course map is painted first."""
        try:
            self.tutor.course  # noqa: B018 — loading is the point
        except Exception as error:  # noqa: BLE001 — the loader should not raise; say so if it does
            if not self.quitting:
                self.call_from_thread(self._course_failed, f"{type(error).__name__}: {str(error)[:300]}")
            return
        if not self.quitting:
            self.call_from_thread(self._course_ready)

    def _course_failed(self, reason: str) -> None:
        """Never stuck on "Loading…": the course map says what went wrong instead."""
        self.load_error = f"The lessons in {self.tutor.lessons_root} could not be loaded ({reason})."
        self.notify(self.load_error, severity="error", timeout=15)
        self._refresh_home()

    def _course_ready(self) -> None:
        self.course_ready = True
        problems = self.tutor.course.problems
        if problems:
            self.notify(f"Not everything in the lessons folder could be loaded: {problems[0].message} "
                        "(more at the end of the course map; `mfml-tui lessons check` lists it all).",
                        severity="warning", timeout=10)
        if self.start_lesson is not None:
            lesson_id, self.start_lesson = self.start_lesson, None
            self.open_lesson(lesson_id)
        elif self.resume:
            self.resume = False
            last = self.tutor.last_position()
            if last is not None and isinstance(self.screen, HomeScreen):
                self.open_lesson(*last)
        home = self.screen_stack[0] if self.screen_stack else None
        if isinstance(home, HomeScreen) and home.is_mounted:  # (not yet mounted: it shows it when it is)
            home.show_course()  # after the lesson opened at start, if any: its first step is painted first
        if self._warm_up:
            self._start_warm_up()

    def _remember_theme(self, theme: object) -> None:
        name = getattr(theme, "name", None)
        if name:
            self.tutor.set_setting("theme", name)

    # -------------------------------------------------------------------------------------- actions
    def open_lesson(self, lesson_id: str, step: int | None = None) -> None:
        """Open a lesson at `step` (default: where the learner left it)."""
        if not self.course_ready:
            self.notify("The lessons are still loading…", timeout=2)
            return
        lesson = self.tutor.course.lesson(lesson_id)
        if lesson is None:
            self.notify(f"There is no lesson with the id {lesson_id!r}. "
                        "`mfml-tui lessons list` shows them all.", severity="error", timeout=8)
            return
        if not lesson.available:
            reason = lesson.problems[0] if lesson.problems else "it has no steps"
            self.notify(f"{lesson.title} is unavailable: {reason}", severity="error", timeout=10)
            return
        from mfml_tui.ui.screens.lesson import LessonScreen

        if step is None and isinstance(self.screen, LessonScreen) and self.screen.lesson.id == lesson_id:
            return  # an Enter typed ahead on the course map: the lesson is already opening
        if step is None:
            step = self.tutor.position(lesson_id) or 0
        step = min(max(0, step), len(lesson.steps) - 1)
        while len(self.screen_stack) > 1 and not isinstance(self.screen, HomeScreen):
            self.pop_screen()
        self.last_lesson_id = lesson_id  # the course map puts its cursor here when the learner comes back
        self.push_screen(LessonScreen(lesson, step))

    def action_command_palette(self) -> None:
        """ctrl+p: the palette whose Enter waits for the matches of what was typed (`CoursePalette`)."""
        from mfml_tui.ui.commands import CoursePalette  # (not on the way to the first screen)

        if self.use_command_palette and not CoursePalette.is_open(self):
            self.push_screen(CoursePalette(id="--command-palette"))

    def push_screen(self, screen, *args, **kwargs):  # type: ignore[override]
        """A command palette's placeholder (`Search for commands…`, Textual's own) as this terminal can
        show it; every palette is pushed here, whichever action opened it."""
        from textual.command import CommandPalette

        if isinstance(screen, CommandPalette) and self.tutor.ascii_only:
            screen._placeholder = self.tutor.text(screen._placeholder)  # read when it composes
        return super().push_screen(screen, *args, **kwargs)

    def pop_screen(self):  # type: ignore[override]
        """Pop a screen and let its widgets go (see `_release_screen_caches`).

        A screen popped for good loses its focus without a Blur: Textual's blur restyles the focused
        widget's whole subtree (a lesson's `#flow`: every widget of the step, ~⅓ of going back) on a screen
        that is about to be removed."""
        if self._screen_stack and len(self._screen_stack) > 1:
            leaving = self.screen
            if leaving.focused is not None and not self.is_screen_installed(leaving):
                leaving.set_reactive(Screen.focused, None)
        result = super().pop_screen()
        _release_screen_caches()
        return result

    async def _replace_screen(self, screen: Screen) -> Screen:
        """Textual's, except that removing a screen for good does not lay out and repaint the one shown.

        Textual removes the screen left (going back to the course map: the lesson) as a child of the app,
        and a removed child refreshes its parent with a layout: `App.refresh(layout=True)` laid the map
        out and repainted all of it, twice (the removal's callback runs once for each of its two awaits),
        after the frame that shows the map: three more full-screen frames for nothing, as the screen left
        was never part of the map's layout. The map is still painted whole once, on its resume.
        A Textual without `_prune` (it is private) gets Textual's own way: slower, never wrong."""
        if not hasattr(self, "_prune"):
            return await super()._replace_screen(screen)
        if self._screen_stack:
            self.screen.refresh()
        screen.post_message(events.ScreenSuspend())
        if not self.is_screen_installed(screen) and all(
                screen not in stack for stack in self._screen_stacks.values()):
            self.capture_mouse(None)
            await self._prune(screen)  # no parent: nothing to lay out again
            if self._screen_stack and self.screen._running:
                self._update_mouse_over(self.screen)  # what the parent's refresh did besides
        return screen

    def go_home(self) -> None:
        while len(self.screen_stack) > 1:
            self.pop_screen()

    def open_explorer(self, kind: str) -> None:
        """An explorer at full size (from the command palette); Escape comes back."""
        from mfml_tui.course.model import ExploreSpec, Location
        from mfml_tui.ui.explorers import EXPLORERS, ExplorerScreen

        _title, options = EXPLORERS[kind]
        spec = ExploreSpec(kind, dict(options), Location(self.tutor.lessons_root, 0))
        self.push_screen(ExplorerScreen(spec))

    def open_progress(self) -> None:
        from mfml_tui.ui.screens.progress import ProgressScreen

        self.push_screen(ProgressScreen())

    def open_reviews(self) -> None:
        from mfml_tui.ui.screens.reviews import ReviewScreen

        self.push_screen(ReviewScreen())

    def open_settings(self) -> None:
        from mfml_tui.ui.dialogs.settings import SettingsDialog

        self.push_screen(SettingsDialog())

    def action_toggle_help(self) -> None:
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

    def record_attempt(self, attempt) -> None:
        """Store an answer graded elsewhere (the quiz card saves its own through `Tutor.check`)."""
        try:
            self.tutor.record_attempt(attempt)
        except Exception as error:  # noqa: BLE001 — say so; never lose the session over it
            self.notify(f"Could not save this attempt: {error}", severity="error", timeout=8)

    # ----------------------------------------------------------------------------------------- focus
    def on_descendant_focus(self, event: DescendantFocus) -> None:
        if self._screen_stack:  # a focus change queued while the app shut down arrives with no screen left
            self._focused_screens.add(self.screen)

    def watch_app_focus(self, focus: bool) -> None:
        """A screen composed while the app was blurred never got its auto-focus (Textual skips it), and
        Textual's own restore on focus has nothing to restore: in a browser (`mfml-tui serve`) the app
        starts blurred, so the course map's list would never have focus and Enter would do nothing.
        When focus comes back (a key, a click, the tab focused) such a screen gets its auto-focus now.
        A screen that has had focus keeps Textual's behaviour (e.g. nothing focused after Esc)."""
        screen = self.screen if self._screen_stack else None
        if not focus or screen is None or screen.focused is not None or screen in self._focused_screens:
            return
        selector = self.AUTO_FOCUS if screen.AUTO_FOCUS is None else screen.AUTO_FOCUS
        if selector:
            for widget in screen.query(selector):
                if widget.focusable:
                    screen.set_focus(widget, scroll_visible=False)
                    break

    # ---------------------------------------------------------------------------------- small window
    @on(Resize)
    def _on_app_resize(self, event: Resize) -> None:
        self._check_size(event.size.width, event.size.height)

    def _check_size(self, width: int, height: int) -> None:
        small = width < MIN_WIDTH or height < MIN_HEIGHT
        if not small and "mfml_tui.ui.dialogs.too_small" not in sys.modules:
            return  # never shown: nothing to take down (and the dialog's module not imported at start-up)
        from mfml_tui.ui.dialogs.too_small import TooSmallScreen

        showing = isinstance(self.screen, TooSmallScreen)
        if small and not showing:
            self.push_screen(TooSmallScreen())
        elif not small and showing:
            self.pop_screen()

    @work(thread=True, exclusive=True, group="warm-up")
    def warm_up(self) -> None:
        """After the first paint, import what the lesson screen needs so that opening it is quick.

        Between two modules it waits while a frame a learner waits for is being made (`ui.collector` holds:
        a lesson opened before the warm-up was done, a step, b): the main thread then imports what it needs
        itself, and a thread importing the rest took half of the GIL from it (Enter at once on the map)."""
        import importlib

        from mfml_tui.ui import collector

        for name in WARM_UP:
            collector.wait_while_held(stop=lambda: self._exit)
            with contextlib.suppress(Exception):  # a failed warm-up just means a slower first lesson
                importlib.import_module(name)


def send_whole_screen(screen: Screen) -> None:
    """Make the screen's next frame the whole screen. Frames made while output was held were never sent,
    but the compositor counts them as shown: `screen.refresh()` alone sent only what it repaints (the rows
    between a docked header and footer), and `mfml-tui lesson ID` showed its step without the header
    (`Step 1/3`) and footer until the next layout, ≈0.1 s later."""
    with contextlib.suppress(AttributeError):  # a Textual without the compositor's dirty regions
        screen._compositor._dirty_regions.add(screen.size.region)
    screen.refresh()


def taken_down_while_quitting(error: BaseException) -> bool:
    """While quitting, every screen is being taken down: a widget not found or not mounted is expected."""
    from textual.app import ScreenStackError
    from textual.widget import MountError

    return isinstance(error, (MountError, NoMatches, ScreenStackError))


def _release_screen_caches() -> None:
    """Forget Textual's per-widget background cache, which would keep popped screens alive.

    `StylesCache.get_inner_outer` is an `lru_cache` on a method, keyed by the widget's styles cache: up to
    1 024 of them (each with its rendered lines) outlive their widgets. Refilling it costs a few
    microseconds a widget on the next paint.
    """
    from textual._styles_cache import StylesCache

    with contextlib.suppress(AttributeError):  # a Textual without that cache
        StylesCache.get_inner_outer.cache_clear()


class AsciiScrollBarRender(ScrollBarRender):
    """Scrollbars without the `▁▂▃` eighth blocks at the thumb's ends (whole cells only)."""

    VERTICAL_BARS = [" "] * 8
    HORIZONTAL_BARS = [" "] * 8


def _lesson_css() -> Path:
    """`LessonScreen.CSS_PATH` as Textual resolves it, found without importing the screen. Read with the app's
    CSS when a lesson is opened at start, it is there when that screen is pushed: Textual then neither parses
    the app's sources again nor restyles every node of every screen (≈1–1.5 ms of CPU before step 1)."""
    from mfml_tui.ui import screens  # (imported already: the course map's package)

    return (Path(screens.__file__).parent / "lesson.tcss").resolve()


def build_app(
    lessons: Path,
    db_path: Path | None,
    profile: str,
    *,
    ascii_only: bool = False,
    start_lesson: str | None = None,
    warm_up: bool = True,
    autoload: bool = True,
    seed: int | None = None,
    resume: bool = False,
    keep_css: bool = False,
) -> TutorApp:
    tutor = Tutor(lessons, db_path, profile, ascii_only=ascii_only, seed=seed)
    return TutorApp(tutor, start_lesson=start_lesson, warm_up=warm_up, autoload=autoload, resume=resume,
                    keep_css=keep_css)


def _parsed_rules_file() -> ParsedRulesFile | None:
    """The CSS rules parsed at earlier launches, kept beside the course cache (None: that cache is off)."""
    from mfml_tui.course.cache import cache_dir

    folder = cache_dir()
    return None if folder is None else ParsedRulesFile(folder)
