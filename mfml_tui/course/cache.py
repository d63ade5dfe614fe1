"""A validated course kept on disk, so that starting the tutor does not re-validate unchanged lessons.

Validating the bundled course (parsing ≈1 200 formulas with the engine, importing numpy, the plot and
explorer validators) costs ≈300 ms of CPU; unpickling the result costs ≈10 ms and needs none of those
imports. The key is a hash of everything that can change the result: every file the loader reads (name
and content) and the `mfml_tui` package's source files (name, size, modification time: the rules), so an
edited lesson or a new version is simply a miss. Any lessons folder is cached (the bundled one and one
given with `--lessons`), each in its own file. Problems are part of the cached Course, so nothing is
hidden by the cache.

The file lives in the user's own cache directory (`MFML_TUI_CACHE` overrides it; `off` disables it) and
is written atomically; any failure to read or write it just means loading afresh. `lessons check` never
uses it: an author checking a course always gets a fresh validation.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sys
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from mfml_tui.course.model import MAX_FILE_BYTES, MAX_LESSONS, Course

if TYPE_CHECKING:
    from collections.abc import Callable

try:  # hashlib's own BLAKE2, without loading hashlib's OpenSSL bindings (≈3 ms before the first screen)
    from _blake2 import blake2b
except ImportError:  # pragma: no cover — a Python built without it
    from hashlib import blake2b

FORMAT = b"mfml-tui course cache 2"  # 2: each lesson's steps pickled apart (model._Steps)
PACKAGE = Path(__file__).resolve().parents[1]


def cache_dir() -> Path | None:
    chosen = os.environ.get("MFML_TUI_CACHE")
    if chosen is not None:
        return None if chosen.strip().lower() in ("", "off", "0", "no") else Path(chosen).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("mfml-tui", appauthor=False))


def records_folder(name: str) -> Path | None:
    """The folder of one kind of record kept beside the course cache (drawn plots, drawn key bars, prose
    tokens); None: the cache is off."""
    base = cache_dir()
    return None if base is None else base / name


def record_digest(format_tag: bytes, *parts: bytes) -> str:
    """The name of a record (without its suffix): a digest of its format, the package's code and all else
    it depends on (the libraries that draw it, what it shows), so that an edit or an upgrade is a miss."""
    h = blake2b(format_tag, digest_size=16)
    for part in (code_digest(), *parts):
        h.update(b"\0" + part)
    return h.hexdigest()


def _package_stamps() -> list[str]:
    """Each source file of the package as "relative name, size, modification time", in a fixed order
    (os.scandir's entries carry what a stat would find: ≈1 ms for the ~150 files, ≈4 ms with a Path
    and a stat for each)."""
    found: list[str] = []
    _stamp_sources(str(PACKAGE), "", found, recursive=True)
    return found


def _stamp_sources(folder: str, prefix: str, found: list[str], *, recursive: bool) -> None:
    with os.scandir(folder) as listing:
        entries = sorted(listing, key=lambda entry: entry.name)
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            if recursive and entry.name != "__pycache__":
                _stamp_sources(entry.path, f"{prefix}{entry.name}/", found, recursive=True)
        elif entry.name.endswith(".py"):
            stat = entry.stat()
            found.append(f"{prefix}{entry.name}\0{stat.st_size}\0{stat.st_mtime_ns}")


@lru_cache(maxsize=8)
def library_stamps(names: tuple[str, ...]) -> bytes:
    """Installed modules' top-level source files by name, size and modification time, found without
    importing them: an upgrade changes at least one, so a record keyed by this (kept CSS, drawn plots,
    prose tokens) is a miss. A module not found is stamped as such."""
    found: list[str] = []
    for name in names:
        try:
            module = sys.modules.get(name)  # imported already (Textual, at start-up): its file, as found
            origin = getattr(module, "__file__", None) or _find(name)
            _stamp_sources(os.path.dirname(origin), f"{name}/", found, recursive=False)
        except (ImportError, OSError, ValueError):
            found.append(f"{name}:?")
    return "\n".join(found).encode()


def _find(name: str) -> str:
    """A module's file, found without importing it (importlib.util: not on the way to the first screen)."""
    import importlib.util

    spec = importlib.util.find_spec(name)
    if spec is None or not spec.origin:
        raise ImportError(name)
    return spec.origin


