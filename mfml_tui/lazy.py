"""Things made on first use: package faces that import each name then (PEP 562), and frozen dataclasses
whose generated methods are made then (`frozen_dataclass`).

A package's `__init__` lists which submodule holds each public name; `import mfml_tui.engine` then costs
nothing, and `from mfml_tui.engine import parse` imports only the parser. A public name must not equal a
submodule's name: importing the submodule would bind the module over it.
"""

from __future__ import annotations

import dataclasses
import importlib
import threading
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


def lazy_names(package: str, where: dict[str, str], namespace: dict[str, Any]) -> Callable[[str], Any]:
    """The module `__getattr__` for `package`: `where` maps a public name to its submodule."""

    def __getattr__(name: str) -> Any:
        if name in where:
            value = getattr(importlib.import_module(f"{package}.{where[name]}"), name)
            namespace[name] = value
            return value
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return __getattr__


# ------------------------------------------------------------------------------------ frozen dataclasses
_MADE_LATER = ("__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__")
_READ_LATER = ("__dataclass_fields__", "__dataclass_params__", "__match_args__")
_MAKING = threading.RLock()


def frozen_dataclass(cls: type[T]) -> type[T]:
    """`@dataclass(frozen=True)`, its methods made the first time any is used.

    `dataclass` writes each method's source and `exec`s it: ≈1.5 ms of CPU a class, ≈20 ms for the course
    model's 14, all spent before the first screen although a course read from the cache (course/cache.py)
    is unpickled without calling one of them (pickle fills each instance's `__dict__`). Until first use the
    class holds stand-ins: calling one (making, comparing, hashing, printing, setting an attribute of an
    instance) or reading the dataclass attributes (`dataclasses.fields`, `replace`, `is_dataclass`) makes
    the real class, exactly as `@dataclass(frozen=True)` would have, then carries on with it.
    """
    for name in _MADE_LATER:
        setattr(cls, name, _StandIn(cls, name))
    for name in _READ_LATER:
        setattr(cls, name, _ReadLater(cls, name))
    return cls


def _make(cls: type) -> None:
    with _MAKING:
        if not isinstance(cls.__dict__.get("__init__"), _StandIn):
            return  # made already (by another thread, or a stand-in called twice)
        for name in _MADE_LATER + _READ_LATER:
            delattr(cls, name)
        dataclasses.dataclass(frozen=True)(cls)


class _StandIn:
    """A method of a class not made yet: makes it, then calls the real method."""

    def __init__(self, cls: type, name: str) -> None:
        self.cls, self.name = cls, name

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        _make(self.cls)
        real = getattr(self.cls, self.name)
        return real if instance is None else real.__get__(instance, owner)


class _ReadLater(_StandIn):
    """A dataclass attribute of a class not made yet (read on the class or an instance)."""

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        _make(self.cls)
        return getattr(self.cls, self.name)
