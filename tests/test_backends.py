"""CI's PostgreSQL pass (``pytest --backend-only``) keeps every test that can see the backend.

The rule lives in tests/backends.py. It is checked on a small suite written here, with the
real classifier copied in, and on whatever real tests this session collected.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.settings import REPO_ROOT
from tests.backends import TESTS_DIR, is_backend_dependent

CONFTEST = """
import os

import pytest

from tests.backends import (
    pytest_addoption,
    pytest_collection_modifyitems,
    pytest_configure,
    pytest_terminal_summary,
)

PG_URL = os.environ.get("VOC_TEST_DATABASE_URL", "")
USING_POSTGRES = PG_URL.startswith("postgres")


def make_settings(url):
    return {"url": url}


def backend_name():
    return "postgres" if USING_POSTGRES else "sqlite"


def _pool_size():
    return 4 if PG_URL else 0


@pytest.fixture(scope="session")
def database_template(tmp_path_factory):
    return PG_URL or f"sqlite:///{tmp_path_factory.mktemp('t')}/template.sqlite3"


@pytest.fixture
def settings(database_template):
    return make_settings(database_template)


@pytest.fixture
def app(settings):
    return settings


@pytest.fixture
def clock():
    return 0


@pytest.fixture
def pool_size():
    return _pool_size()
"""

HELPERS = """
from tests.conftest import backend_name, make_settings


def label():
    return backend_name()


def plain():
    return make_settings("sqlite:///own.sqlite3")
"""

MODULES = {
    "test_pure.py": """
from tests.conftest import make_settings
from tests.helpers import plain


def test_maths():
    assert 1 + 1 == 2


def test_clock(clock):
    assert clock == 0


def test_plain():
    assert plain()


def test_own_sqlite(tmp_path):
    assert make_settings(f"sqlite:///{tmp_path}/own.sqlite3")
""",
    "test_app.py": """
def test_app(app):
    assert app


def test_alone():
    assert True
""",
    "test_autouse.py": """
import pytest


@pytest.fixture(autouse=True)
def _bound(settings):
    return settings


def test_autouse():
    assert True
""",
    "test_usefixtures.py": """
import pytest


@pytest.mark.usefixtures("app")
def test_usefixtures():
    assert True
""",
    "test_runtime.py": """
def test_runtime(request):
    assert request.getfixturevalue("app")
""",
    "test_helper.py": """
from tests.helpers import label


def test_label():
    assert label()
""",
    "test_import_module.py": """
from tests import helpers


def test_module():
    assert helpers.label()
""",
    "test_marker.py": """
import pytest

from tests.conftest import USING_POSTGRES


@pytest.mark.skipif(USING_POSTGRES, reason="SQLite only")
def test_marker():
    assert True
""",
    "test_fixture_helper.py": """
def test_pool(pool_size):
    assert pool_size >= 0
""",
    "test_class.py": """
class TestBoth:
    def test_with_app(self, app):
        assert app

    def test_without(self):
        assert True
""",
    "test_marked.py": """
import pytest


@pytest.mark.backend
def test_said_so():
    assert True
""",
    "test_local_fixture.py": """
import pytest


@pytest.fixture
def survey(settings):
    return {"settings": settings}


def test_survey(survey):
    assert survey
""",
}

BACKEND = {
    "test_app.py::test_app",
    "test_autouse.py::test_autouse",
    "test_usefixtures.py::test_usefixtures",
    "test_runtime.py::test_runtime",
    "test_helper.py::test_label",
    "test_import_module.py::test_module",
    "test_marker.py::test_marker",
    "test_fixture_helper.py::test_pool",
    "test_class.py::TestBoth::test_with_app",
    "test_local_fixture.py::test_survey",
    "test_marked.py::test_said_so",
}
PURE = {
    "test_pure.py::test_maths",
    "test_pure.py::test_clock",
    "test_pure.py::test_plain",
    "test_pure.py::test_own_sqlite",
    "test_app.py::test_alone",
    "test_class.py::TestBoth::test_without",
}


def _collect(root: Path, *args: str) -> tuple[set[str], str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTEST_ADDOPTS")}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", *args],
        cwd=root,
        env={**env, "PYTHONPATH": str(root)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    ids = {line.removeprefix("tests/") for line in result.stdout.splitlines() if "::" in line}
    return ids, result.stdout


@pytest.fixture(scope="module")
def small_suite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("suite")
    (root / "pytest.ini").write_text("[pytest]\n")
    package = root / "tests"
    package.mkdir()
    (package / "__init__.py").write_text("")
    shutil.copyfile(TESTS_DIR / "backends.py", package / "backends.py")
    (package / "conftest.py").write_text(CONFTEST)
    (package / "helpers.py").write_text(HELPERS)
    for name, text in MODULES.items():
        (package / name).write_text(text)
    return root


def test_backend_only_keeps_every_way_a_test_reaches_the_backend(small_suite: Path) -> None:
    selected, output = _collect(small_suite, "--backend-only")
    assert selected == BACKEND
    assert "11 backend-dependent tests selected, 6 pure tests deselected" in output


def test_without_the_option_everything_runs(small_suite: Path) -> None:
    selected, output = _collect(small_suite)
    assert selected == BACKEND | PURE
    assert "backend-only" not in output


def test_no_product_code_reads_the_test_database_variable() -> None:
    """Were app code to read it, a test calling that code would see the backend unnoticed."""
    readers = [
        path.relative_to(REPO_ROOT)
        for folder in ("app", "surveys", "analytics", "training", "migrations")
        for path in (REPO_ROOT / folder).rglob("*.py")
        if "VOC_TEST_DATABASE_URL" in path.read_text(encoding="utf-8")
    ]
    assert readers == []


def test_every_collected_test_with_a_database_is_backend_dependent(
    request: pytest.FixtureRequest,
) -> None:
    """In a whole run this checks every test of the suite that builds a database."""
    with_database = [
        item
        for item in request.session.items
        if "database_template" in getattr(item, "fixturenames", ())
    ]
    assert [item.nodeid for item in with_database if not is_backend_dependent(item)] == []