def _lesson_files(root: Path) -> list[tuple[str, str, str]]:
    """Every file the loader can read, as (name under `root`, path, "file" | "folder" | "missing"):
    course.toml, and each folder's week.toml and *.md (a week folder is one level down); a folder is
    listed by its name, even when empty (the loader reports unlisted or missing weeks). Other files under
    the folder cannot change the course, so a big folder given with `--lessons` is not read through.
    Found from `os.scandir` entries, which know their kind without a stat (each file was stat'ed twice)."""
    course = os.path.join(root, "course.toml")
    files = [("course.toml", course, _kind(course))]
    for folder in _listing(root):
        if not folder.is_dir():
            continue
        files.append((folder.name, folder.path, "folder"))  # (its name is part of the key)
        for entry in _listing(folder.path):
            if entry.name == "week.toml" or os.path.splitext(entry.name)[1] == ".md":
                kind = "file" if entry.is_file() else "folder" if entry.is_dir() else "missing"
                files.append((f"{folder.name}/{entry.name}", entry.path, kind))
        if len(files) > 2 * MAX_LESSONS + 1:  # the loader reads at most MAX_LESSONS of them: load afresh
            raise OSError(f"more lesson files than a course may have ({MAX_LESSONS}): not cached")
    return files


def _listing(folder: str | Path) -> list[os.DirEntry]:
    with os.scandir(folder) as entries:
        return sorted(entries, key=lambda entry: entry.name)


def _kind(path: str) -> str:
    return "file" if os.path.isfile(path) else "folder" if os.path.isdir(path) else "missing"


def key(root: Path) -> bytes:
    """A digest of the lessons (every byte the loader reads) and of the code that loads them (the
    package's source files by name, size and modification time: a new version is a miss)."""
    h = blake2b(FORMAT, digest_size=20)
    h.update(sys.version.encode())
    h.update(str(root).encode())
    for name, path, kind in _lesson_files(root):
        h.update(b"\0" + name.encode() + b"\0")
        if kind == "file":
            h.update(_head(path))
        elif kind == "missing":
            h.update(b"\1missing")
    h.update(code_digest())
    return h.digest()


@lru_cache(maxsize=1)
def code_digest() -> bytes:
    """The package's source files by name, size and modification time (a new version differs), read once
    a run: the course cache and the drawn plots (ui/widgets/drawn.py) share it."""
    h = blake2b(digest_size=20)
    for stamp in _package_stamps():
        h.update(f"\0{stamp}".encode())
    return h.digest()


def _head(path: str) -> bytes:
    """What of a file can change the course: its bytes, or for a file over the loader's limit (refused
    unread, its size in the message) just its size: a 3 GB file named like a lesson must not be read
    into memory to decide whether the cache is valid."""
    with open(path, "rb") as f:
        size = os.fstat(f.fileno()).st_size
        if size > MAX_FILE_BYTES:
            return b"\2too large: " + str(size).encode()
        data = f.read(MAX_FILE_BYTES + 1)  # it may have grown since: never more than the limit
    return data if len(data) <= MAX_FILE_BYTES else b"\2too large: " + str(len(data)).encode()


def _path(folder: Path, root: Path) -> Path:
    name = blake2b(str(root).encode(), digest_size=8).hexdigest()
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
    if folder is not None:
        write_atomically(_path(folder, root), lambda: digest + pickle.dumps(course, pickle.HIGHEST_PROTOCOL))


def write_atomically(path: Path, data: Callable[[], bytes]) -> bool:
    """`data()` as the whole of `path`, or nothing: written beside it and renamed, so a reader never sees
    half a file. Every file under the cache dir is only an optimisation (the course, kept CSS, drawn plots,
    prose tokens), so any failure (a read-only home, a full disk, data that cannot be made) is swallowed:
    False, and the work is simply done again next time."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".write-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except Exception:  # noqa: BLE001 — see above
        return False
    return True


def prune(folder: Path, suffix: str, keep: int) -> None:
    """The oldest-written files named `*suffix` in `folder` removed, so at most `keep` are left."""
    with contextlib.suppress(OSError):
        files = [p for p in folder.iterdir() if p.suffix == suffix]
        if len(files) > keep:
            files.sort(key=lambda p: p.stat().st_mtime_ns)
            for old in files[: len(files) - keep]:
                old.unlink(missing_ok=True)
