"""Keep CPython's cyclic garbage collector out of the frame a learner is waiting for.

Building a step mounts thousands of objects that live on (widgets, styles, strips), and every ~25 % growth of
the long-lived heap makes CPython run a full collection at the next allocation, whatever is happening: over
the course that heap is 150–220 k objects (engine and Textual caches) and a full pass costs 100–300 ms CPU,
so about one cold step in four waited for one in the middle of its build (`benchmarks/steps.py`: p90 CPU
294 → 186 ms with collection off). `hold(owner)` switches automatic collection off from the moment a step
is asked for; `release(owner)` switches it back on once that step's first frame is painted, so the
collection that was due runs while the learner reads (nothing is lost: the same garbage is collected a
frame later). Holds never outlast `MAX_HOLD` seconds (a screen taken down mid-build, a release missed) and
never switch on a collector that someone else had switched off.
"""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Callable

MAX_HOLD = 2.0  #: seconds: a hold never keeps collection off longer than this
WAIT_TICK = 0.02  #: seconds: how often `wait_while_held` looks again

_lock = threading.Lock()
_holders: dict[int, threading.Timer] = {}
_switched_off = False  # whether automatic collection is off because of a hold (not someone else)


def hold(owner: object) -> None:
    """Automatic collection off until `release(owner)` (or MAX_HOLD seconds: a timer thread, so a hold
    also ends when the event loop that made it is gone, e.g. an app that ended before its screen mounted)."""
    global _switched_off
    key = id(owner)
    with _lock:
        if key in _holders:
            return
        if not _holders and gc.isenabled():
            gc.disable()
            _switched_off = True
        expiry = threading.Timer(MAX_HOLD, _expire, (key,))
        expiry.daemon = True
        _holders[key] = expiry
    expiry.start()


def release(owner: object) -> None:
    """End `owner`'s hold; the last hold ended switches automatic collection back on."""
    _expire(id(owner))


def held() -> bool:
    """Whether some hold keeps automatic collection off now."""
    return bool(_holders) and _switched_off


def wait_while_held(stop: Callable[[], bool] = lambda: False) -> None:
    """On a worker thread: sleep while a hold is on (a frame a learner waits for is being made), at most
    MAX_HOLD. Background imports (the warm-up, a recorded plot's live code) otherwise take half of the GIL
    from that frame."""
    waited = 0.0
    while held() and waited < MAX_HOLD and not stop():
        time.sleep(WAIT_TICK)
        waited += WAIT_TICK


def _expire(key: int) -> None:
    global _switched_off
    with _lock:
        expiry = _holders.pop(key, None)
        if expiry is not None:
            expiry.cancel()
        if not _holders and _switched_off:
            _switched_off = False
            gc.enable()
