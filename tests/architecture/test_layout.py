"""The code's shape: no import cycle at module level, screens that never write rows, and
modules a reader can take in."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("claims", "factcheck")
# Methods that write rows; a screen calls a service instead.
WRITES = {
    "save",
    "delete",
    "create",
    "update",
    "bulk_create",
    "bulk_update",
    "get_or_create",
    "update_or_create",
}
SCREENS = ("claims/views", "claims/api", "claims/admin")


def modules() -> Iterator[tuple[str, Path]]:
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            yield name, path


def module_level_imports(name: str, path: Path) -> set[str]:
    """What `name` imports when it is imported (not inside functions, not for types)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]

    def visit(statements: list[ast.stmt]) -> None:
        for node in statements:
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                    base = f"{base}.{node.module}" if node.module else base
                found.add(base)
                found.update(f"{base}.{alias.name}" for alias in node.names)
            elif isinstance(node, ast.If) and "TYPE_CHECKING" not in ast.unparse(node.test):
                visit(node.body)
                visit(node.orelse)
            elif isinstance(node, ast.Try):
                visit(node.body)

    visit(tree.body)
    return found


def test_no_module_imports_itself_back_at_module_level() -> None:
    names = dict(modules())
    graph = {
        name: {imp for imp in module_level_imports(name, path) if imp in names and imp != name}
        for name, path in names.items()
    }
    cycles = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def walk(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append([*stack[stack.index(nxt) :], nxt])
            elif nxt not in state:
                walk(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            walk(node)
    assert cycles == []


def test_screens_never_write_rows_themselves() -> None:
    writes = []
    for name, path in modules():
        if not str(path.relative_to(ROOT)).startswith(SCREENS):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in WRITES
                # `super().save_model(...)` and friends are Django's, named otherwise.
                and not ast.unparse(node.func.value).endswith(("params", "kwargs", "context"))
            ):
                writes.append(f"{name}:{node.lineno} {ast.unparse(node)[:80]}")
    assert writes == []


def test_no_module_is_over_600_lines() -> None:
    long = [
        f"{name}: {count}"
        for name, path in modules()
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > 600
    ]
    assert long == []
