"""Hypothesis in CI: one fixed set of examples (a landing is reproducible, not a lottery) and no per-example
deadline (a busy machine is not a bug). Locally every run explores new examples."""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")
