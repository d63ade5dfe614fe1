"""A validated course kept on disk, so that starting the tutor does not re-validate unchanged lessons.

Validating the bundled course (parsing ≈1 200 formulas with the engine, importing numpy, the plot and
explorer validators) costs ≈300 ms of CPU; unpickling the result costs ≈10 ms and needs none of those
imports. The key is a hash of every byte that can change the result: each file under the lessons folder
(name and content) and the source of the `mfml_tui` package (the rules), so an edited lesson or a new
version is simply a miss. Problems are part of the cached Course, so nothing is hidden by the cache.

The file lives in the user's own cache directory (`MFML_TUI_CACHE` overrides it; `off` disables it) and
is written atomically; any failure to read or write it just means loading afresh. `lessons check` never
uses it.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path

from mfml_tui.course.model import Course

FORMAT = b"mfml-tui course cache 1"
PACKAGE = Path(__file__).resolve().parents[1]


def cache_dir() -> Path | None:
    chosen = os.environ.get("MFML_TUI_CACHE")
    if chosen is not None:
        return None if chosen.strip().lower() in ("", "off", "0", "no") else Path(chosen).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("mfml-tui", appauthor=False))


def _files(folder: Path, suffix: str | None = None) -> list[Path]:
    found = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        found += [Path(dirpath, f) for f in sorted(filenames) if suffix is None or f.endswith(suffix)]
    return found


def key(root: Path) -> bytes:
    """A digest of the lessons folder and of the code that loads it."""
    h = hashlib.blake2b(FORMAT, digest_size=20)
    h.update(sys.version.encode())
    h.update(str(root).encode())
    for group, files in ((root, _files(root)), (PACKAGE, _files(PACKAGE, ".py"))):
        for path in files:
            h.update(b"\0" + str(path.relative_to(group)).encode() + b"\0")
            h.update(path.read_bytes())
    return h.digest()


def _path(folder: Path, root: Path) -> Path:
    name = hashlib.blake2b(str(root).encode(), digest_size=8).hexdigest()
    return folder / f"course-{name}.pickle"


def read(root: Path) -> tuple[Course | None, bytes | None]:
    """The cached course for `root` if it is still valid, and the key (None: do not cache at all)."""
    folder = cache_dir()
    if folder is None or not root.is_dir():
        return None, None
    try:
        digest = key(root)
    except OSError:
        return None, None
    try:
        data = _path(folder, root).read_bytes()
        if data[:len(digest)] == digest:
            course = pickle.loads(data[len(digest):])  # our own file in the user's own cache directory
            if isinstance(course, Course):
                return course, digest
    except Exception:  # noqa: BLE001 — missing, truncated, from another version: load afresh
        pass
    return None, digest


def write(root: Path, digest: bytes, course: Course) -> None:
    folder = cache_dir()
    if folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".course-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(digest + pickle.dumps(course, protocol=pickle.HIGHEST_PROTOCOL))
            os.replace(tmp, _path(folder, root))
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except Exception:  # noqa: BLE001 — a read-only home, a full disk: the cache is only an optimisation
        pass
