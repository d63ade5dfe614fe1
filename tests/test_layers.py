"""The layers of docs/architecture.md, enforced: a package imports only those below it, and no module
imports itself round a circle. Imports inside `if TYPE_CHECKING:` are ignored (they cost nothing at run
time); imports inside functions count (hiding an import in a function does not remove the dependency)."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

PACKAGE = Path(__file__).parent.parent / "mfml_tui"

#: What each layer may import besides itself (docs/architecture.md). `ui`, `commands` and the top-level
#: `cli` sit on top and may import everything, so they are not listed.
ALLOWED: dict[str, set[str]] = {
    "engine": set(),
    "paths": set(),
    "terminal": set(),
    "progress": set(),
    "quiz": {"engine"},
    "plots": {"engine"},
    "explore": {"engine", "plots"},
    "course": {"engine", "quiz", "plots", "explore", "paths"},
    "web": set(),  # runs the app as a program: it imports none of it
}
#: Modules with no project imports of their own that any layer may use.
BASE = {"lazy", "spelling"}


def _module_name(path: Path, root: Path) -> str:
    parts = path.relative_to(root.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    hidden: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            hidden.update(id(child) for child in ast.walk(node))
    return hidden


def import_graph(root: Path) -> dict[str, set[str]]:
    """Module → the project modules it imports at run time (submodules resolved where they exist)."""
    top = root.name
    graph: dict[str, set[str]] = defaultdict(set)
    for path in sorted(root.rglob("*.py")):
        module = _module_name(path, root)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        hidden = _type_checking_nodes(tree)
        graph[module]
        for node in ast.walk(tree):
            if id(node) in hidden:
                continue
            if isinstance(node, ast.Import):
                graph[module].update(a.name for a in node.names if a.name.split(".")[0] == top)
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
                    base = base[: len(base) - (node.level - 1)]
                    target = ".".join(base + ([node.module] if node.module else []))
                else:
                    target = node.module or ""
                if target.split(".")[0] != top:
                    continue
                for alias in node.names:
                    sub = f"{target}.{alias.name}"
                    as_path = root.parent / sub.replace(".", "/")
                    is_module = as_path.with_suffix(".py").exists() or as_path.is_dir()
                    graph[module].add(sub if is_module else target)
    return graph


def _layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def layer_violations(graph: dict[str, set[str]]) -> list[str]:
    found = []
    for module, targets in sorted(graph.items()):
        here = _layer(module)
        if here not in ALLOWED:
            continue
        for target in sorted(targets):
            there = _layer(target)
            if there and there != here and there not in ALLOWED[here] | BASE:
                found.append(f"{module} imports {target}: `{here}` may import only {sorted(ALLOWED[here])}")
    return found


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of modules (Tarjan); a package's `__init__` importing its own
    submodules is not a circle."""
    edges = {m: {t for t in ts if t != m and not m.startswith(t + ".")} for m, ts in graph.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in edges.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in list(edges):
        if node not in index:
            visit(node)
    return found


def test_every_package_imports_only_the_layers_below_it() -> None:
    assert layer_violations(import_graph(PACKAGE)) == []


def test_no_module_imports_itself_round_a_circle() -> None:
    assert cycles(import_graph(PACKAGE)) == []


def _scratch(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "mfml_tui"
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    for folder in [root, *[p for p in root.rglob("*") if p.is_dir()]]:
        (folder / "__init__.py").touch()
    return root


def test_a_wrong_import_is_caught(tmp_path: Path) -> None:
    """The checker itself: the engine reaching up into the UI, the quiz layer into the course model (the
    mistake this test was written for) and a circle hidden in a function are all found; a type-only import
    is not."""
    root = _scratch(tmp_path, {
        "engine/tree.py": "from mfml_tui.ui.app import App\n",
        "quiz/question.py": "from mfml_tui.course.model import QuizSpec\n",
        "course/model.py": ("from typing import TYPE_CHECKING\n"
                            "if TYPE_CHECKING:\n    from mfml_tui.ui.app import App\n"),
        "progress/store.py": "def f():\n    from mfml_tui.progress import summary\n",
        "progress/summary.py": "from mfml_tui.progress.store import f\n",
        "ui/app.py": "from mfml_tui.engine import tree\n",
    })
    graph = import_graph(root)
    wrong = layer_violations(graph)
    assert any(w.startswith("mfml_tui.engine.tree imports mfml_tui.ui.app") for w in wrong)
    assert any(w.startswith("mfml_tui.quiz.question imports mfml_tui.course.model") for w in wrong)
    assert not any(w.startswith("mfml_tui.course.model") for w in wrong)
    assert ["mfml_tui.progress.store", "mfml_tui.progress.summary"] in cycles(graph)


def test_the_language_imports_without_numpy() -> None:
    """Parsing, the tree and printing need no numpy (start-up, the course model, `eval`'s error path);
    only evaluation and the numerical methods load it."""
    import subprocess
    import sys

    code = ("import sys; import mfml_tui.engine.parser, mfml_tui.engine.tree, mfml_tui.engine.printing, "
            "mfml_tui.engine.functions, mfml_tui.quiz.spec, mfml_tui.course.model; "
            "from mfml_tui.engine import parse, to_unicode; print(to_unicode(parse('x^2 sin(x)'))); "
            "print('numpy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                         cwd=PACKAGE.parent)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["x²·sin(x)", "False"]
