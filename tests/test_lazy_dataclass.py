"""`lazy.frozen_dataclass`: `@dataclass(frozen=True)` whose generated methods are made at first use, so that
a course read from the cache (unpickled: no method called) costs none of the ≈1.5 ms a class `dataclass`
spends writing and compiling them."""

from __future__ import annotations

import copy
import dataclasses
import inspect
import json
import subprocess
import sys
import threading
from dataclasses import field
from pathlib import Path

import pytest

from mfml_tui.lazy import frozen_dataclass


def _twins():
    """The same class made both ways (fresh each time: made lazily only once)."""

    def body(name):
        return {"__annotations__": {"name": "str", "sizes": "dict[str, int]", "base": "object | None",
                                    "rate": "float"},
                "sizes": field(default_factory=dict), "base": field(default=None, compare=False, repr=False),
                "rate": 0.5, "__module__": __name__,
                "__post_init__": lambda self: object.__setattr__(self, "name", self.name.strip())}

    return (dataclasses.dataclass(frozen=True)(type("Twin", (), body("Twin"))),
            frozen_dataclass(type("Twin", (), body("Twin"))))


@pytest.mark.parametrize("first_use", ["init", "fields", "is_dataclass", "copy", "hash", "signature"])
def test_a_lazy_frozen_dataclass_behaves_as_dataclass_frozen(first_use) -> None:
    real, lazy = _twins()
    if first_use == "fields":
        assert [f.name for f in dataclasses.fields(lazy)] == ["name", "sizes", "base", "rate"]
    elif first_use == "is_dataclass":
        assert dataclasses.is_dataclass(lazy)
    elif first_use == "copy":  # made without __init__ (as unpickling makes them), then copied as pickled
        obj = lazy.__new__(lazy)
        obj.__dict__.update(name="p", sizes={}, base=None, rate=0.5)
        again = copy.deepcopy(obj)
        assert again.name == "p" and again == obj and again is not obj
    elif first_use == "hash":
        obj = lazy.__new__(lazy)
        obj.__dict__.update(name="h", sizes=(), base=None, rate=1.0)
        assert hash(obj) == hash(("h", (), 1.0))
    elif first_use == "signature":
        assert str(inspect.signature(lazy)) == str(inspect.signature(real))
    for cls in (real, lazy):
        a, b = cls(" a ", {"x": 1}, base="one"), cls("a", {"x": 1}, base="two")
        assert a.name == "a" and a == b and hash(cls("a", (), rate=1.0)) == hash(("a", (), 1.0))
    assert repr(lazy(" a ")) == repr(real(" a "))
    assert str(inspect.signature(lazy)) == str(inspect.signature(real))
    assert [f.name for f in dataclasses.fields(lazy)] == [f.name for f in dataclasses.fields(real)]
    assert dataclasses.replace(lazy("a"), rate=2.0).rate == 2.0
    assert lazy("a").__match_args__ == real("a").__match_args__ == ("name", "sizes", "base", "rate")
    for cls in (real, lazy):
        with pytest.raises(dataclasses.FrozenInstanceError):
            cls("a").rate = 1.0
        with pytest.raises(dataclasses.FrozenInstanceError):
            del cls("a").rate
        with pytest.raises(TypeError):
            cls()
    assert lazy("a").sizes is not lazy("a").sizes  # the default factory, each time


def test_made_once_when_threads_race() -> None:
    _real, lazy = _twins()
    made, errors = [], []

    def use():
        try:
            made.append(lazy("x"))
        except Exception as error:  # noqa: BLE001 — collected for the assertion
            errors.append(error)

    threads = [threading.Thread(target=use) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors and len(made) == 8 and all(obj == made[0] for obj in made)


PROBE = r"""
import json, sys
from pathlib import Path
from mfml_tui.course import cache, load
from mfml_tui.course import model
from mfml_tui.quiz import spec
from mfml_tui.lazy import _StandIn
course, _ = cache.read(Path(sys.argv[1]))
classes = [c for m in (model, spec) for c in vars(m).values()  # their dataclasses (stand-ins or made)
           if isinstance(c, type) and c.__module__ == m.__name__ and "__dataclass_fields__" in c.__dict__]
made = [c.__name__ for c in classes if not isinstance(c.__dict__.get("__init__"), _StandIn)]
print(json.dumps({"read": course is not None, "lessons": len(course.lessons) if course else 0,
                  "made": made, "classes": len(classes),
                  "equal": course == load(Path(sys.argv[1]), cache=False) if course else False}))
"""


def test_a_course_read_from_the_cache_makes_no_dataclass_method(tmp_path: Path) -> None:
    from tests.test_ui_support import TEST_LESSONS

    env = {"PATH": "/usr/bin:/bin", "MFML_TUI_CACHE": str(tmp_path / "cache")}
    fill = "from mfml_tui.course import load; import sys; from pathlib import Path; load(Path(sys.argv[1]))"
    root = Path(__file__).parent.parent
    subprocess.run([sys.executable, "-c", fill, str(TEST_LESSONS)], check=True, timeout=120, env=env,
                   cwd=root)
    out = subprocess.run([sys.executable, "-c", PROBE, str(TEST_LESSONS)], capture_output=True, text=True,
                         timeout=120, env=env, cwd=root)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["read"] and result["lessons"] > 3 and result["classes"] >= 14
    assert result["made"] == [], f"made while reading the cache: {result['made']}"
    assert result["equal"]  # …and equal to a fresh load (which makes them)
