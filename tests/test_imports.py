"""No import cycle among newscrawl's modules.

A cycle works only while its modules are imported in one order (the first to start must
not need a name of the other at import time); a new import elsewhere can change that
order and break the package at import. Only module-level imports count: a function's
import runs once everything is loaded, and ``if TYPE_CHECKING`` imports never run.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import newscrawl

PACKAGE = Path(newscrawl.__file__).parent


def modules(package: Path) -> dict[str, Path]:
    """Dotted name → file of each module of the package, subpackages included."""
    found = {}
    for path in package.rglob("*.py"):
        parts = path.relative_to(package.parent).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def _module_level(body: list[ast.stmt]) -> Iterator[ast.Import | ast.ImportFrom]:
    """The imports a module runs when imported: in its body and in the blocks there
    (``try``, ``if``, ``with``), not in functions or classes, nor under TYPE_CHECKING."""
    for node in body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        elif isinstance(node, ast.If):
            if not (isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"):
                yield from _module_level(node.body)
            yield from _module_level(node.orelse)
        elif isinstance(node, ast.Try):
            for block in (node.body, *(h.body for h in node.handlers), node.orelse,
                          node.finalbody):
                yield from _module_level(block)
        elif isinstance(node, ast.With):
            yield from _module_level(node.body)


def import_graph(package: Path) -> dict[str, set[str]]:
    """Module → the package's modules it imports at module level.

    ``from a.b import c`` imports the module ``a.b.c`` when there is one, else a name of
    ``a.b`` (its ``__init__``). A module is not taken to import its parent packages:
    Python runs their ``__init__`` first, but that only matters when the ``__init__``
    imports the module back and the module needs a name from it, which is an explicit
    ``from a.b import name`` edge here.
    """
    names = modules(package)
    graph = {}
    for name, path in names.items():
        is_package = path.name == "__init__.py"
        imported = set()
        for node in _module_level(ast.parse(path.read_text(encoding="utf-8")).body):
            if isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names)
                continue
            base = node.module or ""
            if node.level:  # relative: from the module's package, up level - 1 packages
                package_parts = name.split(".")[: None if is_package else -1]
                package_parts = package_parts[: len(package_parts) - node.level + 1]
                base = ".".join([*package_parts, *([node.module] if node.module else [])])
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                imported.add(submodule if submodule in names else base)
        graph[name] = {module for module in imported if module in names and module != name}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of the graph (its modules, the first one again at the end), or None."""
    done: set[str] = set()
    for start in sorted(graph):
        if start in done:
            continue
        path, on_path = [start], {start}
        stack = [iter(sorted(graph[start]))]
        while stack:
            following = next(stack[-1], None)
            if following is None:
                finished = path.pop()
                on_path.discard(finished)
                done.add(finished)
                stack.pop()
                continue
            if following in on_path:
                return [*path[path.index(following):], following]
            if following not in done:
                path.append(following)
                on_path.add(following)
                stack.append(iter(sorted(graph[following])))
    return None


def test_no_import_cycle():
    cycle = find_cycle(import_graph(PACKAGE))
    assert cycle is None, "import cycle: " + " -> ".join(cycle or ())


def test_a_cycle_is_found(tmp_path: Path):
    """The check can fail: a cycle through a relative import and a package's
    ``__init__``, beside a function-level import and a TYPE_CHECKING one, which are none."""
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("from pkg.sub import helper\n")
    (package / "sub" / "__init__.py").write_text("")
    (package / "sub" / "helper.py").write_text(
        "from typing import TYPE_CHECKING\n"
        "from ..page import Page\n"
        "if TYPE_CHECKING:\n    from pkg import sub\n")
    (package / "page.py").write_text(
        "from pkg import VERSION\n\ndef f():\n    from pkg.sub import helper\n")
    assert import_graph(package) == {
        "pkg": {"pkg.sub.helper"}, "pkg.sub": set(), "pkg.sub.helper": {"pkg.page"},
        "pkg.page": {"pkg"}}
    assert find_cycle(import_graph(package)) == ["pkg", "pkg.sub.helper", "pkg.page", "pkg"]
    (package / "page.py").write_text("VERSION = 1\n")
    assert find_cycle(import_graph(package)) is None
