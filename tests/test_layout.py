"""The layout's rules, read from the code: data flows one way and no module imports back up the layers."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.helpers import ROOT

PACKAGE = ROOT / "src" / "chrono"


def _module(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _imports(path: Path, *, top_level_only: bool = False) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    found: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name in MODULES}


def _under(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


# (modules, what they must never import, the exceptions allowed)
RULES = [
    (
        "chrono.render",
        ("chrono.readers", "chrono.extract", "chrono.cli", "chrono.server", "chrono.importer"),
        (),
    ),
    ("chrono.readers", ("chrono.render", "chrono.cli", "chrono.server"), ("chrono.render.ics",)),
    ("chrono.extract", ("chrono.render", "chrono.cli", "chrono.server"), ()),
]


@pytest.mark.parametrize(("package", "banned", "allowed"), RULES)
def test_input_and_output_meet_only_through_the_values(
    package: str, banned: tuple[str, ...], allowed: tuple[str, ...]
) -> None:
    for name, path in MODULES.items():
        if not _under(name, package):
            continue
        wrong = {
            imported
            for imported in _imports(path)
            if any(_under(imported, b) for b in banned) and imported not in allowed
        }
        assert not wrong, f"{name} imports {sorted(wrong)}"


@pytest.mark.parametrize("edge", ["chrono.cli", "chrono.server"])
def test_nothing_imports_an_edge(edge: str) -> None:
    for name, path in MODULES.items():
        if (
            _under(name, edge)
            or name == "chrono.__main__"
            or (edge == "chrono.server" and _under(name, "chrono.cli"))
        ):
            continue
        wrong = {imported for imported in _imports(path) if _under(imported, edge)}
        assert not wrong, f"{name} imports {sorted(wrong)}"


def test_no_import_cycles() -> None:
    """Module-level imports form no cycle (a package's __init__ may import its own modules)."""
    graph = {
        name: {i for i in _imports(path, top_level_only=True) if i != name and not _under(i, name)}
        for name, path in MODULES.items()
    }
    done: set[str] = set()

    def visit(name: str, trail: list[str]) -> None:
        if name in trail:
            raise AssertionError("import cycle: " + " -> ".join([*trail[trail.index(name) :], name]))
        if name in done:
            return
        for imported in graph.get(name, ()):
            visit(imported, [*trail, name])
        done.add(name)

    for name in graph:
        visit(name, [])
