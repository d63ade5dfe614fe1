"""What a learner's session costs over SSH and on a shared server.

    .venv/bin/python benchmarks/remote.py               # bundled course, 60 s idle, 10 sessions
    .venv/bin/python benchmarks/remote.py --idle 10 --sessions 4

Prints, for the real `mfml-tui` in a real terminal (tmux 80×24, every byte the app writes captured with
`pipe-pane`): bytes for the first screen, a step change, a typed character in an answer box, a key in an
explorer, and for a long idle stretch (target 0), each also zlib-compressed as `ssh -C` would send it;
then the resident memory of one session (RSS and PSS, after a lesson with a plot and an explorer were
opened) and of N concurrent sessions, and how many learners a 16 GB server holds.
"""

from __future__ import annotations

import argparse
import shlex
import statistics
import sys
import tempfile
import time
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from app import TMUX, Pane, env_prefix, settle  # noqa: E402  (the terminal harness)

ROOT = Path(__file__).resolve().parent.parent
LESSON = "w1-derivative-definition"  # text, a plot, an explorer and questions


def command(data: Path, *extra: str) -> str:
    args = [sys.executable, "-m", "mfml_tui", "--data-dir", str(data), "--profile", "bench", *extra]
    return env_prefix() + " ".join(shlex.quote(a) for a in args)


def memory_kb(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of a process in kB; PSS shares libraries fairly between the sessions that map them."""
    rss = pss = 0
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Rss:"):
            rss = int(line.split()[1])
        elif line.startswith("Pss:"):
            pss = int(line.split()[1])
    return rss, pss


def app_pid(pane: Pane) -> int:
    """The Python process in the pane (the pane's shell execs it)."""
    return pane.pid()


class Recorder:
    """Bytes written to the terminal between two moments, raw and as zlib would compress them."""

    def __init__(self, log: Path) -> None:
        self.log = log
        self.mark = 0
        self.rows: list[tuple[str, int, int]] = []

    def start(self) -> None:
        self.mark = settle(self.log)

    def stop(self, name: str, quiet: float = 0.4) -> None:
        end = settle(self.log, quiet=quiet)
        chunk = self.log.read_bytes()[self.mark:end]
        self.rows.append((name, len(chunk), len(zlib.compress(chunk, 6)) if chunk else 0))
        self.mark = end


def traffic(work: Path, idle: float) -> list[tuple[str, int, int]]:
    log = work / "session.out"
    pane = Pane(command(work / "data", "lesson", LESSON), log)
    rec = Recorder(log)
    try:
        pane.start()
        pane.wait_for("Step 1/", timeout=60)
        rec.stop("first screen (a lesson with a plot)", quiet=1.0)
        pane.keys("n")
        pane.wait_for("Step 2/")
        rec.stop("one step change")
        for _ in range(8):
            if "Question" in pane.capture():
                break
            pane.keys("n")
            time.sleep(0.4)
        pane.keys("a")
        rec.start()
        pane.keys("7", literal=True)
        pane.wait_for("understood as")
        rec.stop("one typed character (with its echo)")
        rec.start()
        time.sleep(idle)
        rec.stop(f"{idle:.0f} s idle, answer box focused", quiet=0.1)
        pane.keys("Escape")
        pane.keys("C-p")
        time.sleep(0.5)
        pane.keys("secant", literal=True)
        time.sleep(0.5)
        pane.keys("Enter")
        pane.wait_for("Secant → tangent")
        rec.start()
        pane.keys("Down")
        pane.wait_for("h = 0.5")
        rec.stop("one explorer key (secant, smaller h)")
        rec.start()
        time.sleep(idle)
        rec.stop(f"{idle:.0f} s idle, explorer focused", quiet=0.1)
    finally:
        pane.kill()
    return rec.rows


def sessions(work: Path, count: int) -> list[tuple[int, int]]:
    run = time.monotonic_ns()
    panes = [Pane(command(work / f"data-{run}-{i}", "lesson", LESSON)) for i in range(count)]
    try:
        for pane in panes:
            pane.start()
        for pane in panes:
            pane.wait_for("Step 1/", timeout=120)
            pane.keys("n")  # build a second step, as a learner reading on would
        time.sleep(3)
        return [memory_kb(app_pid(pane)) for pane in panes]
    finally:
        for pane in panes:
            pane.kill()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--idle", type=float, default=60.0, help="idle seconds to watch (default 60)")
    parser.add_argument("--sessions", type=int, default=10, help="concurrent sessions (default 10)")
    args = parser.parse_args()
    if TMUX is None:
        print("tmux is not installed")
        return 1
    work = Path(tempfile.mkdtemp(prefix="mfml-remote-"))
    print(f"mfml-tui over a terminal link: tmux 80×24, `mfml-tui lesson {LESSON}`\n")
    print(f"  {'action':<40}{'bytes':>10}{'ssh -C (zlib)':>16}")
    for name, raw, packed in traffic(work, args.idle):
        print(f"  {name:<40}{raw:>10,}{packed:>16,}")

    one = sessions(work, 1)[0]
    many = sessions(work, args.sessions)
    rss_many = [r for r, _ in many]
    pss_many = [p for _, p in many]
    print("\nmemory (a lesson with a plot open):")
    print(f"  one session               RSS {one[0] / 1024:6.1f} MB   PSS {one[1] / 1024:6.1f} MB"
          "   (target ≤ 120 MB)")
    print(f"  {args.sessions} concurrent sessions    RSS {sum(rss_many) / 1024:6.1f} MB in all, "
          f"{statistics.median(rss_many) / 1024:.1f} MB each (median); "
          f"PSS {sum(pss_many) / 1024:.1f} MB in all, {statistics.median(pss_many) / 1024:.1f} MB each")
    per = statistics.median(pss_many) / 1024
    print(f"  a 16 GB server (2 GB kept for the system) holds about {int(14 * 1024 / max(per, 1)):,} "
          f"sessions by PSS, {int(14 * 1024 / max(one[0] / 1024, 1)):,} counting full RSS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
