"""The text-processing core never imports Django, so it can be tested and benchmarked alone."""

import pkgutil
import subprocess
import sys
from pathlib import Path

import articles.extraction
import articles.ingest

ROOT = Path(__file__).resolve().parent.parent
PLAIN_MODULES = ["articles.textnorm", "articles.registry_data", "articles.agreement"]


def core_modules() -> list[str]:
    names = list(PLAIN_MODULES)
    for package in (articles.ingest, articles.extraction):
        names.append(package.__name__)
        names.extend(
            f"{package.__name__}.{info.name}" for info in pkgutil.walk_packages(package.__path__)
        )
    return names


def test_core_has_modules():
    names = core_modules()
    assert "articles.ingest.parse" in names and "articles.extraction.extract" in names


def test_no_core_module_imports_django():
    """Import every core module in a fresh interpreter with no settings, then look for Django."""
    program = (
        "import importlib, sys\n"
        f"for name in {core_modules()!r}:\n"
        "    importlib.import_module(name)\n"
        "leaked = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "print(','.join(leaked))\n"
    )
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, env=env, cwd=ROOT
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"Django imported by the core: {result.stdout}"
