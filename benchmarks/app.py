"""How quick and how light the tutor is in a terminal, next to a minimal Textual "hello" app measured the
same way in the same run.

    .venv/bin/python benchmarks/app.py            # the small test course (stable numbers)
    .venv/bin/python benchmarks/app.py --lessons lessons --runs 7

Measured:
* launch → first screen and launch → lessons listed, in a real terminal (tmux 80×24, polling capture-pane),
  with the CPU used by then; each launch finds a progress file with no lesson opened yet, as a learner's
  second launch does (`returning_learner`);
* time per step navigation and per quiz check (Textual pilot, headless, 80×24), median of many;
* bytes written to the terminal (tmux pipe-pane) for the first screen, one step change, one typed
  character, and 2 s idle with the answer box focused (the cursor does not blink, so ≈0);
* peak RSS (VmHWM) of the app after opening a lesson with a plot and a quiz;
* a course-map move (↓): bytes to the terminal; back to the map with b and with Esc (the footer shows b);
* leaving an explorer in a lesson with b (a separate `lesson ID` launch, n to the first explorer step, e, b);
* Enter on a lesson the moment the map is listed → step 1 on screen (a separate launch), wall and the
  app's CPU (all threads: the warm-up's imports too);
* `mfml-tui lesson ID` → step 1 on screen (a separate launch), as a ratio to hello's first screen; its plot
  recorded at an earlier launch (one warming launch first), as on every launch of a lesson but the first.

Targets: first screen within 1.5× of hello; a keypress redraw < 50 ms; RSS < 120 MB.
"""

from __future__ import annotations

import argparse
import asyncio
import compileall
import contextlib
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TMUX = shutil.which("tmux")
SIZE = (80, 24)

HELLO = '''
from textual.app import App
from textual.widgets import Input, Static

class Hello(App):
    def compose(self):
        yield Static("Hello, world")
        box = Input(placeholder="type here")
        box.cursor_blink = False
        yield box

Hello().run()
'''


# --------------------------------------------------------------------------------------------- tmux
class Pane:
    def __init__(self, command: str, pipe_to: Path | None = None) -> None:
        self.socket = f"mfml-bench-{os.getpid()}-{time.monotonic_ns()}"
        self.pipe_to = pipe_to
        self.command = command

    def tmux(self, *args: str) -> str:
        return subprocess.run([TMUX, "-L", self.socket, *args], capture_output=True, text=True,
                              timeout=20).stdout

    def start(self) -> float:
        # Start a shell that waits for a go signal, so that pipe-pane is attached before the app runs.
        go = Path(tempfile.mkdtemp()) / "go"
        waiter = f"while [ ! -e {shlex.quote(str(go))} ]; do sleep 0.005; done; exec {self.command}"
        self.tmux("-f", "/dev/null", "new-session", "-d", "-s", "b", "-x", str(SIZE[0]), "-y", str(SIZE[1]),
                  f"sh -c {shlex.quote(waiter)}")
        self.tmux("set-option", "-t", "b", "remain-on-exit", "on")
        if self.pipe_to is not None:
            self.tmux("pipe-pane", "-o", "-t", "b", f"cat >> {shlex.quote(str(self.pipe_to))}")
        t0 = time.perf_counter()
        go.touch()
        return t0

    def capture(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "b")

    def wait_for(self, text: str, timeout: float = 30.0) -> float:
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if text in self.capture():
                return time.perf_counter()
            time.sleep(0.005)
        raise RuntimeError(f"timed out waiting for {text!r}:\n{self.capture()}")

    def keys(self, *keys: str, literal: bool = False) -> None:
        self.tmux("send-keys", "-t", "b", *(["-l"] if literal else []), *keys)

    def pid(self) -> int:
        return int(self.tmux("list-panes", "-t", "b", "-F", "#{pane_pid}").strip())

    def kill(self) -> None:
        self.tmux("kill-server")


def bytes_written(path: Path) -> int:
    return path.stat().st_size if path.exists() else 0


