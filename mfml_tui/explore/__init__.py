"""Interactive explorers as pure state models (numpy + engine, no Textual).

Each model is immutable: a key press returns a new state, so widgets stay thin and every behaviour
is testable without a terminal. `validate(spec)` checks an ```explore block; `build(kind, options)`
makes the starting state.
"""

from __future__ import annotations

from typing import Any

from .specs import KINDS, Kind, Opt, build, check_options, defaults, options_for


def validate(spec: Any) -> list[str]:
    """Problems with an `ExploreSpec` (kind + options), as sentences; empty when it is fine."""
    kind = getattr(spec, "kind", None)
    options = getattr(spec, "options", None)
    if not isinstance(kind, str):
        return ["an explorer needs a kind"]
    if options is None:
        options = {}
    if not hasattr(options, "items"):
        return ["an explorer's options must be a table"]
    return check_options(kind, options)


__all__ = ["KINDS", "Kind", "Opt", "build", "check_options", "defaults", "options_for", "validate"]
