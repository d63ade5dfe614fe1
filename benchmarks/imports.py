"""Import cost of the engine's layers, in fresh interpreters (`python -X importtime`), minimum of N runs.

    python benchmarks/imports.py [runs]

Prints the self time of the project's own modules (numpy's import is not counted: it is paid once and is
the same for any numpy program) for the whole engine, and for the language alone (parser, tree, printer),
which must import without numpy at all.
"""

from __future__ import annotations

import subprocess
import sys

CASES = {
    "engine, beyond numpy": ("import numpy; import mfml_tui.engine as e; e.compute; e.diff; e.evaluate; "
                             "import mfml_tui.engine.optimise, mfml_tui.engine.regression, "
                             "mfml_tui.engine.network, mfml_tui.engine.finite"),
    "parser + tree + printer": ("import mfml_tui.engine.parser, mfml_tui.engine.tree, "
                                "mfml_tui.engine.printing"),
    "quiz spec + course model": "import mfml_tui.quiz.spec, mfml_tui.course.model",
}


def own_import_ms(code: str) -> tuple[float, bool]:
    """Self time (ms) of mfml_tui modules, and whether numpy was imported by the code's project part."""
    out = subprocess.run([sys.executable, "-X", "importtime", "-c", code], capture_output=True, text=True,
                         check=True)
    total = 0.0
    numpy = False
    for line in out.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        self_us, _cumulative, name = line[len("import time:"):].split("|")
        if name.strip().startswith("mfml_tui"):
            total += int(self_us) / 1000
        if name.strip() == "numpy":
            numpy = True
    return total, numpy


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 9
    for label, code in CASES.items():
        times = []
        numpy = False
        for _ in range(runs):
            ms, numpy = own_import_ms(code)
            times.append(ms)
        times.sort()
        loads = "loads numpy" if numpy else "no numpy"
        print(f"{label:<26} min {times[0]:6.1f} ms   median {times[len(times) // 2]:6.1f} ms   ({loads})")


if __name__ == "__main__":
    main()