def settle(path: Path, quiet: float = 0.3, timeout: float = 5.0) -> int:
    """Wait until nothing more is written for `quiet` seconds; return the size."""
    deadline = time.perf_counter() + timeout
    last, since = bytes_written(path), time.perf_counter()
    while time.perf_counter() < deadline:
        time.sleep(0.02)
        now = bytes_written(path)
        if now != last:
            last, since = now, time.perf_counter()
        elif time.perf_counter() - since >= quiet:
            break
    return last


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def app_command(lessons: Path, data: Path, *args: str) -> str:
    return " ".join(shlex.quote(a) for a in [
        sys.executable, "-m", "mfml_tui", *args, "--lessons", str(lessons), "--data-dir", str(data),
        "--profile", "bench",
    ])


def returning_learner(data: Path) -> Path:
    """`data` with the progress file a learner's second launch finds (made, migrated, no lesson opened yet,
    so nothing to resume): the goals are judged on later launches, and the first creates the file (WAL
    switch and migrations: 3–5 fsyncs, ≈15 ms of wall before the first screen)."""
    from mfml_tui import paths, progress

    data.mkdir(parents=True, exist_ok=True)
    progress.open_store(paths.database_path(data), "bench").close()
    return data


def env_prefix() -> str:
    return "env TERM=xterm-256color TEXTUAL_ANIMATIONS=none "


def measure_hello(runs: int, work: Path) -> dict[str, float]:
    script = work / "hello.py"
    script.write_text(HELLO)
    firsts, cpus, first_bytes, key_bytes, idle_bytes, rss = [], [], [], [], [], []
    for _ in range(runs):
        log = work / f"hello-{time.monotonic_ns()}.out"
        pane = Pane(env_prefix() + f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}", log)
        try:
            t0 = pane.start()
            firsts.append(pane.wait_for("Hello, world") - t0)
            cpus.append(cpu_seconds(pane.pid()))
            first_bytes.append(settle(log))
            pane.keys("x", literal=True)
            key_bytes.append(settle(log) - first_bytes[-1])
            before = bytes_written(log)
            time.sleep(2)
            idle_bytes.append(bytes_written(log) - before)
            rss.append(peak_rss_mb(pane.pid()))
        finally:
            pane.kill()
    return {"first": statistics.median(firsts), "first_cpu": statistics.median(cpus),
            "first_bytes": statistics.median(first_bytes),
            "key_bytes": statistics.median(key_bytes), "idle_bytes": statistics.median(idle_bytes),
            "rss": statistics.median(rss)}


def measure_tutor(runs: int, work: Path, lessons: Path) -> dict[str, float]:
    firsts, listed, listed_cpu, first_bytes, step_bytes, key_bytes = [], [], [], [], [], []
    idle_bytes, rss = [], []
    move_bytes, back_b, back_esc = [], [], []
    for _ in range(runs):
        run = time.monotonic_ns()
        data = returning_learner(work / f"data-{run}")
        log = work / f"tutor-{run}.out"
        pane = Pane(env_prefix() + app_command(lessons, data), log)
        try:
            t0 = pane.start()
            firsts.append(pane.wait_for("mfml-tui") - t0)
            listed.append(pane.wait_for("Week ") - t0)
            listed_cpu.append(cpu_seconds(pane.pid()))
            first_bytes.append(settle(log))
            pane.keys("Down")  # the first move may resize the detail under the list (a new layout)
            base = settle(log)
            pane.keys("Down")  # a typical course-map move
            move_bytes.append(settle(log) - base)
            pane.keys("Up")
            pane.keys("Up")
            settle(log)
            for key, times in (("b", back_b), ("Escape", back_esc)):  # back to the map, each way
                pane.keys("Enter")
                pane.wait_for("Step ")
                settle(log)
                t = time.perf_counter()
                pane.keys(key)
                times.append(wait_gone(pane, "Step ") - t)
                settle(log)
            pane.keys("Enter")  # open the first lesson (a plot)
            pane.wait_for("Step 1/")
            base = settle(log)
            pane.keys("n")
            pane.wait_for("Step 2/")
            step_bytes.append(settle(log) - base)
            # to a step with a question, into the answer box, type one character
            for _ in range(8):
                if "Question" in pane.capture():
                    break
                pane.keys("n")
                time.sleep(0.3)
            pane.keys("a")
            base = settle(log)
            pane.keys("7", literal=True)
            key_bytes.append(settle(log) - base)
            before = bytes_written(log)
            time.sleep(2)
            idle_bytes.append(bytes_written(log) - before)
            rss.append(peak_rss_mb(pane.pid()))
        finally:
            pane.kill()
    return {"first": statistics.median(firsts), "listed": statistics.median(listed),
            "listed_cpu": statistics.median(listed_cpu),
            "first_bytes": statistics.median(first_bytes), "step_bytes": statistics.median(step_bytes),
            "key_bytes": statistics.median(key_bytes), "idle_bytes": statistics.median(idle_bytes),
            "rss": statistics.median(rss), "move_bytes": statistics.median(move_bytes),
            "back_b": statistics.median(back_b), "back_esc": statistics.median(back_esc)}


