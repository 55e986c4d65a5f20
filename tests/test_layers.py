"""The one-way house: content <- alerts <- search <- conversations <- portal <- demo.

A module may import its own app and the apps below it, never the ones above; the layers
above reach down, the ones below hear about changes through signals and Wagtail hooks.
Imports of the project's own modules sit at module level, except in AppConfig.ready(),
where Django requires signal receivers to be connected.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ["content", "alerts", "search", "conversations", "portal", "demo"]  # bottom to top


def _modules():
    found = {}
    for app in LAYERS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            found[name.removesuffix(".__init__")] = path
    return found


MODULES = _modules()


def _imports(name, path):
    """(imported project module, line, inside a function?) for every import in `path`."""
    tree = ast.parse(path.read_text())
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    in_function = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            in_function.update(id(child) for child in ast.walk(node) if child is not node)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parts + ([base] if base else []))
            targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
        else:
            continue
        for target in targets:
            while target and target not in MODULES:
                target = target.rpartition(".")[0]
            if target and target != name:
                yield target, node.lineno, id(node) in in_function


def test_every_app_imports_only_itself_and_the_layers_below():
    wrong = []
    for name, path in MODULES.items():
        own = LAYERS.index(name.split(".")[0])
        for target, line, _ in _imports(name, path):
            if LAYERS.index(target.split(".")[0]) > own:
                wrong.append(f"{path.relative_to(ROOT)}:{line} imports {target}")
    assert not wrong, "imports that go up a layer:\n" + "\n".join(sorted(set(wrong)))


def test_project_imports_are_at_module_level_except_in_app_ready():
    hidden = [f"{path.relative_to(ROOT)}:{line} imports {target}"
              for name, path in MODULES.items() if not name.endswith(".apps")
              for target, line, in_function in _imports(name, path) if in_function]
    assert not hidden, "imports tucked inside functions:\n" + "\n".join(sorted(set(hidden)))


def test_no_import_circles():
    graph = {name: {t for t, _, f in _imports(name, path) if not f}
             for name, path in MODULES.items()}
    state, circles = {}, []

    def visit(node, trail):
        state[node] = "open"
        for nxt in graph.get(node, ()):
            if state.get(nxt) == "open":
                circles.append(trail[trail.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt, trail + [nxt])
        state[node] = "done"

    for name in graph:
        if name not in state:
            visit(name, [name])
    assert not circles, "import circles:\n" + "\n".join(" -> ".join(c) for c in circles)


@pytest.mark.parametrize("app", LAYERS)
def test_the_checker_sees_each_app(app):
    """Guard the guard: the checks above are not vacuous."""
    assert any(name.split(".")[0] == app for name in MODULES)
    assert any(True for name, path in MODULES.items() if name.startswith(app)
               for _ in _imports(name, path))
