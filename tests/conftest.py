"""Hypothesis in CI: one fixed set of examples (a landing is reproducible, not a lottery) and no per-example
deadline (a busy machine is not a bug). Locally every run explores new examples."""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

# The course cache (course/cache.py) is on for every lessons folder by default; the suite keeps it in a
# folder of its own, never the user's (tests that are about the cache point it elsewhere themselves).
if "MFML_TUI_CACHE" not in os.environ:
    import tempfile

    os.environ["MFML_TUI_CACHE"] = tempfile.mkdtemp(prefix="mfml-tui-test-cache-")


def pytest_xdist_auto_num_workers(config) -> int:
    """`-n auto`: one worker more than the cores, at most four. The end-to-end tests spend much of their
    time waiting on a terminal, a browser or sshd; a third worker on 2 cores fills those waits (idle
    2-core machine: 6 min 01 s with two workers, 5 min 24 s with three)."""
    return max(1, min((os.cpu_count() or 1) + 1, 4))


def pytest_collection_modifyitems(config, items) -> None:
    """The tests marked slow run first: a minute-long test picked up last would leave one worker alone."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)