def wait_gone(pane: Pane, text: str, timeout: float = 30.0) -> float:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if text not in pane.capture():
            return time.perf_counter()
        time.sleep(0.005)
    raise RuntimeError(f"{text!r} did not go:\n{pane.capture()}")


def measure_open(work: Path, lessons: Path, lesson_id: str) -> dict[str, float]:
    """Two launches: Enter the moment the lessons are listed → step 1; `mfml-tui lesson ID` → step 1."""
    out = {}
    for name, args in (("enter_at_once", ()), ("lesson_cmd", ("lesson", lesson_id))):
        run = time.monotonic_ns()
        pane = Pane(env_prefix() + app_command(lessons, returning_learner(work / f"data-{run}"), *args))
        try:
            t0 = pane.start()
            if not args:
                t0 = pane.wait_for("Week ")
                cpu = cpu_seconds(pane.pid())
                pane.keys("Enter")
            out[name] = pane.wait_for("Step 1/") - t0
            if not args:
                out["enter_at_once_cpu"] = cpu_seconds(pane.pid()) - cpu
        finally:
            pane.kill()
    return out


def warm_plot_record(work: Path, lessons: Path, lesson_id: str) -> None:
    """One launch of `lesson ID` left open until its plot is drawn live and recorded (ui/widgets/drawn.py),
    as any launch after the first finds it: like the course cache, the record is made once per version
    and lesson (so are its texts' tokens, ui/widgets/prose_tokens.py: markdown_it only for a new text).
    Without it the first measured round found none (the key holds the code's digest) and drew the plot
    live, numpy and plotext imported first, as only a first-ever launch does."""
    pane = Pane(env_prefix() + app_command(lessons, work / "data-warm", "lesson", lesson_id))
    try:
        pane.start()
        pane.wait_for("Step 1/")
        time.sleep(2.0)
    finally:
        pane.kill()


def cpu_seconds(pid: int) -> float:
    """CPU time the process (all threads) has used so far: the scheduler's nanoseconds from /proc (its
    stat's user + system, in 10 ms ticks, where there is no schedstat)."""
    total = 0
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            with contextlib.suppress(OSError):  # a thread that has just ended
                total += int((task / "schedstat").read_text().split()[0])
    except OSError:
        total = 0
    if total:
        return total / 1e9
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure_explorer_leave(work: Path, lessons: Path, lesson_id: str, step: int) -> float:
    """`mfml-tui lesson ID`, n to the step with an explorer, e into it, then b: the time until the step's
    text has the keys again (the footer offers `b Course map` again; the explorer shows its own keys)."""
    run = time.monotonic_ns()
    pane = Pane(env_prefix() + app_command(lessons, work / f"data-{run}", "lesson", lesson_id))
    try:
        pane.start()
        pane.wait_for("Step 1/")
        for number in range(2, step + 2):
            pane.keys("n")
            pane.wait_for(f"Step {number}/")
        pane.wait_for("b Course map")
        time.sleep(0.5)
        pane.keys("e")
        wait_gone(pane, "b Course map")
        time.sleep(0.5)
        t = time.perf_counter()
        pane.keys("b")
        return pane.wait_for("b Course map") - t
    finally:
        pane.kill()


