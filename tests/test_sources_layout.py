"""scrapers.sources: every source is a package of the same shape, and its parsers stay pure."""

import ast
import importlib
from pathlib import Path

import pytest

from scrapers.registry import SOURCE_MODULES, all_sources

SOURCES_DIR = Path(__file__).resolve().parent.parent / "scrapers" / "sources"
# Modules that may read settings: where a source fetches, and its document list.
SETTINGS_READERS = {"fetch.py", "listing.py"}


def _imported_modules(path: Path) -> set[str]:
    """Every module a file imports, at any depth (lazy imports inside functions too)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


@pytest.mark.parametrize("name", SOURCE_MODULES)
def test_each_source_package_has_a_registry_entry_a_fetch_and_a_parse_module(name):
    package = importlib.import_module(f"scrapers.sources.{name}")
    fetch = importlib.import_module(f"scrapers.sources.{name}.fetch")
    parse = importlib.import_module(f"scrapers.sources.{name}.parse")
    assert package.SOURCE is all_sources()[package.SOURCE.name]
    assert package.SOURCE.scrape is fetch.scrape
    assert package.SOURCE.parse_file.unguarded is parse.parse_file


@pytest.mark.parametrize(
    "path", sorted(SOURCES_DIR.rglob("*.py")), ids=lambda p: str(p.relative_to(SOURCES_DIR))
)
def test_no_source_module_imports_the_django_app(path):
    imported = _imported_modules(path)
    assert not {m for m in imported if m == "bills" or m.startswith("bills.")}
    if path.name not in SETTINGS_READERS:
        assert not {m for m in imported if m == "django" or m.startswith("django.")}
