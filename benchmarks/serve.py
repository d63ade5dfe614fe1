"""What `mfml-tui serve` costs: in a real headless Chromium, against the real server and course.

    .venv/bin/python benchmarks/serve.py                 # bundled course, 3 page loads, 5 sessions
    .venv/bin/python benchmarks/serve.py --loads 5 --sessions 10

Prints
* page load → course map visible: from asking Chromium for the page to the course map, with the course
  loaded, being in xterm.js's screen buffer (what the browser draws), for a fresh tab each time;
* key → screen update: from xterm.js handing a key to the page's WebSocket to xterm.js's next render of
  the app's answer, in the page's own clock (no WebDriver round trip in the figure), for characters
  typed in an answer box (each redraws the "understood as" echo) and for step changes;
* memory per connection: the resident (RSS) and proportional (PSS) size of each session's app process
  with the course map and a lesson with a plot open, and of the server itself.
Needs Debian's chromium and chromium-driver and the test extra (selenium), as tests/test_e2e_browser.py.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.browser import Browser, why_not  # noqa: E402
from tests.serving import Serve  # noqa: E402

LESSON_KEYS = ("j", "j", "\ue007")  # from the course map: down to Week 1's first lesson, Enter
ENTER, RIGHT = "\ue007", "\ue014"


def memory_kb(pid: int) -> tuple[int, int]:
    rss = pss = 0
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Rss:"):
            rss = int(line.split()[1])
        elif line.startswith("Pss:"):
            pss = int(line.split()[1])
    return rss, pss


def course_map(browser: Browser) -> None:
    browser.wait_for("Week 1", timeout=90)
    browser.wait_for("? Help", timeout=30)


def page_load(browser: Browser, url: str) -> float:
    browser.driver.switch_to.new_window("tab")
    browser._prepare_tab()
    start = time.perf_counter()
    browser.driver.get(url)
    course_map(browser)
    return time.perf_counter() - start


def key_latencies(browser: Browser, keys: str, settle: float = 0.6) -> list[float]:
    """ms from each key leaving xterm.js to xterm.js's first render after it."""
    found = []
    for key in keys:
        browser.driver.execute_script("window.__mfml.keys = []; window.__mfml.renders = [];")
        browser.keys(key)
        time.sleep(settle)
        sent, renders = browser.driver.execute_script("return [window.__mfml.keys, window.__mfml.renders]")
        if sent and (after := [r for r in renders if r >= sent[0]]):
            found.append(after[0] - sent[0])
    return found


def open_lesson_with_plot(browser: Browser) -> None:
    browser.keys(*LESSON_KEYS)
    browser.wait_for("Step 1/", timeout=60)


def summary(values: list[float], unit: str) -> str:
    if not values:
        return "no measurement"
    return (f"median {statistics.median(values):.0f} {unit}, min {min(values):.0f}, max {max(values):.0f} "
            f"(n={len(values)})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loads", type=int, default=3, help="page loads to time (fresh tabs)")
    parser.add_argument("--sessions", type=int, default=5, help="concurrent sessions for memory")
    args = parser.parse_args()
    if why := why_not():
        print(f"cannot run: {why}")
        return 1
    tmp = Path(tempfile.mkdtemp(prefix="mfml-serve-bench-"))
    server = Serve(tmp, lessons=ROOT / "lessons", profile="bench")
    browser = Browser(width=1280, height=800)
    try:
        browser.open("about:blank")
        loads = []
        for _ in range(args.loads - 1):
            loads.append(page_load(browser, server.url))
            browser.close_tab()
        loads.append(page_load(browser, server.url))
        print(f"page load → course map visible: {summary([s * 1000 for s in loads], 'ms')}")

        # The last tab: a lesson, then typing in a question's answer box and changing steps.
        open_lesson_with_plot(browser)
        steps = key_latencies(browser, "nnpp", settle=1.0)
        print(f"key → screen update, step change (n/p): {summary(steps, 'ms')}")
        while "Answer ›" not in browser.screen():
            browser.keys("n")
            time.sleep(0.8)
            if "finish the lesson" in browser.screen() and "Answer ›" not in browser.screen():
                break
        browser.keys("a")
        time.sleep(0.5)
        typed = key_latencies(browser, "2*x+1")
        print(f"key → screen update, a typed character with its echo: {summary(typed, 'ms')}")

        while len(browser.driver.window_handles) - 1 < args.sessions:
            page_load(browser, server.url)
            open_lesson_with_plot(browser)
        time.sleep(2)
        apps = server.apps()
        sizes = [memory_kb(pid) for pid in apps]
        rss = [r / 1024 for r, _ in sizes]
        pss = [p / 1024 for _, p in sizes]
        server_rss, server_pss = (v / 1024 for v in memory_kb(server.process.pid))
        print(f"memory per connection ({len(apps)} sessions, each with the course map and a lesson with a "
              f"plot): RSS {statistics.mean(rss):.0f} MB, PSS {statistics.mean(pss):.0f} MB on average; "
              f"the server itself: RSS {server_rss:.0f} MB, PSS {server_pss:.0f} MB")
    finally:
        browser.quit()
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