# -------------------------------------------------------------------------------------------- pilot
async def _timed(app, key: str, character: str | None, done) -> float:
    """Post one key event; the time until `done()` holds and the screen has been refreshed after it."""
    from textual import events

    loop = asyncio.get_running_loop()
    t = time.perf_counter()
    app.post_message(events.Key(key, character))
    deadline = t + 10
    while not done():
        if time.perf_counter() > deadline:
            raise RuntimeError(f"key {key!r}: nothing happened")
        await asyncio.sleep(0.0005)
    refreshed = loop.create_future()
    app.screen.call_after_refresh(lambda: refreshed.done() or refreshed.set_result(None))
    await refreshed
    return time.perf_counter() - t


async def measure_pilot(lessons: Path, work: Path, repeats: int) -> dict[str, float]:
    """Key → handled → screen refreshed, in-process (headless pilot at 80×24)."""
    os.environ["TEXTUAL_ANIMATIONS"] = "none"
    from mfml_tui.ui.app import build_app
    from mfml_tui.ui.widgets.quiz import QuizCard

    app = build_app(lessons, work / "pilot" / "p.sqlite3", "bench", warm_up=False, seed=7)
    steps: list[float] = []
    checks: list[float] = []
    keys: list[float] = []
    moves: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        while not app.course_ready:
            await asyncio.sleep(0.01)
        await pilot.pause(0.3)
        rows = app.screen.query_one("#map")
        for i in range(repeats):  # course-map moves: down through the map and back up, a row at a time
            key = "j" if (i // 8) % 2 == 0 else "k"
            before = rows.highlighted
            moves.append(await _timed(app, key, key, lambda before=before: rows.highlighted != before))
            await pilot.pause()
        lesson = next(les for les in app.tutor.course.lessons
                      if les.available and les.quizzes and len(les.steps) > 1)
        app.open_lesson(lesson.id, 0)
        while app.screen.__class__.__name__ != "LessonScreen":
            await asyncio.sleep(0.01)
        await pilot.pause(0.3)
        screen = app.screen
        last = len(lesson.steps) - 1
        for i in range(repeats):
            forward = (i // last) % 2 == 0
            target = screen.step + (1 if forward else -1)
            key = "n" if forward else "p"
            steps.append(await _timed(app, key, key, lambda target=target: screen.shown_step == target))
            await pilot.pause()
        quiz_step = next(i for i, s in enumerate(lesson.steps) if s.quizzes)
        await screen.go_to(quiz_step)
        await pilot.pause(0.2)
        card = screen.query_one(QuizCard)
        card.focus_answer()
        await pilot.pause()
        for i in range(repeats):
            digit = str(i % 10)
            keys.append(await _timed(app, digit, digit, lambda digit=digit: card.state.text == digit))
            before = card.state.feedback
            checks.append(await _timed(app, "enter", None,
                                       lambda before=before: card.state.feedback is not before))
            await pilot.press("backspace")
            await pilot.pause()
    return {"move": statistics.median(moves), "move_max": max(moves),
            "step": statistics.median(steps), "step_max": max(steps), "check": statistics.median(checks),
            "check_max": max(checks), "key": statistics.median(keys)}


async def measure_hello_pilot(repeats: int) -> float:
    """The hello app's typed character, timed like the tutor's keys (the yardstick for a map move)."""
    namespace: dict = {}
    exec(HELLO.replace("Hello().run()", ""), namespace)  # noqa: S102 — our own constant, above
    app = namespace["Hello"]()
    times = []
    async with app.run_test(size=SIZE) as pilot:
        from textual.widgets import Input

        box = app.query_one(Input)
        box.focus()
        await pilot.pause(0.2)
        for _ in range(repeats):
            text = box.value
            times.append(await _timed(app, "x", "x", lambda text=text: box.value != text))
            await pilot.pause()
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lessons", default=str(ROOT / "tests" / "data" / "lessons"))
    parser.add_argument("--runs", type=int, default=5, help="terminal launches per app (median)")
    parser.add_argument("--repeats", type=int, default=30, help="pilot steps/checks (median)")
    args = parser.parse_args()
    lessons = Path(args.lessons).resolve()
    work = Path(tempfile.mkdtemp(prefix="mfml-bench-"))
    # Bytecode for the package, as an installed copy has (Textual's is in site-packages): a source tree
    # run with PYTHONDONTWRITEBYTECODE=1 compiled every module edited since its last .pyc at each launch.
    compileall.compile_dir(ROOT / "mfml_tui", quiet=1)
    print(f"lessons: {lessons}\nterminal: tmux {SIZE[0]}×{SIZE[1]}, {args.runs} launches each\n")

    pilot = asyncio.run(measure_pilot(lessons, work, args.repeats))
    print("in-process (Textual pilot, median / worst):")
    print(f"  step navigation   {pilot['step'] * 1000:7.1f} ms / {pilot['step_max'] * 1000:.1f} ms")
    print(f"  quiz check        {pilot['check'] * 1000:7.1f} ms / {pilot['check_max'] * 1000:.1f} ms")
    print(f"  typed character   {pilot['key'] * 1000:7.1f} ms (echo under the answer box)")
    print(f"  course-map move   {pilot['move'] * 1000:7.1f} ms / {pilot['move_max'] * 1000:.1f} ms (j/k)")
    hello_key = asyncio.run(measure_hello_pilot(args.repeats))
    print(f"  hello: typed char {hello_key * 1000:7.1f} ms (the same measure on the hello app's input)")

    if TMUX is None:
        print("\ntmux is not installed: terminal figures skipped")
        return 0

    # Interleaved launches, so that a busy moment on the machine hits both apps alike.
    from mfml_tui.course import load

    course = load(lessons)
    lesson_id = next(les.id for les in course.lessons if les.available)
    warm_plot_record(work, lessons, lesson_id)
    explored = next(((les.id, i) for les in course.lessons if les.available
                     for i, step in enumerate(les.steps) if step.explorers), None)
    hellos, tutors = [], []
    for _ in range(args.runs):
        hellos.append(measure_hello(1, work))
        tutors.append(measure_tutor(1, work, lessons) | measure_open(work, lessons, lesson_id))
        if explored is not None:
            tutors[-1]["leave_explorer"] = measure_explorer_leave(work, lessons, *explored)
    hello = {k: statistics.median(h[k] for h in hellos) for k in hellos[0]}
    tutor = {k: statistics.median(t[k] for t in tutors) for k in tutors[0]}
    ratio = tutor["first"] / hello["first"]
    print("\nin a real terminal (median):          hello    mfml-tui   ratio")
    print(f"  launch → first screen        {hello['first'] * 1000:8.0f} ms {tutor['first'] * 1000:7.0f} ms"
          f"   {ratio:5.2f}×")
    print(f"  launch → lessons listed               {tutor['listed'] * 1000:8.0f} ms"
          f"   {tutor['listed'] / hello['first']:5.2f}×")
    print(f"    CPU by then (all threads)  {hello['first_cpu'] * 1000:8.0f} ms"
          f" {tutor['listed_cpu'] * 1000:7.0f} ms   {tutor['listed_cpu'] / hello['first_cpu']:5.2f}×"
          "  (hello: by its first screen)")
    print(f"  Enter at once → step 1                {tutor['enter_at_once'] * 1000:8.0f} ms"
          f"   (CPU {tutor['enter_at_once_cpu'] * 1000:.0f} ms, all threads)")
    print(f"  `lesson {lesson_id}` → step 1 {tutor['lesson_cmd'] * 1000:13.0f} ms"
          f"   {tutor['lesson_cmd'] / hello['first']:5.2f}×  (its plot recorded at an earlier launch)")
    print(f"  back to the map: b / Esc              {tutor['back_b'] * 1000:8.0f} ms / "
          f"{tutor['back_esc'] * 1000:.0f} ms")
    if "leave_explorer" in tutor:
        print(f"  leave an explorer in a lesson: b        {tutor['leave_explorer'] * 1000:6.0f} ms"
              f"  ({explored[0]}, step {explored[1] + 1})")
    print(f"  bytes: course-map move                {tutor['move_bytes'] / 1024:7.1f} KB")
    print(f"  bytes: first screen          {hello['first_bytes'] / 1024:8.1f} KB"
          f" {tutor['first_bytes'] / 1024:7.1f} KB"
          f"   {tutor['first_bytes'] / max(1, hello['first_bytes']):5.2f}×")
    print(f"  bytes: one typed character   {hello['key_bytes']:8.0f} B  {tutor['key_bytes']:7.0f} B"
          f"   {tutor['key_bytes'] / max(1, hello['key_bytes']):5.2f}×")
    print(f"  bytes: one step change                {tutor['step_bytes'] / 1024:7.1f} KB")
    print(f"  bytes: 2 s idle, input focused {hello['idle_bytes']:6.0f} B  {tutor['idle_bytes']:7.0f} B")
    print(f"  peak RSS                     {hello['rss']:8.1f} MB {tutor['rss']:7.1f} MB"
          f"   {tutor['rss'] / hello['rss']:5.2f}×")

    print("\ntargets:")
    checks = [
        ("first screen within 1.5× of hello", ratio <= 1.5, f"{ratio:.2f}×"),
        ("keypress redraw < 50 ms (step, check, typing)",
         max(pilot["step"], pilot["check"], pilot["key"]) < 0.050,
         f"{max(pilot['step'], pilot['check'], pilot['key']) * 1000:.1f} ms"),
        ("peak RSS < 120 MB", tutor["rss"] < 120, f"{tutor['rss']:.1f} MB"),
        ("lessons listed ≤ 1.3× hello", tutor["listed"] <= 1.3 * hello["first"],
         f"{tutor['listed'] / hello['first']:.2f}×"),
        ("`lesson ID` → step 1 ≤ 1.5× hello", tutor["lesson_cmd"] <= 1.5 * hello["first"],
         f"{tutor['lesson_cmd'] / hello['first']:.2f}×"),
        ("Enter at once → step 1 ≤ 150 ms after listed", tutor["enter_at_once"] <= 0.150,
         f"{tutor['enter_at_once'] * 1000:.0f} ms"),
        ("back with b ≤ 50 ms", tutor["back_b"] <= 0.050, f"{tutor['back_b'] * 1000:.0f} ms"),
        ("course-map move ≤ 15 ms (pilot)", pilot["move"] <= 0.015, f"{pilot['move'] * 1000:.1f} ms"),
        ("course-map move ≤ 2 KB", tutor["move_bytes"] <= 2048, f"{tutor['move_bytes'] / 1024:.1f} KB"),
        *([("leave an explorer with b ≤ 50 ms", tutor["leave_explorer"] <= 0.050,
            f"{tutor['leave_explorer'] * 1000:.0f} ms")] if "leave_explorer" in tutor else []),
        ("first screen ≤ 20 KB", tutor["first_bytes"] <= 20480, f"{tutor['first_bytes'] / 1024:.1f} KB"),
        ("no output while idle (cursor blink off)", tutor["idle_bytes"] == 0, f"{tutor['idle_bytes']:.0f} B"),
    ]
    for name, ok, value in checks:
        print(f"  [{'PASS' if ok else 'MISS'}] {name}: {value}")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
