"""Which tests can see the database backend: the PostgreSQL pass of CI runs only those.

A test reaches the backend only through ``VOC_TEST_DATABASE_URL``, which tests/conftest.py reads
into ``PG_URL`` / ``USING_POSTGRES`` and hands on through ``database_template`` (every fixture
that builds a database or an app depends on it). So a test is *backend-dependent* when

- a fixture in its closure (direct, transitive or autouse) is defined by code that names one of
  ``BACKEND_NAMES``, itself or through a function or constant of the repository's tests it uses;
- or its module, or a name it imports from the tests package, names one of them
  (``getfixturevalue`` counts: a fixture asked for at run time is not in the closure).

A test can also say so itself with ``@pytest.mark.backend`` (or ``postgres_only``).
Everything else is *pure* and runs once, on the SQLite pass. The rule errs towards running a
test on both backends: a module that merely mentions ``USING_POSTGRES`` in a docstring runs
twice. ``pytest --backend-only`` deselects the pure tests and says how many.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pytest

TESTS_DIR = Path(__file__).resolve().parent
BACKEND_NAMES = (
    "VOC_TEST_DATABASE_URL",
    "PG_URL",
    "USING_POSTGRES",
    "database_template",
    "getfixturevalue",
)
_BACKEND = re.compile(r"\b(" + "|".join(BACKEND_NAMES) + r")\b")
_STASH_KEY = pytest.StashKey[tuple[int, int]]()


@dataclass
class _Module:
    """Top-level definitions of one module of the tests package, for the name-level rule."""

    text: str
    #: name -> (source of its definition, names that source refers to)
    definitions: dict[str, tuple[str, set[str]]] = field(default_factory=dict)
    #: name -> (module path, name there) for ``from tests.x import name``
    imported: dict[str, tuple[Path, str]] = field(default_factory=dict)
    #: statements that run on import and define nothing (they count for every name)
    body: str = ""


def _module_path(dotted: str) -> Path | None:
    if dotted != "tests" and not dotted.startswith("tests."):
        return None
    parts = dotted.split(".")[1:]
    base = TESTS_DIR.joinpath(*parts)
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _names(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


def _free_names(node: ast.AST) -> set[str]:
    """Names a definition reads from its module: not its parameters or its own locals."""
    local = {a.arg for a in ast.walk(node) if isinstance(a, ast.arg)}
    local |= {
        n.id for n in ast.walk(node) if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load)
    }
    return _names(node) - local


@cache
def _parse(path: Path) -> _Module:
    text = path.read_text(encoding="utf-8")
    module = _Module(text)
    body: list[str] = []
    for node in ast.parse(text).body:
        source = ast.get_source_segment(text, node) or ""
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            target = _module_path(node.module)
            for alias in node.names:
                sub = _module_path(f"{node.module}.{alias.name}")
                if sub is not None:  # ``from tests.app import test_i18n``: a whole module
                    module.imported[alias.asname or alias.name] = (sub, "*")
                elif target is not None:
                    module.imported[alias.asname or alias.name] = (target, alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                path = _module_path(alias.name)
                if path is not None:
                    module.imported[alias.asname or alias.name.split(".")[0]] = (path, "*")
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            decorators = [ast.get_source_segment(text, d) or "" for d in node.decorator_list]
            module.definitions[node.name] = ("\n".join([*decorators, source]), _free_names(node))
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target_node in targets:
                for name in _names(target_node):
                    module.definitions[name] = (source, _names(node))
        elif not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)):
            body.append(source)  # a docstring runs nothing
    module.body = "\n".join(body)
    return module


@cache
def _name_is_backend(path: Path, name: str) -> bool:
    """Whether ``name`` of the tests module at ``path`` reaches a backend name."""
    return _names_backend(path, name, set())


def _names_backend(path: Path, name: str, seen: set[tuple[Path, str]]) -> bool:
    if (path, name) in seen:
        return False
    seen.add((path, name))
    module = _parse(path)
    if _BACKEND.search(module.body):
        return True
    if name == "*":
        names = set(module.definitions) | set(module.imported)
        return any(_names_backend(path, n, seen) for n in names)
    if name in module.imported:
        return _names_backend(*module.imported[name], seen)
    if name not in module.definitions:
        return False
    source, refers = module.definitions[name]
    if _BACKEND.search(source):
        return True
    return any(
        _names_backend(path, n, seen)
        for n in refers
        if n != name and (n in module.definitions or n in module.imported)
    )


@cache
def _module_is_backend(path: Path) -> bool:
    """The test module's own text, and every name it takes from the tests package."""
    module = _parse(path)
    if _BACKEND.search(module.text):
        return True
    return any(_name_is_backend(*origin) for origin in module.imported.values())


def _fixture_is_backend(fixturedef: Any) -> bool:
    func = getattr(fixturedef, "func", None)
    func = getattr(func, "__wrapped__", func)
    code = getattr(func, "__code__", None)
    if code is None:
        return False
    path = Path(code.co_filename).resolve()
    if not path.is_relative_to(TESTS_DIR):
        return False  # pytest's, anyio's and hypothesis's own fixtures
    return _name_is_backend(path, code.co_name)


def is_backend_dependent(item: pytest.Item) -> bool:
    """Whether this test's outcome can depend on the database backend (see module doc)."""
    if any(item.iter_markers("backend")) or any(item.iter_markers("postgres_only")):
        return True
    path = Path(str(item.path)).resolve()
    if not path.is_relative_to(TESTS_DIR) or _module_is_backend(path):
        return True
    info = getattr(item, "_fixtureinfo", None)
    if info is None:
        return True  # not a plain test function: run it on every backend
    for name in item.fixturenames:  # type: ignore[attr-defined]
        if any(_fixture_is_backend(d) for d in info.name2fixturedefs.get(name, ())):
            return True
    return False


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--backend-only",
        action="store_true",
        help="run only the tests whose outcome can depend on the database backend "
        "(CI's PostgreSQL pass; the pure ones ran on the SQLite pass)",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "backend: can depend on the database backend (kept by --backend-only)"
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not config.getoption("backend_only"):
        return
    selected = [item for item in items if is_backend_dependent(item)]
    pure = [item for item in items if not is_backend_dependent(item)]
    config.stash[_STASH_KEY] = (len(selected), len(pure))
    if pure:
        config.hook.pytest_deselected(items=pure)
        items[:] = selected


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    if _STASH_KEY in config.stash:
        selected, pure = config.stash[_STASH_KEY]
        terminalreporter.write_line(
            f"backend-only: {selected} backend-dependent tests selected, "
            f"{pure} pure tests deselected (they run on the SQLite pass)"
        )
