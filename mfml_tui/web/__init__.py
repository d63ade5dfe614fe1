"""The tutor in a web browser: `mfml-tui serve` (needs the optional `web` extra, textual-serve).

Nothing here is a second UI: every browser tab gets its own process running the very same terminal app,
drawn in the page by xterm.js. Only `server.py` imports textual-serve (and with it aiohttp).
"""
