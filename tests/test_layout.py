"""The house's arrows run one way: the site's apps (directory, fhir_api,
articles) -> providers -> geo, and `web` (what every page and API shares) is
imported by any of them and imports none. Read from the source, every import
statement, including those inside functions."""

import ast
from pathlib import Path

import pytest

from tests.conftest import REPO

OURS = {"config", "web", "directory", "fhir_api", "articles", "providers", "geo"}
# What each folder may import of ours (besides itself).
ALLOWED = {
    "web": set(),
    "geo": {"web"},
    "providers": {"geo", "web"},
    "articles": {"providers", "geo", "web"},
    "directory": {"articles", "providers", "geo", "web"},
    "fhir_api": {"directory", "providers", "geo", "web"},
}


def imports_of(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found & OURS


@pytest.mark.parametrize("app", sorted(ALLOWED))
def test_an_app_imports_only_what_lies_below_it(app):
    wrong = {
        str(path.relative_to(REPO)): sorted(imports_of(path) - ALLOWED[app] - {app})
        for path in (REPO / app).rglob("*.py")
    }
    assert {path: names for path, names in wrong.items() if names} == {}


def test_the_check_sees_an_import_inside_a_function(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from directory.results import first_results\n")
    assert imports_of(module) == {"directory"}
