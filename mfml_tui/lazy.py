"""Package faces that import each name on first use (PEP 562).

A package's `__init__` lists which submodule holds each public name; `import mfml_tui.engine` then costs
nothing, and `from mfml_tui.engine import parse` imports only the parser. A public name must not equal a
submodule's name: importing the submodule would bind the module over it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any


def lazy_names(package: str, where: dict[str, str], namespace: dict[str, Any]) -> Callable[[str], Any]:
    """The module `__getattr__` for `package`: `where` maps a public name to its submodule."""

    def __getattr__(name: str) -> Any:
        if name in where:
            value = getattr(importlib.import_module(f"{package}.{where[name]}"), name)
            namespace[name] = value
            return value
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return __getattr__
