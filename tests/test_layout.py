"""The package's layout: the layers of pyproject.toml hold (import-linter), and no module of
serumrun/ is part of an import cycle, the imports inside functions counted.

import-linter's graph (grimp) counts the imports inside functions as well; the cycle walk
below does not depend on it, and counts the imports under `if TYPE_CHECKING:` too (the
contracts leave those out: they never run)."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.sitebuild import ROOT

LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    """`lint-imports` on the package under `root`, with the contracts of its pyproject.toml."""
    env = {**os.environ, "PYTHONPATH": str(root)}  # the copy's package, not the installed one
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"], cwd=root, env=env, capture_output=True, text=True
    )


def imports_of(root: Path) -> dict[str, set[str]]:
    """Each module of serumrun/ under `root` -> the package's modules it imports, wherever
    the import statement stands (module level, function, class, `if TYPE_CHECKING:`)."""
    modules = {}
    for path in (root / "serumrun").rglob("*.py"):
        parts = path.relative_to(root).with_suffix("").parts
        package = parts[-1] == "__init__"
        modules[".".join(parts[:-1] if package else parts)] = (path, package)

    def known(name: str) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    graph: dict[str, set[str]] = {}
    for name, (path, package) in modules.items():
        found = graph.setdefault(name, set())
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(known(alias.name) for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    here = name.split(".") if package else name.split(".")[:-1]
                    base = ".".join(here[: len(here) - node.level + 1] + [base] * bool(base))
                for alias in node.names:  # `from serumrun.x import y`: y may be a module
                    found.add(known(f"{base}.{alias.name}") or known(base))
        found.discard(None)
        found.discard(name)
    return graph


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for other in sorted(graph.get(module, ())):
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            group = []
            while True:
                other = stack.pop()
                group.append(other)
                if other == module:
                    break
            if len(group) > 1:
                cycles.append(sorted(group))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return cycles


def copy_package(tmp_path: Path) -> Path:
    """serumrun/ and pyproject.toml (the contracts) in a scratch folder."""
    shutil.copytree(ROOT / "serumrun", tmp_path / "serumrun")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def plant(root: Path, module: str, statement: str) -> None:
    """Add a function that runs `statement` at the end of serumrun/<module>.py."""
    path = root / "serumrun" / module
    text = path.read_text(encoding="utf-8")
    path.write_text(f"{text}\n\ndef _planted():\n    {statement}\n", encoding="utf-8")


def test_the_layers_of_pyproject_hold():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_an_import_up_the_layers_inside_a_function_breaks_a_contract(tmp_path):
    root = copy_package(tmp_path)
    plant(root, "problems.py", "from serumrun.plugin import SerumRunPlugin  # noqa")
    result = lint_imports(root)
    assert result.returncode == 1, result.stdout
    assert "serumrun.problems is not allowed to import serumrun.plugin" in result.stdout


def test_no_module_is_part_of_an_import_cycle():
    graph = imports_of(ROOT)
    # The walk reads the package: its modules, and the imports inside functions.
    assert {"serumrun.plugin", "serumrun.gates.source", "serumrun.citations.extension"} <= set(
        graph
    )
    assert "serumrun.pages" in graph["serumrun.checks.page_structure"]
    assert import_cycles(graph) == []


def test_a_cycle_through_an_import_inside_a_function_is_found(tmp_path):
    root = copy_package(tmp_path)
    plant(root, "mdsource.py", "from serumrun.citations.extension import scan  # noqa")
    cycles = import_cycles(imports_of(root))
    assert any({"serumrun.citations.extension", "serumrun.mdsource"} <= set(c) for c in cycles)
