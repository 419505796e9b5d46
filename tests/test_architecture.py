"""The layout's rules that a linter cannot state (import-linter checks the layers, in
``make lint``): only the caching package reaches the cache."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Django's cache (not its HTTP caching headers, ``django.views.decorators.cache``).
CACHE_MODULES = ("django.core.cache",)


def imports_of(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def test_only_the_caching_package_imports_the_cache():
    offenders = [
        str(path.relative_to(ROOT))
        for folder in ("meetings", "tracker")
        for path in (ROOT / folder).rglob("*.py")
        if "caching" not in path.relative_to(ROOT).parts
        and "migrations" not in path.parts
        and any(name.startswith(CACHE_MODULES) for name in imports_of(path))
    ]

    assert offenders == [], "reach the cache through meetings.caching"


def test_no_template_caches_a_fragment_of_its_own():
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "templates").rglob("*.html")
        if "{% cache" in path.read_text(encoding="utf-8")
    ]

    assert offenders == []
