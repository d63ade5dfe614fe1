"""The tutor under what learners and authors really do: a copied lesson, a broken week, a progress file that
is damaged, locked or fails mid-session, a worker that raises, keys typed after q, pastes with escapes.
Nothing here may end the app with a traceback, freeze it, or move a healthy file."""

from __future__ import annotations

import asyncio
import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest
from textual import events
from textual.widgets import Input

from mfml_tui.progress.store import open_store
from tests.test_ui_support import (  # noqa: F401 — quiet_textual is an autouse fixture
    TEST_LESSONS,
    make_app,
    press,
    quiet_textual,
    ready,
    screen_text,
    wait_for,
    wait_text,
)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def damaged_page(db: Path) -> None:
    """A real progress file whose `attempts` table root page is overwritten: it opens, but reading the
    attempts (the course map's summary) fails with "database disk image is malformed"."""
    with open_store(db, "tester") as store:
        for i in range(300):
            store.record_attempt("t1-rise", "t1-rise-slope", i, "x" * 50, i % 2 == 0)
    conn = sqlite3.connect(db)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'attempts'").fetchone()[0]
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    data = bytearray(db.read_bytes())
    data[(root - 1) * size:root * size] = b"\xff" * size
    db.write_bytes(bytes(data))


def dialog_buttons(app) -> tuple[list[str], str | None]:
    from textual.widgets import Button

    buttons = [str(b.label) for b in app.screen.query(Button)]
    focused = app.screen.focused
    return buttons, str(focused.label) if isinstance(focused, Button) else None


# ------------------------------------------------------------------------------------------ 1: authors
async def test_a_copied_lesson_opens_the_course_with_a_notice(tmp_path):
    lessons = tmp_path / "lessons"
    shutil.copytree(TEST_LESSONS, lessons)
    week = lessons / "1-slopes"
    shutil.copy(week / "01-rise-over-run.md", week / "03-copy.md")  # how the docs say to start a lesson
    app = make_app(tmp_path, lessons=lessons)
    async with app.run_test(size=(100, 40)) as pilot:
        await ready(pilot)
        text = await wait_text(pilot, "duplicate lesson id")
        from textual.widgets import OptionList

        options = app.screen.query_one("#map", OptionList).options
        lessons_shown = [o.id for o in options if o.id and o.id.startswith("lesson:")]
        assert lessons_shown.count("lesson:t1-rise") == 1 and len(lessons_shown) == 4  # the copy is skipped…
        assert "03-copy.md" in text and "lessons check" in text  # …and said where the learner looks
        await press(pilot, "enter")
        await wait_text(pilot, "Step 1/3")  # the course works


async def test_a_broken_week_does_not_leave_the_app_loading(tmp_path):
    lessons = tmp_path / "lessons"
    shutil.copytree(TEST_LESSONS, lessons)
    (lessons / "1-slopes" / "week.toml").write_text('number = 1\ntitle = "S"\nx = ' + "[" * 2000 + "]" * 2000)
    app = make_app(tmp_path, lessons=lessons)
    async with app.run_test(size=(100, 40)) as pilot:
        await ready(pilot)
        text = await wait_text(pilot, "nests arrays or tables 2000 deep")
        assert "Rise over run" in text and "Loading" not in text


async def test_a_loader_that_raises_is_said_on_the_map_not_loading_forever(tmp_path, monkeypatch):
    from mfml_tui.course import loader

    def broken(root):
        raise RuntimeError("a bug in the loader")

    monkeypatch.setattr(loader, "_load", broken)
    monkeypatch.setenv("MFML_TUI_CACHE", "off")
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        text = await wait_text(pilot, "could not be loaded")
        assert "Loading the lessons" not in text
        assert "RuntimeError: a bug in the loader" in app.load_error
        assert app.is_running


