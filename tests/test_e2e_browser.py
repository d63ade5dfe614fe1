"""End to end in a real browser: `mfml-tui serve`, driven through a headless Chromium as a learner would.

The test starts the server on a free loopback port, opens the page in Chromium, waits for the course map
(read from xterm.js, see tests/browser.py), opens a lesson, types an answer and checks it, closes the tab,
and then finds the attempt in `mfml-tui progress --json` for the same data dir and profile, and no app
process left behind. It saves two screenshots (the course map; a lesson step with a plot) in a folder it
prints (kept after the run: MFML_TUI_ARTEFACTS chooses it). It skips where Chromium cannot run, except
on CI (`CI` set), where it must run.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from tests.browser import Browser, why_not
from tests.serving import MFML_TUI, Serve, wait_until

pytest.importorskip("textual_serve", reason="the web extra is not installed: pip install -e '.[web]'")
REASON = why_not()
if REASON and os.environ.get("CI"):
    raise RuntimeError(f"the browser end-to-end test must run on CI: {REASON}")
pytestmark = pytest.mark.skipif(REASON is not None, reason=REASON or "")


def artefacts() -> Path:
    chosen = os.environ.get("MFML_TUI_ARTEFACTS")
    folder = Path(chosen) if chosen else Path(tempfile.gettempdir()) / "mfml-tui-artefacts"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def browser():
    try:
        chromium = Browser(width=1280, height=800)
    except Exception as error:  # noqa: BLE001 — Chromium cannot start here: say why
        if os.environ.get("CI"):
            raise
        pytest.skip(f"Chromium cannot run here: {str(error).splitlines()[0]}")
    yield chromium
    chromium.quit()


@pytest.fixture
def serve(tmp_path: Path):
    server = Serve(tmp_path)
    yield server
    server.kill()


def progress(server: Serve) -> dict:
    out = subprocess.run([str(MFML_TUI), "progress", "--json", "--data-dir", str(server.data),
                          "--profile", server.profile],
                         capture_output=True, text=True, timeout=60, check=True)
    return json.loads(out.stdout)


def test_a_learner_answers_a_question_in_the_browser(serve: Serve, browser: Browser, capsys) -> None:
    folder = artefacts()
    browser.open("about:blank")
    browser.new_tab(serve.url)  # the tutor in a tab of its own, closed at the end like a learner does
    browser.wait_for("Start: Rise over run", timeout=60)  # the course map, with the course loaded
    browser.wait_for("? Help")  # and its key bar
    apps = serve.apps()
    assert len(apps) == 1, apps
    map_png = browser.screenshot(folder / "serve-course-map.png")

    browser.keys("\ue007")  # Enter: the lesson, step 1 (a straight line and its plot)
    screen = browser.wait_for("Step 1/3")
    wait_until(lambda: "rise" in browser.screen() and re.search(r"[•⠀-⣿]", browser.screen()), 20,
               "the plot is drawn")
    time.sleep(0.3)  # let xterm.js paint the last frame before the picture
    plot_png = browser.screenshot(folder / "serve-lesson-plot.png")

    browser.keys("n")
    browser.wait_for("Step 2/3")
    browser.keys("\ue014")  # →: step 3, the question
    pattern = re.compile(r"goes through \(0, (\d+)\) and \(1, (\d+)\)")
    deadline = time.monotonic() + 20
    while not (found := pattern.search(screen := browser.screen())) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert found, screen
    c, c_plus_m = map(int, found.groups())
    answer = str(c_plus_m - c)
    browser.keys("a")
    browser.keys(answer)
    browser.wait_for(f"understood as  {answer}")
    browser.keys("\ue007")  # Enter: check
    browser.wait_for("Correct")
    browser.screenshot(folder / "serve-answer-checked.png")

    browser.close_tab()
    wait_until(lambda: not serve.apps(), 20, "closing the tab ended its app")
    assert serve.process.poll() is None, "the server keeps serving other tabs"
    assert "Traceback" not in serve.log(), serve.log()

    attempts = progress(serve)["profiles"][serve.profile]["attempts"]
    assert [(a["lesson_id"], a["quiz_id"], a["answer"], a["verdict"]) for a in attempts] == [
        ("t1-rise", "t1-rise-slope", answer, "correct")]
    with capsys.disabled():
        print(f"\nscreenshots: {map_png} {plot_png}")
