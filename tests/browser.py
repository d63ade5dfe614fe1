"""A real headless Chromium for end-to-end tests (Debian's `chromium` and `chromium-driver`, via selenium):
pages opened, keys typed as a person types them, and the screen read back from xterm.js itself.

textual-serve's page draws the terminal on a canvas, so there is no text in the DOM to read. A script
injected before the page's own scripts catches textual-serve's terminal object as it is built (its class
sets a `websocket_url` property, which a setter on Object.prototype sees) and keeps it in
`window.__mfml`; the screen is then read through xterm.js's public buffer API, exactly the characters
the browser is drawing. The same hook timestamps keys sent and screen renders, for benchmarks/serve.py.

Chromium runs with the flags a closed, root CI needs: no sandbox (root), no GPU, and no background
connections (with the network closed they would hang the start), each time in a fresh profile.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver") or (
    "/usr/bin/chromedriver" if Path("/usr/bin/chromedriver").exists() else None)
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--disable-extensions", "--mute-audio")

HOOK = r"""
(() => {
  const state = window.__mfml = {terminals: [], keys: [], renders: [], writes: 0};
  Object.defineProperty(Object.prototype, "websocket_url", {
    configurable: true,
    set(value) {
      Object.defineProperty(this, "websocket_url", {value, writable: true, configurable: true,
                                                    enumerable: true});
      state.terminals.push(this);
      const self = this;
      queueMicrotask(() => {  // the constructor has made the xterm.js Terminal by now
        self.terminal.onData(() => state.keys.push(performance.now()));
        self.terminal.onRender(() => state.renders.push(performance.now()));
        self.terminal.onWriteParsed(() => { state.writes += 1; });
      });
    },
  });
})();
"""

SCREEN = """
const t = window.__mfml && window.__mfml.terminals[0];
if (!t || !t.terminal) return null;
const buffer = t.terminal.buffer.active, rows = [];
for (let y = 0; y < t.terminal.rows; y++) {
  const line = buffer.getLine(buffer.viewportY + y);
  rows.push(line ? line.translateToString(true) : "");
}
return rows.join("\\n");
"""


def why_not() -> str | None:
    """Why Chromium cannot be driven here, or None."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[test]')"
    if CHROMIUM is None or CHROMEDRIVER is None:
        return "chromium or chromedriver is not installed (CI installs Debian's chromium and chromium-driver)"
    return None


class Browser:
    def __init__(self, width: int = 1280, height: int = 800) -> None:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        self.profile = tempfile.mkdtemp(prefix="mfml-chromium-")
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for flag in (*FLAGS, f"--window-size={width},{height}", f"--user-data-dir={self.profile}"):
            options.add_argument(flag)
        # No Selenium Manager: the driver is Debian's, nothing is downloaded.
        os.environ.setdefault("SE_AVOID_STATS", "true")
        self.driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
        self.driver.set_page_load_timeout(30)
        self._prepare_tab()

    def _prepare_tab(self) -> None:
        """The hook, and focus as a learner's tab in front has it (headless, a tab has no window focus
        otherwise, and the page's focus events would never fire)."""
        self.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": HOOK})
        self.driver.execute_cdp_cmd("Emulation.setFocusEmulationEnabled", {"enabled": True})

    def open(self, url: str) -> None:
        self.driver.get(url)

    def new_tab(self, url: str) -> str:
        """Open `url` in a new tab and switch to it; returns the tab's handle."""
        self.driver.switch_to.new_window("tab")
        self._prepare_tab()
        self.driver.get(url)
        return self.driver.current_window_handle

    def close_tab(self) -> None:
        """Close the current tab, as a learner does, and switch to one still open."""
        self.driver.close()
        self.driver.switch_to.window(self.driver.window_handles[0])

    def screen(self) -> str:
        return self.driver.execute_script(SCREEN) or ""

    def wait_for(self, text: str, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.05)
        raise AssertionError(f"timed out waiting for {text!r}; the browser shows:\n{screen}")

    def keys(self, *keys: str) -> None:
        """Type into the terminal (xterm.js's input element), as a learner's keyboard would."""
        from selenium.webdriver.common.by import By

        self.driver.find_element(By.CSS_SELECTOR, ".xterm-helper-textarea").send_keys(*keys)

    def screenshot(self, path: Path) -> Path:
        self.driver.save_screenshot(str(path))
        return path

    def quit(self) -> None:
        try:
            self.driver.quit()
        finally:
            shutil.rmtree(self.profile, ignore_errors=True)