# ------------------------------------------------------------------------------------- 2: workers, store
async def test_a_failing_worker_is_told_and_the_app_goes_on(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)

        def explode() -> None:
            raise ValueError("boom in a worker")

        worker = app.screen.run_worker(explode, thread=True)  # exit_on_error stays True: the default
        await wait_for(pilot, lambda: worker.is_finished, what="the worker to fail")
        await wait_for(pilot, lambda: any("boom in a worker" in str(n.message) for n in app._notifications),
                       what="the notification")
        assert app.is_running and app.return_code is None
        await press(pilot, "enter")
        await wait_text(pilot, "Step 1/3")
    assert app._exception is None


async def test_a_damaged_page_asks_and_enter_leaves_the_file_alone(tmp_path):
    db = tmp_path / "progress.sqlite3"
    damaged_page(db)
    before = sha256(db)
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        text = await wait_text(pilot, "cannot be opened")
        assert "damaged" in text and "malformed" in text
        buttons, focused = dialog_buttons(app)
        assert "Move aside (m)" in buttons and focused == "Quit (q)"
        await press(pilot, "enter")
    assert app.return_code == 2
    assert sha256(db) == before
    assert not list(tmp_path.glob("*.damaged-*"))


async def test_a_store_failure_mid_session_falls_back_to_memory_and_asks(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        store = app.tutor._store

        def broken(*args, **kwargs):
            from mfml_tui.progress import StoreError

            raise StoreError(f"{store.path} is damaged (database disk image is malformed)", store.path)

        store.summary = store.lesson_summaries = broken  # the map reads them next: a page went bad
        store.set_position = broken
        await press(pilot, "enter")  # opening a lesson stores the position first
        await wait_text(pilot, "cannot be opened")
        buttons, focused = dialog_buttons(app)
        assert focused == "Quit (q)"
        await press(pilot, "n")  # go on without saving
        await wait_text(pilot, "Step 1/3")
        assert not app.tutor.has_store and app.tutor.position("t1-rise") == 0  # kept in memory
        await press(pilot, "escape")
        await wait_text(pilot, "Rise over run")
    assert app._exception is None


# --------------------------------------------------------------------------------------------- 3: locked
@pytest.fixture
def locked_db(tmp_path):
    db = tmp_path / "progress.sqlite3"
    with open_store(db, "tester") as store:
        store.set_setting("theme", "nord")
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    yield db, holder
    holder.close()


async def test_a_locked_file_is_in_use_not_damaged_and_enter_tries_again(tmp_path, locked_db, monkeypatch):
    from mfml_tui.ui import services

    monkeypatch.setattr(services, "OPEN_TIMEOUT", 0.2)
    db, holder = locked_db
    before = sha256(db)
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        text = await wait_text(pilot, "in use")
        assert "damaged or not a database" not in text
        buttons, focused = dialog_buttons(app)
        assert "Move aside (m)" not in buttons and focused == "Try again (r)"
        await press(pilot, "m")  # nothing to move: the key does nothing
        await press(pilot, "enter")  # still locked: asked again, nothing moved
        await wait_text(pilot, "in use")
        assert sha256(db) == before and not list(tmp_path.glob("*.damaged-*"))
        holder.close()  # the other program lets go
        await press(pilot, "enter")  # free now: the tutor opens it
        await ready(pilot)
        assert app.tutor.has_store and app.tutor.setting("theme") == "nord"


def test_the_store_tells_locked_unwritable_and_damaged_apart(tmp_path, locked_db):
    from mfml_tui.progress.store import StoreError, kind_of

    db, _holder = locked_db
    with pytest.raises(StoreError) as locked:
        open_store(db, "tester", timeout=0.1)
    assert locked.value.kind == "locked" and not locked.value.can_move_aside
    assert "in use by another program" in str(locked.value)
    # SQLite's own read-only and corruption errors (real ones, not made up)
    ro = sqlite3.connect(f"file:{tmp_path / 'ro.sqlite3'}?mode=rwc", uri=True)
    ro.execute("CREATE TABLE t (x)")
    ro.close()
    ro = sqlite3.connect(f"file:{tmp_path / 'ro.sqlite3'}?mode=ro", uri=True)
    with pytest.raises(sqlite3.Error) as readonly:
        ro.execute("INSERT INTO t VALUES (1)")
    assert kind_of(readonly.value) == "unavailable"
    (tmp_path / "junk.sqlite3").write_bytes(b"x" * 4096)
    with pytest.raises(sqlite3.Error) as notadb:
        sqlite3.connect(tmp_path / "junk.sqlite3").execute("SELECT * FROM sqlite_master")
    assert kind_of(notadb.value) == "damaged"


# ------------------------------------------------------------------------------------------ 4: quitting
@pytest.mark.parametrize("after", ["s", "g", "r", "c", "enter"])
async def test_keys_after_q_do_nothing(tmp_path, after):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        # as a fast typist (or one SSH packet) delivers them: both queued before either is handled
        app.post_message(events.Key("q", "q"))
        app.post_message(events.Key(after, after if len(after) == 1 else None))
        await pilot.pause()
    assert app._exception is None and app.return_code in (0, None)


async def test_quitting_while_a_lesson_is_being_built(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        app.post_message(events.Key("enter", None))
        app.post_message(events.Key("ctrl+q", None))
        app.post_message(events.Key("t", "t"))
        await pilot.pause()
    assert app._exception is None and app.return_code in (0, None)


# Keys typed ahead on every screen: q or ctrl+q, then a burst of keys (one SSH packet), and bursts while a
# lesson is still being built. Nothing may reach Textual's fatal handler: not even an error it swallows.
TYPED_AHEAD = ["s", "g", "t", "n", "p", "b", "escape", "enter", "a", "r", "c", "h", "v", "e", "question_mark",
               "ctrl+p", "ctrl+n"]


def _key(name: str) -> events.Key:
    return events.Key(name, name if len(name) == 1 else None)


async def _open(app, pilot, screen: str) -> None:
    if screen == "explorer":
        from mfml_tui.ui.explorers import EXPLORERS

        app.open_explorer(sorted(EXPLORERS)[0])
        await wait_for(pilot, lambda: type(app.screen).__name__ == "ExplorerScreen", what="the explorer")
    elif screen != "map":
        key, shows = {"lesson": ("enter", "Step 1/3"), "progress": ("g", "Your progress"),
                      "reviews": ("r", ""), "settings": ("s", "Themes:"),
                      "help": ("question_mark", "")}[screen]
        await press(pilot, key)
        if screen == "help":
            await wait_for(pilot, lambda: app.screen.query("HelpPanel"), what="the help panel")
        if screen == "reviews":
            await wait_for(pilot, lambda: type(app.screen).__name__ == "ReviewScreen", what="the reviews")
        await wait_text(pilot, shows)


def _record_errors(app, monkeypatch) -> list[str]:
    seen: list[str] = []
    handle = type(app)._handle_exception

    def recording(self, error):
        seen.append(repr(getattr(error, "error", error)))
        return handle(self, error)

    monkeypatch.setattr(type(app), "_handle_exception", recording)
    return seen


@pytest.mark.parametrize("screen,quit_key", [
    ("map", "q"), ("lesson", "ctrl+q"), ("lesson", "q"), ("explorer", "ctrl+q"), ("progress", "q"),
    ("reviews", "ctrl+q"), ("settings", "ctrl+q"), ("help", "q"),
])
async def test_keys_typed_after_quitting_on_every_screen(tmp_path, monkeypatch, screen, quit_key):
    app = make_app(tmp_path)
    seen = _record_errors(app, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await _open(app, pilot, screen)
        for name in [quit_key, *TYPED_AHEAD]:
            app.post_message(_key(name))
        await pilot.pause()
    assert app._exception is None and app.return_code in (0, None) and seen == []


@pytest.mark.parametrize("keys", [
    ["enter", "enter"],  # Enter typed twice on the map: the lesson is opened once
    ["enter", "n", "b", "enter", "n"],  # the first lesson screen is popped while it still mounts
    ["enter", "escape", "enter", "p", "n"],
    ["enter", "n", "n", "p", "b"],
    ["enter", "t", "escape", "b"],
    ["enter", "a", "b", "enter", "ctrl+q"],
    ["enter", "n", "ctrl+q"],  # the next step's quiz card mounts as the app exits
    ["enter", "b", "enter", "q"],
])
async def test_keys_typed_while_a_lesson_is_being_built(tmp_path, monkeypatch, keys):
    app = make_app(tmp_path)
    seen = _record_errors(app, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        for name in keys:
            app.post_message(_key(name))
        await pilot.pause()
        await pilot.pause(0.3)  # let the prebuilds and mounts still on their way run
        if app.is_running:
            from mfml_tui.ui.screens.lesson import LessonScreen

            lessons = [s for s in app.screen_stack if isinstance(s, LessonScreen)]
            assert len(lessons) <= 1  # never the same lesson stacked twice
    assert app._exception is None and app.return_code in (0, None) and seen == []


async def test_a_card_mounting_after_its_screen_went_finds_nothing_and_says_nothing(tmp_path):
    """The class behind `NoMatches '.quiz-echo'`: a handler of a widget whose screen is gone must not raise,
    and the app's last check lets such an error go; the same error on a screen still shown is a bug."""
    from textual.css.query import NoMatches

    from mfml_tui.ui.gone import taken_down
    from mfml_tui.ui.widgets.quiz import QuizCard

    def raised_by(card) -> NoMatches:
        with pytest.raises(NoMatches) as caught:
            card.query_one("#no-such-widget")
        return caught.value

    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await press(pilot, "enter")
        await wait_text(pilot, "Step 1/3")
        await press(pilot, "n", "n")
        await wait_for(pilot, lambda: app.screen.query(QuizCard), what="a question card")
        card = app.screen.query(QuizCard).first()
        assert not taken_down(raised_by(card))  # on the screen shown: a real bug, still fatal
        await press(pilot, "b")
        await wait_for(pilot, lambda: not card.is_attached, what="the lesson to go")
        card.on_mount()  # late, as after a quick b or q: its children are gone, nothing is raised
        await card.recompose_card()
        assert taken_down(raised_by(card))
    assert app._exception is None


class _BadPages:
    """A connection whose every statement fails as a damaged page does (SQLite's own error, code 11)."""

    def __init__(self, conn) -> None:
        self._conn = conn

    def _fail(self, *args, **kwargs):
        error = sqlite3.DatabaseError("database disk image is malformed")
        error.sqlite_errorcode = 11  # type: ignore[attr-defined]
        raise error

    execute = executemany = executescript = _fail

    def __getattr__(self, name):
        return getattr(self._conn, name)


@pytest.mark.parametrize("action", ["progress", "reviews", "settings", "answer", "next step", "finish"])
async def test_a_page_going_bad_mid_session_is_asked_about_from_every_screen(tmp_path, monkeypatch, action):
    """Every way the app reaches the store (progress screen, reviews, settings save, attempt save, the
    position, the course map's summary) goes through the store handling: the dialog, never a crash."""
    app = make_app(tmp_path)
    seen = _record_errors(app, monkeypatch)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        if action in ("answer", "next step", "finish"):
            await press(pilot, "enter")
            await wait_text(pilot, "Step 1/3")
            await press(pilot, "n", "n")
            await wait_text(pilot, "Step 3/3")
        store = app.tutor._store
        store._conn = _BadPages(store._conn)
        # the first key that reaches the store raises the dialog: no key after it (Enter would quit)
        keys = {"progress": ["g"], "reviews": ["r"], "settings": ["s"], "answer": ["a", "9"],
                "next step": ["p"], "finish": ["n"]}[action]
        await press(pilot, *keys)
        text = await wait_text(pilot, "cannot be opened")
        assert "damaged" in text and "malformed" in text
        await press(pilot, "n")  # go on without saving
        await wait_for(pilot, lambda: not app.tutor.has_store, what="the memory store")
        await pilot.pause(0.2)
    assert app._exception is None and seen == []


@pytest.mark.parametrize("action,args,start,shown", [
    ("action_next_step", (), 0, 1), ("action_previous_step", (), 1, 0), ("action_answer", (), 0, 0),
    ("action_explore", (), 0, 0), ("action_quiz", ("hint",), 0, 0),
])
async def test_a_key_typed_before_the_lesson_has_mounted_is_applied_once_its_first_step_shows(
        tmp_path, monkeypatch, action, args, start, shown):
    """`⏎ ⏎ n b ⏎ n q` in one packet (tmux e2e, under load): the `n` reached the new lesson screen after its
    own widgets were made but before the steps column inside them was mounted: NoMatches '#flow', a
    traceback. Called here at exactly that moment."""
    from mfml_tui.ui.screens.lesson import LessonScreen

    app = make_app(tmp_path)
    seen = _record_errors(app, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        lesson = next(lesson for week in app.tutor.course.weeks for lesson in week.lessons
                      if len(lesson.steps) > 2)
        screen = LessonScreen(lesson, start)
        app.push_screen(screen)
        await asyncio.sleep(0)
        assert screen.is_attached and not screen.query("#flow")  # the moment the key came in
        await getattr(screen, action)(*args)
        await wait_for(pilot, lambda: screen.shown_step == shown and not screen._typed_ahead,
                       what=f"step {shown + 1} shown")
        await pilot.pause(0.2)
        assert screen.shown_step == shown and screen.step == shown
    assert app._exception is None and seen == []


# ------------------------------------------------------------------------ keys typed while loading
LOADING = 40  # seconds: the course loads in a thread, then the lesson opens; on a busy machine it is slow
async def test_keys_typed_while_the_course_loads_reach_the_lesson_opened_at_start(tmp_path):
    """`mfml-tui lesson ID` on a course not yet cached shows "Loading the lessons…" first: n n typed then
    (over SSH, typed ahead) are meant for the lesson, and move it on once it opens, in order."""
    from mfml_tui.ui.screens.lesson import LessonScreen

    app = make_app(tmp_path, start_lesson="t1-rise", autoload=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert not app.course_ready and "Loading the lessons" in screen_text(app)
        await pilot.press("n", "n", "a", "4")
        app.load_course()
        await wait_for(pilot, lambda: isinstance(app.screen, LessonScreen) and app.screen.step == 2,
                       what="step 3 of the lesson", timeout=LOADING)
        await wait_text(pilot, "Your turn", timeout=LOADING)
        await wait_for(pilot, lambda: isinstance(app.focused, Input) and app.focused.value == "4",
                       what="the 4 in the answer box `a` went to", timeout=LOADING)


async def test_a_typed_right_after_n_answers_on_the_new_step(tmp_path):
    """`n a 4` in one SSH packet: `a` is a priority binding, run the moment it arrives, while `n` is still on
    its way to the screen: it must not jump ahead (it answered on the step being left, and the 4 was lost)."""
    from mfml_tui.ui.screens.lesson import LessonScreen

    app = make_app(tmp_path, start_lesson="t1-rise")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, LessonScreen) and app.screen.shown_step == 1 - 1)
        await press(pilot, "n")
        await wait_for(pilot, lambda: app.screen.shown_step == 1)
        for key in "na4":  # one packet: nothing runs between them
            app.post_message(events.Key(key, key))
        await wait_for(pilot, lambda: isinstance(app.focused, Input) and app.focused.value == "4",
                       what="the 4 in the answer box of step 3")
        assert app.screen.shown_step == 2


async def test_enter_typed_while_the_course_loads_opens_the_lesson_the_map_offers(tmp_path):
    from mfml_tui.ui.screens.lesson import LessonScreen

    app = make_app(tmp_path, autoload=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Loading the lessons" in screen_text(app)
        await pilot.press("enter")
        app.load_course()
        await wait_for(pilot, lambda: isinstance(app.screen, LessonScreen), what="the first lesson",
                       timeout=LOADING)
        assert app.screen.lesson.id == "t1-rise" and app.screen.step == 0


async def test_q_while_the_course_loads_quits_at_once(tmp_path):
    app = make_app(tmp_path, autoload=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("q")
        await wait_for(pilot, lambda: app._exit, what="the app to quit")


# ------------------------------------------------------------------- 2: the file gone from under the app
async def test_a_progress_file_replaced_mid_session_is_saved_again_with_everything(tmp_path):
    """Another program removed the progress file and put a directory in its place while the tutor ran:
    SQLite wrote on to the removed file, and the session's progress was lost at the end without a word.
    Now the next write notices, the dialog says so with "Try again" as the default, nothing is lost
    while the way is blocked, and once it is clear Enter saves all of it (from before the removal too)."""
    import os

    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await press(pilot, "enter")
        await wait_text(pilot, "Step 1/3")
        await press(pilot, "n")
        await wait_text(pilot, "Step 2/3")  # stored in the file
        db = app.tutor.db_path
        for side in db.parent.glob(db.name + "*"):
            side.unlink()
        db.mkdir()  # in the way
        await press(pilot, "n")
        text = await wait_text(pilot, "removed or replaced")
        assert "damaged" not in text
        buttons, focused = dialog_buttons(app)
        assert focused == "Try again (r)" and "Move aside (m)" not in buttons
        await press(pilot, "enter")  # still a directory: asked again, nothing touched
        await wait_text(pilot, "removed or replaced")
        assert db.is_dir() and not list(tmp_path.glob("*.damaged-*"))
        assert app.tutor.position("t1-rise") == 2  # the session goes on, in memory, with everything
        os.rmdir(db)
        await press(pilot, "enter")
        await wait_for(pilot, lambda: app.tutor.has_store, what="the file saved again")
        await pilot.pause(0.2)
    assert app._exception is None
    with open_store(db, "tester") as store:
        assert store.position("t1-rise").step == 2 and store.last_position().lesson_id == "t1-rise"


async def test_keys_typed_when_the_store_fails_go_to_the_lesson_then_the_dialog_asks(tmp_path, monkeypatch):
    """`n n` typed quickly while the file fails: the first `n`'s write raised the dialog at once and the
    second `n` chose "No saving" in a dialog the learner never saw. The dialog now waits for a pause
    (made longer here than the test's own gap between the keys can be on a loaded machine)."""
    from mfml_tui.ui import app as app_module

    monkeypatch.setattr(app_module, "STORE_DIALOG_QUIET", 3.0)
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await press(pilot, "enter")
        await wait_text(pilot, "Step 1/3")
        # the next step is built ahead (its question stores its numbers): done before the file fails
        await wait_for(pilot, lambda: 1 in app.screen._panes and not app.screen.workers, what="step 2")
        app.tutor._store._conn = _BadPages(app.tutor._store._conn)
        app.post_message(_key("n"))  # its write fails: the dialog is due
        await wait_for(pilot, lambda: not app.tutor.has_store, what="the failure")
        app.post_message(_key("n"))  # the learner's next key, typed before any dialog was seen
        await wait_text(pilot, "cannot be opened")
        buttons, focused = dialog_buttons(app)
        assert focused == "Quit (q)"  # asked, not answered by a key meant for the lesson
        await press(pilot, "n")
        await wait_text(pilot, "Step 3/3")  # both keys reached the lesson
    assert app._exception is None
