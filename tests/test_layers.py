"""Layers: annotator.core never imports Qt; ui is the only PySide6 user."""
import ast
import json
import subprocess
import sys
from pathlib import Path

import annotator

SRC = Path(annotator.__file__).resolve().parent
QT_ROOTS = ("PySide6", "PySide2", "PyQt5", "PyQt6", "shiboken6", "shiboken2", "qtpy")


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
        elif (isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(
                node.func, "id", None)) in ("import_module", "__import__") and node.args
              and isinstance(node.args[0], ast.Constant)):
            names.add(str(node.args[0].value))
    return names


def _is_qt(module: str) -> bool:
    return module.split(".")[0] in QT_ROOTS or module.split(".")[0].startswith("Qt")


def test_core_sources_never_import_qt():
    files = sorted((SRC / "core").rglob("*.py"))
    assert len(files) >= 8
    offenders = {f"{f.relative_to(SRC)}: {m}" for f in files for m in _imported_modules(f)
                 if _is_qt(m)}
    assert not offenders


def test_only_ui_imports_pyside():
    for f in SRC.rglob("*.py"):
        if "ui" in f.relative_to(SRC).parts:
            continue
        assert not {m for m in _imported_modules(f) if _is_qt(m)}, f


def test_the_scan_catches_a_qt_import(tmp_path):
    # The static check must be able to fail.
    bad = tmp_path / "bad.py"
    bad.write_text("import os\nfrom PySide6.QtCore import QObject\n"
                   "def f():\n    import shiboken6\n", encoding="utf-8")
    assert {m for m in _imported_modules(bad) if _is_qt(m)} == {"PySide6.QtCore", "shiboken6"}


CHECK = """
import importlib, json, pkgutil, sys
import annotator.core, annotator.cli
names = [m.name for m in pkgutil.walk_packages(annotator.core.__path__, "annotator.core.")]
for name in names:
    importlib.import_module(name)
qt = sorted(m for m in sys.modules if m.split(".")[0] in %r)
print(json.dumps({"modules": names, "qt": qt}))
""" % (QT_ROOTS,)


def test_importing_every_core_module_loads_no_qt():
    out = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True,
                         check=True, timeout=120)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert "annotator.core.store.project" in result["modules"] and len(result["modules"]) >= 8
    assert result["qt"] == []
